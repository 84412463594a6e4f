from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wenming.regions.admin_base import ScopedModelAdmin, ScopedTabularInline
from wenming.sites.models import ResidentialPoint, Site, SiteStandardCheck, StandardItem


class SiteStandardCheckInline(ScopedTabularInline):
    """A site's checklist: one row per item of its county's standard (a handful), cheap inline."""

    model = SiteStandardCheck
    fields = ("item", "is_met", "checked_on", "note")

    def get_queryset(self, request: HttpRequest) -> QuerySet[SiteStandardCheck]:
        return super().get_queryset(request).select_related("item")


@admin.register(Site)
class SiteAdmin(ScopedModelAdmin):
    list_display = ("name", "kind", "region", "parent", "host_type", "is_active")
    list_select_related = ("region", "parent")
    list_filter = ("kind", "host_type", "is_active", "region__level")
    search_fields = ("name", "address", "^region__code")
    autocomplete_fields = ("region", "parent")
    inlines = (SiteStandardCheckInline,)
    fieldsets = (
        (None, {"fields": ("region", "kind", "name", "parent", "host_type", "square_type", "is_active")}),
        (_("地址与开放"), {"fields": ("address", "latitude", "longitude", "opening_hours")}),
        (_("联系人"), {"fields": ("contact_name", "contact_phone")}),
    )


@admin.register(StandardItem)
class StandardItemAdmin(ScopedModelAdmin):
    list_display = ("name", "code", "region", "weight", "position", "is_active")
    list_select_related = ("region",)
    list_filter = ("is_active",)
    search_fields = ("code", "name")
    autocomplete_fields = ("region",)


@admin.register(SiteStandardCheck)
class SiteStandardCheckAdmin(ScopedModelAdmin):
    list_display = ("site", "item", "is_met", "checked_on")
    list_select_related = ("site", "item")
    list_filter = ("is_met",)
    search_fields = ("site__name", "item__name")
    autocomplete_fields = ("site",)


@admin.register(ResidentialPoint)
class ResidentialPointAdmin(ScopedModelAdmin):
    list_display = ("name", "kind", "region", "population", "latitude", "longitude")
    list_select_related = ("region",)
    list_filter = ("kind",)
    search_fields = ("name", "^region__code")
    autocomplete_fields = ("region",)
