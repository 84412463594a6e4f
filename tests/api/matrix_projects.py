"""Permission-matrix rows of the brand, project and award endpoints (merged by tests/api/test_permission_matrix.py).

The records are one brand, project and award per scope (tests/projects/builders.records_in_every_scope):
the own village's, the sibling village's and the township's. Brands, projects and awards are public
record: every role reads those of its own region and the regions above it; admins and viewers (and
contact units, read-only) also their subtree. County and township admins write in their subtree; only
county admins delete an award.
"""

import io
from dataclasses import dataclass
from typing import Any

import openpyxl

from tests.api.conftest import client_as
from tests.projects.builders import SCOPE_REGIONS, records_in_every_scope
from wenming.accounts.models import AuditEvent
from wenming.projects.models import Award, Brand, Project, ProjectBeneficiaryReport
from wenming.regions.roles import Role

API = "/api/v1"
ALL = frozenset({"own", "sibling", "parent"})
OWN_AND_ABOVE = frozenset({"own", "parent"})
NONE: frozenset[str] = frozenset()

VISIBILITY: dict[str, frozenset[str]] = {
    Role.COUNTY_ADMIN: ALL,
    Role.TOWNSHIP_ADMIN: ALL,
    Role.STATION_ADMIN: OWN_AND_ABOVE,
    Role.TEAM_LEADER: OWN_AND_ABOVE,
    Role.VOLUNTEER: OWN_AND_ABOVE,
    Role.RESIDENT: OWN_AND_ABOVE,
    Role.CONTACT_UNIT: ALL,  # read, within its unit's township
    Role.VIEWER: ALL,  # read, the whole city
}
WRITERS: dict[str, frozenset[str]] = {Role.COUNTY_ADMIN: ALL, Role.TOWNSHIP_ADMIN: ALL}
DELETERS: dict[str, frozenset[str]] = {Role.COUNTY_ADMIN: ALL}

KIND_PARAMETER = {"brands": "{brand_id}", "projects": "{project_id}", "awards": "{award_id}"}


def _target(api_county: Any, kind: str, scope: str) -> Any:
    return records_in_every_scope(api_county)[kind][scope]


def _url(path: str, kind: str, record: Any) -> str:
    return path.replace(KIND_PARAMETER[kind], str(record.pk))


def _expected_write(role: str, scope: str, table: dict[str, frozenset[str]]) -> int:
    """Allowed: 200; seen but not writable: 403; not seen: 404 (exactly like a missing record)."""
    if scope in table.get(role, NONE):
        return 200
    return 403 if scope in VISIBILITY[role] else 404


@dataclass(frozen=True)
class ListRow:
    kind: str

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        target = _target(api_county, self.kind, scope)
        response = client_as(api_county.users[role]).get(path)
        assert response.status_code == 200, response.content
        seen = {item["id"] for item in response.json()["items"]}
        assert (target.pk in seen) is (scope in VISIBILITY[role])


@dataclass(frozen=True)
class ExportRow:
    """The Excel sheet holds the scope's record exactly when the list does."""

    kind: str

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        target = _target(api_county, self.kind, scope)
        response = client_as(api_county.users[role]).get(path)
        assert response.status_code == 200, response.content[:300]
        sheet: Any = openpyxl.load_workbook(io.BytesIO(response.content)).active
        names = {row[0 if self.kind == "projects" else 3] for row in sheet.iter_rows(min_row=2, values_only=True)}
        expected_name = target.name if self.kind == "projects" else target.title
        assert (expected_name in names) is (scope in VISIBILITY[role])


@dataclass(frozen=True)
class DetailRow:
    kind: str

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        target = _target(api_county, self.kind, scope)
        response = client_as(api_county.users[role]).get(_url(path, self.kind, target))
        expected = 200 if scope in VISIBILITY[role] else 404
        assert response.status_code == expected, response.content
        if expected == 404:
            assert response.json()["code"] == "not_found"


@dataclass(frozen=True)
class CreateRow:
    """POST a new record in the scope's region (a brand or project) or for the scope's project (an award)."""

    kind: str

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        region = getattr(api_county.county, SCOPE_REGIONS[scope])
        project = _target(api_county, "projects", scope)
        model: Any = {"brands": Brand, "projects": Project, "awards": Award}[self.kind]
        before = model.objects.count()
        payload: dict[str, Any] = {
            "brands": {"region_code": region.code, "name": "新品牌"},
            "projects": {"region_code": region.code, "name": "文明交通"},
            "awards": {
                "awardee_type": "project",
                "awardee_id": project.pk,
                "level": "province",
                "category": "contest_prize",
                "year": 2023,
                "title": "省级项目大赛铜奖",
            },
        }[self.kind]
        response = client_as(api_county.users[role]).post(path, payload, content_type="application/json")
        if scope in WRITERS.get(role, NONE):
            expected = 201
        elif self.kind == "awards" and scope in VISIBILITY[role]:
            expected = 403  # the project is seen, but awards are recorded by admins
        else:
            expected = 404  # a region outside the caller's writing scope is not found
        assert response.status_code == expected, response.content
        assert model.objects.count() == before + (1 if expected == 201 else 0)


@dataclass(frozen=True)
class UpdateRow:
    """PATCH (or POST an action on) the scope's record; nothing changes on a refusal."""

    kind: str
    method: str = "patch"
    action: str = "update"

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        target = _target(api_county, self.kind, scope)
        url = _url(path, self.kind, target)
        client = client_as(api_county.users[role])
        audits = AuditEvent.objects.count()
        reports = ProjectBeneficiaryReport.objects.count()
        if self.action == "update":
            body: dict[str, Any] = {"name": "改名"} if self.kind != "awards" else {"title": "改正", "reason": "笔误"}
        elif self.action == "beneficiaries":
            body = {"period_from": "2023-01-01", "period_to": "2023-06-30", "beneficiaries": 120}
        elif self.action == "delete":
            body = {"reason": "重复登记"}
        else:
            body = {}
        response = getattr(client, self.method)(url, body, content_type="application/json")
        table = DELETERS if self.action == "delete" else WRITERS
        expected = _expected_write(role, scope, table)
        if expected == 200 and self.action == "beneficiaries":
            expected = 201
        if expected == 200 and self.action == "delete":
            expected = 204
        assert response.status_code == expected, response.content
        model: Any = type(target)
        changed = expected in (200, 201, 204)
        if self.action == "update":
            field = "title" if self.kind == "awards" else "name"
            value = model.objects.values_list(field, flat=True).get(pk=target.pk)
            assert (value == ("改正" if self.kind == "awards" else "改名")) is changed
            assert AuditEvent.objects.count() == audits + (1 if changed and self.kind == "awards" else 0)
        elif self.action == "deactivate":
            assert Project.objects.get(pk=target.pk).is_active is not changed
        elif self.action == "beneficiaries":
            assert ProjectBeneficiaryReport.objects.count() == reports + (1 if changed else 0)
        elif self.action == "delete":
            assert Award.objects.filter(pk=target.pk).exists() is not changed
            assert AuditEvent.objects.count() == audits + (1 if changed else 0)


ROWS: dict[tuple[str, str], Any] = {
    ("get", f"{API}/brands"): ListRow("brands"),
    ("post", f"{API}/brands"): CreateRow("brands"),
    ("get", f"{API}/brands/{{brand_id}}"): DetailRow("brands"),
    ("patch", f"{API}/brands/{{brand_id}}"): UpdateRow("brands"),
    ("get", f"{API}/projects"): ListRow("projects"),
    ("post", f"{API}/projects"): CreateRow("projects"),
    ("get", f"{API}/projects/export"): ExportRow("projects"),
    ("get", f"{API}/projects/{{project_id}}"): DetailRow("projects"),
    ("patch", f"{API}/projects/{{project_id}}"): UpdateRow("projects"),
    ("get", f"{API}/projects/{{project_id}}/stats"): DetailRow("projects"),
    ("post", f"{API}/projects/{{project_id}}/deactivate"): UpdateRow("projects", "post", "deactivate"),
    ("get", f"{API}/projects/{{project_id}}/beneficiary-reports"): DetailRow("projects"),
    ("post", f"{API}/projects/{{project_id}}/beneficiary-reports"): UpdateRow("projects", "post", "beneficiaries"),
    ("get", f"{API}/awards"): ListRow("awards"),
    ("post", f"{API}/awards"): CreateRow("awards"),
    ("get", f"{API}/awards/export"): ExportRow("awards"),
    ("get", f"{API}/awards/{{award_id}}"): DetailRow("awards"),
    ("patch", f"{API}/awards/{{award_id}}"): UpdateRow("awards"),
    ("post", f"{API}/awards/{{award_id}}/delete"): UpdateRow("awards", "post", "delete"),
}
