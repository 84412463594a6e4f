"""Read-only admin of the inbox and its deliveries, for superusers only.

Messages are personal: no region role reads another person's inbox, so the region-scoped admin
bases do not apply. Superusers look here to see why an SMS did not arrive; addresses are masked.
"""

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wenming.notifications.models import Notification, NotificationDelivery
from wenming.regions.admin_base import SuperuserReadOnlyAdmin


class NotificationDeliveryInline(admin.TabularInline):
    model = NotificationDelivery
    extra = 0
    can_delete = False
    fields = ("channel", "address_masked", "status", "attempts", "last_error", "sent_at")
    readonly_fields = fields

    @admin.display(description=_("发送地址"))
    def address_masked(self, delivery: NotificationDelivery) -> str:
        return delivery.address_masked

    def has_add_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(SuperuserReadOnlyAdmin):
    list_display = ("title", "kind", "recipient_user", "recipient_volunteer", "created_at", "read_at")
    list_select_related = ("recipient_user", "recipient_volunteer")
    list_filter = ("kind",)
    search_fields = ("title", "=related_label", "=recipient_user__username", "=recipient_volunteer__volunteer_number")
    date_hierarchy = "created_at"
    fields = (
        "recipient_user",
        "recipient_volunteer",
        "kind",
        "title",
        "body",
        "url",
        "related_label",
        "created_at",
        "read_at",
    )
    readonly_fields = fields
    inlines = [NotificationDeliveryInline]


@admin.register(NotificationDelivery)
class NotificationDeliveryAdmin(SuperuserReadOnlyAdmin):
    list_display = ("notification", "channel_name", "address_masked", "status", "attempts", "created_at", "sent_at")
    list_select_related = ("notification",)
    list_filter = ("status", "channel")
    search_fields = ("=notification__id",)
    fields = ("notification", "channel", "address_masked", "status", "attempts", "last_error", "created_at", "sent_at")
    readonly_fields = fields

    @admin.display(description=_("渠道"))
    def channel_name(self, delivery: NotificationDelivery) -> str:
        return delivery.channel_name

    @admin.display(description=_("发送地址"))
    def address_masked(self, delivery: NotificationDelivery) -> str:
        return delivery.address_masked
