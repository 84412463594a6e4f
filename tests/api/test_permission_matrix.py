"""One permission matrix over roles × endpoints × scopes, built from the OpenAPI schema.

Every operation the schema lists must have a row in MATRIX (and every row an operation), so a new
endpoint without a row fails this suite. For a list endpoint the row says which scopes' records
appear in the list; for a detail endpoint which scopes answer 200 (the others 404, exactly like a
missing record).
"""

import re
from dataclasses import dataclass
from typing import Any

import pytest

from tests.api.conftest import ROLES, SCOPES, ApiCounty, client_as, rolled_back
from wenming.regions.roles import Role
from wenming.reports.selectors import REPORT_ROLES

API = "/api/v1"
ALL = frozenset(SCOPES)
OWN = frozenset({"own"})
NONE: frozenset[str] = frozenset()

# Which scopes' records each role sees, per resource (DESIGN.md §1, through regions.access.scoped).
NETWORK_VISIBILITY: dict[str, frozenset[str]] = {
    Role.COUNTY_ADMIN: ALL,
    Role.TOWNSHIP_ADMIN: ALL,
    Role.STATION_ADMIN: OWN,
    Role.TEAM_LEADER: OWN,  # read, within the team's village
    Role.VOLUNTEER: NONE,
    Role.RESIDENT: NONE,
    Role.CONTACT_UNIT: ALL,  # read, within its unit's township
    Role.VIEWER: ALL,  # read, the whole city
}
VISIBILITY: dict[str, dict[str, frozenset[str]]] = {
    "regions": NETWORK_VISIBILITY,
    "sites": NETWORK_VISIBILITY,
    "teams": {
        Role.COUNTY_ADMIN: ALL,
        Role.TOWNSHIP_ADMIN: ALL,
        Role.STATION_ADMIN: OWN,
        Role.TEAM_LEADER: OWN,  # own team only
        Role.VOLUNTEER: NONE,
        Role.RESIDENT: NONE,
        Role.CONTACT_UNIT: NONE,
        Role.VIEWER: ALL,
    },
    "volunteers": {
        Role.COUNTY_ADMIN: ALL,
        Role.TOWNSHIP_ADMIN: ALL,
        Role.STATION_ADMIN: OWN,
        Role.TEAM_LEADER: OWN,  # the team's members
        Role.VOLUNTEER: OWN,  # self
        Role.RESIDENT: NONE,
        Role.CONTACT_UNIT: NONE,
        Role.VIEWER: NONE,  # counts only, never rows
    },
}


@dataclass(frozen=True)
class ListRow:
    resource: str
    key: str  # the field of an item that identifies it

    def check(self, api_county: ApiCounty, role: str, scope: str, path: str) -> None:
        target = api_county.targets[self.resource][scope]
        response = client_as(api_county.users[role]).get(path)
        assert response.status_code == 200, response.content
        body = response.json()
        items = body["items"] if isinstance(body, dict) else body
        seen = {item[self.key] for item in items}
        assert (target in seen) is (scope in VISIBILITY[self.resource][role])


@dataclass(frozen=True)
class DetailRow:
    resource: str

    def check(self, api_county: ApiCounty, role: str, scope: str, path: str) -> None:
        target = api_county.targets[self.resource][scope]
        url = path.replace(path[path.index("{") : path.index("}") + 1], str(target))
        response = client_as(api_county.users[role]).get(url)
        expected = 200 if scope in VISIBILITY[self.resource][role] else 404
        assert response.status_code == expected, response.content
        if expected == 404:
            assert response.json()["code"] == "not_found"


@dataclass(frozen=True)
class FiguresRow:
    """The figures of the caller's own scope: report roles only (DESIGN.md §1); scope does not apply."""

    def check(self, api_county: ApiCounty, role: str, scope: str, path: str) -> None:
        response = client_as(api_county.users[role]).get(path)
        if role in REPORT_ROLES:
            assert response.status_code == 200, response.content
        else:
            assert response.status_code == 403, response.content
            assert response.json()["code"] == "permission_denied"


@dataclass(frozen=True)
class IdNumberRevealRow:
    """POST for the full ID number: the volunteer themselves or a county/township admin of the region.

    A volunteer the caller cannot see answers 404 (like a missing one); one the caller sees but may
    not reveal answers 403. Every 200 writes exactly one audit row; a refusal writes none.
    """

    allowed: frozenset[str] = frozenset({Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN})

    def check(self, api_county: ApiCounty, role: str, scope: str, path: str) -> None:
        from wenming.accounts.models import AuditEvent

        target = api_county.targets["volunteers"][scope]
        url = path.replace("{volunteer_id}", str(target))
        before = AuditEvent.objects.count()
        response = client_as(api_county.users[role]).post(
            url, {"reason": "核对保险投保信息"}, content_type="application/json"
        )
        visible = scope in VISIBILITY["volunteers"][role]
        is_self = role == Role.VOLUNTEER and scope == "own"
        expected = 404 if not visible else 200 if (role in self.allowed or is_self) else 403
        assert response.status_code == expected, response.content
        assert AuditEvent.objects.count() == before + (1 if expected == 200 else 0)
        if expected == 200:
            assert len(response.json()["id_number"]) == 18
            assert response["Cache-Control"] == "no-store"


Row = ListRow | DetailRow | FiguresRow | IdNumberRevealRow

MATRIX: dict[tuple[str, str], Row] = {
    ("get", f"{API}/regions"): ListRow("regions", key="code"),
    ("get", f"{API}/regions/{{code}}"): DetailRow("regions"),
    ("get", f"{API}/sites"): ListRow("sites", key="id"),
    ("get", f"{API}/sites/{{site_id}}"): DetailRow("sites"),
    ("get", f"{API}/teams"): ListRow("teams", key="id"),
    ("get", f"{API}/teams/{{team_id}}"): DetailRow("teams"),
    ("get", f"{API}/volunteers"): ListRow("volunteers", key="id"),
    ("get", f"{API}/volunteers/{{volunteer_id}}"): DetailRow("volunteers"),
    ("post", f"{API}/volunteers/{{volunteer_id}}/id-number"): IdNumberRevealRow(),
    ("get", f"{API}/figures"): FiguresRow(),
}
# Each area keeps its rows (and row kinds) in tests/api/matrix_<area>.py: a dict ROWS of the same shape.
for _area in (
    "activities",
    "ledger",
    "certificates",
    "notifications",
    "volunteers",
    "imports",
    "teams",
    "trainings",
    "organizations",
    "projects",
    "points",
    "orders",
):
    _rows = __import__(f"tests.api.matrix_{_area}", fromlist=["ROWS"]).ROWS
    assert not set(_rows) & set(MATRIX), _area
    MATRIX.update(_rows)


def schema_operations(client: Any) -> set[tuple[str, str]]:
    schema = client.get(f"{API}/openapi.json").json()
    return {(method, path) for path, operations in schema["paths"].items() for method in operations}


def test_every_schema_operation_has_a_matrix_row_and_every_row_an_operation(client, db):
    assert schema_operations(client) == set(MATRIX)


@pytest.mark.parametrize(("method", "path"), sorted(MATRIX))
def test_anonymous_gets_401_with_the_error_body(client, db, method, path):
    url = re.sub(r"\{[a-z_]+\}", "1", path.replace("{code}", "230781"))
    response = getattr(client, method)(url, **({"content_type": "application/json"} if method == "post" else {}))
    assert response.status_code == 401
    assert response.json() == {"code": "not_authenticated", "message": "请先登录。", "field": None}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path"), sorted(MATRIX))
def test_permission_matrix(api_county, method, path, role):
    # One county per operation and role; each scope's cell is rolled back before the next one.
    for scope in SCOPES:
        with rolled_back(api_county):
            try:
                MATRIX[(method, path)].check(api_county, role, scope, path)
            except AssertionError as error:
                raise AssertionError(f"scope {scope}: {error}") from error


def test_matrix_covers_every_role():
    for resource, table in VISIBILITY.items():
        assert set(table) == set(Role), resource
