"""Permission-matrix rows of the units endpoints (merged by tests/api/test_permission_matrix.py).

Records: one unit, pairing, policy document (with version 1) and joint meeting (with file 1) per scope
(tests/organizations/builders.py). County and township admins write in every scope; the station admin
and the viewer read; the contact unit reads its own unit, its pairing and the meeting it attended.
"""

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import openpyxl

from tests.api.conftest import client_as
from tests.organizations.builders import (
    PDF_BYTES,
    files_in_every_scope,
    records_in_every_scope,
    temporary_media_root,
)
from wenming.accounts.models import AuditEvent
from wenming.organizations.models import (
    JointMeeting,
    JointMeetingFile,
    Organization,
    Pairing,
    PolicyDocument,
    PolicyDocumentVersion,
)
from wenming.regions.roles import Role

API = "/api/v1"
ALL = frozenset({"own", "sibling", "parent"})
OWN = frozenset({"own"})
PARENT = frozenset({"parent"})
NONE: frozenset[str] = frozenset()

READERS: dict[str, frozenset[str]] = {
    Role.COUNTY_ADMIN: ALL,
    Role.TOWNSHIP_ADMIN: ALL,
    Role.STATION_ADMIN: OWN,
    Role.TEAM_LEADER: NONE,
    Role.VOLUNTEER: NONE,
    Role.RESIDENT: NONE,
    Role.CONTACT_UNIT: PARENT,
    Role.VIEWER: ALL,
}
VISIBILITY: dict[str, dict[str, frozenset[str]]] = {
    "organizations": READERS,
    "pairings": READERS,
    "policy_documents": {**READERS, Role.CONTACT_UNIT: NONE},
    "joint_meetings": READERS,
}
WRITERS: dict[str, frozenset[str]] = {Role.COUNTY_ADMIN: ALL, Role.TOWNSHIP_ADMIN: ALL}
MODELS: dict[str, type[Any]] = {
    "organizations": Organization,
    "pairings": Pairing,
    "policy_documents": PolicyDocument,
    "joint_meetings": JointMeeting,
}


def _url(path: str, target: int) -> str:
    start, end = path.index("{"), path.index("}")
    return path[:start] + str(target) + path[end + 1 :]


def _sees(resource: str, role: str, scope: str) -> bool:
    return scope in VISIBILITY[resource][role]


@dataclass(frozen=True)
class UnitListRow:
    resource: str

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        records_in_every_scope(api_county)
        target = api_county.targets[self.resource][scope]
        response = client_as(api_county.users[role]).get(path)
        assert response.status_code == 200, response.content
        seen = {item["id"] for item in response.json()["items"]}
        assert (target in seen) is _sees(self.resource, role, scope)


@dataclass(frozen=True)
class UnitDetailRow:
    """A record outside the caller's scope answers 404, exactly like a missing one."""

    resource: str
    path_target: str = ""  # another resource whose id is in the path (the pairing of /pairings/{id}/activities)

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        records_in_every_scope(api_county)
        target = api_county.targets[self.resource][scope]
        response = client_as(api_county.users[role]).get(_url(path, target))
        expected = 200 if _sees(self.resource, role, scope) else 404
        assert response.status_code == expected, response.content
        if expected == 404:
            assert response.json()["code"] == "not_found"


@dataclass(frozen=True)
class FileDownloadRow:
    """The stored file for those who see its document or meeting; 404 for everyone else."""

    resource: str

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        with temporary_media_root():
            files_in_every_scope(api_county)
            target = api_county.targets[self.resource][scope]
            url = _url(path, target).replace("{number}", "1")
            response = client_as(api_county.users[role]).get(url)
            expected = 200 if _sees(self.resource, role, scope) else 404
            assert response.status_code == expected, response.content[:200]
            if expected == 200:
                assert b"".join(response.streaming_content) == PDF_BYTES
                assert response["Content-Type"] == "application/pdf"
                assert response["Content-Disposition"].startswith("attachment;")
            else:
                assert response.json()["code"] == "not_found"


@dataclass(frozen=True)
class UnitWriteRow:
    """PATCH or POST on one record: writers of the scope 200; readers 403; the rest 404; a refusal changes nothing."""

    resource: str
    body: tuple[tuple[str, Any], ...]
    field: str
    value: Any
    writer_status: int = 200  # the deactivation of a unit with a running pairing is refused (400)

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        records_in_every_scope(api_county)
        target = api_county.targets[self.resource][scope]
        model = MODELS[self.resource]
        before = getattr(model.objects.get(pk=target), self.field)
        method = "patch" if path.endswith("}") else "post"
        response = getattr(client_as(api_county.users[role]), method)(
            _url(path, target), dict(self.body), content_type="application/json"
        )
        visible = _sees(self.resource, role, scope)
        expected = self.writer_status if scope in WRITERS.get(role, NONE) else 403 if visible else 404
        assert response.status_code == expected, response.content
        after = getattr(model.objects.get(pk=target), self.field)
        assert after == (self.value if expected == 200 else before)
        if expected == 400:
            assert response.json()["code"] == "has_active_pairings"


@dataclass(frozen=True)
class UnitCreateRow:
    """POST a new record in the scope's region: 201 for county and township admins, 403 for everyone else."""

    resource: str

    def body(self, api_county: Any, scope: str) -> dict[str, Any]:
        made = records_in_every_scope(api_county)
        county = api_county.county
        region = {"own": county.village, "sibling": county.sibling_village, "parent": county.township}[scope]
        if self.resource == "organizations":
            return {"region_code": region.code, "name": f"{region.name}新单位"}
        if self.resource == "pairings":
            site = {"own": county.station, "sibling": county.sibling_station, "parent": county.institute}[scope]
            return (
                {
                    "organization_id": made["units"]["parent"].pk,
                    "site_id": site.pk,
                    "shares_resources": True,
                    "started_on": "2024-01-01",
                }
                if scope != "parent"
                else {
                    "organization_id": made["units"]["own"].pk,
                    "site_id": site.pk,
                    "shares_resources": True,
                    "started_on": "2024-01-01",
                }
            )
        if self.resource == "policy_documents":
            return {
                "region_code": region.code,
                "title": f"{region.name}挂点联系制度",
                "kind": "pairing_system",
                "issuer": "宣传部",
                "issued_on": "2024-01-02",
            }
        return {
            "region_code": region.code,
            "title": f"{region.name}第二次联席会议",
            "held_on": "2024-01-02",
            "convener": "宣传委员",
            "topics": "年度计划",
        }

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        body = self.body(api_county, scope)
        model = MODELS[self.resource]
        before = model.objects.count()
        response = client_as(api_county.users[role]).post(path, body, content_type="application/json")
        expected = 201 if scope in WRITERS.get(role, NONE) else 403
        assert response.status_code == expected, response.content
        assert model.objects.count() == before + (1 if expected == 201 else 0)


@dataclass(frozen=True)
class UploadRow:
    """A multipart upload: writers 201 (the next number); readers 403; the rest 404; a refusal stores nothing."""

    resource: str

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        with temporary_media_root():
            records_in_every_scope(api_county)
            target = api_county.targets[self.resource][scope]
            model = PolicyDocumentVersion if self.resource == "policy_documents" else JointMeetingFile
            before = model.objects.count()
            upload = io.BytesIO(PDF_BYTES)
            upload.name = "纪要.pdf"
            response = client_as(api_county.users[role]).post(
                _url(path, target), {"file": upload, "change_note": "矩阵"}
            )
            visible = _sees(self.resource, role, scope)
            expected = 201 if scope in WRITERS.get(role, NONE) else 403 if visible else 404
            assert response.status_code == expected, response.content
            assert model.objects.count() == before + (1 if expected == 201 else 0)
            if expected == 201:
                assert response.json()["number"] == 1


@dataclass(frozen=True)
class ExportRow:
    """POST …/export: an .xlsx of what the caller sees, the scope's record in it iff visible (empty for no access)."""

    resource: str
    name_column: int = 0

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        made = records_in_every_scope(api_county)
        response = client_as(api_county.users[role]).post(path, {}, content_type="application/json")
        visible_any = bool(VISIBILITY[self.resource][role])
        assert response.status_code == 200, response.content[:200]
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        names = {row[self.name_column] for row in sheet.iter_rows(min_row=2, values_only=True)}
        record = {
            "organizations": made["units"],
            "pairings": {key: value.organization for key, value in made["pairings"].items()},
            "policy_documents": {key: value for key, value in made["documents"].items()},
            "joint_meetings": made["meetings"],
        }[self.resource][scope]
        name = getattr(record, "name", None) or record.title
        assert (name in names) is _sees(self.resource, role, scope)
        assert visible_any or names == set()
        assert AuditEvent.objects.count() == 0


ROWS: dict[tuple[str, str], Any] = {
    ("get", f"{API}/organizations"): UnitListRow("organizations"),
    ("post", f"{API}/organizations"): UnitCreateRow("organizations"),
    ("post", f"{API}/organizations/export"): ExportRow("organizations"),
    ("get", f"{API}/organizations/{{organization_id}}"): UnitDetailRow("organizations"),
    ("patch", f"{API}/organizations/{{organization_id}}"): UnitWriteRow(
        "organizations", (("address", "新地址"),), "address", "新地址"
    ),
    ("post", f"{API}/organizations/{{organization_id}}/deactivate"): UnitWriteRow(
        "organizations", (), "is_active", True, writer_status=400
    ),
    ("get", f"{API}/pairings"): UnitListRow("pairings"),
    ("post", f"{API}/pairings"): UnitCreateRow("pairings"),
    ("post", f"{API}/pairings/export"): ExportRow("pairings"),
    ("get", f"{API}/pairings/{{pairing_id}}"): UnitDetailRow("pairings"),
    ("patch", f"{API}/pairings/{{pairing_id}}"): UnitWriteRow("pairings", (("note", "季度共建"),), "note", "季度共建"),
    ("post", f"{API}/pairings/{{pairing_id}}/end"): UnitWriteRow(
        "pairings", (("ended_on", "2024-01-31"),), "ended_on", dt.date(2024, 1, 31)
    ),
    ("get", f"{API}/pairings/{{pairing_id}}/activities"): UnitDetailRow("pairings"),
    ("get", f"{API}/policy-documents"): UnitListRow("policy_documents"),
    ("post", f"{API}/policy-documents"): UnitCreateRow("policy_documents"),
    ("post", f"{API}/policy-documents/export"): ExportRow("policy_documents"),
    ("get", f"{API}/policy-documents/{{document_id}}"): UnitDetailRow("policy_documents"),
    ("patch", f"{API}/policy-documents/{{document_id}}"): UnitWriteRow(
        "policy_documents", (("document_number", "铁宣〔2024〕1号"),), "document_number", "铁宣〔2024〕1号"
    ),
    ("get", f"{API}/policy-documents/{{document_id}}/versions"): UnitDetailRow("policy_documents"),
    ("post", f"{API}/policy-documents/{{document_id}}/versions"): UploadRow("policy_documents"),
    ("get", f"{API}/policy-documents/{{document_id}}/versions/{{number}}/file"): FileDownloadRow("policy_documents"),
    ("get", f"{API}/joint-meetings"): UnitListRow("joint_meetings"),
    ("post", f"{API}/joint-meetings"): UnitCreateRow("joint_meetings"),
    ("post", f"{API}/joint-meetings/export"): ExportRow("joint_meetings"),
    ("get", f"{API}/joint-meetings/{{meeting_id}}"): UnitDetailRow("joint_meetings"),
    ("patch", f"{API}/joint-meetings/{{meeting_id}}"): UnitWriteRow(
        "joint_meetings", (("place", "镇会议室"),), "place", "镇会议室"
    ),
    ("post", f"{API}/joint-meetings/{{meeting_id}}/files"): UploadRow("joint_meetings"),
    ("get", f"{API}/joint-meetings/{{meeting_id}}/files/{{number}}/file"): FileDownloadRow("joint_meetings"),
}
