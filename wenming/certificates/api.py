from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Router, Status
from ninja.pagination import paginate

from wenming.certificates import selectors
from wenming.certificates.models import Certificate
from wenming.certificates.pdf import certificate_pdf
from wenming.certificates.schemas import CertificateIssueIn, CertificateOut, CertificateRevokeIn
from wenming.certificates.services import certificate_issue, certificate_revoke
from wenming.core.pagination import BoundedPageNumberPagination

router = Router(tags=["certificates"])

PDF_RESPONSE = {
    "responses": {
        200: {
            "description": "PDF",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


@router.get("", response=list[CertificateOut], url_name="certificate_list")
@paginate(BoundedPageNumberPagination, page_size=50)
def certificate_list_api(request: HttpRequest) -> QuerySet[Certificate]:
    """Certificates of the caller's scope: admins by issuer region, volunteers their own, leaders their team's."""
    return selectors.certificate_list(user=request.user)


@router.get("/{certificate_id}", response=CertificateOut, url_name="certificate_detail")
def certificate_detail_api(request: HttpRequest, certificate_id: int) -> Certificate:
    return selectors.certificate_get(user=request.user, certificate_id=certificate_id)


@router.post("", response={201: CertificateOut}, url_name="certificate_issue")
def certificate_issue_api(request: HttpRequest, payload: CertificateIssueIn) -> Status[Certificate]:
    """Issue a certificate of approved hours: an admin for a site of their scope (a period or one activity),
    or a volunteer for one activity of their own. Refused when the selection holds no approved hours."""
    volunteer = selectors.certificate_volunteer_find(user=request.user, volunteer_id=payload.volunteer_id)
    activity = (
        selectors.certificate_activity_get(user=request.user, activity_id=payload.activity_id)
        if payload.activity_id is not None
        else None
    )
    issuer_site = (
        selectors.certificate_site_get(site_id=payload.issuer_site_id) if payload.issuer_site_id is not None else None
    )
    certificate = certificate_issue(
        volunteer=volunteer,
        issuer_site=issuer_site,
        activity=activity,
        period_from=payload.period_from,
        period_to=payload.period_to,
        notes=payload.notes,
        person_in_charge=payload.person_in_charge,
        handler_contact=payload.handler_contact,
        acting_user=request.user,
    )
    return Status(201, certificate)


@router.post("/{certificate_id}/revoke", response=CertificateOut, url_name="certificate_revoke")
def certificate_revoke_api(request: HttpRequest, certificate_id: int, payload: CertificateRevokeIn) -> Certificate:
    """Revoke: admins of the issuer's region, with a reason; the certificate stays on record, marked revoked."""
    return certificate_revoke(certificate_id=certificate_id, reason=payload.reason, acting_user=request.user)


@router.get("/{certificate_id}/pdf", url_name="certificate_pdf", openapi_extra=PDF_RESPONSE)
def certificate_pdf_api(request: HttpRequest, certificate_id: int) -> Any:
    """The printable certificate (A4 PDF with the verification QR code)."""
    certificate = selectors.certificate_get(user=request.user, certificate_id=certificate_id)
    verify_url = selectors.certificate_verify_url(certificate=certificate, request=request)
    response = HttpResponse(
        certificate_pdf(certificate=certificate, verify_url=verify_url), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{certificate.serial_number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
