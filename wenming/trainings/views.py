"""Trainings pages: the list with its export, the organizer's detail (roster, attendance, passes, hours),
the create and edit form, and the volunteer's own trainings on the phone.

Each view parses its input, calls one service (for a write) or a selector (for a read) and renders. A
training outside the user's scope is "not found" (404), exactly like a missing one; a training the user
sees but may not manage is refused (403).
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wenming.core.errors import DomainError, NotFoundError, PermissionDeniedError
from wenming.regions.access import may
from wenming.regions.roles import ADD, VIEW
from wenming.trainings import selectors, services
from wenming.trainings.exports import training_list_xlsx, training_roster_xlsx
from wenming.trainings.forms import (
    CancelForm,
    MarkForm,
    RosterExportForm,
    StatusActionForm,
    TrainingFilterForm,
    TrainingForm,
    refusal_to_form,
)
from wenming.trainings.models import EnrolmentStatus, Training, TrainingStatus
from wenming.volunteers.services import personal_data_export_authorize

TRAININGS_PER_PAGE = 20


def _error_text(error: DomainError | ValidationError) -> str:
    if isinstance(error, ValidationError):
        return " ".join(str(message) for message in error.messages)
    return str(error.message)


def _raise_for_access(error: DomainError) -> None:
    """Out of scope is "not found" (404) and a refused act 403; other refusals are shown on the page."""
    if isinstance(error, NotFoundError):
        raise Http404(str(error.message)) from error
    if isinstance(error, PermissionDeniedError):
        raise PermissionDenied(str(error.message)) from error


def _training(request: HttpRequest, training_id: int) -> Training:
    try:
        return selectors.training_get(user=request.user, training_id=training_id)
    except NotFoundError as error:
        raise Http404(str(error.message)) from error


def _managed_training(request: HttpRequest, training_id: int) -> Training:
    """A training the user manages: 404 when they cannot see it, 403 when they only read it."""
    training = _training(request, training_id)
    if not selectors.training_may_change(user=request.user, training=training):
        raise PermissionDenied(_("没有权限管理这个培训。"))
    return training


def _reads_trainings(user: Any) -> bool:
    return may(user, VIEW, Training)


@login_required
@require_GET
def training_list_view(request: HttpRequest) -> HttpResponse:
    """Trainings of the user's scope, filtered by region, status and period, with enrolled and present counts."""
    if not _reads_trainings(request.user):
        raise PermissionDenied(_("没有查看培训的权限。"))
    form = TrainingFilterForm(request.GET)
    filters = form.filters()
    trainings = selectors.training_list(user=request.user, **filters)
    page = Paginator(trainings, TRAININGS_PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode({name: request.GET[name] for name in form.fields if request.GET.get(name)}) if filters else ""
    context = {
        "form": form,
        "page": page,
        "query": query,
        "may_create": may(request.user, ADD, Training),
    }
    return render(request, "trainings/list.html", context, status=200 if form.is_valid() else 400)


@login_required
@require_GET
def training_export_view(request: HttpRequest) -> HttpResponse:
    """The list as an Excel workbook, with the same filters."""
    if not _reads_trainings(request.user):
        raise PermissionDenied(_("没有查看培训的权限。"))
    form = TrainingFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "trainings/list.html", {"form": form, "page": None, "query": ""}, status=400)
    return training_list_xlsx(trainings=selectors.training_list(user=request.user, **form.filters()))


@login_required
@require_http_methods(["GET", "POST"])
def training_create_view(request: HttpRequest) -> HttpResponse:
    if not may(request.user, ADD, Training):
        raise PermissionDenied(_("没有权限发布培训。"))
    form = TrainingForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            training = services.training_create(acting_user=request.user, **form.training_fields())
        except (DomainError, ValidationError) as refusal:
            if isinstance(refusal, DomainError):
                _raise_for_access(refusal)
            refusal_to_form(form, refusal)
        else:
            messages.success(request, _("培训《%(title)s》已保存为草稿。") % {"title": training.title})
            return redirect("trainings:detail", training_id=training.pk)
    status = 400 if form.is_bound else 200
    return render(request, "trainings/form.html", {"form": form, "training": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def training_edit_view(request: HttpRequest, training_id: int) -> HttpResponse:
    training = _managed_training(request, training_id)
    form = TrainingForm(request.POST if request.method == "POST" else None, user=request.user, training=training)
    if request.method == "POST" and form.is_valid():
        try:
            services.training_update(training_id=training.pk, acting_user=request.user, **form.training_fields())
        except (DomainError, ValidationError) as refusal:
            if isinstance(refusal, DomainError):
                _raise_for_access(refusal)
            refusal_to_form(form, refusal)
        else:
            messages.success(request, _("培训已保存。"))
            return redirect("trainings:detail", training_id=training.pk)
    status = 400 if form.is_bound else 200
    return render(request, "trainings/form.html", {"form": form, "training": training}, status=status)


def _detail_context(request: HttpRequest, training: Training) -> dict[str, Any]:
    may_manage = selectors.training_may_change(user=request.user, training=training)
    rows = list(selectors.training_roster(user=request.user, training_id=training.pk)) if may_manage else []
    volunteer = selectors.volunteer_of_user(user=request.user)
    mine = None
    if volunteer is not None:
        mine = training.attendances.filter(volunteer=volunteer).first()
    return {
        "training": training,
        "may_manage": may_manage,
        "rows": rows,
        "has_started": training.starts_at <= timezone.now(),
        "has_ended": training.ends_at <= timezone.now(),
        "is_held": training.status in (TrainingStatus.PUBLISHED, TrainingStatus.FINISHED),
        "mine": mine,
        "volunteer": volunteer,
        "cancel_form": CancelForm(),
        "export_form": RosterExportForm(),
    }


@login_required
@require_GET
def training_detail_view(request: HttpRequest, training_id: int) -> HttpResponse:
    """The training; for its organizers the roster with attendance and pass marks and the hours button."""
    training = _training(request, training_id)
    return render(request, "trainings/detail.html", _detail_context(request, training))


def _back_to_detail(request: HttpRequest, training: Training, error: str = "", success: str = "") -> HttpResponse:
    if error:
        messages.error(request, error)
    elif success:
        messages.success(request, success)
    return redirect("trainings:detail", training_id=training.pk)


@login_required
@require_POST
def training_status_view(request: HttpRequest, training_id: int) -> HttpResponse:
    """Publish a draft or finish a session that has started."""
    training = _managed_training(request, training_id)
    form = StatusActionForm(request.POST)
    if not form.is_valid():
        return _back_to_detail(request, training, error=_("请选择操作。"))
    action = services.training_publish if form.cleaned_data["action"] == "publish" else services.training_finish
    try:
        action(training_id=training.pk, acting_user=request.user)
    except DomainError as refusal:
        _raise_for_access(refusal)
        return _back_to_detail(request, training, error=_error_text(refusal))
    return _back_to_detail(request, training, success=_("培训状态已更新。"))


@login_required
@require_POST
def training_cancel_view(request: HttpRequest, training_id: int) -> HttpResponse:
    training = _managed_training(request, training_id)
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _back_to_detail(request, training, error=_("取消培训时请说明原因。"))
    try:
        services.training_cancel(training_id=training.pk, reason=form.cleaned_data["reason"], acting_user=request.user)
    except (DomainError, ValidationError) as refusal:
        if isinstance(refusal, DomainError):
            _raise_for_access(refusal)
        return _back_to_detail(request, training, error=_error_text(refusal))
    return _back_to_detail(request, training, success=_("培训已取消。"))


@login_required
@require_POST
def training_marks_view(request: HttpRequest, training_id: int) -> HttpResponse:
    """Attendance (present, absent, everyone present) and pass marks of the roster; HTMX gets the roster back."""
    training = _managed_training(request, training_id)
    enrolled = list(training.attendances.filter(status=EnrolmentStatus.ENROLLED).values_list("volunteer_id", flat=True))
    form = MarkForm(request.POST, volunteer_ids=enrolled)
    error = success = ""
    if not form.is_valid():
        error = _("所选志愿者不在本培训的名单中，请刷新页面后重试。")
    else:
        action, ids = form.cleaned_data["action"], form.cleaned_data["volunteer_ids"]
        try:
            if action in ("present", "absent", "all_present"):
                changed = services.training_attendance_mark(
                    training_id=training.pk,
                    is_present=action != "absent",
                    volunteer_ids=None if action == "all_present" else ids,
                    acting_user=request.user,
                )
            else:
                changed = services.training_pass_mark(
                    training_id=training.pk, volunteer_ids=ids, is_passed=action == "passed", acting_user=request.user
                )
            success = _("已更新 %(count)s 人。") % {"count": changed}
        except (DomainError, ValidationError) as refusal:
            if isinstance(refusal, DomainError):
                _raise_for_access(refusal)
            error = _error_text(refusal)
    if getattr(request, "htmx", False):
        context = {**_detail_context(request, _training(request, training.pk)), "error": error, "success": success}
        return render(request, "trainings/_roster.html", context, status=400 if error else 200)
    return _back_to_detail(request, training, error=error, success=success)


@login_required
@require_POST
def training_hours_view(request: HttpRequest, training_id: int) -> HttpResponse:
    """Propose the training's hours to the ledger for every present volunteer not yet proposed."""
    training = _managed_training(request, training_id)
    try:
        proposal = services.training_hours_propose(training_id=training.pk, acting_user=request.user)
    except (DomainError, ValidationError) as refusal:
        if isinstance(refusal, DomainError):
            _raise_for_access(refusal)
        return _back_to_detail(request, training, error=_error_text(refusal))
    return _back_to_detail(
        request,
        training,
        success=_("已提交 %(proposed)s 人的培训时长待审核（%(already)s 人此前已提交）。")
        % {"proposed": proposal.proposed, "already": proposal.already_proposed},
    )


@login_required
@require_GET
def training_roster_export_view(request: HttpRequest, training_id: int) -> HttpResponse:
    """The roster as Excel: masked, or in full for an admin who gives a reason (audited)."""
    training = _managed_training(request, training_id)
    form = RosterExportForm(request.GET)
    if not form.is_valid():
        return _back_to_detail(request, training, error=_("导出参数无效。"))
    try:
        unmasked = personal_data_export_authorize(
            user=request.user,
            unmasked=form.cleaned_data["unmasked"],
            reason=form.cleaned_data["reason"],
            export_name=_("培训名单《%(title)s》") % {"title": training.title},
            ip_address=request.META.get("REMOTE_ADDR"),
        )
    except ValidationError as refusal:
        return _back_to_detail(request, training, error=_error_text(refusal))
    except PermissionDeniedError as refusal:
        raise PermissionDenied(str(refusal.message)) from refusal
    rows = selectors.training_roster(user=request.user, training_id=training.pk)
    return training_roster_xlsx(training=training, attendances=rows, unmasked=unmasked)


@login_required
@require_GET
def training_mine_view(request: HttpRequest) -> HttpResponse:
    """The volunteer's phone page: my trainings, and the published ones still to come to enrol in."""
    volunteer = selectors.volunteer_of_user(user=request.user)
    context: dict[str, Any] = {"volunteer": volunteer, "mine": [], "open": []}
    if volunteer is not None:
        context["mine"] = list(selectors.trainings_of_volunteer(volunteer=volunteer))
        context["open"] = list(selectors.trainings_open_for(user=request.user, volunteer=volunteer)[:50])
        context["now"] = timezone.now()
    return render(request, "trainings/mine.html", context)


@login_required
@require_POST
def training_enrol_view(request: HttpRequest, training_id: int) -> HttpResponse:
    try:
        attendance = services.training_enrol(training_id=training_id, acting_user=request.user)
    except DomainError as refusal:
        _raise_for_access(refusal)
        messages.error(request, _error_text(refusal))
    else:
        if attendance.status == EnrolmentStatus.ENROLLED:
            messages.success(request, _("报名成功：%(title)s") % {"title": attendance.training.title})
        else:
            messages.success(request, _("名额已满，已进入候补：%(title)s") % {"title": attendance.training.title})
    return redirect("trainings:mine")


@login_required
@require_POST
def training_enrolment_cancel_view(request: HttpRequest, attendance_id: int) -> HttpResponse:
    try:
        services.training_enrolment_cancel(attendance_id=attendance_id, acting_user=request.user)
    except DomainError as refusal:
        _raise_for_access(refusal)
        messages.error(request, _error_text(refusal))
    else:
        messages.success(request, _("已取消报名。"))
    return redirect("trainings:mine")
