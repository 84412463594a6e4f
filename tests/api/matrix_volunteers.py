"""Permission-matrix rows of the volunteer writes and the export (merged by tests/api/test_permission_matrix.py).

The records are the small county's volunteer of each scope: the own village's (a member of the own
team), the sibling village's and the township's. Admins change volunteers of their subtree (county and
township admins every scope, the station admin the own village); whoever sees a volunteer without
administering it (the team leader their member, the volunteer themself) is refused (403); to everyone
else the volunteer does not exist (404).
"""

import io
from dataclasses import dataclass
from typing import Any

import openpyxl

from tests.api.conftest import client_as
from tests.factories import id_number_for
from wenming.accounts.models import AuditEvent
from wenming.regions.roles import Role
from wenming.volunteers.models import Volunteer, VolunteerStatus

API = "/api/v1"
ALL = frozenset({"own", "sibling", "parent"})
OWN = frozenset({"own"})
NONE: frozenset[str] = frozenset()

VISIBLE: dict[str, frozenset[str]] = {
    Role.COUNTY_ADMIN: ALL,
    Role.TOWNSHIP_ADMIN: ALL,
    Role.STATION_ADMIN: OWN,
    Role.TEAM_LEADER: OWN,  # the team's member
    Role.VOLUNTEER: OWN,  # self
    Role.RESIDENT: NONE,
    Role.CONTACT_UNIT: NONE,
    Role.VIEWER: NONE,
}
ADMINISTERS: dict[str, frozenset[str]] = {
    Role.COUNTY_ADMIN: ALL,
    Role.TOWNSHIP_ADMIN: ALL,
    Role.STATION_ADMIN: OWN,
}
LIST_READERS = frozenset({Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN, Role.STATION_ADMIN, Role.TEAM_LEADER})


def _target(api_county: Any, scope: str) -> Volunteer:
    return Volunteer.objects.get(pk=api_county.targets["volunteers"][scope])


def _expected(role: str, scope: str, success: int) -> int:
    if scope in ADMINISTERS.get(role, NONE):
        return success
    return 403 if scope in VISIBLE[role] else 404


def _region_of(api_county: Any, scope: str) -> Any:
    county = api_county.county
    return {"own": county.village, "sibling": county.sibling_village, "parent": county.township}[scope]


@dataclass(frozen=True)
class VolunteerRegisterRow:
    """Staff register in the scope's region: 201 for its admins; 403 for roles that register nowhere;
    400 (field region_code) for an admin whose subtree does not hold the region. Nothing saved unless 201."""

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        before = Volunteer.objects.count()
        payload = {
            "region_code": _region_of(api_county, scope).code,
            "name": "孙桂兰",
            "id_number": id_number_for("19550505", 41),
            "phone": "13812345041",
            "consents": True,
        }
        response = client_as(api_county.users[role]).post(path, payload, content_type="application/json")
        expected = 201 if scope in ADMINISTERS.get(role, NONE) else 400 if role in ADMINISTERS else 403
        assert response.status_code == expected, response.content
        assert Volunteer.objects.count() == before + (1 if expected == 201 else 0)
        if expected == 400:
            assert response.json()["field"] == "region_code"


@dataclass(frozen=True)
class VolunteerUpdateRow:
    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        target = _target(api_county, scope)
        response = client_as(api_county.users[role]).patch(
            path.replace("{volunteer_id}", str(target.pk)), {"status": "suspended"}, content_type="application/json"
        )
        expected = _expected(role, scope, 200)
        assert response.status_code == expected, response.content
        stored = Volunteer.objects.get(pk=target.pk).status
        assert stored == (VolunteerStatus.SUSPENDED if expected == 200 else VolunteerStatus.ACTIVE)


@dataclass(frozen=True)
class VolunteerReviewRow:
    """The scope's volunteer is made pending first; approval makes it active, rejection rejected."""

    approve: bool

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        target = _target(api_county, scope)
        Volunteer.objects.filter(pk=target.pk).update(status=VolunteerStatus.PENDING)
        response = client_as(api_county.users[role]).post(
            path.replace("{volunteer_id}", str(target.pk)), {"note": "核实无误"}, content_type="application/json"
        )
        expected = _expected(role, scope, 200)
        assert response.status_code == expected, response.content
        decided = VolunteerStatus.ACTIVE if self.approve else VolunteerStatus.REJECTED
        stored = Volunteer.objects.get(pk=target.pk).status
        assert stored == (decided if expected == 200 else VolunteerStatus.PENDING)


@dataclass(frozen=True)
class VolunteerExportRow:
    """Staff who read volunteer lists get the sheet of their scope (masked, no audit row); others 403."""

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        target = _target(api_county, scope)
        response = client_as(api_county.users[role]).post(path, {}, content_type="application/json")
        assert not AuditEvent.objects.exists()
        if role not in LIST_READERS:
            assert response.status_code == 403, response.content
            return
        assert response.status_code == 200, response.content
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        numbers = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
        assert (target.volunteer_number in numbers) is (scope in VISIBLE[role])
        assert all("*" in str(row[4]) for row in sheet.iter_rows(min_row=2, values_only=True))


ROWS: dict[tuple[str, str], Any] = {
    ("post", f"{API}/volunteers"): VolunteerRegisterRow(),
    ("post", f"{API}/volunteers/export"): VolunteerExportRow(),
    ("patch", f"{API}/volunteers/{{volunteer_id}}"): VolunteerUpdateRow(),
    ("post", f"{API}/volunteers/{{volunteer_id}}/approve"): VolunteerReviewRow(approve=True),
    ("post", f"{API}/volunteers/{{volunteer_id}}/reject"): VolunteerReviewRow(approve=False),
}
