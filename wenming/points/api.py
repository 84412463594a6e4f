"""Love points and the exchange shop: the caller's balance and history, the shop, redemptions, and the
staff's goods, stock, hand-overs, cancellations, adjustments, rates and exports. Writes go through
points.services; reads are scoped by points.selectors."""

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from wenming.core.errors import NotFoundError, PermissionDeniedError
from wenming.core.fields import ID_MAX
from wenming.core.pagination import BoundedPageNumberPagination
from wenming.points import selectors, services
from wenming.points.exports import points_entry_export, redemption_export, shop_item_export
from wenming.points.models import PointsEntry, PointsRate, Redemption, ShopItem, StockChange
from wenming.points.schemas import (
    AdjustmentIn,
    PointsBalanceOut,
    PointsEntryOut,
    PointsRateIn,
    PointsRateOut,
    RedeemIn,
    RedemptionCancelIn,
    RedemptionOut,
    RestockIn,
    ShopItemIn,
    ShopItemOut,
    ShopItemPatchIn,
    StockChangeOut,
)
from wenming.regions.models import Region
from wenming.volunteers.models import Volunteer
from wenming.volunteers.selectors import volunteer_of_user
from wenming.volunteers.services import personal_data_export_authorize

router = Router(tags=["points"])

XLSX_RESPONSE = {
    "responses": {
        200: {
            "description": "Excel",
            "content": {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                    "schema": {"type": "string", "format": "binary"}
                }
            },
        }
    }
}
StatusFilter = Literal["pending", "handed_over", "cancelled"]
KindFilter = Literal["redemption", "redemption_reversal", "adjustment"]
YEARS = range(2000, 2101)


def _own_volunteer(request: HttpRequest) -> Volunteer:
    volunteer = volunteer_of_user(user=request.user)
    if volunteer is None:
        raise NotFoundError(_("您的账号未关联志愿者。"), field="volunteer")
    return volunteer


def _region(code: str) -> Region:
    region = Region.objects.filter(code=code.strip()).first() if code.strip().isdigit() else None
    if region is None:
        raise NotFoundError(_("区划不存在。"), field="region_code")
    return region


def _date_bounded(value: dt.date | None, field: str) -> dt.date | None:
    if value is not None and value.year not in YEARS:
        raise ValidationError({field: [_("日期超出范围。")]})
    return value


# -- the caller's own points -------------------------------------------------------------------------


@router.get("/me", response=PointsBalanceOut, url_name="points_mine")
def points_mine_api(request: HttpRequest) -> dict[str, Any]:
    """The caller's balance: earned from approved hours, redeemed, adjusted; and the same per month."""
    volunteer = _own_volunteer(request)
    standing = selectors.points_standing(volunteer=volunteer)
    return {
        "volunteer_id": volunteer.pk,
        "earned": standing.earned,
        "redeemed": standing.redeemed,
        "adjusted": standing.adjusted,
        "balance": standing.balance,
        "points_per_hour": selectors.points_rate_on(region=volunteer.region, day=timezone.localdate()),
        "by_month": selectors.points_by_month(volunteer=volunteer),
    }


@router.get("/me/entries", response=list[PointsEntryOut], url_name="points_my_entries")
@paginate(BoundedPageNumberPagination, page_size=50)
def points_my_entries_api(request: HttpRequest) -> QuerySet[PointsEntry]:
    """The caller's points ledger (redemptions, their reversals, adjustments), newest first."""
    return selectors.points_entries_of_volunteer(volunteer=_own_volunteer(request)).select_related("volunteer")


@router.get("/me/redemptions", response=list[RedemptionOut], url_name="points_my_redemptions")
@paginate(BoundedPageNumberPagination, page_size=50)
def points_my_redemptions_api(request: HttpRequest) -> QuerySet[Redemption]:
    """The caller's redemptions with their pickup codes, newest first."""
    volunteer = _own_volunteer(request)
    return selectors.redemptions_of_volunteer(volunteer=volunteer).select_related("volunteer", "region")


# -- the shop ----------------------------------------------------------------------------------------


@router.get("/items", response=list[ShopItemOut], url_name="shop_item_list")
@paginate(BoundedPageNumberPagination, page_size=50)
def shop_item_list_api(
    request: HttpRequest,
    search: str = Query("", max_length=100),
    is_active: bool | None = None,
    region_id: int | None = Query(None, ge=1, le=ID_MAX),
) -> QuerySet[ShopItem]:
    """Goods the caller sees: staff those of their subtree, a volunteer the active goods of their shops."""
    return selectors.shop_item_list(user=request.user, search=search, is_active=is_active, region_id=region_id)


@router.get("/items/export", url_name="shop_item_export", openapi_extra=XLSX_RESPONSE)
def shop_item_export_api(
    request: HttpRequest,
    search: str = Query("", max_length=100),
    is_active: bool | None = None,
    region_id: int | None = Query(None, ge=1, le=ID_MAX),
) -> HttpResponse:
    """The goods list as Excel, with the same filters."""
    if not selectors.shop_item_may_manage(user=request.user):
        raise PermissionDeniedError(_("只有管理员可以导出爱心超市物品。"))
    items = selectors.shop_item_list(user=request.user, search=search, is_active=is_active, region_id=region_id)
    return shop_item_export(items=items)


@router.get("/items/{item_id}", response=ShopItemOut, url_name="shop_item_detail")
def shop_item_detail_api(request: HttpRequest, item_id: int) -> ShopItem:
    return selectors.shop_item_get(user=request.user, item_id=item_id)


@router.post("/items", response={201: ShopItemOut}, url_name="shop_item_create")
def shop_item_create_api(request: HttpRequest, payload: ShopItemIn) -> Status[ShopItem]:
    """Put a good in the shop of a region of the caller's scope."""
    item = services.shop_item_create(
        region=_region(payload.region_code),
        name=payload.name,
        description=payload.description,
        points_price=payload.points_price,
        stock=payload.stock,
        pickup_place=payload.pickup_place,
        is_active=payload.is_active,
        acting_user=request.user,
    )
    return Status(201, selectors.shop_item_get(user=request.user, item_id=item.pk))


@router.patch("/items/{item_id}", response=ShopItemOut, url_name="shop_item_update")
def shop_item_update_api(request: HttpRequest, item_id: int, payload: ShopItemPatchIn) -> ShopItem:
    """Change a good's name, description, price, pickup place or whether it is on sale."""
    item = services.shop_item_update(item_id=item_id, acting_user=request.user, **payload.dict(exclude_unset=True))
    return selectors.shop_item_get(user=request.user, item_id=item.pk)


@router.post("/items/{item_id}/restock", response={201: StockChangeOut}, url_name="shop_item_restock")
def shop_item_restock_api(request: HttpRequest, item_id: int, payload: RestockIn) -> Status[StockChange]:
    """Add stock (positive change) or write it off (negative, with a reason)."""
    change = services.shop_item_restock(
        item_id=item_id, change=payload.change, reason=payload.reason, acting_user=request.user
    )
    return Status(201, change)


@router.post("/items/{item_id}/redeem", response={201: RedemptionOut}, url_name="shop_item_redeem")
def shop_item_redeem_api(request: HttpRequest, item_id: int, payload: RedeemIn) -> Status[Redemption]:
    """Exchange the caller's own points for goods; refused when points or stock do not suffice."""
    volunteer = _own_volunteer(request)
    redemption = services.redemption_create(
        volunteer=volunteer, item_id=item_id, quantity=payload.quantity, acting_user=request.user
    )
    return Status(201, selectors.redemption_get(user=request.user, redemption_id=redemption.pk))


# -- redemptions -------------------------------------------------------------------------------------


@router.get("/redemptions", response=list[RedemptionOut], url_name="redemption_list")
@paginate(BoundedPageNumberPagination, page_size=50)
def redemption_list_api(
    request: HttpRequest,
    status: StatusFilter | None = None,
    item_id: int | None = Query(None, ge=1, le=ID_MAX),
    volunteer_number: str = Query("", max_length=20),
    pickup_code: str = Query("", max_length=8),
    redeemed_from: dt.date | None = None,
    redeemed_to: dt.date | None = None,
) -> QuerySet[Redemption]:
    """Redemptions the caller sees: staff those of their shops, a volunteer their own."""
    return selectors.redemption_list(
        user=request.user,
        status=status,
        item_id=item_id,
        volunteer_number=volunteer_number,
        pickup_code=pickup_code,
        redeemed_from=_date_bounded(redeemed_from, "redeemed_from"),
        redeemed_to=_date_bounded(redeemed_to, "redeemed_to"),
    )


@router.get("/redemptions/export", url_name="redemption_export", openapi_extra=XLSX_RESPONSE)
def redemption_export_api(
    request: HttpRequest,
    status: StatusFilter | None = None,
    item_id: int | None = Query(None, ge=1, le=ID_MAX),
    volunteer_number: str = Query("", max_length=20),
    pickup_code: str = Query("", max_length=8),
    redeemed_from: dt.date | None = None,
    redeemed_to: dt.date | None = None,
    unmasked: bool = False,
    reason: str = Query("", max_length=200),
) -> HttpResponse:
    """The redemptions as Excel, with the same filters; phones masked unless an admin asks, with a reason
    (audited)."""
    if not selectors.redemption_may_manage(user=request.user):
        raise PermissionDeniedError(_("只有管理员可以导出积分兑换记录。"))
    redemptions = selectors.redemption_list(
        user=request.user,
        status=status,
        item_id=item_id,
        volunteer_number=volunteer_number,
        pickup_code=pickup_code,
        redeemed_from=_date_bounded(redeemed_from, "redeemed_from"),
        redeemed_to=_date_bounded(redeemed_to, "redeemed_to"),
    )
    show = personal_data_export_authorize(
        user=request.user,
        unmasked=unmasked,
        reason=reason,
        export_name=_("积分兑换记录"),
        ip_address=request.META.get("REMOTE_ADDR"),
    )
    return redemption_export(redemptions=redemptions, unmasked=show)


@router.get("/redemptions/{redemption_id}", response=RedemptionOut, url_name="redemption_detail")
def redemption_detail_api(request: HttpRequest, redemption_id: int) -> Redemption:
    return selectors.redemption_get(user=request.user, redemption_id=redemption_id)


@router.post("/redemptions/{redemption_id}/hand-over", response=RedemptionOut, url_name="redemption_hand_over")
def redemption_hand_over_api(request: HttpRequest, redemption_id: int) -> Redemption:
    """Staff of the shop hand the goods over."""
    services.redemption_hand_over(redemption_id=redemption_id, acting_user=request.user)
    return selectors.redemption_get(user=request.user, redemption_id=redemption_id)


@router.post("/redemptions/{redemption_id}/cancel", response=RedemptionOut, url_name="redemption_cancel")
def redemption_cancel_api(request: HttpRequest, redemption_id: int, payload: RedemptionCancelIn) -> Redemption:
    """Cancel a redemption not yet handed over (the volunteer, or staff with a reason): points and stock return."""
    services.redemption_cancel(redemption_id=redemption_id, reason=payload.reason, acting_user=request.user)
    return selectors.redemption_get(user=request.user, redemption_id=redemption_id)


# -- the points ledger, adjustments and rates --------------------------------------------------------


@router.get("/entries", response=list[PointsEntryOut], url_name="points_entry_list")
@paginate(BoundedPageNumberPagination, page_size=50)
def points_entry_list_api(
    request: HttpRequest,
    volunteer_id: int | None = Query(None, ge=1, le=ID_MAX),
    kind: KindFilter | None = None,
) -> QuerySet[PointsEntry]:
    """Points ledger rows the caller may read (a volunteer: their own), newest first."""
    return selectors.points_entry_list(user=request.user, volunteer_id=volunteer_id, kind=kind)


@router.get("/entries/export", url_name="points_entry_export", openapi_extra=XLSX_RESPONSE)
def points_entry_export_api(
    request: HttpRequest,
    volunteer_id: int | None = Query(None, ge=1, le=ID_MAX),
    kind: KindFilter | None = None,
) -> HttpResponse:
    """The points ledger rows as Excel, with the same filters."""
    if not selectors.redemption_may_manage(user=request.user):
        raise PermissionDeniedError(_("只有管理员可以导出爱心积分台账。"))
    entries = selectors.points_entry_list(user=request.user, volunteer_id=volunteer_id, kind=kind)
    return points_entry_export(entries=entries)


@router.post("/adjustments", response={201: PointsEntryOut}, url_name="points_adjust")
def points_adjust_api(request: HttpRequest, payload: AdjustmentIn) -> Status[PointsEntry]:
    """An admin adjusts a volunteer's points (signed), with a reason; audited."""
    volunteer = selectors.points_volunteer_find(user=request.user, volunteer_id=payload.volunteer_id)
    entry = services.points_adjust(
        volunteer=volunteer, points=payload.points, reason=payload.reason, acting_user=request.user
    )
    return Status(201, entry)


@router.get("/rates", response=list[PointsRateOut], url_name="points_rate_list")
def points_rate_list_api(request: HttpRequest) -> QuerySet[PointsRate]:
    """The counties' points rates the caller sees, newest first (without one a county uses the default)."""
    return selectors.points_rate_list(user=request.user)


@router.post("/rates", response={201: PointsRateOut}, url_name="points_rate_set")
def points_rate_set_api(request: HttpRequest, payload: PointsRateIn) -> Status[PointsRate]:
    """A county admin sets the county's rate from a date (today or later) on."""
    rate = services.points_rate_set(
        region=_region(payload.region_code),
        points_per_hour=payload.points_per_hour,
        effective_on=payload.effective_on,
        note=payload.note,
        acting_user=request.user,
    )
    return Status(201, rate)
