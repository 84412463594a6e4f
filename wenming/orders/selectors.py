"""Reads of service orders, always scoped to the user; the catalogue, deadlines and order statistics."""

import datetime as dt
import hashlib
import hmac
import math
import statistics
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.core.errors import DomainError, NotFoundError, PermissionDeniedError
from wenming.core.geo import distance_metres
from wenming.orders.access import ROLE_TIERS, led_team_ids
from wenming.orders.models import (
    DEFAULT_DEADLINE_HOURS,
    ApiClient,
    CountyOrderSetting,
    OrderAssignment,
    OrderChannel,
    OrderEvent,
    OrderEventKind,
    OrderStatus,
    ServiceOrder,
)
from wenming.projects.models import Project
from wenming.regions.access import scoped
from wenming.regions.models import Region, RegionLevel
from wenming.regions.roles import VIEW, Role
from wenming.regions.selectors import region_path_of
from wenming.sites.models import ResidentialPoint, Site
from wenming.teams.models import TeamCategory
from wenming.teams.selectors import category_list_for_county, county_of

PROJECT_CODE_PREFIX = "project-"
# Without boundary polygons a county's area is the box around its sites and residential points,
# widened by this margin (about 11 km north-south) so that outlying hamlets and roads still count.
AREA_MARGIN_DEGREES = Decimal("0.1")
NEAREST_POINT_METRES = 5000  # an order's region: the village or community whose point is this close
OPEN_STATUSES = (
    OrderStatus.SUBMITTED,
    OrderStatus.UNDER_REVIEW,
    OrderStatus.DISPATCHED,
    OrderStatus.ACCEPTED,
    OrderStatus.DECLINED,
    OrderStatus.IN_SERVICE,
)
DONE_STATUSES = (OrderStatus.COMPLETED, OrderStatus.RATED, OrderStatus.CLOSED)
# Which deadline each state runs against ("" : none).
STAGE_OF_STATUS: dict[str, str] = {
    OrderStatus.SUBMITTED: "review",
    OrderStatus.UNDER_REVIEW: "review",
    OrderStatus.DECLINED: "review",
    OrderStatus.DISPATCHED: "acceptance",
    OrderStatus.ACCEPTED: "start",
    OrderStatus.IN_SERVICE: "completion",
}
STATISTICS_ROLES = frozenset({*ROLE_TIERS, Role.VIEWER, Role.TEAM_LEADER})


# -- orders ----------------------------------------------------------------------------------------


def orders_scoped(user: Any, action: str = VIEW) -> QuerySet[ServiceOrder]:
    return scoped(ServiceOrder.objects.all(), user, action)


FIRST_DAY = dt.date(2000, 1, 1)  # a period outside these is a typing error (and year 1 or 9999 cannot
LAST_DAY = dt.date(2099, 12, 31)  # even be turned into a time zone's datetime)


def period_check(*, date_from: tuple[str, dt.date | None], date_until: tuple[str, dt.date | None]) -> None:
    """A filter period of submission dates: each day within FIRST_DAY..LAST_DAY, the start not after the end."""
    for name, day in (date_from, date_until):
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise DomainError(
                _("日期须在 %(first)s 至 %(last)s 之间。") % {"first": FIRST_DAY, "last": LAST_DAY}, field=name
            )
    if date_from[1] and date_until[1] and date_from[1] > date_until[1]:
        raise DomainError(_("开始日期不能晚于结束日期。"), field=date_until[0])


def order_list(
    *,
    user: Any,
    status: str | None = None,
    tier: str | None = None,
    channel: str | None = None,
    category_id: int | None = None,
    region_code: str | None = None,
    team_id: int | None = None,
    overdue_only: bool = False,
    number: str | None = None,
    submitted_from: dt.date | None = None,
    submitted_until: dt.date | None = None,
) -> QuerySet[ServiceOrder]:
    """Orders of the user's scope, latest first, with the filters given (dates in Asia/Shanghai)."""
    orders = orders_scoped(user).select_related("region", "category", "assigned_site", "assigned_team", "project")
    if status:
        orders = orders.filter(status=status)
    if tier:
        orders = orders.filter(tier=tier)
    if channel:
        orders = orders.filter(channel=channel)
    if category_id:
        orders = orders.filter(category_id=category_id)
    if region_code:
        orders = orders.filter(region__path__startswith=region_path_of(region_code))
    if team_id:
        orders = orders.filter(assigned_team_id=team_id)
    if overdue_only:
        orders = orders.filter(is_overdue=True)
    if number:
        orders = orders.filter(number=number.strip())
    period_check(date_from=("submitted_from", submitted_from), date_until=("submitted_until", submitted_until))
    if submitted_from:
        orders = orders.filter(submitted_at__gte=_day_start(submitted_from))
    if submitted_until:
        orders = orders.filter(submitted_at__lt=_day_start(submitted_until + dt.timedelta(days=1)))
    return orders.order_by("-submitted_at", "-pk")


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def order_get(*, user: Any, order_id: int) -> ServiceOrder:
    """One order of the user's scope; one outside it is reported exactly like a missing one."""
    order = order_list(user=user).filter(pk=order_id).first()
    if order is None:
        raise NotFoundError(_("订单不存在。"))
    return order


def order_events(*, order: ServiceOrder) -> QuerySet[OrderEvent]:
    return order.events.select_related("actor", "team").order_by("occurred_at", "pk")


def order_assignments(*, order: ServiceOrder) -> QuerySet[OrderAssignment]:
    return order.assignments.select_related("volunteer").order_by("assigned_at", "pk")


def orders_overdue(*, user: Any) -> QuerySet[ServiceOrder]:
    """Overdue orders for the people responsible: admins at the order's tier, team leaders for their team's.

    An order is overdue once its current state's deadline has passed (flagged by the deadline check,
    or not yet checked): the caller sees those they may act on, not every one they may read.
    """
    now = timezone.now()
    late = Q(is_overdue=True) | Q(deadline_at__lte=now, status__in=list(STAGE_OF_STATUS))
    orders = order_list(user=user).filter(late, status__in=list(STAGE_OF_STATUS))
    if getattr(user, "is_superuser", False):
        return orders.order_by("deadline_at", "pk")
    responsible = Q(pk__in=[])
    for assignment in user.active_assignments:
        tiers = ROLE_TIERS.get(assignment.role)
        if tiers:
            responsible |= Q(region__path__startswith=assignment.region.path, tier__in=sorted(tiers))
    team_ids = led_team_ids(user)
    if team_ids:
        responsible |= Q(assigned_team_id__in=team_ids)
    return orders.filter(responsible).order_by("deadline_at", "pk")


def order_by_number_for_client(*, client: ApiClient, number: str) -> ServiceOrder:
    order = (
        ServiceOrder.objects.filter(api_client=client, number=number)
        .select_related("region", "category", "project", "assigned_team", "assigned_site")
        .first()
    )
    if order is None:
        raise NotFoundError(_("订单不存在。"))
    return order


def orders_of_client(*, client: ApiClient) -> QuerySet[ServiceOrder]:
    return (
        ServiceOrder.objects.filter(api_client=client)
        .select_related("region", "category", "project", "assigned_team", "assigned_site")
        .order_by("-submitted_at", "-pk")
    )


# -- the service catalogue -------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueEntry:
    """One service a resident may order: a category of the county, or one of its brand projects."""

    code: str
    name: str
    group: str
    description: str
    category: TeamCategory
    project: Project | None = None


def service_catalogue(*, county: Region) -> list[CatalogueEntry]:
    """The county's enabled "8+N" categories, then its brand projects (each under its category)."""
    categories = list(category_list_for_county(county=county))
    entries = [
        CatalogueEntry(
            code=category.code,
            name=category.local_name,  # type: ignore[attr-defined]
            group=str(_("志愿服务类别")),
            description="",
            category=category,
        )
        for category in categories
    ]
    enabled = {category.pk: category for category in categories}
    projects = (
        Project.objects.filter(region=county, brand__isnull=False, is_active=True, category__isnull=False)
        .select_related("brand")
        .order_by("name", "pk")
    )
    for project in projects:
        category = enabled.get(project.category_id or 0)
        if category is None:
            continue
        assert project.brand is not None
        entries.append(
            CatalogueEntry(
                code=f"{PROJECT_CODE_PREFIX}{project.pk}",
                name=project.name,
                group=project.brand.name,
                description=project.description,
                category=category,
                project=project,
            )
        )
    return entries


def catalogue_entry(*, county: Region, code: str) -> CatalogueEntry | None:
    return next((entry for entry in service_catalogue(county=county) if entry.code == code), None)


def catalogue_entry_for(*, county: Region, category_id: int, project_id: int | None = None) -> CatalogueEntry | None:
    """The entry an order names by category (and project) ids, when the county offers it."""
    for entry in service_catalogue(county=county):
        if entry.category.pk != category_id:
            continue
        if (entry.project.pk if entry.project else None) == project_id:
            return entry
    return None


def county_of_region(region: Region) -> Region | None:
    return county_of(region)


def counties_under(region: Region) -> QuerySet[Region]:
    """The counties inside `region` (itself when it is one)."""
    return Region.objects.filter(path__startswith=region.path, level=RegionLevel.COUNTY).order_by("code")


# -- deadlines and the county's area ---------------------------------------------------------------


def county_setting(*, county: Region) -> CountyOrderSetting:
    """The county's order settings, or the defaults (unsaved) when it has none."""
    setting = CountyOrderSetting.objects.filter(county=county).first()
    return setting if setting is not None else CountyOrderSetting(county=county, **_default_hours())


def _default_hours() -> dict[str, int]:
    return {f"{stage}_hours": hours for stage, hours in DEFAULT_DEADLINE_HOURS.items()}


@dataclass(frozen=True)
class Area:
    south: Decimal
    north: Decimal
    west: Decimal
    east: Decimal

    def holds(self, latitude: Decimal, longitude: Decimal) -> bool:
        return self.south <= latitude <= self.north and self.west <= longitude <= self.east


def county_service_area(*, county: Region) -> Area | None:
    """The box an order's point must lie in: the county's setting, or its known points widened; None when
    the county has neither (no check is possible then)."""
    setting = CountyOrderSetting.objects.filter(county=county).first()
    if setting is not None and setting.area_south is not None:
        assert setting.area_north is not None and setting.area_west is not None and setting.area_east is not None
        return Area(setting.area_south, setting.area_north, setting.area_west, setting.area_east)
    boxes = [
        model.objects.filter(region__path__startswith=county.path, latitude__isnull=False).aggregate(
            south=Min("latitude"), north=Max("latitude"), west=Min("longitude"), east=Max("longitude")
        )
        for model in (Site, ResidentialPoint)
    ]
    boxes = [box for box in boxes if box["south"] is not None]
    if not boxes:
        return None
    return Area(
        south=min(box["south"] for box in boxes) - AREA_MARGIN_DEGREES,
        north=max(box["north"] for box in boxes) + AREA_MARGIN_DEGREES,
        west=min(box["west"] for box in boxes) - AREA_MARGIN_DEGREES,
        east=max(box["east"] for box in boxes) + AREA_MARGIN_DEGREES,
    )


def county_for_point(*, region: Region, latitude: Decimal, longitude: Decimal) -> Region | None:
    """The county under `region` whose area holds the point (the first by code), or None."""
    for county in counties_under(region):
        area = county_service_area(county=county)
        if area is not None and area.holds(latitude, longitude):
            return county
    return None


def region_for_point(*, county: Region, latitude: Decimal, longitude: Decimal) -> Region:
    """The village or community whose residential point or site lies nearest the point (within 5 km),
    else the county itself: an order placed by coordinates only still lands where it is served."""
    delta = Decimal("0.05")
    box = {
        "region__path__startswith": county.path,
        "latitude__gte": latitude - delta,
        "latitude__lte": latitude + delta,
        "longitude__gte": longitude - delta * 2,
        "longitude__lte": longitude + delta * 2,
    }
    candidates: list[tuple[float, int]] = []
    for model in (ResidentialPoint, Site):
        for region_id, point_latitude, point_longitude in model.objects.filter(**box).values_list(
            "region_id", "latitude", "longitude"
        )[:500]:
            metres = distance_metres(float(latitude), float(longitude), float(point_latitude), float(point_longitude))
            if metres <= NEAREST_POINT_METRES:
                candidates.append((metres, region_id))
    if not candidates:
        return county
    return Region.objects.get(pk=min(candidates)[1])


# -- API clients -----------------------------------------------------------------------------------


def api_key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_client_by_key(*, key: str | None) -> ApiClient | None:
    """The active client holding this key, or None (missing, unknown, revoked or wrong)."""
    key = (key or "").strip()
    prefix = key.split("_")[1] if key.count("_") >= 2 else ""
    if not prefix:
        return None
    client = ApiClient.objects.filter(key_prefix=prefix, is_active=True).select_related("region").first()
    if client is None or not hmac.compare_digest(client.key_hash, api_key_hash(key)):
        return None
    return client


def api_client_list(*, user: Any) -> QuerySet[ApiClient]:
    """The API clients of the counties the user administers (county admins)."""
    clients = ApiClient.objects.select_related("region").order_by("region__code", "name")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return clients.none()
    if user.is_superuser:
        return clients
    paths = user.region_paths(frozenset({Role.COUNTY_ADMIN}))
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(region__path__startswith=path)
    return clients.filter(condition)


# -- statistics ------------------------------------------------------------------------------------


@dataclass
class Durations:
    count: int = 0
    median_hours: float | None = None
    p90_hours: float | None = None


@dataclass
class OrderStatistics:
    region_code: str
    region_name: str
    date_from: dt.date | None
    date_until: dt.date | None
    received: int = 0
    handled: int = 0
    completed: int = 0
    open: int = 0
    by_channel: dict[str, int] = field(default_factory=dict)
    by_category: list[dict[str, Any]] = field(default_factory=list)
    by_status: dict[str, int] = field(default_factory=dict)
    response: Durations = field(default_factory=Durations)
    completion: Durations = field(default_factory=Durations)
    overdue: int = 0
    escalated: int = 0
    rated: int = 0
    average_rating: float | None = None
    satisfied_share: float | None = None


def _percentile(sorted_values: list[float], share: float) -> float:
    """Nearest-rank percentile of sorted values."""
    rank = max(math.ceil(share * len(sorted_values)), 1)
    return sorted_values[rank - 1]


def _durations(pairs: list[tuple[dt.datetime, dt.datetime | None]]) -> Durations:
    hours = sorted((end - start).total_seconds() / 3600 for start, end in pairs if end is not None)
    if not hours:
        return Durations()
    return Durations(
        count=len(hours),
        median_hours=round(statistics.median(hours), 1),
        p90_hours=round(_percentile(hours, 0.9), 1),
    )


def statistics_region_for_user(*, user: Any, region_code: str | None) -> Region:
    """The region the statistics are about: the one asked for, else the caller's widest."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise PermissionDeniedError(_("没有权限查看点单统计。"))
    if not user.is_superuser and not user.has_role(*STATISTICS_ROLES):
        raise PermissionDeniedError(_("没有权限查看点单统计。"))
    if region_code:
        region = Region.objects.filter(code=region_code).first()
        if region is None:
            raise NotFoundError(_("区划不存在。"), field="region_code")
        return region
    regions = [a.region for a in user.active_assignments if a.role in STATISTICS_ROLES]
    if not regions:
        region = Region.objects.filter(parent__isnull=True).order_by("code").first()
        if region is None:
            raise NotFoundError(_("区划不存在。"), field="region_code")
        return region
    return min(regions, key=lambda region: (len(region.path), region.code))


def order_statistics(
    *, user: Any, region_code: str | None = None, date_from: dt.date | None = None, date_until: dt.date | None = None
) -> OrderStatistics:
    """The order figures of a region subtree and period (submission dates in Asia/Shanghai, both ends
    included), over the orders the caller may read.

    `handled` counts orders as the report's "service orders handled" (DESIGN.md §3, figure 8; Tieli's
    529) does in `reports.selectors.figures_compute`: every order received, whatever its outcome
    (rejected and cancelled orders were answered too, 志愿服务条例 art. 13). `completed` counts those
    served. Response time: from submission to the first step taken on the order; completion time:
    from submission to completion; both median and 90th percentile (nearest rank), in hours.
    """
    period_check(date_from=("date_from", date_from), date_until=("date_until", date_until))
    region = statistics_region_for_user(user=user, region_code=region_code)
    orders = orders_scoped(user).filter(region__path__startswith=region.path)
    if date_from:
        orders = orders.filter(submitted_at__gte=_day_start(date_from))
    if date_until:
        orders = orders.filter(submitted_at__lt=_day_start(date_until + dt.timedelta(days=1)))
    result = OrderStatistics(
        region_code=region.code, region_name=region.name, date_from=date_from, date_until=date_until
    )
    by_status = dict(orders.values_list("status").annotate(n=Count("id")).order_by())
    result.by_status = {status: by_status.get(status, 0) for status in OrderStatus.values}
    result.received = sum(by_status.values())
    result.handled = result.received
    result.completed = sum(by_status.get(status, 0) for status in DONE_STATUSES)
    result.open = sum(by_status.get(status, 0) for status in OPEN_STATUSES)
    by_channel = dict(orders.values_list("channel").annotate(n=Count("id")).order_by())
    result.by_channel = {channel: by_channel.get(channel, 0) for channel in OrderChannel.values}
    result.by_category = [
        {"code": row["category__code"], "name": row["category__name"], "count": row["n"]}
        for row in orders.values("category__code", "category__name")
        .annotate(n=Count("id"))
        .order_by("-n", "category__code")
    ]
    events = OrderEvent.objects.filter(order=OuterRef("pk"))
    timed = orders.annotate(
        answered_at=Subquery(
            events.filter(kind=OrderEventKind.TRANSITION)
            .exclude(to_status=OrderStatus.SUBMITTED)
            .order_by("occurred_at", "pk")
            .values("occurred_at")[:1]
        ),
        completed_at=Subquery(
            events.filter(to_status=OrderStatus.COMPLETED).order_by("occurred_at", "pk").values("occurred_at")[:1]
        ),
    ).values_list("submitted_at", "answered_at", "completed_at")
    rows = list(timed)
    result.response = _durations([(submitted, answered) for submitted, answered, _completed in rows])
    result.completion = _durations([(submitted, completed) for submitted, _answered, completed in rows])
    flags = orders.aggregate(
        overdue=Count("id", filter=Q(is_overdue=True)),
        escalated=Count("id", filter=Q(escalation_count__gt=0)),
        rated=Count("id", filter=Q(rating__isnull=False)),
        satisfied=Count("id", filter=Q(rating__gte=4)),
        average=Avg("rating"),
    )
    result.overdue = flags["overdue"]
    result.escalated = flags["escalated"]
    result.rated = flags["rated"]
    if flags["rated"]:
        result.average_rating = round(float(flags["average"]), 2)
        result.satisfied_share = round(flags["satisfied"] / flags["rated"], 4)
    return result
