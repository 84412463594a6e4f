"""Reads of the order pages: the private follow link, the public page's choices, the team side, the
member's assignments, and which steps a user may take on an order (from `orders.access` and the
states `orders.services` allows each step from; the rules themselves stay there)."""

from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from wenming.core.errors import NotFoundError
from wenming.core.masking import mask_text
from wenming.orders import services
from wenming.orders.access import ROLE_TIERS, admin_covers, led_team_ids, staff_may_act, staff_tiers, team_side_team_ids
from wenming.orders.models import OrderEventKind, OrderStatus, ServiceOrder, Tier
from wenming.orders.selectors import orders_scoped
from wenming.regions.models import Region, RegionLevel
from wenming.regions.roles import VIEW, roles_allowed
from wenming.sites.models import Site, SiteKind
from wenming.sites.selectors import site_list
from wenming.teams.models import Membership, Team
from wenming.teams.selectors import membership_list, team_list
from wenming.volunteers.models import VolunteerStatus

FOLLOW_SALT = "wenming.orders.follow"
TEAM_SIDE_OPEN = (OrderStatus.DISPATCHED, OrderStatus.ACCEPTED, OrderStatus.IN_SERVICE)
TEAM_SIDE_RECENT = 20
DISPATCH_SITE_KINDS = (SiteKind.CENTER, SiteKind.INSTITUTE, SiteKind.STATION, SiteKind.SERVICE_POST)


# -- the private follow link -----------------------------------------------------------------------


def follow_token(number: str) -> str:
    """A signature of the order number: the link cannot be guessed from the number alone."""
    return signing.Signer(salt=FOLLOW_SALT).sign(number).rsplit(":", 1)[1]


def order_for_follow_link(*, number: str, token: str) -> ServiceOrder:
    """The order the link names when its signature is right; a forged link is "not found"."""
    try:
        signing.Signer(salt=FOLLOW_SALT).unsign(f"{number}:{token}")
    except signing.BadSignature:
        raise NotFoundError(_("订单不存在。")) from None
    order = (
        ServiceOrder.objects.select_related("region", "category", "project", "requester", "assigned_team")
        .filter(number=number)
        .first()
    )
    if order is None:
        raise NotFoundError(_("订单不存在。"))
    return order


@dataclass(frozen=True)
class PublicEvent:
    occurred_at: Any
    status: str
    status_label: str
    note: str


def _event_label(kind: str, to_status: str) -> Any:
    return OrderEventKind.OVERDUE.label if kind == OrderEventKind.OVERDUE else OrderStatus(to_status).label


def public_events(*, order: ServiceOrder) -> list[PublicEvent]:
    """The history as the requester sees it: when, the new state, the reason masked; no staff names."""
    rows = order.events.order_by("occurred_at", "pk").values_list("occurred_at", "to_status", "kind", "reason")
    return [
        PublicEvent(
            occurred_at=occurred_at,
            status=to_status,
            status_label=str(_event_label(kind, to_status)),
            note=mask_text(reason),
        )
        for occurred_at, to_status, kind, reason in rows
    ]


# -- the public page's choices ---------------------------------------------------------------------


def public_counties() -> QuerySet[Region]:
    return Region.objects.filter(level=RegionLevel.COUNTY).order_by("code")


def public_places(*, county: Region) -> QuerySet[Region]:
    """The county's villages and communities, by township, for the resident to say where they live."""
    return (
        Region.objects.filter(path__startswith=county.path, level=RegionLevel.VILLAGE)
        .select_related("parent")
        .order_by("code")
    )


# -- the staff pages -------------------------------------------------------------------------------


def orders_readable(*, user: Any) -> bool:
    """The queue is for the admins and viewers of a region (team leaders have the team side, requesters
    and assigned volunteers their own pages), not for everyone with an order of their own."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_superuser or user.has_role(*roles_allowed("orders.serviceorder", VIEW)))


@dataclass(frozen=True)
class StaffSteps:
    """Which steps the user may take on the order now (the services check again when they are taken)."""

    review: bool = False
    reject: bool = False
    dispatch: bool = False
    close: bool = False
    cancel: bool = False
    expire: bool = False
    reopen: bool = False
    rate: bool = False

    @property
    def any(self) -> bool:
        return any(vars(self).values())


def staff_steps(*, user: Any, order: ServiceOrder) -> StaffSteps:
    acts = staff_may_act(user, order)
    covers = admin_covers(user, order)
    status = order.status
    return StaffSteps(
        review=acts and status in services.REVIEW_FROM,
        reject=acts and status in services.REJECT_FROM,
        dispatch=acts and status in services.DISPATCH_FROM,
        close=(acts or covers) and status in services.CLOSE_FROM,
        cancel=acts and status in services.CANCEL_FROM,
        expire=acts and status in services.EXPIRE_FROM,
        reopen=acts
        and status in services.REOPEN_FROM
        and order.rating is not None
        and order.rating <= services.BAD_RATING,
        rate=covers and status in services.RATE_FROM,
    )


def dispatch_teams(*, user: Any, order: ServiceOrder, county: Region) -> list[Team]:
    """Active teams of the county the user sees, those of the order's category first, then the order's
    own township's, then by name; teams that declined the order are left out."""
    declined = order.events.filter(to_status=OrderStatus.DECLINED, team__isnull=False).values("team_id")
    township_path = "/".join(order.region.path.strip("/").split("/")[:4]) + "/"
    teams = (
        team_list(user=user)
        .filter(is_active=True, region__path__startswith=county.path)
        .exclude(pk__in=declined)
        .annotate(
            category_rank=Case(
                When(category_id=order.category_id, then=Value(0)), default=1, output_field=IntegerField()
            ),
            place_rank=Case(
                When(region__path__startswith=township_path, then=Value(0)), default=1, output_field=IntegerField()
            ),
        )
        .order_by("category_rank", "place_rank", "name", "pk")
    )
    return list(teams)


def dispatch_sites(*, user: Any, county: Region) -> list[Site]:
    return list(
        site_list(user=user, region_code=county.code).filter(is_active=True, kind__in=DISPATCH_SITE_KINDS)[:300]
    )


def dispatch_tiers(*, user: Any, order: ServiceOrder) -> list[tuple[str, str]]:
    tiers = staff_tiers(user, order)
    return [(tier.value, str(tier.label)) for tier in Tier if tier.value in tiers]


# -- the team side ---------------------------------------------------------------------------------


def team_side_orders(*, user: Any) -> QuerySet[ServiceOrder]:
    """Orders dispatched to the teams the user leads, or to their teams' site and not yet taken
    (the team-leader part of the orders' personal scope in `regions.access`)."""
    team_ids = led_team_ids(user)
    if not team_ids:
        return ServiceOrder.objects.none()
    home_sites = Team.objects.filter(pk__in=team_ids).values("home_site_id")
    mine = Q(assigned_team_id__in=team_ids) | Q(
        status=OrderStatus.DISPATCHED, assigned_team__isnull=True, assigned_site_id__in=home_sites
    )
    return (
        orders_scoped(user)
        .filter(mine)
        .select_related("region", "category", "project", "assigned_team", "assigned_site")
        .prefetch_related("assignments__volunteer")
    )


def team_side_open(*, user: Any) -> list[ServiceOrder]:
    return list(team_side_orders(user=user).filter(status__in=TEAM_SIDE_OPEN).order_by("deadline_at", "pk"))


def team_side_recent(*, user: Any) -> list[ServiceOrder]:
    done = [OrderStatus.COMPLETED, OrderStatus.RATED, OrderStatus.CLOSED]
    return list(team_side_orders(user=user).filter(status__in=done).order_by("-updated_at", "-pk")[:TEAM_SIDE_RECENT])


def team_side_order(*, user: Any, order_id: int) -> ServiceOrder:
    order = team_side_orders(user=user).filter(pk=order_id).first()
    if order is None:
        raise NotFoundError(_("订单不存在。"))
    return order


def team_side_teams(*, user: Any, order: ServiceOrder) -> list[Team]:
    """The teams the user may answer the order for (more than one: the leader picks)."""
    return list(Team.objects.filter(pk__in=team_side_team_ids(user, order)).order_by("name", "pk"))


def team_members(*, team: Team) -> list[Membership]:
    return list(membership_list(team=team).filter(volunteer__status=VolunteerStatus.ACTIVE))


# -- the member's assignments ----------------------------------------------------------------------


def orders_assigned_to_user(*, user: Any) -> QuerySet[ServiceOrder]:
    """Orders the user's volunteer record was sent to serve, latest first."""
    if not getattr(user, "is_authenticated", False):
        return ServiceOrder.objects.none()
    return (
        orders_scoped(user)
        .filter(assignments__volunteer__user_id=user.pk)
        .select_related("category", "assigned_team", "region")
        .distinct()
        .order_by("-submitted_at", "-pk")
    )


# -- staff entry -----------------------------------------------------------------------------------


def staff_entry_counties(*, user: Any) -> list[Region]:
    """The counties in which the user may enter orders for residents (admins of a region inside them)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if user.is_superuser:
        return list(public_counties())
    counties: dict[int, Region] = {}
    for path in user.region_paths(frozenset(ROLE_TIERS)):
        for county in public_counties().filter(Q(path__startswith=path) | Q(path__in=_ancestor_paths(path))):
            counties[county.pk] = county
    return sorted(counties.values(), key=lambda county: county.code)


def _ancestor_paths(path: str) -> list[str]:
    codes = [code for code in path.strip("/").split("/") if code]
    return ["/".join(codes[: index + 1]) + "/" for index in range(len(codes))]


def staff_entry_regions(*, user: Any, county: Region) -> list[Region]:
    """The regions of the county the user may file an order under: their own subtrees, widest first."""
    regions = Region.objects.filter(
        path__startswith=county.path, level__in=[RegionLevel.COUNTY, RegionLevel.TOWNSHIP, RegionLevel.VILLAGE]
    ).select_related("parent")
    if not user.is_superuser:
        condition = Q(pk__in=[])
        for path in user.region_paths(frozenset(ROLE_TIERS)):
            condition |= Q(path__startswith=path)
        regions = regions.filter(condition)
    return sorted(regions, key=lambda region: (len(region.code), region.code))
