from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from wenming.config.api import api

admin.site.site_header = _("文明实践志愿服务平台")
admin.site.site_title = _("文明实践")
admin.site.index_title = _("管理后台")

urlpatterns = [
    path("api/v1/", api.urls),
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
    path("", include("wenming.core.urls")),
    path("", include("wenming.reports.urls")),
]
