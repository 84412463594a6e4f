"""Permission-matrix rows of the imports endpoints (merged by tests/api/test_permission_matrix.py).

The records are one previewed batch per scope (tests/imports/builders.batches_in_every_scope): into the
own village, the sibling village and the township. Admins see the batches of their region subtree; no
other role sees any, nor may import.
"""

from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api.conftest import client_as
from tests.imports.builders import batches_in_every_scope
from tests.imports.files import good_workbook
from wenming.core.exports import XLSX_CONTENT_TYPE
from wenming.imports.models import ImportBatch, ImportStatus
from wenming.regions.roles import Role
from wenming.volunteers.models import Volunteer

API = "/api/v1"
ALL = frozenset({"own", "sibling", "parent"})
OWN = frozenset({"own"})
NONE: frozenset[str] = frozenset()

# Who sees (and may import into) each scope: the admins whose region holds it.
IMPORT_VISIBILITY: dict[str, frozenset[str]] = {
    Role.COUNTY_ADMIN: ALL,
    Role.TOWNSHIP_ADMIN: ALL,
    Role.STATION_ADMIN: OWN,
    Role.TEAM_LEADER: NONE,
    Role.VOLUNTEER: NONE,
    Role.RESIDENT: NONE,
    Role.CONTACT_UNIT: NONE,
    Role.VIEWER: NONE,
}


def _url(path: str, batch: ImportBatch) -> str:
    return path.replace("{batch_id}", str(batch.pk))


@dataclass(frozen=True)
class ImportListRow:
    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        target = batches_in_every_scope(api_county)[scope]
        response = client_as(api_county.users[role]).get(path)
        assert response.status_code == 200, response.content
        seen = {item["id"] for item in response.json()["items"]}
        assert (target.pk in seen) is (scope in IMPORT_VISIBILITY[role])


@dataclass(frozen=True)
class ImportDetailRow:
    """A batch outside the caller's scope answers 404, exactly like a missing one; its rows and report alike."""

    kind: str = "json"

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        target = batches_in_every_scope(api_county)[scope]
        response = client_as(api_county.users[role]).get(_url(path, target))
        expected = 200 if scope in IMPORT_VISIBILITY[role] else 404
        assert response.status_code == expected, response.content[:300]
        if expected == 404:
            assert response.json()["code"] == "not_found"
        elif self.kind == "xlsx":
            assert response["Content-Type"] == XLSX_CONTENT_TYPE
        elif self.kind == "rows":
            assert [item["row_number"] for item in response.json()["items"]] == [2, 3]
        else:
            assert response.json()["total_rows"] == 2


@dataclass(frozen=True)
class ImportUploadRow:
    """POST a workbook into the scope's region: 201 (a previewed batch, no volunteer written) for its admins,
    403 for everyone else."""

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        batches_in_every_scope(api_county)
        region = {"own": api_county.county.village, "sibling": api_county.county.sibling_village}.get(
            scope, api_county.county.township
        )
        before = (ImportBatch.objects.count(), Volunteer.objects.count())
        upload = SimpleUploadedFile("v.xlsx", good_workbook(1, first_sequence=700), XLSX_CONTENT_TYPE)
        response = client_as(api_county.users[role]).post(path, {"file": upload, "region_code": region.code})
        expected = 201 if scope in IMPORT_VISIBILITY[role] else 403
        assert response.status_code == expected, response.content
        assert (ImportBatch.objects.count(), Volunteer.objects.count()) == (
            before[0] + (1 if expected == 201 else 0),
            before[1],
        )
        if expected == 201:
            body = response.json()
            assert (body["status"], body["imported_count"], len(body["preview"])) == ("previewed", 1, 1)
        else:
            assert response.json()["code"] == "permission_denied"


@dataclass(frozen=True)
class ImportConfirmRow:
    """The scope's admins queue the import (202, running); everyone else gets 404 and the batch stays previewed."""

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        target = batches_in_every_scope(api_county)[scope]
        response = client_as(api_county.users[role]).post(_url(path, target))
        expected = 202 if scope in IMPORT_VISIBILITY[role] else 404
        assert response.status_code == expected, response.content
        status = ImportBatch.objects.get(pk=target.pk).status
        assert status == (ImportStatus.RUNNING if expected == 202 else ImportStatus.PREVIEWED)


ROWS: dict[tuple[str, str], Any] = {
    ("post", f"{API}/imports/volunteers"): ImportUploadRow(),
    ("get", f"{API}/imports"): ImportListRow(),
    ("get", f"{API}/imports/{{batch_id}}"): ImportDetailRow(),
    ("post", f"{API}/imports/{{batch_id}}/confirm"): ImportConfirmRow(),
    ("get", f"{API}/imports/{{batch_id}}/rows"): ImportDetailRow(kind="rows"),
    ("get", f"{API}/imports/{{batch_id}}/report.xlsx"): ImportDetailRow(kind="xlsx"),
}
