"""The units pages (/units/): contact units, pairings and their joint activities, policy documents, joint meetings.

Each view parses its input, calls one service (a write) or the page's selectors (a read) and renders.
A record outside the user's scope is "not found" (404), exactly like a missing one; a user who may
read none of a list's records is refused (403). Files are downloaded only through the API's
access-checked endpoints.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wenming.core.errors import DomainError, NotFoundError, PermissionDeniedError
from wenming.organizations import exports, selectors, services
from wenming.organizations.forms import (
    FileUploadForm,
    JointMeetingFilterForm,
    JointMeetingForm,
    OrganizationFilterForm,
    OrganizationForm,
    PairingEndForm,
    PairingFilterForm,
    PairingForm,
    PolicyDocumentFilterForm,
    PolicyDocumentForm,
    UnmaskedExportForm,
)
from wenming.organizations.models import JointMeeting, Organization, Pairing, PolicyDocument
from wenming.projects.selectors import award_list_for
from wenming.regions.access import may
from wenming.regions.roles import ADD, CHANGE, VIEW, Role
from wenming.volunteers.services import personal_data_export_authorize

PER_PAGE = 50
ACTIVITIES_SHOWN = 50
View = Callable[..., HttpResponse]


# -- access and errors -----------------------------------------------------------------------------


def _may_read(model: type[Model], message: Any) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not may(request.user, VIEW, model):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


units_readers = _may_read(Organization, gettext_lazy("没有查看联系单位的权限。"))
pairings_readers = _may_read(Pairing, gettext_lazy("没有查看结对共建的权限。"))
documents_readers = _may_read(PolicyDocument, gettext_lazy("没有查看制度文件的权限。"))
meetings_readers = _may_read(JointMeeting, gettext_lazy("没有查看联席会议的权限。"))


def _writers_only(user: Any, model: type[Model]) -> None:
    if not may(user, ADD, model):
        raise PermissionDenied(_("只有中心或所管理员可以登记和修改。"))


def _found(getter: Callable[..., Any], **arguments: Any) -> Any:
    """The selector's record, or 404 for one that is missing or outside the user's scope."""
    try:
        return getter(**arguments)
    except NotFoundError as error:
        raise Http404(str(error.message)) from error


def _refusal_to_form(form: Any, refusal: Exception) -> None:
    """A service's refusal on the form: a field's error under the field, the rest on top; 403/404 raised."""
    if isinstance(refusal, NotFoundError):
        raise Http404(str(refusal.message)) from refusal
    if isinstance(refusal, PermissionDeniedError):
        raise PermissionDenied(str(refusal.message)) from refusal
    if isinstance(refusal, ValidationError) and hasattr(refusal, "error_dict"):
        for field, errors in refusal.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(refusal, DomainError):
        form.add_error(refusal.field if refusal.field in form.fields else None, str(refusal.message))
    else:
        form.add_error(None, " ".join(str(message) for message in getattr(refusal, "messages", [refusal])))


def _query_without_page(request: HttpRequest) -> str:
    return urlencode([(key, value) for key, value in request.GET.items() if key != "page"])


def _list_context(request: HttpRequest, queryset: Any, form: Any, **extra: Any) -> dict[str, Any]:
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    return {"form": form, "page": page, "query": _query_without_page(request), **extra}


def _export_unmasked(request: HttpRequest, export_name: str) -> bool:
    """GET: the masked export; POST with a reason: the full phone numbers, for those who may (audited)."""
    if request.method != "POST":
        return False
    form = UnmaskedExportForm(request.POST)
    if not form.is_valid():
        raise PermissionDenied(_("请填写导出未脱敏信息的事由。"))
    try:
        return personal_data_export_authorize(
            user=request.user,
            unmasked=True,
            reason=form.cleaned_data["reason"],
            export_name=export_name,
            ip_address=request.META.get("REMOTE_ADDR"),
        )
    except (PermissionDeniedError, ValidationError) as refusal:
        raise PermissionDenied(str(getattr(refusal, "message", refusal))) from refusal


def _may_unmask(user: Any) -> bool:
    return bool(user.is_superuser or user.has_role(Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN))


# -- contact units ---------------------------------------------------------------------------------


@units_readers
@require_GET
def unit_list_view(request: HttpRequest) -> HttpResponse:
    form = OrganizationFilterForm(request.GET)
    units = selectors.organization_list(user=request.user, **form.selector_arguments())
    context = _list_context(
        request,
        units,
        form,
        may_write=may(request.user, ADD, Organization),
        may_unmask=_may_unmask(request.user),
    )
    return render(request, "organizations/unit_list.html", context)


@units_readers
@require_http_methods(["GET", "POST"])
def unit_export_view(request: HttpRequest) -> HttpResponse:
    form = OrganizationFilterForm(request.GET)
    units = selectors.organization_list(user=request.user, **form.selector_arguments())
    return exports.organization_xlsx(units=units, unmasked=_export_unmasked(request, _("联系单位")))


@login_required
@require_GET
def unit_detail_view(request: HttpRequest, organization_id: int) -> HttpResponse:
    unit = _found(selectors.organization_get, user=request.user, organization_id=organization_id)
    pairings = list(selectors.pairing_list(user=request.user, organization_id=unit.pk))
    activities = selectors.organization_joint_activities(user=request.user, organization=unit)
    context = {
        "unit": unit,
        "pairings": pairings,
        "activities": list(activities[:ACTIVITIES_SHOWN]),
        "activity_total": selectors.joint_activity_total(
            pairings=selectors.pairing_list(user=request.user, organization_id=unit.pk)
        ),
        "awards": list(award_list_for(awardee=unit)),
        "may_change": may(request.user, CHANGE, Organization, unit),
    }
    return render(request, "organizations/unit_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def unit_create_view(request: HttpRequest) -> HttpResponse:
    _writers_only(request.user, Organization)
    form = OrganizationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            unit = services.organization_create(region=data.pop("region"), acting_user=request.user, **data)
        except (DomainError, ValidationError) as refusal:
            _refusal_to_form(form, refusal)
        else:
            messages.success(request, _("已登记联系单位“%(name)s”。") % {"name": unit.name})
            return redirect("organizations:unit_detail", organization_id=unit.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "organizations/form.html", {"form": form, "title": _("登记联系单位")}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit_view(request: HttpRequest, organization_id: int) -> HttpResponse:
    unit = _found(selectors.organization_get, user=request.user, organization_id=organization_id)
    if not may(request.user, CHANGE, Organization, unit):
        raise PermissionDenied(_("没有权限修改该联系单位。"))
    form = OrganizationForm(request.POST or None, instance=unit, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(organization_id=unit.pk, acting_user=request.user, **form.cleaned_data)
        except (DomainError, ValidationError) as refusal:
            _refusal_to_form(form, refusal)
        else:
            messages.success(request, _("已保存。"))
            return redirect("organizations:unit_detail", organization_id=unit.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": _("修改联系单位"), "back": unit}
    return render(request, "organizations/form.html", context, status=status)


@login_required
@require_POST
def unit_deactivate_view(request: HttpRequest, organization_id: int) -> HttpResponse:
    unit = _found(selectors.organization_get, user=request.user, organization_id=organization_id)
    if not may(request.user, CHANGE, Organization, unit):
        raise PermissionDenied(_("没有权限停用该联系单位。"))
    try:
        services.organization_deactivate(organization_id=unit.pk, acting_user=request.user)
    except PermissionDeniedError as refusal:
        raise PermissionDenied(str(refusal.message)) from refusal
    except DomainError as refusal:
        messages.error(request, str(refusal.message))
    else:
        messages.success(request, _("联系单位“%(name)s”已停用。") % {"name": unit.name})
    return redirect("organizations:unit_detail", organization_id=unit.pk)


# -- pairings --------------------------------------------------------------------------------------


@pairings_readers
@require_GET
def pairing_list_view(request: HttpRequest) -> HttpResponse:
    form = PairingFilterForm(request.GET, user=request.user)
    pairings = selectors.pairing_list(user=request.user, **form.selector_arguments())
    context = _list_context(
        request,
        pairings,
        form,
        activity_total=selectors.joint_activity_total(pairings=pairings),
        may_write=may(request.user, ADD, Pairing),
        may_unmask=_may_unmask(request.user),
    )
    return render(request, "organizations/pairing_list.html", context)


@pairings_readers
@require_http_methods(["GET", "POST"])
def pairing_export_view(request: HttpRequest) -> HttpResponse:
    form = PairingFilterForm(request.GET, user=request.user)
    pairings = selectors.pairing_list(user=request.user, **form.selector_arguments())
    return exports.pairing_xlsx(pairings=pairings, unmasked=_export_unmasked(request, _("结对共建")))


@login_required
@require_GET
def pairing_detail_view(request: HttpRequest, pairing_id: int) -> HttpResponse:
    pairing = _found(selectors.pairing_get, user=request.user, pairing_id=pairing_id)
    activities = selectors.pairing_joint_activities(pairing=pairing)
    context = {
        "pairing": pairing,
        "activities": list(activities),
        "may_change": may(request.user, CHANGE, Pairing, pairing),
        "end_form": PairingEndForm(),
    }
    return render(request, "organizations/pairing_detail.html", context)


@login_required
@require_GET
def pairing_activities_export_view(request: HttpRequest, pairing_id: int) -> HttpResponse:
    pairing = _found(selectors.pairing_get, user=request.user, pairing_id=pairing_id)
    activities = selectors.pairing_joint_activities(pairing=pairing)
    return exports.joint_activity_xlsx(pairing=pairing, activities=activities)


@login_required
@require_http_methods(["GET", "POST"])
def pairing_create_view(request: HttpRequest) -> HttpResponse:
    _writers_only(request.user, Pairing)
    form = PairingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            pairing = services.pairing_create(
                organization=data.pop("organization"), site=data.pop("site"), acting_user=request.user, **data
            )
        except (DomainError, ValidationError) as refusal:
            _refusal_to_form(form, refusal)
        else:
            messages.success(request, _("已建立结对。"))
            return redirect("organizations:pairing_detail", pairing_id=pairing.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "organizations/form.html", {"form": form, "title": _("建立结对")}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def pairing_edit_view(request: HttpRequest, pairing_id: int) -> HttpResponse:
    pairing = _found(selectors.pairing_get, user=request.user, pairing_id=pairing_id)
    if not may(request.user, CHANGE, Pairing, pairing):
        raise PermissionDenied(_("没有权限修改该结对。"))
    form = PairingForm(request.POST or None, instance=pairing, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.pairing_update(pairing_id=pairing.pk, acting_user=request.user, **form.cleaned_data)
        except (DomainError, ValidationError) as refusal:
            _refusal_to_form(form, refusal)
        else:
            messages.success(request, _("已保存。"))
            return redirect("organizations:pairing_detail", pairing_id=pairing.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": _("修改结对"), "back": pairing}
    return render(request, "organizations/form.html", context, status=status)


@login_required
@require_POST
def pairing_end_view(request: HttpRequest, pairing_id: int) -> HttpResponse:
    pairing = _found(selectors.pairing_get, user=request.user, pairing_id=pairing_id)
    if not may(request.user, CHANGE, Pairing, pairing):
        raise PermissionDenied(_("没有权限结束该结对。"))
    form = PairingEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写结束日期。"))
    else:
        try:
            services.pairing_end(
                pairing_id=pairing.pk, ended_on=form.cleaned_data["ended_on"], acting_user=request.user
            )
        except PermissionDeniedError as refusal:
            raise PermissionDenied(str(refusal.message)) from refusal
        except (DomainError, ValidationError) as refusal:
            messages.error(request, " ".join(getattr(refusal, "messages", [str(refusal)])))
        else:
            messages.success(request, _("结对已结束。"))
    return redirect("organizations:pairing_detail", pairing_id=pairing.pk)


# -- policy documents ------------------------------------------------------------------------------


@documents_readers
@require_GET
def document_list_view(request: HttpRequest) -> HttpResponse:
    form = PolicyDocumentFilterForm(request.GET)
    documents = selectors.policy_document_list(user=request.user, **form.selector_arguments())
    context = _list_context(request, documents, form, may_write=may(request.user, ADD, PolicyDocument))
    return render(request, "organizations/document_list.html", context)


@documents_readers
@require_GET
def document_export_view(request: HttpRequest) -> HttpResponse:
    form = PolicyDocumentFilterForm(request.GET)
    documents = selectors.policy_document_list(user=request.user, **form.selector_arguments())
    return exports.policy_document_xlsx(documents=documents)


@login_required
@require_GET
def document_detail_view(request: HttpRequest, document_id: int) -> HttpResponse:
    document = _found(selectors.policy_document_get, user=request.user, document_id=document_id)
    return _document_page(request, document, FileUploadForm())


def _document_page(request: HttpRequest, document: PolicyDocument, form: Any, status: int = 200) -> HttpResponse:
    context = {
        "document": document,
        "versions": list(selectors.policy_document_versions(document=document)),
        "may_change": may(request.user, CHANGE, PolicyDocument, document),
        "upload_form": form,
    }
    return render(request, "organizations/document_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def document_create_view(request: HttpRequest) -> HttpResponse:
    _writers_only(request.user, PolicyDocument)
    form = PolicyDocumentForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload, note = data.pop("file"), data.pop("change_note")
        try:
            document = services.policy_document_create(
                region=data.pop("region"), upload=upload, change_note=note, acting_user=request.user, **data
            )
        except (DomainError, ValidationError) as refusal:
            _refusal_to_form(form, refusal)
        else:
            messages.success(request, _("已登记制度文件“%(title)s”。") % {"title": document.title})
            return redirect("organizations:document_detail", document_id=document.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": _("登记制度文件"), "multipart": True}
    return render(request, "organizations/form.html", context, status=status)


@login_required
@require_POST
def document_upload_view(request: HttpRequest, document_id: int) -> HttpResponse:
    document = _found(selectors.policy_document_get, user=request.user, document_id=document_id)
    if not may(request.user, CHANGE, PolicyDocument, document):
        raise PermissionDenied(_("没有权限上传该制度文件的新版本。"))
    form = FileUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            version = services.policy_document_version_upload(
                document_id=document.pk,
                upload=form.cleaned_data["file"],
                change_note=form.cleaned_data["change_note"],
                acting_user=request.user,
            )
        except (DomainError, ValidationError) as refusal:
            _refusal_to_form(form, refusal)
        else:
            messages.success(request, _("已上传第 %(number)d 版。") % {"number": version.number})
            return redirect("organizations:document_detail", document_id=document.pk)
    return _document_page(request, document, form, status=400)


# -- joint meetings --------------------------------------------------------------------------------


@meetings_readers
@require_GET
def meeting_list_view(request: HttpRequest) -> HttpResponse:
    form = JointMeetingFilterForm(request.GET)
    meetings = selectors.joint_meeting_list(user=request.user, **form.selector_arguments())
    context = _list_context(request, meetings, form, may_write=may(request.user, ADD, JointMeeting))
    return render(request, "organizations/meeting_list.html", context)


@meetings_readers
@require_GET
def meeting_export_view(request: HttpRequest) -> HttpResponse:
    form = JointMeetingFilterForm(request.GET)
    meetings = selectors.joint_meeting_list(user=request.user, **form.selector_arguments())
    return exports.joint_meeting_xlsx(meetings=meetings)


def _meeting_page(request: HttpRequest, meeting: JointMeeting, form: Any, status: int = 200) -> HttpResponse:
    context = {
        "meeting": meeting,
        "files": list(selectors.joint_meeting_files(meeting=meeting)),
        "may_change": may(request.user, CHANGE, JointMeeting, meeting),
        "upload_form": form,
    }
    return render(request, "organizations/meeting_detail.html", context, status=status)


@login_required
@require_GET
def meeting_detail_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _found(selectors.joint_meeting_get, user=request.user, meeting_id=meeting_id)
    return _meeting_page(request, meeting, FileUploadForm())


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create_view(request: HttpRequest) -> HttpResponse:
    _writers_only(request.user, JointMeeting)
    form = JointMeetingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            meeting = services.joint_meeting_create(
                region=data.pop("region"),
                attendee_units=list(data.pop("attendee_units")),
                attendee_sites=list(data.pop("attendee_sites")),
                acting_user=request.user,
                **data,
            )
        except (DomainError, ValidationError) as refusal:
            _refusal_to_form(form, refusal)
        else:
            messages.success(request, _("已登记联席会议。"))
            return redirect("organizations:meeting_detail", meeting_id=meeting.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "organizations/form.html", {"form": form, "title": _("登记联席会议")}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _found(selectors.joint_meeting_get, user=request.user, meeting_id=meeting_id)
    if not may(request.user, CHANGE, JointMeeting, meeting):
        raise PermissionDenied(_("没有权限修改该联席会议记录。"))
    form = JointMeetingForm(request.POST or None, instance=meeting, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.joint_meeting_update(
                meeting_id=meeting.pk,
                attendee_units=list(data.pop("attendee_units")),
                attendee_sites=list(data.pop("attendee_sites")),
                acting_user=request.user,
                **data,
            )
        except (DomainError, ValidationError) as refusal:
            _refusal_to_form(form, refusal)
        else:
            messages.success(request, _("已保存。"))
            return redirect("organizations:meeting_detail", meeting_id=meeting.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": _("修改联席会议记录"), "back": meeting}
    return render(request, "organizations/form.html", context, status=status)


@login_required
@require_POST
def meeting_upload_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _found(selectors.joint_meeting_get, user=request.user, meeting_id=meeting_id)
    if not may(request.user, CHANGE, JointMeeting, meeting):
        raise PermissionDenied(_("没有权限为该联席会议上传文件。"))
    form = FileUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            stored = services.joint_meeting_file_upload(
                meeting_id=meeting.pk,
                upload=form.cleaned_data["file"],
                change_note=form.cleaned_data["change_note"],
                acting_user=request.user,
            )
        except (DomainError, ValidationError) as refusal:
            _refusal_to_form(form, refusal)
        else:
            messages.success(request, _("已上传第 %(number)d 个文件。") % {"number": stored.number})
            return redirect("organizations:meeting_detail", meeting_id=meeting.pk)
    return _meeting_page(request, meeting, form, status=400)
