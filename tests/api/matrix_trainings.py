"""Permission-matrix rows of the trainings endpoints (merged by tests/api/test_permission_matrix.py).

The records are one published training per scope (tests/trainings/builders.trainings_in_every_scope), at
the own village's station, the sibling village's station and the township's institute, each with the
scope's volunteer enrolled. Admins read and manage their region subtree; the team leader and the viewer
read their region's; volunteers read every published training and manage only their own enrolment.
"""

from dataclasses import dataclass
from typing import Any

from tests.api.conftest import SCOPES, client_as
from tests.trainings.builders import held, trainings_in_every_scope
from wenming.accounts.models import AuditEvent
from wenming.regions.roles import Role
from wenming.trainings.models import Training, TrainingAttendance

API = "/api/v1"
JSON = "application/json"
ALL = frozenset(SCOPES)
OWN = frozenset({"own"})
NONE: frozenset[str] = frozenset()

VIEW: dict[str, frozenset[str]] = {
    Role.COUNTY_ADMIN: ALL,
    Role.TOWNSHIP_ADMIN: ALL,
    Role.STATION_ADMIN: OWN,
    Role.TEAM_LEADER: OWN,
    Role.VOLUNTEER: ALL,
    Role.RESIDENT: NONE,
    Role.CONTACT_UNIT: NONE,
    Role.VIEWER: ALL,
}
MANAGE: dict[str, frozenset[str]] = {
    Role.COUNTY_ADMIN: ALL,
    Role.TOWNSHIP_ADMIN: ALL,
    Role.STATION_ADMIN: OWN,
}


def _url(path: str, **ids: int) -> str:
    for name, value in ids.items():
        path = path.replace(f"{{{name}}}", str(value))
    return path


def _manage_status(role: str, scope: str) -> int:
    if scope in MANAGE.get(role, NONE):
        return 200
    return 403 if scope in VIEW[role] else 404


@dataclass(frozen=True)
class TrainingListRow:
    export: bool = False

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        target = trainings_in_every_scope(api_county)[scope]
        response = client_as(api_county.users[role]).get(path)
        assert response.status_code == 200, response.content[:300]
        if self.export:
            assert response.content.startswith(b"PK")
            return
        seen = {item["id"] for item in response.json()["items"]}
        assert (target.pk in seen) is (scope in VIEW[role])


@dataclass(frozen=True)
class TrainingDetailRow:
    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        target = trainings_in_every_scope(api_county)[scope]
        response = client_as(api_county.users[role]).get(_url(path, training_id=target.pk))
        expected = 200 if scope in VIEW[role] else 404
        assert response.status_code == expected, response.content
        if expected == 200:
            assert response.json()["enrolled_count"] == 1


@dataclass(frozen=True)
class TrainingMineRow:
    """Everyone gets their own enrolments: the volunteer the own scope's; others none."""

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        trainings_in_every_scope(api_county)
        attendance = api_county.targets["training_attendances"][scope]
        response = client_as(api_county.users[role]).get(path)
        assert response.status_code == 200
        seen = {item["id"] for item in response.json()}
        assert (attendance.pk in seen) is (role == Role.VOLUNTEER and scope == "own")


@dataclass(frozen=True)
class TrainingCreateRow:
    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        site = trainings_in_every_scope(api_county)[scope].organizer_site
        before = Training.objects.count()
        body = {
            "title": "新培训",
            "organizer_site_id": site.pk,
            "place": "报告厅",
            "starts_at": "2030-05-01T09:00:00+08:00",
            "ends_at": "2030-05-01T11:00:00+08:00",
            "capacity": 20,
        }
        response = client_as(api_county.users[role]).post(path, body, content_type=JSON)
        # An admin naming a site outside their scope: bad input on that field; a non-admin: refused.
        expected = 201 if scope in MANAGE.get(role, NONE) else 400 if role in MANAGE else 403
        assert response.status_code == expected, response.content
        assert Training.objects.count() == before + (1 if expected == 201 else 0)


@dataclass(frozen=True)
class TrainingChangeRow:
    """PATCH, publish (of a published one: refused 400 after the access check), cancel."""

    method: str
    body: dict[str, Any]
    ok: int = 200

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        target = trainings_in_every_scope(api_county)[scope]
        before = Training.objects.values_list("title", "status").get(pk=target.pk)
        response = getattr(client_as(api_county.users[role]), self.method)(
            _url(path, training_id=target.pk), self.body, content_type=JSON
        )
        expected = _manage_status(role, scope)
        expected = self.ok if expected == 200 else expected
        assert response.status_code == expected, response.content
        if expected >= 400 and expected != self.ok:
            assert Training.objects.values_list("title", "status").get(pk=target.pk) == before


@dataclass(frozen=True)
class TrainingEnrolRow:
    """Enrol yourself: a volunteer in every published training (201); staff without a volunteer record 400
    when they see the training, 404 otherwise."""

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        target = trainings_in_every_scope(api_county)[scope]
        before = TrainingAttendance.objects.count()
        response = client_as(api_county.users[role]).post(_url(path, training_id=target.pk), {}, content_type=JSON)
        if scope not in VIEW[role]:
            expected = 404
        elif role == Role.VOLUNTEER:
            expected = 400 if scope == "own" else 201  # already enrolled in the own scope's
        else:
            expected = 400  # not a volunteer
        assert response.status_code == expected, response.content
        assert TrainingAttendance.objects.count() == before + (1 if expected == 201 else 0)


@dataclass(frozen=True)
class EnrolmentCancelRow:
    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        trainings_in_every_scope(api_county)
        attendance = api_county.targets["training_attendances"][scope]
        response = client_as(api_county.users[role]).post(_url(path, attendance_id=attendance.pk))
        if scope in MANAGE.get(role, NONE) or (role == Role.VOLUNTEER and scope == "own"):
            expected = 200
        elif scope in VIEW[role] and role != Role.VOLUNTEER:
            expected = 403
        else:
            expected = 404
        assert response.status_code == expected, response.content
        status = TrainingAttendance.objects.get(pk=attendance.pk).status
        assert status == ("cancelled" if expected == 200 else "enrolled")


@dataclass(frozen=True)
class RosterRow:
    export: bool = False

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        target = trainings_in_every_scope(api_county)[scope]
        response = client_as(api_county.users[role]).get(_url(path, training_id=target.pk))
        expected = _manage_status(role, scope)
        assert response.status_code == expected, response.content[:300]
        if expected == 200 and not self.export:
            assert [row["phone_masked"][3:7] for row in response.json()] == ["****"]
        if expected == 200 and self.export:
            assert response.content.startswith(b"PK")


@dataclass(frozen=True)
class HeldTrainingRow:
    """Attendance, passes and hours of a training that was held: managers 200, readers 403, others 404."""

    body: dict[str, Any]

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        target = held(trainings_in_every_scope(api_county)[scope])
        audits = AuditEvent.objects.count()
        present_before = TrainingAttendance.objects.filter(is_present=True).count()
        response = client_as(api_county.users[role]).post(
            _url(path, training_id=target.pk), self.body, content_type=JSON
        )
        expected = _manage_status(role, scope)
        if expected == 200 and path.endswith("/passes"):
            expected = 400  # nobody is present yet: passing is refused, naming volunteer_ids
        assert response.status_code == expected, response.content
        if expected != 200:
            assert TrainingAttendance.objects.filter(is_present=True).count() == present_before
        assert AuditEvent.objects.count() == audits


ROWS: dict[tuple[str, str], Any] = {
    ("get", f"{API}/trainings"): TrainingListRow(),
    ("get", f"{API}/trainings/export"): TrainingListRow(export=True),
    ("get", f"{API}/trainings/mine"): TrainingMineRow(),
    ("post", f"{API}/trainings"): TrainingCreateRow(),
    ("get", f"{API}/trainings/{{training_id}}"): TrainingDetailRow(),
    ("patch", f"{API}/trainings/{{training_id}}"): TrainingChangeRow("patch", {"title": "改名的培训"}),
    ("post", f"{API}/trainings/{{training_id}}/publish"): TrainingChangeRow("post", {}, ok=400),
    ("post", f"{API}/trainings/{{training_id}}/finish"): TrainingChangeRow("post", {}, ok=400),
    ("post", f"{API}/trainings/{{training_id}}/cancel"): TrainingChangeRow("post", {"reason": "天气原因"}),
    ("post", f"{API}/trainings/{{training_id}}/enrolments"): TrainingEnrolRow(),
    ("post", f"{API}/trainings/enrolments/{{attendance_id}}/cancel"): EnrolmentCancelRow(),
    ("get", f"{API}/trainings/{{training_id}}/roster"): RosterRow(),
    ("get", f"{API}/trainings/{{training_id}}/roster/export"): RosterRow(export=True),
    ("post", f"{API}/trainings/{{training_id}}/attendance"): HeldTrainingRow(
        {"is_present": True, "all_enrolled": True}
    ),
    ("post", f"{API}/trainings/{{training_id}}/passes"): HeldTrainingRow({"is_passed": True, "volunteer_ids": [1]}),
    ("post", f"{API}/trainings/{{training_id}}/hours"): HeldTrainingRow({}),
}
