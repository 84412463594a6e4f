"""Who reaches which service order, and who may move it at which tier (DESIGN.md §1).

Who reaches an order at all is `regions.access` (`access_q`, `scoped`): admins and viewers by region
subtree (the "orders" capability group), team leaders, assigned volunteers and requesters through
the orders' personal scope there.

Moving an order is narrower than seeing it: a county admin acts at any tier, a township admin at the
institute tier, a station admin at the station tier, always inside their region.
"""

from typing import Any

from wenming.orders.models import ServiceOrder, Tier
from wenming.regions.roles import Role

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
