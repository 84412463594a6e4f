"""Permission-matrix rows of the certificates endpoints (merged by tests/api/test_permission_matrix.py).

A row is any object with `check(api_county, role, scope, path)`; see the row kinds there. The records
are one certificate per scope (tests/certificates/builders.certificates_in_every_scope): the own
village's (for an activity of the own team), the sibling village's and the township's.
"""

from dataclasses import dataclass
from typing import Any

from tests.api.conftest import client_as
from tests.certificates.builders import certificates_in_every_scope
from wenming.accounts.models import AuditEvent
from wenming.certificates.models import Certificate
from wenming.regions.roles import Role

API = "/api/v1"
ALL = frozenset({"own", "sibling", "parent"})
OWN = frozenset({"own"})
NONE: frozenset[str] = frozenset()

# Who sees which scope's certificate: admins by the issuer's region, the team leader the certificate of
# their team's activity, the volunteer their own; nobody else.
CERTIFICATE_VISIBILITY: dict[str, frozenset[str]] = {
    Role.COUNTY_ADMIN: ALL,
    Role.TOWNSHIP_ADMIN: ALL,
    Role.STATION_ADMIN: OWN,
    Role.TEAM_LEADER: OWN,
    Role.VOLUNTEER: OWN,
    Role.RESIDENT: NONE,
    Role.CONTACT_UNIT: NONE,
    Role.VIEWER: NONE,
}
# Who may issue and revoke in each scope (the admins whose region holds the issuer site).
CERTIFICATE_ISSUERS: dict[str, frozenset[str]] = {
    Role.COUNTY_ADMIN: ALL,
    Role.TOWNSHIP_ADMIN: ALL,
    Role.STATION_ADMIN: OWN,
}


def _url(path: str, certificate_id: int) -> str:
    return path.replace("{certificate_id}", str(certificate_id))


@dataclass(frozen=True)
class CertificateListRow:
    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        target = certificates_in_every_scope(api_county)[scope]
        response = client_as(api_county.users[role]).get(path)
        assert response.status_code == 200, response.content
        seen = {item["id"] for item in response.json()["items"]}
        assert (target.pk in seen) is (scope in CERTIFICATE_VISIBILITY[role])


@dataclass(frozen=True)
class CertificateDetailRow:
    """A certificate outside the caller's scope answers 404, exactly like a missing one; the PDF alike."""

    is_pdf: bool = False

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        target = certificates_in_every_scope(api_county)[scope]
        response = client_as(api_county.users[role]).get(_url(path, target.pk))
        expected = 200 if scope in CERTIFICATE_VISIBILITY[role] else 404
        assert response.status_code == expected, response.content[:300]
        if expected == 404:
            assert response.json()["code"] == "not_found"
        elif self.is_pdf:
            assert response.content.startswith(b"%PDF-")
        else:
            assert response.json()["serial_number"] == target.serial_number


@dataclass(frozen=True)
class CertificateIssueRow:
    """POST a period certificate for the scope's volunteer at the scope's site.

    201 for an admin whose region holds the site; 404 when the caller can find neither the volunteer nor
    their hours; 403 otherwise (a team leader or the volunteer themself asking in a site's name).
    """

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        certificate = certificates_in_every_scope(api_county)[scope]
        before = Certificate.objects.count()
        response = client_as(api_county.users[role]).post(
            path,
            {"volunteer_id": certificate.volunteer_id, "issuer_site_id": certificate.issuer_site_id},
            content_type="application/json",
        )
        may_issue = scope in CERTIFICATE_ISSUERS.get(role, NONE)
        finds_volunteer = scope in CERTIFICATE_VISIBILITY[role]  # here the same people as see the certificate
        expected = 201 if may_issue else 403 if finds_volunteer else 404
        assert response.status_code == expected, response.content
        assert Certificate.objects.count() == before + (1 if expected == 201 else 0)
        if expected == 201:
            assert response.json()["hours"] == "2.50"


@dataclass(frozen=True)
class CertificateRevokeRow:
    """Admins of the issuer's region revoke (200, one audit row); others who see it 403; the rest 404."""

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        target = certificates_in_every_scope(api_county)[scope]
        audits = AuditEvent.objects.count()
        response = client_as(api_county.users[role]).post(
            _url(path, target.pk), {"reason": "重复开具"}, content_type="application/json"
        )
        visible = scope in CERTIFICATE_VISIBILITY[role]
        expected = 200 if scope in CERTIFICATE_ISSUERS.get(role, NONE) else 403 if visible else 404
        assert response.status_code == expected, response.content
        assert Certificate.objects.get(pk=target.pk).is_revoked is (expected == 200)
        assert AuditEvent.objects.count() == audits + (1 if expected == 200 else 0)


ROWS: dict[tuple[str, str], Any] = {
    ("get", f"{API}/certificates"): CertificateListRow(),
    ("post", f"{API}/certificates"): CertificateIssueRow(),
    ("get", f"{API}/certificates/{{certificate_id}}"): CertificateDetailRow(),
    ("post", f"{API}/certificates/{{certificate_id}}/revoke"): CertificateRevokeRow(),
    ("get", f"{API}/certificates/{{certificate_id}}/pdf"): CertificateDetailRow(is_pdf=True),
}
