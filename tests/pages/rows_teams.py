"""Page-matrix rows of the team pages (merged by tests/pages/test_page_matrix.py).

The team of the pages is the own village's. The POST rows send no data: a refusal, never a write (their
effects are tested in tests/teams/test_team_pages.py).
"""

from typing import Any

from wenming.teams.models import MembershipRequest

ANONYMOUS = "anonymous"

SEES_TEAM = {"county_admin": 200, "township_admin": 200, "station_admin": 200, "team_leader": 200, "viewer": 200}


def _own_team(api_county: Any) -> dict[str, Any]:
    return {"team_id": api_county.targets["teams"]["own"]}


def _own_request(api_county: Any) -> dict[str, Any]:
    """The own volunteer's request to leave the own team."""
    county = api_county.county
    request = MembershipRequest.objects.create(team=county.team, volunteer=county.volunteers["own"], kind="leave")
    return {"request_id": request.pk}


# Review acts: admins of the region get the page back with the refusal (302); the leader and the viewer,
# who see the team, 403; the rest 404.
REVIEW = {ANONYMOUS: 302, "county_admin": 302, "township_admin": 302, "station_admin": 302, "team_leader": 403}
REVIEW |= {"viewer": 403, "*": 404}
# Leader and deputies: the leader may too.
CHANGE = {**REVIEW, "team_leader": 302}

PAGES: dict[str, Any] = {
    "teams:list": ("get", {ANONYMOUS: 302, **SEES_TEAM, "*": 403}),
    "teams:export": ("get", {ANONYMOUS: 302, **SEES_TEAM, "*": 403}),
    # admins of a region and registered volunteers register teams
    "teams:register": (
        "get",
        {ANONYMOUS: 302, "county_admin": 200, "township_admin": 200, "station_admin": 200, "volunteer": 200, "*": 403},
    ),
    "teams:mine": ("get", {ANONYMOUS: 302, "*": 200}),
    "teams:categories": ("get", {ANONYMOUS: 302, "county_admin": 200, "*": 403}),
    # who sees the request gets the page back with "choose approve or refuse"; to the rest it does not exist
    "teams:request_decide": (
        "post",
        {ANONYMOUS: 302, **{role: 302 for role in SEES_TEAM}, "volunteer": 302, "*": 404},
        _own_request,
    ),
    # the own volunteer takes their request back; others who see it are told they may not (both back to
    # "my teams"); to the rest it does not exist
    "teams:request_withdraw": (
        "post",
        {ANONYMOUS: 302, **{role: 302 for role in SEES_TEAM}, "volunteer": 302, "*": 404},
        _own_request,
    ),
    "teams:detail": ("get", {ANONYMOUS: 302, **SEES_TEAM, "*": 404}, _own_team),
    "teams:members_export": ("get", {ANONYMOUS: 302, **SEES_TEAM, "*": 404}, _own_team),
    "teams:approve": ("post", REVIEW, _own_team),
    "teams:reject": ("post", REVIEW, _own_team),
    "teams:dissolve": ("post", REVIEW, _own_team),
    "teams:leader": ("post", CHANGE, _own_team),
    "teams:deputy_add": ("post", CHANGE, _own_team),
    "teams:deputy_remove": ("post", CHANGE, _own_team),
    # a join or leave request without a volunteer record, or for a team one is already in: back to "my teams"
    "teams:join": ("post", {"*": 302}, _own_team),
    "teams:leave": ("post", {"*": 302}, _own_team),
}
