from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wenming.core.masking import mask_phone
from wenming.orders.models import OrderEvent, ServiceOrder
from wenming.regions.admin_base import ReadOnlyScopedAdmin, ReadOnlyTabularInline, ScopedModelAdmin

# Written only by the order services, which record an event for every transition.
WORKFLOW_FIELDS = (
    "number",
    "status",
    "tier",
    "assigned_site",
    "assigned_team",
    "submitted_at",
    "deadline_at",
    "completion_report",
    "rating",
    "rating_comment",
    "requester",
    "channel",
)


class OrderEventInline(ReadOnlyTabularInline):
    """An order's history: a handful of rows, shown read-only beside the order."""

    model = OrderEvent
    fields = ("occurred_at", "from_status", "to_status", "tier", "actor", "team", "reason")
    readonly_fields = fields
    ordering = ("occurred_at", "id")

    def get_queryset(self, request: HttpRequest) -> QuerySet[OrderEvent]:
        return super().get_queryset(request).select_related("actor", "team")


@admin.register(ServiceOrder)
class ServiceOrderAdmin(ScopedModelAdmin):
    """Orders are placed and moved through their states by the services; here staff correct details."""

    list_display = (
        "number",
        "status",
        "tier",
        "channel",
        "category",
        "requester_name",
        "requester_phone_masked",
        "assigned_site",
        "assigned_team",
        "region",
        "submitted_at",
        "rating",
    )
    list_select_related = ("category", "assigned_site", "assigned_team", "region")
    list_filter = ("status", "tier", "channel", ("category", admin.RelatedOnlyFieldListFilter), "region__level")
    search_fields = ("=number", "requester_name", "address")
    date_hierarchy = "submitted_at"
    autocomplete_fields = ("region",)
    # The requester's phone is shown masked here too (PIPL); changing it belongs to the order pages.
    readonly_fields = (*WORKFLOW_FIELDS, "requester_phone_masked")
    inlines = (OrderEventInline,)
    fieldsets = (
        (None, {"fields": ("number", "status", "tier", "channel", "submitted_at", "deadline_at")}),
        (
            _("需求"),
            {
                "fields": (
                    "region",
                    "category",
                    "requester",
                    "requester_name",
                    "requester_phone_masked",
                    "description",
                    "address",
                    "latitude",
                    "longitude",
                    "desired_at",
                )
            },
        ),
        (_("办理"), {"fields": ("assigned_site", "assigned_team", "completion_report", "rating", "rating_comment")}),
    )

    @admin.display(description=_("联系电话"))
    def requester_phone_masked(self, order: ServiceOrder) -> str:
        return mask_phone(order.requester_phone)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        # Placing an order numbers it and writes its first event: the order pages and API do that.
        return False


@admin.register(OrderEvent)
class OrderEventAdmin(ReadOnlyScopedAdmin):
    list_display = ("order", "occurred_at", "from_status", "to_status", "tier", "actor", "team", "reason")
    list_select_related = ("order", "actor", "team")
    list_filter = ("to_status", "tier")
    search_fields = ("=order__number", "reason")
    date_hierarchy = "occurred_at"
