"""Certificate pages: public verification, PDF download, the volunteer's list and the staff issue page."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wenming.certificates import selectors
from wenming.certificates.forms import CertificateIssueForm, CertificateRequestForm, CertificateRevokeForm
from wenming.certificates.pdf import certificate_pdf
from wenming.certificates.services import certificate_issue, certificate_revoke
from wenming.core.errors import DomainError, NotFoundError, PermissionDeniedError
from wenming.volunteers.selectors import volunteer_of_user

RECENT_SHOWN = 20


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(str(message) for message in error.messages)
    return str(getattr(error, "message", error))


def _raise_for_access(error: DomainError) -> None:
    """Out of scope is "not found" (404) and a refused act 403; other refusals are shown on the page."""
    if isinstance(error, NotFoundError):
        raise Http404(str(error.message)) from error
    if isinstance(error, PermissionDeniedError):
        raise PermissionDenied(str(error.message)) from error


@require_GET
def certificate_verify_view(request: HttpRequest, token: str) -> HttpResponse:
    """Anyone holding the certificate checks it here: masked data and whether it is still valid."""
    certificate = selectors.certificate_verify(token=token)
    if certificate is None:
        response = render(request, "certificates/verify_missing.html", status=404)
    else:
        response = render(request, "certificates/verify.html", {"certificate": certificate})
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"  # the token stays out of other sites' logs
    return response


@login_required
@require_GET
def certificate_pdf_view(request: HttpRequest, certificate_id: int) -> HttpResponse:
    try:
        certificate = selectors.certificate_get(user=request.user, certificate_id=certificate_id)
    except NotFoundError as error:
        raise Http404(str(error.message)) from error
    verify_url = selectors.certificate_verify_url(certificate=certificate, request=request)
    response = HttpResponse(
        certificate_pdf(certificate=certificate, verify_url=verify_url), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{certificate.serial_number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def certificate_mine_view(request: HttpRequest) -> HttpResponse:
    """The volunteer's certificates, and the activities with approved hours still without one."""
    volunteer = volunteer_of_user(user=request.user)
    context: dict[str, Any] = {"volunteer": volunteer, "certificates": [], "awaiting": []}
    if volunteer is not None:
        context["certificates"] = list(selectors.certificate_list_of_volunteer(volunteer=volunteer))
        context["awaiting"] = selectors.activities_awaiting_certificate(volunteer=volunteer)
    return render(request, "certificates/mine.html", context)


@login_required
@require_POST
def certificate_request_view(request: HttpRequest) -> HttpResponse:
    """A volunteer asks for the certificate of one activity; the organizer site issues it at once."""
    form = CertificateRequestForm(request.POST)
    volunteer = volunteer_of_user(user=request.user)
    certificate = None
    error = ""
    activity = None
    if volunteer is None:
        error = _("您的账号未关联志愿者，无法申请证明。")
    elif not form.is_valid():
        error = _("请选择要申请证明的活动。")
    else:
        try:
            activity = selectors.certificate_activity_get(user=request.user, activity_id=form.cleaned_data["activity"])
            certificate = certificate_issue(volunteer=volunteer, activity=activity, acting_user=request.user)
        except (DomainError, ValidationError) as refusal:
            error = _error_text(refusal)
    if request.htmx:  # type: ignore[attr-defined]
        context = {"activity": activity, "certificate": certificate, "error": error}
        return render(request, "certificates/_activity_row.html", context, status=200 if certificate else 400)
    if certificate is not None:
        messages.success(request, _("已出具证明 %(serial)s。") % {"serial": certificate.serial_number})
    else:
        messages.error(request, error)
    return redirect("certificates:mine")


@login_required
@require_http_methods(["GET", "POST"])
def certificate_issue_view(request: HttpRequest) -> HttpResponse:
    """Staff issue a certificate for a period at a site of their scope, and see the latest ones."""
    if not (request.user.is_superuser or selectors.certificate_issue_paths(user=request.user)):
        raise PermissionDenied(_("只有管理员可以出具志愿服务记录证明。"))
    form = CertificateIssueForm(request.POST if request.method == "POST" else None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                certificate = certificate_issue(
                    volunteer=form.volunteer,
                    issuer_site=data["issuer_site"],
                    period_from=data["period_from"],
                    period_to=data["period_to"],
                    person_in_charge=data["person_in_charge"],
                    handler_contact=data["handler_contact"],
                    notes=data["notes"],
                    acting_user=request.user,
                )
            except ValidationError as refusal:
                for field, field_errors in refusal.message_dict.items():
                    form.add_error(field if field in form.fields else None, field_errors)
            except DomainError as refusal:
                _raise_for_access(refusal)
                form.add_error(None, str(refusal.message))
            else:
                messages.success(request, _("已出具证明 %(serial)s。") % {"serial": certificate.serial_number})
                return redirect("certificates:issue")
        status = 400
    recent = list(selectors.certificate_list(user=request.user)[:RECENT_SHOWN])
    return render(request, "certificates/issue.html", {"form": form, "recent": recent}, status=status)


@login_required
@require_POST
def certificate_revoke_view(request: HttpRequest, certificate_id: int) -> HttpResponse:
    try:
        certificate = selectors.certificate_get(user=request.user, certificate_id=certificate_id)
    except NotFoundError as missing:
        raise Http404(str(missing.message)) from missing
    if not selectors.certificate_may_revoke(user=request.user, certificate=certificate):
        raise PermissionDenied(_("只有出具单位所在辖区的管理员可以撤销证明。"))
    form = CertificateRevokeForm(request.POST)
    problem = ""
    if form.is_valid():
        try:
            certificate = certificate_revoke(
                certificate_id=certificate.pk, reason=form.cleaned_data["reason"], acting_user=request.user
            )
        except (DomainError, ValidationError) as refusal:
            problem = _error_text(refusal)
    else:
        problem = " ".join(str(message) for messages_ in form.errors.values() for message in messages_)
    if request.htmx:  # type: ignore[attr-defined]
        context = {"certificate": certificate, "error": problem}
        return render(request, "certificates/_row.html", context, status=400 if problem else 200)
    if problem:
        messages.error(request, problem)
    else:
        messages.success(request, _("证明 %(serial)s 已撤销。") % {"serial": certificate.serial_number})
    return redirect("certificates:issue")
