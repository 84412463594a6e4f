"""Reads of volunteer teams, already scoped to what the user may see."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from wenming.core.errors import NotFoundError
from wenming.regions.access import scoped
from wenming.regions.roles import VIEW
from wenming.regions.selectors import region_path_of
from wenming.teams.models import Team


def team_list(*, user: Any, region_code: str | None = None, category: str | None = None) -> QuerySet[Team]:
    """Teams of the user's scope (a team leader: their own teams), optionally by region subtree or category code."""
    teams = scoped(Team.objects.select_related("region", "category", "home_site", "leader"), user, VIEW)
    if region_code:
        teams = teams.filter(region__path__startswith=region_path_of(region_code))
    if category:
        teams = teams.filter(category__code=category)
    return teams.order_by("region__code", "name", "pk")


def team_get(*, user: Any, team_id: int) -> Team:
    """One team of the user's scope; a team outside it is reported exactly like a missing one."""
    team = team_list(user=user).filter(pk=team_id).first()
    if team is None:
        raise NotFoundError(_("队伍不存在。"), field="id")
    return team
