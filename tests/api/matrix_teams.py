"""Permission-matrix rows of the teams endpoints added for registration, review, members, requests and
categories (merged by tests/api/test_permission_matrix.py; team_list and team_detail have their rows there).

The records are the API county's three teams (own village, sibling village, parent township), all approved;
a row that needs another state (pending, a deputy, a request) prepares it for its scope first.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.api.conftest import client_as
from wenming.regions.roles import Role
from wenming.teams.models import Membership, MembershipRequest, MembershipRole, Team, TeamCategory, TeamStatus

API = "/api/v1"
ALL = frozenset({"own", "sibling", "parent"})
OWN = frozenset({"own"})
NONE: frozenset[str] = frozenset()

# Who sees which scope's team (as in test_permission_matrix.VISIBILITY["teams"]).
TEAM_VISIBILITY: dict[str, frozenset[str]] = {
    Role.COUNTY_ADMIN: ALL,
    Role.TOWNSHIP_ADMIN: ALL,
    Role.STATION_ADMIN: OWN,
    Role.TEAM_LEADER: OWN,
    Role.VOLUNTEER: NONE,
    Role.RESIDENT: NONE,
    Role.CONTACT_UNIT: NONE,
    Role.VIEWER: ALL,
}
# Admins whose region holds the scope's team: they review it.
TEAM_ADMINS: dict[str, frozenset[str]] = {Role.COUNTY_ADMIN: ALL, Role.TOWNSHIP_ADMIN: ALL, Role.STATION_ADMIN: OWN}
# Who changes the team (leader, deputies, fields): its admins and its leader.
TEAM_CHANGERS: dict[str, frozenset[str]] = {**TEAM_ADMINS, Role.TEAM_LEADER: OWN}


def _team(api_county: Any, scope: str) -> Team:
    return Team.objects.select_related("region", "home_site").get(pk=api_county.targets["teams"][scope])


def _volunteer(api_county: Any, scope: str) -> Any:
    return api_county.county.volunteers["township" if scope == "parent" else scope]


def _decision(role: str, scope: str, may: dict[str, frozenset[str]]) -> int:
    """200 for those allowed, 403 for those who see the team but may not, 404 for the rest."""
    if scope in may.get(role, NONE):
        return 200
    return 403 if scope in TEAM_VISIBILITY[role] else 404


@dataclass(frozen=True)
class TeamActRow:
    """An act on the scope's team: prepare the state, send the request, check the status and the effect."""

    method: str
    prepare: Callable[[Any, str], dict[str, Any]]
    expected: Callable[[str, str], int]
    changed: Callable[[Any, str], Any]

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        team = _team(api_county, scope)
        body = self.prepare(api_county, scope)
        url = path.replace("{team_id}", str(team.pk)).replace("{volunteer_id}", str(_volunteer(api_county, scope).pk))
        before = self.changed(api_county, scope)
        browser = client_as(api_county.users[role])
        if self.method == "delete":
            response = browser.delete(url)
        else:
            response = getattr(browser, self.method)(url, body, content_type="application/json")
        expected = self.expected(role, scope)
        assert response.status_code == expected, response.content
        after = self.changed(api_county, scope)
        assert (after != before) is (expected in (200, 201)), (before, after)


def _nothing(api_county: Any, scope: str) -> dict[str, Any]:
    return {}


def _pending(api_county: Any, scope: str) -> dict[str, Any]:
    Team.objects.filter(pk=api_county.targets["teams"][scope]).update(status=TeamStatus.PENDING, is_active=False)
    return {"reason": "材料不全"}


def _status(api_county: Any, scope: str) -> Any:
    return Team.objects.get(pk=api_county.targets["teams"][scope]).status


def _member(api_county: Any, scope: str, role: str = MembershipRole.MEMBER) -> dict[str, Any]:
    team = _team(api_county, scope)
    volunteer = _volunteer(api_county, scope)
    Membership.objects.update_or_create(
        team=team, volunteer=volunteer, left_on=None, defaults={"role": role, "joined_on": dt.date(2022, 6, 1)}
    )
    return {"volunteer_id": volunteer.pk}


def _roles(api_county: Any, scope: str) -> Any:
    return sorted(
        Membership.objects.filter(team_id=api_county.targets["teams"][scope]).values_list("volunteer_id", "role")
    )


def _leader(api_county: Any, scope: str) -> Any:
    return Team.objects.get(pk=api_county.targets["teams"][scope]).leader_id


def _description(api_county: Any, scope: str) -> Any:
    return Team.objects.get(pk=api_county.targets["teams"][scope]).description


@dataclass(frozen=True)
class TeamCreateRow:
    """Register a team in the scope's region: its admins, or a volunteer (who leads it); others 403."""

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        team = _team(api_county, scope)
        before = Team.objects.count()
        body = {
            "name": "新申报志愿服务队",
            "region_code": team.region.code,
            "category_id": team.category_id,
            "home_site_id": team.home_site_id,
            "founded_on": "2023-01-01",
        }
        response = client_as(api_county.users[role]).post(path, body, content_type="application/json")
        expected = 201 if scope in TEAM_ADMINS.get(role, NONE) or role == Role.VOLUNTEER else 403
        assert response.status_code == expected, response.content
        assert Team.objects.count() == before + (1 if expected == 201 else 0)


@dataclass(frozen=True)
class TeamReadRow:
    """A read of the scope's team (members, export): 200 for those who see it, 404 for the rest."""

    method: str = "get"

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        team = _team(api_county, scope)
        url = path.replace("{team_id}", str(team.pk))
        browser = client_as(api_county.users[role])
        response = browser.get(url) if self.method == "get" else browser.post(url, {}, content_type="application/json")
        expected = 200 if scope in TEAM_VISIBILITY[role] else 404
        assert response.status_code == expected, response.content[:300]


@dataclass(frozen=True)
class TeamExportRow:
    """The list export holds the scope's team exactly when the list shows it."""

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        import io

        import openpyxl

        team = _team(api_county, scope)
        response = client_as(api_county.users[role]).get(path)
        assert response.status_code == 200
        names = [
            row[0] for row in openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
        ]
        assert (team.name in names) is (scope in TEAM_VISIBILITY[role])


@dataclass(frozen=True)
class CategoryRow:
    """Categories: every role reads its county's; only the county's center admin creates or configures."""

    write: str = ""

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        county = api_county.county.county.code
        browser = client_as(api_county.users[role])
        before = list(TeamCategory.objects.values_list("pk", "name"))
        if not self.write:
            response = browser.get(path, {"county_code": county})
            assert response.status_code == 200, response.content
            assert [item["code"] for item in response.json()] == ["theory"]
            return
        if self.write == "create":
            response = browser.post(path, {"county_code": county, "name": "林下经济"}, content_type="application/json")
            allowed = 201
        else:
            category = TeamCategory.objects.get(code="theory")
            response = browser.post(
                path.replace("{category_id}", str(category.pk)),
                {"county_code": county, "is_enabled": False},
                content_type="application/json",
            )
            allowed = 200
        expected = allowed if role == Role.COUNTY_ADMIN else 403
        assert response.status_code == expected, response.content
        if expected == 403:
            assert list(TeamCategory.objects.values_list("pk", "name")) == before


def _requests_in_every_scope(api_county: Any) -> dict[str, MembershipRequest]:
    """Own: the own volunteer asks to leave the own team; sibling and parent: their volunteer asks to join."""
    made = {}
    for scope in ("own", "sibling", "parent"):
        made[scope] = MembershipRequest.objects.create(
            team=_team(api_county, scope),
            volunteer=_volunteer(api_county, scope),
            kind="leave" if scope == "own" else "join",
            note="申请",
        )
    return made


# Who sees which scope's request: the team's admins and leader, viewers, and the volunteer their own.
REQUEST_VISIBILITY = {**TEAM_VISIBILITY, Role.VOLUNTEER: OWN}


@dataclass(frozen=True)
class MembershipRequestListRow:
    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        target = _requests_in_every_scope(api_county)[scope]
        response = client_as(api_county.users[role]).get(path)
        assert response.status_code == 200
        seen = {item["id"] for item in response.json()["items"]}
        assert (target.pk in seen) is (scope in REQUEST_VISIBILITY[role])


@dataclass(frozen=True)
class MembershipRequestDecideRow:
    """Approve or refuse: the team's admins and leader 200; others who see the request 403; the rest 404."""

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        target = _requests_in_every_scope(api_county)[scope]
        response = client_as(api_county.users[role]).post(
            path.replace("{request_id}", str(target.pk)), {"reason": "名额已满"}, content_type="application/json"
        )
        expected = 200 if scope in TEAM_CHANGERS.get(role, NONE) else 403 if scope in REQUEST_VISIBILITY[role] else 404
        assert response.status_code == expected, response.content
        target.refresh_from_db()
        assert (target.status != "pending") is (expected == 200)


@dataclass(frozen=True)
class MembershipRequestCreateRow:
    """Only a volunteer asks, to join a team of their county; the own team they are already in (400)."""

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        team = _team(api_county, scope)
        before = MembershipRequest.objects.count()
        response = client_as(api_county.users[role]).post(
            path, {"team_id": team.pk, "kind": "join"}, content_type="application/json"
        )
        expected = (400 if scope == "own" else 201) if role == Role.VOLUNTEER else 403
        assert response.status_code == expected, response.content
        assert MembershipRequest.objects.count() == before + (1 if expected == 201 else 0)


@dataclass(frozen=True)
class MembershipRequestWithdrawRow:
    """Only the volunteer who asked takes a request back (200); others who see it 403; the rest 404."""

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        target = _requests_in_every_scope(api_county)[scope]
        response = client_as(api_county.users[role]).post(path.replace("{request_id}", str(target.pk)))
        own = role == Role.VOLUNTEER and scope == "own"
        expected = 200 if own else 403 if scope in REQUEST_VISIBILITY[role] else 404
        assert response.status_code == expected, response.content
        target.refresh_from_db()
        assert (target.status == "withdrawn") is own


def _leader_body(api_county: Any, scope: str) -> dict[str, Any]:
    return {"volunteer_id": api_county.county.volunteers["township"].pk}


def _deputy(api_county: Any, scope: str) -> dict[str, Any]:
    return _member(api_county, scope, MembershipRole.DEPUTY)


ROWS: dict[tuple[str, str], Any] = {
    ("post", f"{API}/teams"): TeamCreateRow(),
    ("get", f"{API}/teams/export"): TeamExportRow(),
    ("get", f"{API}/teams/categories"): CategoryRow(),
    ("post", f"{API}/teams/categories"): CategoryRow(write="create"),
    ("post", f"{API}/teams/categories/{{category_id}}/config"): CategoryRow(write="config"),
    ("get", f"{API}/teams/membership-requests"): MembershipRequestListRow(),
    ("post", f"{API}/teams/membership-requests"): MembershipRequestCreateRow(),
    ("post", f"{API}/teams/membership-requests/{{request_id}}/approve"): MembershipRequestDecideRow(),
    ("post", f"{API}/teams/membership-requests/{{request_id}}/refuse"): MembershipRequestDecideRow(),
    ("post", f"{API}/teams/membership-requests/{{request_id}}/withdraw"): MembershipRequestWithdrawRow(),
    ("patch", f"{API}/teams/{{team_id}}"): TeamActRow(
        "patch",
        lambda api_county, scope: {"description": "更新后的简介"},
        lambda role, scope: _decision(role, scope, TEAM_CHANGERS),
        _description,
    ),
    ("post", f"{API}/teams/{{team_id}}/approve"): TeamActRow(
        "post", _pending, lambda role, scope: _decision(role, scope, TEAM_ADMINS), _status
    ),
    ("post", f"{API}/teams/{{team_id}}/reject"): TeamActRow(
        "post", _pending, lambda role, scope: _decision(role, scope, TEAM_ADMINS), _status
    ),
    ("post", f"{API}/teams/{{team_id}}/dissolve"): TeamActRow(
        "post",
        lambda api_county, scope: {"reason": "队伍合并"},
        lambda role, scope: _decision(role, scope, TEAM_ADMINS),
        _status,
    ),
    ("post", f"{API}/teams/{{team_id}}/leader"): TeamActRow(
        "post", _leader_body, lambda role, scope: _decision(role, scope, TEAM_CHANGERS), _leader
    ),
    ("post", f"{API}/teams/{{team_id}}/deputies"): TeamActRow(
        "post", _member, lambda role, scope: _decision(role, scope, TEAM_CHANGERS), _roles
    ),
    ("delete", f"{API}/teams/{{team_id}}/deputies/{{volunteer_id}}"): TeamActRow(
        "delete", _deputy, lambda role, scope: _decision(role, scope, TEAM_CHANGERS), _roles
    ),
    ("get", f"{API}/teams/{{team_id}}/members"): TeamReadRow(),
    ("post", f"{API}/teams/{{team_id}}/members/export"): TeamReadRow(method="post"),
}
