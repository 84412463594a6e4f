"""Dispatch proposals: the engine (`orders.dispatch`) fed from the database. The engine proposes; a person
confirms through `services.order_dispatch`, or the county lets the system dispatch a category by itself.

Candidates are the active (approved) teams of the order's county, not only of its village or township:
a township or county team may be the nearest that serves the category. For a person they are further
limited to the teams that person may dispatch to (the scope `services.order_dispatch` checks), so a
proposal can always be confirmed. A team stands at its home site's WGS-84 point (a team whose site has
no point cannot be ranked and is left out) and serves its own category; the lead team of the order's
brand project serves that order too, whatever its category. A team that declined the order before is
never proposed again (志愿服务条例 art. 25: no one is forced to serve); the system, dispatching by
itself, also passes over a team that let the order lapse unanswered (it came back by escalation).

Orders carry no required skills, so teams are given none either: the engine's surplus-skill term exists
to keep specialist volunteers free, and counting the skills of a team's members would only push big,
versatile teams down the list.

A team may hold `TEAM_OPEN_ORDER_LIMIT` open orders (dispatched and waiting for its answer, accepted or
in service); its capacity is what is left. Its load is the orders it completed in the last 30 days, its
rating the mean of its rated orders. All of this comes from one query (subqueries per team), and the
index is built per call: a county has hundreds of teams, not the engine's hundred thousand volunteers.
"""

import datetime as dt
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Avg, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.core.errors import DomainError, NotFoundError, PermissionDeniedError
from wenming.orders import dispatch
from wenming.orders.access import staff_may_act
from wenming.orders.models import CountyOrderSetting, OrderEvent, OrderStatus, ServiceOrder
from wenming.orders.selectors import county_of_region, county_setting, order_list, service_catalogue
from wenming.regions.access import scoped
from wenming.regions.models import Region
from wenming.regions.roles import VIEW, Role
from wenming.teams.models import Team

logger = logging.getLogger(__name__)

TEAM_OPEN_ORDER_LIMIT = 5
OPEN_STATUSES = (OrderStatus.DISPATCHED, OrderStatus.ACCEPTED, OrderStatus.IN_SERVICE)
LOAD_DAYS = 30
DEFAULT_LIMIT = 5
BATCH_MAX_ORDERS = 500
# The states an order is dispatched from (services.DISPATCH_FROM; not imported: services imports this module).
DISPATCHABLE = (OrderStatus.UNDER_REVIEW, OrderStatus.DECLINED)
# No order requires a skill, so no candidate holds one and the surplus-skill term is always zero; the
# batch uses per-order "skills" only to keep a team away from an order it declined (see `_batch_candidates`).
WEIGHTS = dispatch.Weights(surplus_skill_metres=0.0)


@dataclass(frozen=True, slots=True)
class TeamProposal:
    """One ranked team for an order: the engine's reason as data and in words."""

    rank: int
    team_id: int
    team_name: str
    reason: dispatch.Reason
    explanation: str


@dataclass(frozen=True, slots=True)
class BatchItem:
    order_id: int
    order_number: str
    team_id: int | None  # None: left unserved
    team_name: str
    distance_metres: float | None


@dataclass(frozen=True, slots=True)
class BatchProposal:
    """A proposed assignment of a batch of orders, at the lowest total cost; nothing is dispatched."""

    items: list[BatchItem]
    cost: dispatch.CostParts
    unserved: list[int]  # order ids left unserved


# -- candidates from the database ------------------------------------------------------------------


def _count_per_team(queryset: QuerySet[Any], team_field: str, counted: str) -> Subquery:
    rows = queryset.filter(**{team_field: OuterRef("pk")}).order_by().values(team_field)
    return Subquery(rows.annotate(count=Count(counted, distinct=True)).values("count")[:1])


def teams_for_dispatch(
    *, county: Region, acting_user: Any | None, now: dt.datetime | None = None
) -> QuerySet[Team, dict[str, Any]]:
    """Active teams of the county standing at a site with a point, with their open orders, recent load and
    mean rating; for a person only the teams they may dispatch to (None: the system, every team)."""
    now = now or timezone.now()
    teams = Team.objects.all() if acting_user is None else scoped(Team.objects.all(), acting_user, VIEW)
    served = OrderEvent.objects.filter(to_status=OrderStatus.COMPLETED, occurred_at__gte=now - dt.timedelta(LOAD_DAYS))
    rated = (
        ServiceOrder.objects.filter(assigned_team=OuterRef("pk"), rating__isnull=False)
        .order_by()
        .values("assigned_team")
    )
    return (
        teams.filter(
            is_active=True,
            region__path__startswith=county.path,
            home_site__latitude__isnull=False,
            home_site__longitude__isnull=False,
        )
        .annotate(
            open_orders=Coalesce(
                _count_per_team(ServiceOrder.objects.filter(status__in=OPEN_STATUSES), "assigned_team", "pk"),
                Value(0),
                output_field=IntegerField(),
            ),
            recent_load=Coalesce(_count_per_team(served, "team", "order"), Value(0), output_field=IntegerField()),
            mean_rating=Subquery(rated.annotate(mean=Avg("rating")).values("mean")[:1]),
        )
        .values(
            "pk",
            "name",
            "category_id",
            "home_site__latitude",
            "home_site__longitude",
            "open_orders",
            "recent_load",
            "mean_rating",
        )
        .order_by("pk")
    )


def _candidate(
    row: dict[str, Any], categories: frozenset[int], skills: frozenset[int] = frozenset()
) -> dispatch.Candidate:
    return dispatch.Candidate(
        key=row["pk"],
        latitude=float(row["home_site__latitude"]),
        longitude=float(row["home_site__longitude"]),
        categories=categories,
        skills=skills,
        capacity=max(0, TEAM_OPEN_ORDER_LIMIT - row["open_orders"]),
        recent_load=row["recent_load"],
        rating=float(row["mean_rating"]) if row["mean_rating"] is not None else None,
        kind=dispatch.CandidateKind.TEAM,
    )


def _lead_team_id(order: ServiceOrder) -> int | None:
    project = order.project
    return project.lead_team_id if project is not None and project.is_active else None


def _declined_team_ids(order_ids: Sequence[int]) -> dict[int, set[int]]:
    rows = OrderEvent.objects.filter(
        order_id__in=order_ids, to_status=OrderStatus.DECLINED, team__isnull=False
    ).values_list("order_id", "team_id")
    declined: dict[int, set[int]] = {}
    for order_id, team_id in rows:
        declined.setdefault(order_id, set()).add(team_id)
    return declined


def _order_point(order: ServiceOrder, category: int, skills: frozenset[int] = frozenset()) -> dispatch.Order:
    assert order.latitude is not None and order.longitude is not None
    return dispatch.Order(
        key=order.pk,
        latitude=float(order.latitude),
        longitude=float(order.longitude),
        category=category,
        required_skills=skills,
    )


# -- one order -------------------------------------------------------------------------------------


def _dispatch_check(order: ServiceOrder, acting_user: Any) -> None:
    if not staff_may_act(acting_user, order):
        raise PermissionDeniedError(_("只有可为该订单派单的管理员可以查看派单推荐。"))
    if order.status not in DISPATCHABLE:
        raise DomainError(
            _("订单当前状态为“%(status)s”，不在待派单状态。") % {"status": order.get_status_display()},
            field="status",
            code="order_not_dispatchable",
        )


def proposals_rank(
    *, order: ServiceOrder, county: Region, acting_user: Any | None, limit: int = DEFAULT_LIMIT
) -> list[TeamProposal]:
    """The best `limit` teams for an order already checked (and loaded with its project), best first."""
    if order.latitude is None or order.longitude is None:
        return []  # without a map point there is no distance to rank by
    lead_team_id = _lead_team_id(order)
    said_no = Q(to_status=OrderStatus.DECLINED)
    if acting_user is None:
        # The system does not send the order straight back to a team that let it lapse unanswered.
        said_no |= Q(from_status=OrderStatus.DISPATCHED, to_status=OrderStatus.UNDER_REVIEW)
    declined = order.events.filter(said_no, team__isnull=False).values("team_id")
    rows = list(teams_for_dispatch(county=county, acting_user=acting_user).exclude(pk__in=declined))
    candidates = [
        _candidate(
            row, frozenset({order.category_id}) if row["pk"] == lead_team_id else frozenset({row["category_id"]})
        )
        for row in rows
    ]
    names = {row["pk"]: row["name"] for row in rows}
    index = dispatch.CandidateIndex(candidates)
    ranked = dispatch.rank(_order_point(order, order.category_id), index, k=limit, weights=WEIGHTS)
    return [
        TeamProposal(
            rank=proposal.rank,
            team_id=proposal.candidate.key,
            team_name=names[proposal.candidate.key],
            reason=proposal.reason,
            explanation=proposal.explanation,
        )
        for proposal in ranked
    ]


def order_proposals_for(*, order: ServiceOrder, acting_user: Any, limit: int = DEFAULT_LIMIT) -> list[TeamProposal]:
    """Proposals for an order the caller has already read through their scope."""
    _dispatch_check(order, acting_user)
    county = county_of_region(order.region)
    if county is None:
        return []
    return proposals_rank(order=order, county=county, acting_user=acting_user, limit=limit)


def order_proposals(*, order_id: int, acting_user: Any, limit: int = DEFAULT_LIMIT) -> list[TeamProposal]:
    """Ranked teams for one order, with the engine's reasons: only for a user who may dispatch it now
    (an order outside the user's scope is reported as missing, one they only read is refused)."""
    order = order_list(user=acting_user).filter(pk=order_id).first()
    if order is None:
        raise NotFoundError(_("订单不存在。"))
    return order_proposals_for(order=order, acting_user=acting_user, limit=limit)


# -- a batch of orders -----------------------------------------------------------------------------


def _dispatchable_orders(*, acting_user: Any, order_ids: Sequence[int] | None) -> list[ServiceOrder]:
    orders = order_list(user=acting_user).order_by("submitted_at", "pk")
    if order_ids is None:
        queued = orders.filter(status__in=DISPATCHABLE)[:BATCH_MAX_ORDERS]
        return [order for order in queued if staff_may_act(acting_user, order)]
    wanted = list(dict.fromkeys(order_ids))
    if len(wanted) > BATCH_MAX_ORDERS:
        raise DomainError(
            _("一批最多 %(count)d 个订单。") % {"count": BATCH_MAX_ORDERS}, field="order_ids", code="batch_too_large"
        )
    found = {order.pk: order for order in orders.filter(pk__in=wanted)}
    missing = [order_id for order_id in wanted if order_id not in found]
    if missing:
        raise NotFoundError(_("订单不存在：%(ids)s") % {"ids": ", ".join(map(str, missing))}, field="order_ids")
    for order in found.values():
        _dispatch_check(order, acting_user)
    return [found[order_id] for order_id in wanted]


def _batch_candidates(
    orders: list[ServiceOrder], rows: list[dict[str, Any]]
) -> tuple[list[dispatch.Candidate], list[dispatch.Order]]:
    """Engine candidates and orders for one county's batch.

    The engine knows categories and skills, not per-order exclusions. A brand-project order led by a team
    gets a category of its own (its negative order id), served by its category's teams and the lead team.
    An order some teams declined requires a "skill" of its own (its id) that every other team holds, so
    the matching never gives it back to a team that said no. Skills cost nothing under `WEIGHTS`.
    """
    declined = _declined_team_ids([order.pk for order in orders])
    extra_categories: dict[int, set[int]] = {}
    skills: dict[int, set[int]] = {}
    engine_orders = []
    for order in orders:
        category = order.category_id
        lead_team_id = _lead_team_id(order)
        if lead_team_id is not None:
            category = -order.pk
            for row in rows:
                if row["category_id"] == order.category_id or row["pk"] == lead_team_id:
                    extra_categories.setdefault(row["pk"], set()).add(category)
        required: frozenset[int] = frozenset()
        if order.pk in declined:
            required = frozenset({order.pk})
            for row in rows:
                if row["pk"] not in declined[order.pk]:
                    skills.setdefault(row["pk"], set()).add(order.pk)
        engine_orders.append(_order_point(order, category, required))
    candidates = [
        _candidate(
            row,
            frozenset({row["category_id"], *extra_categories.get(row["pk"], ())}),
            frozenset(skills.get(row["pk"], ())),
        )
        for row in rows
    ]
    return candidates, engine_orders


def orders_batch_assign(*, acting_user: Any, order_ids: Sequence[int] | None = None) -> BatchProposal:
    """Propose a team for each order at the lowest total cost: the orders given, or every queued order the
    user may dispatch. Nothing is dispatched: a person confirms each through `services.order_dispatch`.
    Orders without a map point, or that no team can serve, are left unserved."""
    orders = _dispatchable_orders(acting_user=acting_user, order_ids=order_ids)
    chosen: dict[int, tuple[int, str, float | None] | None] = {}
    total = dispatch.CostParts()
    by_county: dict[int, tuple[Region, list[ServiceOrder]]] = {}
    for order in orders:
        if order.latitude is None or order.longitude is None:
            chosen[order.pk] = None
            total.unserved += dispatch.DEFAULT_UNSERVED_PENALTY
            continue
        county = county_of_region(order.region)
        if county is None:
            chosen[order.pk] = None
            total.unserved += dispatch.DEFAULT_UNSERVED_PENALTY
            continue
        by_county.setdefault(county.pk, (county, []))[1].append(order)
    for county, county_orders in by_county.values():
        rows = list(teams_for_dispatch(county=county, acting_user=acting_user))
        names = {row["pk"]: row["name"] for row in rows}
        candidates, engine_orders = _batch_candidates(county_orders, rows)
        index = dispatch.CandidateIndex(candidates)
        assignment = dispatch.assign(engine_orders, index, weights=WEIGHTS)
        for field in ("distance", "load", "rating", "skill", "unserved"):
            setattr(total, field, getattr(total, field) + getattr(assignment.cost, field))
        for order, candidate, metres in zip(
            county_orders, assignment.candidates, _distances(engine_orders, assignment), strict=True
        ):
            chosen[order.pk] = None if candidate is None else (candidate.key, names[candidate.key], metres)
    items = []
    for order in orders:
        pick = chosen[order.pk]
        items.append(
            BatchItem(
                order_id=order.pk,
                order_number=order.number,
                team_id=pick[0] if pick else None,
                team_name=pick[1] if pick else "",
                distance_metres=pick[2] if pick else None,
            )
        )
    return BatchProposal(items=items, cost=total, unserved=[item.order_id for item in items if item.team_id is None])


def _distances(orders: list[dispatch.Order], assignment: dispatch.Assignment) -> list[float | None]:
    """Great-circle metres from each order to its chosen candidate (None when unserved)."""
    result: list[float | None] = []
    for order, candidate in zip(orders, assignment.candidates, strict=True):
        if candidate is None:
            result.append(None)
            continue
        phi1, phi2 = math.radians(order.latitude), math.radians(candidate.latitude)
        half_dphi = (phi2 - phi1) / 2
        half_dlam = math.radians(candidate.longitude - order.longitude) / 2
        a = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlam) ** 2
        result.append(2 * dispatch.EARTH_RADIUS_METRES * math.asin(min(1.0, math.sqrt(a))))
    return result


# -- auto-dispatch ---------------------------------------------------------------------------------


def auto_dispatch_enabled(*, order: ServiceOrder, county: Region) -> bool:
    codes = CountyOrderSetting.objects.filter(county=county).values_list("auto_dispatch_categories", flat=True).first()
    return bool(codes) and order.category.code in (codes or [])


def auto_dispatch(order: ServiceOrder) -> ServiceOrder | None:
    """When the county lets the system dispatch the order's category: send it to the top-ranked team, as the
    system (an event without actor), with the reason. Returns the dispatched order, or None when nothing
    was done. Never raises: any failure is logged and rolled back to a savepoint, the order stays queued."""
    try:
        with transaction.atomic():
            county = county_of_region(order.region)
            if county is None or not auto_dispatch_enabled(order=order, county=county):
                return None
            return _auto_dispatch(order, county)
    except Exception:
        logger.exception("auto-dispatch of order %s failed; it stays in the queue", order.pk)
        return None


def _auto_dispatch(order: ServiceOrder, county: Region) -> ServiceOrder | None:
    from wenming.orders import services  # services calls this module when an order enters the queue

    ranked = proposals_rank(order=order, county=county, acting_user=None, limit=1)
    if not ranked:
        return None
    best = ranked[0]
    if order.status == OrderStatus.SUBMITTED:
        order = services.order_review_start(order_id=order.pk, acting_user=None)
    reason = _("自动派单：%(team)s，直线距离 %(distance)d 米，综合代价 %(total)d。") % {
        "team": best.team_name,
        "distance": round(best.reason.distance_metres),
        "total": round(best.reason.cost.total),
    }
    return services.order_dispatch(order_id=order.pk, team_id=best.team_id, acting_user=None, reason=reason)


# -- the county's auto-dispatch setting ------------------------------------------------------------


def _county_admin_check(user: Any, county: Region) -> None:
    paths = user.region_paths(frozenset({Role.COUNTY_ADMIN})) if getattr(user, "is_authenticated", False) else []
    if not (getattr(user, "is_superuser", False) or any(county.path.startswith(path) for path in paths)):
        raise PermissionDeniedError(_("只有县级中心管理员可以查看和修改本县点单设置。"))


def county_order_setting_get(*, county: Region, acting_user: Any) -> CountyOrderSetting:
    _county_admin_check(acting_user, county)
    return county_setting(county=county)


@transaction.atomic
def auto_dispatch_categories_set(*, county: Region, codes: list[str], acting_user: Any) -> CountyOrderSetting:
    """The categories (by catalogue code) the system dispatches by itself in the county; [] turns it off."""
    _county_admin_check(acting_user, county)
    offered = {entry.category.code for entry in service_catalogue(county=county) if entry.project is None}
    wanted = sorted(set(codes))
    unknown = [code for code in wanted if code not in offered]
    if unknown:
        raise DomainError(
            _("服务类别不存在或未在%(county)s开放：%(codes)s") % {"county": county.name, "codes": "、".join(unknown)},
            field="auto_dispatch_categories",
            code="unknown_category",
        )
    setting = CountyOrderSetting.objects.select_for_update().filter(county=county).first()
    if setting is None:
        setting = county_setting(county=county)
    setting.auto_dispatch_categories = wanted
    setting.save()
    return setting
