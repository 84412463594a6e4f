"""Who reaches which service order, and who may move it at which tier (DESIGN.md §1).

Admins (county, township, station) and viewers reach orders through `regions.access` (the "orders"
capability group, by region subtree). The roles that are not region-wide reach orders through the
personal scope below: a team leader the orders dispatched to their team (or to their team's site),
a volunteer the orders they were sent to serve and the ones they placed, a resident the ones they
placed. `regions.access.PERSONAL_SCOPES` has no entry for orders yet; when one is added there, it is
this function and `order_scope_q` becomes `access_q`.

Moving an order is narrower than seeing it: a county admin acts at any tier, a township admin at the
institute tier, a station admin at the station tier, always inside their region.
"""

from typing import Any

from django.db.models import Q

from wenming.orders.models import OrderStatus, ServiceOrder, Tier
from wenming.regions.access import access_q
from wenming.regions.roles import VIEW, Role
from wenming.regions.scoping import NOTHING

# The tier each admin role dispatches at (a county admin: every tier).
ROLE_TIERS: dict[str, frozenset[str]] = {
    Role.COUNTY_ADMIN: frozenset(Tier.values),
    Role.TOWNSHIP_ADMIN: frozenset({Tier.INSTITUTE}),
    Role.STATION_ADMIN: frozenset({Tier.STATION}),
}
TIER_ORDER = (Tier.STATION, Tier.INSTITUTE, Tier.CENTER)


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def led_team_ids(user: Any) -> list[int]:
    if not _active(user):
        return []
    return [a.team_id for a in user.active_assignments if a.role == Role.TEAM_LEADER and a.team_id]


def order_personal_q(user: Any, action: str = VIEW) -> Q:
    """Orders the user reaches as team leader, assigned volunteer or requester (reads only)."""
    if not _active(user) or action != VIEW:
        return NOTHING
    from wenming.orders.models import OrderAssignment
    from wenming.teams.models import Team

    condition = NOTHING
    team_ids = led_team_ids(user)
    if team_ids:
        home_sites = Team.objects.filter(pk__in=team_ids).values("home_site_id")
        condition |= Q(assigned_team_id__in=team_ids)
        condition |= Q(status=OrderStatus.DISPATCHED, assigned_team__isnull=True, assigned_site_id__in=home_sites)
    if user.has_role(Role.VOLUNTEER):
        assigned = OrderAssignment.objects.filter(volunteer__user_id=user.pk).values("order_id")
        condition |= Q(pk__in=assigned)
    if user.has_role(Role.VOLUNTEER, Role.RESIDENT):
        condition |= Q(requester_id=user.pk)
    return condition


def order_scope_q(user: Any, action: str = VIEW) -> Q:
    """The condition on ServiceOrder rows the user may take `action` on."""
    if not _active(user):
        return NOTHING
    return access_q(user, ServiceOrder, action) | order_personal_q(user, action)


def _covers(paths: list[str], path: str) -> bool:
    return any(path.startswith(outer) for outer in paths)


def staff_tiers(user: Any, order: ServiceOrder) -> frozenset[str]:
    """The tiers at which the user may review and dispatch this order (empty: none)."""
    if not _active(user):
        return frozenset()
    if user.is_superuser:
        return frozenset(Tier.values)
    tiers: set[str] = set()
    region_path = order.region.path
    for assignment in user.active_assignments:
        if assignment.role in ROLE_TIERS and region_path.startswith(assignment.region.path):
            tiers |= ROLE_TIERS[assignment.role]
    return frozenset(tiers)


def staff_may_act(user: Any, order: ServiceOrder) -> bool:
    """An admin of the order's region at the order's current tier (a county admin at every tier)."""
    return order.tier in staff_tiers(user, order)


def admin_covers(user: Any, order: ServiceOrder) -> bool:
    """An admin of any tier whose region holds the order (records a phone follow-up, for instance)."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    paths = user.region_paths(frozenset(ROLE_TIERS))
    return _covers(paths, order.region.path)


def staff_may_place(user: Any, region_path: str) -> bool:
    """Staff entry of a phone or walk-in order: an admin whose region holds the order's region."""
    if not _active(user):
        return False
    return bool(user.is_superuser or _covers(user.region_paths(frozenset(ROLE_TIERS)), region_path))


def team_side_team_ids(user: Any, order: ServiceOrder) -> list[int]:
    """The teams on whose behalf the user answers this order: the team it was dispatched to, or, for an
    order dispatched to a site, the user's teams based at that site."""
    team_ids = led_team_ids(user)
    if order.assigned_team_id is not None:
        return [order.assigned_team_id] if order.assigned_team_id in team_ids else []
    if order.assigned_site_id is None or not team_ids:
        return []
    from wenming.teams.models import Team

    return list(
        Team.objects.filter(pk__in=team_ids, home_site_id=order.assigned_site_id, is_active=True).values_list(
            "pk", flat=True
        )
    )


def is_requester(user: Any, order: ServiceOrder) -> bool:
    return bool(_active(user) and order.requester_id is not None and order.requester_id == user.pk)


def next_tier(tier: str) -> str | None:
    index = TIER_ORDER.index(Tier(tier))
    return TIER_ORDER[index + 1] if index + 1 < len(TIER_ORDER) else None
