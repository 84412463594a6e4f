"""Permission-matrix rows of the ledger endpoints (merged by tests/api/test_permission_matrix.py).

A row is any object with `check(api_county, role, scope, path)`; see the row kinds there. The entry
"of a scope" is the scope's volunteer's hours at an activity of that scope (tests/activities_api/conftest.py).
Admins decide the hours of their region subtree, a team leader those of their team's activities (the
own scope); a volunteer reads only their own rows; nobody else reads or decides any.
"""

from dataclasses import dataclass
from typing import Any

from tests.activities_api.conftest import activity_build, approved_entry_build, pending_entry_build, scope_volunteer
from tests.api.conftest import SCOPES, ApiCounty, client_as
from wenming.ledger.models import HoursEntry
from wenming.regions.roles import Role

API = "/api/v1"
JSON = "application/json"
ALL = frozenset(SCOPES)
OWN = frozenset({"own"})
NONE: frozenset[str] = frozenset()

DECIDE: dict[str, frozenset[str]] = {
    Role.COUNTY_ADMIN: ALL,
    Role.TOWNSHIP_ADMIN: ALL,
    Role.STATION_ADMIN: OWN,
    Role.TEAM_LEADER: OWN,
    Role.VOLUNTEER: NONE,
    Role.RESIDENT: NONE,
    Role.CONTACT_UNIT: NONE,
    Role.VIEWER: NONE,  # sums only, through the figures
}
READ = {**DECIDE, Role.VOLUNTEER: OWN}  # the volunteer user is the own scope's volunteer


def _entry(api_county: ApiCounty, scope: str, *, approved: bool = False) -> HoursEntry:
    county = api_county.county
    build = approved_entry_build if approved else pending_entry_build
    return build(county, activity_build(county, scope), scope_volunteer(county, scope))


@dataclass(frozen=True)
class HoursListRow:
    visibility: dict[str, frozenset[str]]

    def check(self, api_county: ApiCounty, role: str, scope: str, path: str) -> None:
        target = _entry(api_county, scope)
        response = client_as(api_county.users[role]).get(path)
        assert response.status_code == 200, response.content
        seen = {row["id"] for row in response.json()["items"]}
        assert (target.pk in seen) is (scope in self.visibility[role])


@dataclass(frozen=True)
class HoursDecisionRow:
    """Approve, reject or reverse one entry: 200 within the caller's scope, else 404 and nothing written."""

    body: dict[str, Any]
    approved: bool = False

    def check(self, api_county: ApiCounty, role: str, scope: str, path: str) -> None:
        target = _entry(api_county, scope, approved=self.approved)
        before = HoursEntry.objects.count()
        response = client_as(api_county.users[role]).post(
            path.replace("{entry_id}", str(target.pk)), self.body, content_type=JSON
        )
        allowed = scope in DECIDE[role]
        assert response.status_code == (200 if allowed else 404), response.content
        assert HoursEntry.objects.count() == before + (1 if allowed else 0)


@dataclass(frozen=True)
class HoursBulkApproveRow:
    """Always 200; the entry's outcome says whether the caller could approve it."""

    def check(self, api_county: ApiCounty, role: str, scope: str, path: str) -> None:
        target = _entry(api_county, scope)
        response = client_as(api_county.users[role]).post(path, {"entry_ids": [target.pk]}, content_type=JSON)
        assert response.status_code == 200, response.content
        [outcome] = response.json()
        assert outcome["is_approved"] is (scope in DECIDE[role])
        assert HoursEntry.objects.filter(decides=target).exists() is (scope in DECIDE[role])


@dataclass(frozen=True)
class MyHoursRow:
    def check(self, api_county: ApiCounty, role: str, scope: str, path: str) -> None:
        target = _entry(api_county, scope, approved=True)
        response = client_as(api_county.users[role]).get(path)
        if role != Role.VOLUNTEER:
            assert response.status_code == 404, response.content
            assert response.json()["code"] == "not_a_volunteer"
            return
        assert response.status_code == 200, response.content
        assert (target.pk in {row["id"] for row in response.json()["entries"]}) is (scope == "own")


ROWS: dict[tuple[str, str], Any] = {
    ("get", f"{API}/hours"): HoursListRow(READ),
    ("get", f"{API}/hours/pending"): HoursListRow(DECIDE),
    ("get", f"{API}/hours/mine"): MyHoursRow(),
    ("post", f"{API}/hours/approve"): HoursBulkApproveRow(),
    ("post", f"{API}/hours/{{entry_id}}/approve"): HoursDecisionRow(body={}),
    ("post", f"{API}/hours/{{entry_id}}/reject"): HoursDecisionRow(body={"reason": "未到场"}),
    ("post", f"{API}/hours/{{entry_id}}/reverse"): HoursDecisionRow(body={"reason": "录入有误"}, approved=True),
}
