from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wenming.ledger.models import HoursEntry
from wenming.regions.admin_base import ReadOnlyScopedAdmin


@admin.register(HoursEntry)
class HoursEntryAdmin(ReadOnlyScopedAdmin):
    """The hours ledger is append-only: entries come from the approval services, never from here."""

    list_display = (
        "volunteer",
        "service_on",
        "hours",
        "kind",
        "status",
        "source_kind",
        "source",
        "region",
        "recorded_at",
    )
    list_select_related = ("volunteer", "region", "activity", "training", "order")
    list_filter = ("status", "kind", "source_kind", "region__level")
    search_fields = ("volunteer__name", "=volunteer__volunteer_number", "content")
    date_hierarchy = "service_on"

    @admin.display(description=_("来源记录"))
    def source(self, entry: HoursEntry) -> str:
        origin = entry.activity or entry.training or entry.order
        return str(origin) if origin else ""
