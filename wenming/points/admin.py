from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wenming.accounts.models import User
from wenming.points.models import PointsEntry, PointsRate, Redemption, ShopItem, StockChange
from wenming.points.selectors import shop_regions
from wenming.regions.admin_base import ReadOnlyScopedAdmin, ScopedModelAdmin, changelist_link


@admin.register(PointsRate)
class PointsRateAdmin(ReadOnlyScopedAdmin):
    """A rate is set (through the API) from today or later, so that points already earned never change;
    a rate is never edited, so it is only read here."""

    list_display = ("region", "points_per_hour", "effective_on", "set_by", "set_at", "note")
    list_select_related = ("region", "set_by")
    search_fields = ("^region__code", "region__name")


@admin.register(ShopItem)
class ShopItemAdmin(ScopedModelAdmin):
    """The stock changes only by restocking, redeeming and cancelling (each a stock change, written by
    the services), so it is read-only here: an item added here starts empty and is stocked on the shop page."""

    list_display = ("name", "region", "points_price", "stock", "is_active", "pickup_place", "changes")
    list_select_related = ("region",)
    list_filter = ("is_active", "region__level")
    search_fields = ("name", "^region__code")
    autocomplete_fields = ("region",)
    fields = ("region", "name", "description", "points_price", "stock", "pickup_place", "is_active", "created_by")

    @admin.display(description=_("库存变动"))
    def changes(self, item: ShopItem) -> str:
        return changelist_link(StockChange, _("查看"), item__id__exact=item.pk)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Its stock changes and redemptions keep the shop's region: an item never moves to another shop.
        return ("stock", "created_by") if obj is None else ("region", "stock", "created_by")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "region":
            # A shop is a county's, a township's or a village's, within the admin's own scope.
            kwargs["queryset"] = shop_regions(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: ShopItem, form: ModelForm, change: bool) -> None:
        if not change and isinstance(request.user, User):
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(StockChange)
class StockChangeAdmin(ReadOnlyScopedAdmin):
    """The stock's own audit trail is append-only (database triggers): read here, never written."""

    list_display = ("item", "kind", "change", "stock_after", "region", "acting_user", "recorded_at", "reason")
    list_select_related = ("item", "region", "acting_user")
    list_filter = ("kind", "region__level")
    search_fields = ("item__name", "reason")
    date_hierarchy = "recorded_at"


@admin.register(Redemption)
class RedemptionAdmin(ReadOnlyScopedAdmin):
    """A redemption takes stock and points in one transaction, and is handed over or cancelled on the
    shop's pages: only read here."""

    list_display = (
        "pickup_code",
        "volunteer",
        "item_name",
        "quantity",
        "points",
        "status",
        "region",
        "redeemed_at",
        "handed_over_at",
    )
    list_select_related = ("volunteer", "region")
    list_filter = ("status", "region__level")
    search_fields = ("=pickup_code", "=volunteer__volunteer_number", "volunteer__name", "item_name")
    date_hierarchy = "redeemed_at"


@admin.register(PointsEntry)
class PointsEntryAdmin(ReadOnlyScopedAdmin):
    """The points ledger is append-only (database triggers): a correction is a new adjustment entry
    (the shop management's adjustments page), never an edit here."""

    list_display = ("volunteer", "kind", "points", "redemption", "reason", "region", "acting_user", "recorded_at")
    list_select_related = ("volunteer", "region", "redemption", "acting_user")
    list_filter = ("kind", "region__level")
    search_fields = ("volunteer__name", "=volunteer__volunteer_number", "reason")
    date_hierarchy = "recorded_at"
