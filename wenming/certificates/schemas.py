import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from wenming.certificates.models import Certificate
from wenming.certificates.selectors import certificate_verify_url


class CertificateOut(Schema):
    """A certificate as the API shows it: the ID number only ever masked, as printed."""

    id: int
    serial_number: str
    volunteer_id: int
    volunteer_name: str
    volunteer_number: str
    id_type: str
    id_type_display: str
    id_number_masked: str
    hours: Decimal
    service_content: str
    period_from: dt.date
    period_to: dt.date
    activity_id: int | None
    issuer_site_id: int
    issuer_name: str
    person_in_charge: str
    handler_name: str
    handler_contact: str
    issued_on: dt.date
    notes: str
    is_revoked: bool
    revoked_at: dt.datetime | None
    revoke_reason: str
    verify_url: str

    @staticmethod
    def resolve_id_type_display(certificate: Certificate) -> str:
        return str(certificate.get_id_type_display())

    @staticmethod
    def resolve_verify_url(certificate: Certificate, context: dict) -> str:
        return certificate_verify_url(certificate=certificate, request=context.get("request"))


class CertificateIssueIn(Schema):
    """For one activity (its organizer site issues), or for a period at a site of the caller's scope."""

    volunteer_id: int
    issuer_site_id: int | None = None
    activity_id: int | None = None
    period_from: dt.date | None = None
    period_to: dt.date | None = None
    notes: str = Field("", max_length=500)
    person_in_charge: str = Field("", max_length=64)
    handler_contact: str = Field("", max_length=20)


class CertificateRevokeIn(Schema):
    reason: str = Field(..., max_length=200)
