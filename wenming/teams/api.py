from django.http import HttpRequest
from ninja import Router

from wenming.teams import selectors
from wenming.teams.models import Team
from wenming.teams.schemas import TeamOut

router = Router(tags=["teams"])


@router.get("", response=list[TeamOut], url_name="team_list")
def team_list_api(request: HttpRequest, region_code: str | None = None, category: str | None = None) -> list[Team]:
    """Teams of the caller's scope, optionally inside one region (its whole subtree) or of one category code."""
    return list(selectors.team_list(user=request.user, region_code=region_code, category=category))


@router.get("/{team_id}", response=TeamOut, url_name="team_detail")
def team_detail_api(request: HttpRequest, team_id: int) -> Team:
    return selectors.team_get(user=request.user, team_id=team_id)
