from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from wenming.config.api import api
from wenming.orders.api_city import city_api
from wenming.orders.open311 import open311_api

admin.site.site_header = _("文明实践志愿服务平台")
admin.site.site_title = _("文明实践")
admin.site.index_title = _("管理后台")

urlpatterns = [
    path("api/v1/", api.urls),
    path("api/city/v1/", city_api.urls),  # the city app, by API key
    path("open311/v2/", open311_api.urls),  # Open311 GeoReport v2, by API key
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("accounts/", include("wenming.accounts.urls")),
    path("", include("wenming.activities.urls")),
    path("certificates/", include("wenming.certificates.urls")),
    path("inbox/", include("wenming.notifications.urls")),
    path("volunteers/", include("wenming.volunteers.urls")),
    path("imports/", include("wenming.imports.urls")),
    path("teams/", include("wenming.teams.urls")),
    path("trainings/", include("wenming.trainings.urls")),
    path("units/", include("wenming.organizations.urls")),
    path("projects/", include("wenming.projects.urls")),
    path("points/", include("wenming.points.urls")),
    path("orders/", include("wenming.orders.urls")),
    path("", include("wenming.core.urls")),
    path("", include("wenming.reports.urls")),
]
