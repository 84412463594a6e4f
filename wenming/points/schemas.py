import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from wenming.core.fields import ID_MAX
from wenming.points.models import PointsEntry, Redemption, ShopItem

# Bounds that keep absurd numbers a clear refusal of the service (400 with the field), never an overflow.
BIG = 10**9


class PointsMonthOut(Schema):
    month: dt.date
    earned: Decimal
    redeemed: int
    adjusted: int


class PointsBalanceOut(Schema):
    """The caller's love points: earned from approved hours, net redeemed, adjusted, and the balance."""

    volunteer_id: int
    earned: int
    redeemed: int
    adjusted: int
    balance: int
    points_per_hour: Decimal
    by_month: list[PointsMonthOut]


class PointsEntryOut(Schema):
    id: int
    volunteer_id: int
    volunteer_name: str
    volunteer_number: str
    kind: str
    kind_display: str
    points: int
    redemption_id: int | None
    reason: str
    recorded_at: dt.datetime

    @staticmethod
    def resolve_volunteer_name(entry: PointsEntry) -> str:
        return entry.volunteer.name

    @staticmethod
    def resolve_volunteer_number(entry: PointsEntry) -> str:
        return entry.volunteer.volunteer_number

    @staticmethod
    def resolve_kind_display(entry: PointsEntry) -> str:
        return str(entry.get_kind_display())


class ShopItemOut(Schema):
    id: int
    region_code: str
    region_name: str
    name: str
    description: str
    points_price: int
    stock: int
    pickup_place: str
    is_active: bool

    @staticmethod
    def resolve_region_code(item: ShopItem) -> str:
        return item.region.code

    @staticmethod
    def resolve_region_name(item: ShopItem) -> str:
        return item.region.name


class ShopItemIn(Schema):
    region_code: str = Field(..., max_length=12)
    name: str = Field(..., max_length=100)
    description: str = Field("", max_length=500)
    points_price: int = Field(..., ge=-BIG, le=BIG)
    stock: int = Field(0, ge=-BIG, le=BIG)
    pickup_place: str = Field("", max_length=200)
    is_active: bool = True


class ShopItemPatchIn(Schema):
    name: str | None = Field(None, max_length=100)
    description: str | None = Field(None, max_length=500)
    points_price: int | None = Field(None, ge=-BIG, le=BIG)
    pickup_place: str | None = Field(None, max_length=200)
    is_active: bool | None = None


class RestockIn(Schema):
    change: int = Field(..., ge=-BIG, le=BIG)
    reason: str = Field("", max_length=200)


class StockChangeOut(Schema):
    id: int
    item_id: int
    kind: str
    change: int
    stock_after: int
    reason: str
    recorded_at: dt.datetime


class RedeemIn(Schema):
    quantity: int = Field(1, ge=-BIG, le=BIG)


class RedemptionOut(Schema):
    """A redemption; the pickup code is shown to the volunteer and to the shop's staff only."""

    id: int
    item_id: int
    item_name: str
    region_code: str
    volunteer_id: int
    volunteer_name: str
    volunteer_number: str
    volunteer_phone_masked: str
    quantity: int
    points: int
    pickup_code: str
    status: str
    status_display: str
    redeemed_at: dt.datetime
    handed_over_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    cancel_reason: str

    @staticmethod
    def resolve_region_code(redemption: Redemption) -> str:
        return redemption.region.code

    @staticmethod
    def resolve_volunteer_name(redemption: Redemption) -> str:
        return redemption.volunteer.name

    @staticmethod
    def resolve_volunteer_number(redemption: Redemption) -> str:
        return redemption.volunteer.volunteer_number

    @staticmethod
    def resolve_volunteer_phone_masked(redemption: Redemption) -> str:
        return redemption.volunteer.phone_masked

    @staticmethod
    def resolve_status_display(redemption: Redemption) -> str:
        return str(redemption.get_status_display())


class RedemptionCancelIn(Schema):
    reason: str = Field("", max_length=200)


class AdjustmentIn(Schema):
    volunteer_id: int = Field(..., ge=1, le=ID_MAX)
    points: int = Field(..., ge=-BIG, le=BIG)
    reason: str = Field(..., max_length=200)


class PointsRateOut(Schema):
    id: int
    region_code: str
    points_per_hour: Decimal
    effective_on: dt.date
    note: str

    @staticmethod
    def resolve_region_code(rate: object) -> str:
        return rate.region.code  # type: ignore[attr-defined]


class PointsRateIn(Schema):
    region_code: str = Field(..., max_length=12)
    points_per_hour: Decimal = Field(..., max_digits=9, decimal_places=2)
    effective_on: dt.date
    note: str = Field("", max_length=200)
