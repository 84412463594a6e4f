"""Reads of love points: what approved hours earn, the balance, the shop and the redemptions, scoped to the user.

Earned points are derived, never stored: each approved hours entry (reversals netted, as they carry
the service date of the credit they reverse) earns its hours × the rate in force in its county on its
service date. The sum is exact (decimal); the balance counts its whole points (rounded down), as
ledger.selectors.volunteer_hours_standing does.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Substr, TruncMonth
from django.utils.translation import gettext_lazy as _

from wenming.core.errors import NotFoundError
from wenming.ledger.models import HoursEntry
from wenming.points.models import PointsEntry, PointsEntryKind, PointsRate, Redemption, ShopItem
from wenming.regions.access import scoped
from wenming.regions.models import Region, RegionLevel
from wenming.regions.roles import ADD, CHANGE, VIEW, roles_allowed
from wenming.volunteers.models import Volunteer

COUNTY_CODE_LENGTH = 6
HUNDREDTH = Decimal("0.01")


def default_points_per_hour() -> Decimal:
    return Decimal(str(settings.WENMING_POINTS_PER_HOUR))


def _whole(points: Decimal) -> int:
    return int(points.to_integral_value(rounding=ROUND_FLOOR))


# -- rates -------------------------------------------------------------------------------------------


def _rates_of_counties(county_codes: set[str]) -> dict[str, list[tuple[dt.date, Decimal]]]:
    """Each county's rates, newest first."""
    rates: dict[str, list[tuple[dt.date, Decimal]]] = defaultdict(list)
    rows = (
        PointsRate.objects.filter(region__code__in=sorted(county_codes))
        .order_by("-effective_on")
        .values_list("region__code", "effective_on", "points_per_hour")
    )
    for code, effective_on, points_per_hour in rows:
        rates[code].append((effective_on, points_per_hour))
    return rates


def _rate_on(rates: list[tuple[dt.date, Decimal]], day: dt.date) -> Decimal:
    return next((rate for effective_on, rate in rates if effective_on <= day), default_points_per_hour())


def points_rate_on(*, region: Region, day: dt.date) -> Decimal:
    """The points per approved hour in `region`'s county on `day` (the default rate when none is set)."""
    county_code = region.code[:COUNTY_CODE_LENGTH]
    return _rate_on(_rates_of_counties({county_code}).get(county_code, []), day)


def points_rate_list(*, user: Any) -> QuerySet[PointsRate]:
    return scoped(PointsRate.objects.all(), user, VIEW).select_related("region", "set_by")


def points_rate_counties(*, user: Any) -> QuerySet[Region]:
    """The counties whose rate the user may set: county admins' own (a rate is a county's)."""
    paths = user.region_paths(roles_allowed("points.pointsrate", ADD)) if user.is_authenticated else []
    counties = Region.objects.filter(level=RegionLevel.COUNTY)
    if not user.is_superuser:
        condition = Q(pk__in=[])
        for path in paths:
            condition |= Q(path__startswith=path)
        counties = counties.filter(condition)
    return counties.order_by("code")


# -- earned points and the balance -------------------------------------------------------------------


def _earned_by_day(*, volunteer: Any) -> list[tuple[dt.date, Decimal]]:
    """Exact points earned per service date (approved entries only; reversals net their credits)."""
    groups = (
        HoursEntry.objects.approved()
        .filter(volunteer=volunteer)
        .annotate(county_code=Substr("region__code", 1, COUNTY_CODE_LENGTH))
        .values("county_code", "service_on")
        .annotate(hours=Sum("hours"))
        .order_by()
    )
    rows = list(groups)
    if not rows:
        return []
    rates = _rates_of_counties({row["county_code"] for row in rows})
    earned: dict[dt.date, Decimal] = defaultdict(Decimal)
    for row in rows:
        hours = Decimal(row["hours"]).quantize(HUNDREDTH)
        earned[row["service_on"]] += hours * _rate_on(rates.get(row["county_code"], []), row["service_on"])
    return sorted(earned.items())


@dataclass(frozen=True)
class PointsStanding:
    """A volunteer's love points: earned from approved hours, spent in the shop, adjusted by admins."""

    earned: int
    redeemed: int  # net of cancelled redemptions given back
    adjusted: int
    balance: int


def _ledger_sums(*, volunteer: Any) -> dict[str, int]:
    sums = dict(
        PointsEntry.objects.filter(volunteer=volunteer)
        .values("kind")
        .annotate(points=Sum("points"))
        .order_by()
        .values_list("kind", "points")
    )
    return {kind: int(sums.get(kind) or 0) for kind in PointsEntryKind.values}


def points_standing(*, volunteer: Any) -> PointsStanding:
    """Balance = earned − redeemed + adjustments (three queries)."""
    earned = _whole(sum((points for _day, points in _earned_by_day(volunteer=volunteer)), Decimal(0)))
    sums = _ledger_sums(volunteer=volunteer)
    redeemed = -(sums[PointsEntryKind.REDEMPTION] + sums[PointsEntryKind.REDEMPTION_REVERSAL])
    adjusted = sums[PointsEntryKind.ADJUSTMENT]
    return PointsStanding(earned=earned, redeemed=redeemed, adjusted=adjusted, balance=earned - redeemed + adjusted)


def points_by_month(*, volunteer: Any) -> list[dict[str, Any]]:
    """Per calendar month, newest first: points earned (by service date, exact), redeemed and adjusted
    (by the local date they were recorded)."""
    months: dict[dt.date, dict[str, Any]] = {}

    def month(day: dt.date) -> dict[str, Any]:
        key = day.replace(day=1)
        return months.setdefault(key, {"month": key, "earned": Decimal(0), "redeemed": 0, "adjusted": 0})

    for day, points in _earned_by_day(volunteer=volunteer):
        month(day)["earned"] += points
    rows = (
        PointsEntry.objects.filter(volunteer=volunteer)
        .annotate(month=TruncMonth("recorded_at"))
        .values("month", "kind")
        .annotate(points=Sum("points"))
        .order_by()
    )
    for row in rows:
        bucket = month(row["month"].date() if isinstance(row["month"], dt.datetime) else row["month"])
        if row["kind"] == PointsEntryKind.ADJUSTMENT:
            bucket["adjusted"] += int(row["points"])
        else:
            bucket["redeemed"] -= int(row["points"])
    for bucket in months.values():
        bucket["earned"] = bucket["earned"].quantize(HUNDREDTH).normalize()
    return [months[key] for key in sorted(months, reverse=True)]


def points_entries_of_volunteer(*, volunteer: Any) -> QuerySet[PointsEntry]:
    """The volunteer's own points ledger, newest first."""
    return PointsEntry.objects.filter(volunteer=volunteer).select_related("redemption").order_by("-recorded_at", "-id")


def points_entry_list(*, user: Any, volunteer_id: int | None = None, kind: str | None = None) -> QuerySet[PointsEntry]:
    """Points ledger rows the user may read: admins of the shop's (or volunteer's) region, volunteers their own."""
    entries = scoped(PointsEntry.objects.all(), user, VIEW)
    if volunteer_id is not None:
        entries = entries.filter(volunteer_id=volunteer_id)
    if kind:
        entries = entries.filter(kind=kind)
    return entries.select_related("volunteer", "region", "acting_user", "redemption").order_by("-recorded_at", "-id")


# -- the shop ----------------------------------------------------------------------------------------


def shop_item_list(
    *, user: Any, search: str = "", is_active: bool | None = None, region_id: int | None = None
) -> QuerySet[ShopItem]:
    """Goods the user may see: admins those of their subtree, volunteers the active goods of their shops."""
    items = scoped(ShopItem.objects.all(), user, VIEW)
    if search.strip():
        items = items.filter(name__icontains=search.strip())
    if is_active is not None:
        items = items.filter(is_active=is_active)
    if region_id is not None:
        items = items.filter(region_id=region_id)
    return items.select_related("region").order_by("points_price", "name", "id")


def shop_item_get(*, user: Any, item_id: int, action: str = VIEW) -> ShopItem:
    """One item the user may take `action` on; one outside their scope is reported like a missing one."""
    item = scoped(ShopItem.objects.all(), user, action).select_related("region").filter(pk=item_id).first()
    if item is None:
        raise NotFoundError(_("物品不存在。"), field="item_id")
    return item


def shop_regions(*, user: Any) -> QuerySet[Region]:
    """The regions (county, township, village) where the user may open goods in a shop."""
    regions = Region.objects.filter(level__in=[RegionLevel.COUNTY, RegionLevel.TOWNSHIP, RegionLevel.VILLAGE])
    if not user.is_superuser:
        condition = Q(pk__in=[])
        for path in user.region_paths(roles_allowed("points.shopitem", ADD)):
            condition |= Q(path__startswith=path)
        regions = regions.filter(condition)
    return regions.order_by("path")


def shop_item_may_manage(*, user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.has_role(*roles_allowed("points.shopitem", ADD))))


# -- redemptions -------------------------------------------------------------------------------------


def redemption_list(
    *,
    user: Any,
    status: str | None = None,
    item_id: int | None = None,
    volunteer_number: str = "",
    pickup_code: str = "",
    redeemed_from: dt.date | None = None,
    redeemed_to: dt.date | None = None,
) -> QuerySet[Redemption]:
    """Redemptions the user may see (admins of the shop's region, the volunteer their own), newest first."""
    redemptions = scoped(Redemption.objects.all(), user, VIEW)
    if status:
        redemptions = redemptions.filter(status=status)
    if item_id is not None:
        redemptions = redemptions.filter(item_id=item_id)
    if volunteer_number.strip():
        redemptions = redemptions.filter(volunteer__volunteer_number=volunteer_number.strip())
    if pickup_code.strip():
        redemptions = redemptions.filter(pickup_code=pickup_code.strip())
    if redeemed_from is not None:
        redemptions = redemptions.filter(redeemed_at__date__gte=redeemed_from)
    if redeemed_to is not None:
        redemptions = redemptions.filter(redeemed_at__date__lte=redeemed_to)
    return redemptions.select_related("volunteer", "region", "item").order_by("-redeemed_at", "-id")


def redemption_get(*, user: Any, redemption_id: int, action: str = VIEW) -> Redemption:
    redemption = (
        scoped(Redemption.objects.all(), user, action)
        .select_related("volunteer", "region", "item")
        .filter(pk=redemption_id)
        .first()
    )
    if redemption is None:
        raise NotFoundError(_("兑换记录不存在。"), field="redemption_id")
    return redemption


def redemptions_of_volunteer(*, volunteer: Any) -> QuerySet[Redemption]:
    return Redemption.objects.filter(volunteer=volunteer).select_related("item").order_by("-redeemed_at", "-id")


def redemption_may_manage(*, user: Any) -> bool:
    return bool(
        user.is_authenticated and (user.is_superuser or user.has_role(*roles_allowed("points.redemption", CHANGE)))
    )


def points_volunteer_find(*, user: Any, volunteer_id: int | None = None, volunteer_number: str = "") -> Any:
    """A volunteer whose points the user may adjust: one of the user's admin region (404 otherwise)."""
    volunteers = Volunteer.objects.select_related("region")
    if volunteer_id is not None:
        volunteers = volunteers.filter(pk=volunteer_id)
    elif volunteer_number.strip():
        volunteers = volunteers.filter(volunteer_number=volunteer_number.strip())
    else:
        volunteers = volunteers.none()
    volunteer = scoped(volunteers, user, VIEW).first()
    if volunteer is None:
        raise NotFoundError(_("志愿者不存在。"), field="volunteer")
    return volunteer
