from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from wenming.core.masking import mask_phone
from wenming.orders.models import ApiClient, CountyOrderSetting, OrderAssignment, OrderEvent, ServiceOrder
from wenming.orders.services import api_client_create
from wenming.regions.access import may
from wenming.regions.admin_base import ReadOnlyScopedAdmin, ReadOnlyTabularInline, ScopedModelAdmin
from wenming.regions.models import RegionLevel
from wenming.regions.roles import VIEW

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
    "is_overdue",
    "escalation_count",
    "proposed_hours",
    "api_client",
)


class OrderEventInline(ReadOnlyTabularInline):
    """An order's history: a handful of rows, shown read-only beside the order."""

    model = OrderEvent
    fields = ("occurred_at", "from_status", "to_status", "tier", "actor", "team", "reason")
    readonly_fields = fields
    ordering = ("occurred_at", "id")

    def get_queryset(self, request: HttpRequest) -> QuerySet[OrderEvent]:
        return super().get_queryset(request).select_related("actor", "team")


class OrderAssignmentInline(ReadOnlyTabularInline):
    """The members the team sent, read-only (the team leader assigns them through the order services)."""

    model = OrderAssignment
    fields = ("volunteer", "assigned_at", "assigned_by")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[OrderAssignment]:
        # Reached through the order, which the page has already scoped.
        return OrderAssignment.objects.select_related("volunteer", "assigned_by")

    def has_view_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return may(request.user, VIEW, ServiceOrder)


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
    raw_id_fields = ("project",)
    # The requester's phone is shown masked here too (PIPL); changing it belongs to the order pages.
    readonly_fields = (*WORKFLOW_FIELDS, "requester_phone_masked")
    inlines = (OrderAssignmentInline, OrderEventInline)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "number",
                    "status",
                    "tier",
                    "channel",
                    "api_client",
                    "submitted_at",
                    "deadline_at",
                    "is_overdue",
                    "escalation_count",
                )
            },
        ),
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
                    "project",
                    "desired_at",
                    "desired_end_at",
                    "people_needed",
                )
            },
        ),
        (
            _("办理"),
            {
                "fields": (
                    "assigned_site",
                    "assigned_team",
                    "completion_report",
                    "proposed_hours",
                    "rating",
                    "rating_comment",
                )
            },
        ),
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


@admin.register(CountyOrderSetting)
class CountyOrderSettingAdmin(ScopedModelAdmin):
    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False  # a county without a row falls back to the defaults: change the hours instead

    list_display = ("county", "review_hours", "acceptance_hours", "start_hours", "completion_hours")
    fieldsets = (
        (None, {"fields": ("county",)}),
        (_("各环节时限"), {"fields": ("review_hours", "acceptance_hours", "start_hours", "completion_hours")}),
        (
            _("服务范围（WGS-84，留空则按本县阵地和居民点的范围）"),
            {"fields": ("area_south", "area_north", "area_west", "area_east")},
        ),
    )

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "county":
            field.queryset = field.queryset.filter(level=RegionLevel.COUNTY)
        return field


@admin.register(ApiClient)
class ApiClientAdmin(ScopedModelAdmin):
    """A new client's key is shown once, in the message after saving; only its hash is kept."""

    list_display = ("name", "region", "key_prefix", "is_active", "last_used_at", "created_at")
    list_filter = ("is_active",)
    search_fields = ("name", "=key_prefix")
    readonly_fields = ("key_prefix", "created_by", "last_used_at")
    fields = ("name", "region", "is_active", "key_prefix", "created_by", "last_used_at")

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False  # orders refer to a client: switch it off instead

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        client, key = api_client_create(name=obj.name, region=obj.region, acting_user=request.user)
        obj.pk = client.pk
        obj.key_prefix, obj.key_hash = client.key_prefix, client.key_hash
        obj._state.adding = False
        self.message_user(
            request,
            gettext_now("接口密钥（只显示这一次，请妥善保存）：%(key)s") % {"key": key},
            level=messages.WARNING,
        )
