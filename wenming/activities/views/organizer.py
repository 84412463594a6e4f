"""The organizer's pages: publishing, sign-ups, the rotating check-in QR code, roster, hours approval.

Each view parses its input, calls one service (for a write) or the selectors of the page (for a
read) and renders. An activity or entry outside the user's scope is "not found" (404), exactly like
a missing one; a user with no organizer role at all is refused (403).
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wenming.activities import services, services_attendance
from wenming.activities.forms import (
    ActivityFilterForm,
    ActivityForm,
    ActivitySeriesForm,
    ActivityStatusForm,
    HoursApproveForm,
    HoursBulkApproveForm,
    HoursFilterForm,
    HoursRejectForm,
    HoursReverseForm,
    QrKindForm,
    RosterActionForm,
    refusal_to_form,
)
from wenming.activities.models import Activity, ActivitySeries, Attendance, SignUp, SignUpStatus
from wenming.activities.selectors import activity_get, activity_list, attendance_list, signup_list
from wenming.core.errors import DomainError, NotFoundError, PermissionDeniedError
from wenming.ledger import services as ledger_services
from wenming.ledger.models import HoursEntry
from wenming.ledger.selectors import hours_entry_list, hours_pending_list
from wenming.regions.access import may
from wenming.regions.roles import ADD, CHANGE
from wenming.volunteers.models import Volunteer

ACTIVITIES_PER_PAGE = 20
ENTRIES_PER_PAGE = 50
CHECKIN_PATHS = {"in": "/m/checkin/{token}/", "out": "/m/checkout/{token}/"}

View = Callable[..., HttpResponse]


# -- access ----------------------------------------------------------------------------------------


def _role_required(check: Callable[[Any], bool], message: Any) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _organizes(user: Any) -> bool:
    """Admins of a region, team leaders and contact units (their pairings' joint activities)."""
    return may(user, CHANGE, Activity)


def _approves_hours(user: Any) -> bool:
    return may(user, ADD, HoursEntry)


organizer_required = _role_required(_organizes, gettext_lazy("没有管理活动的权限。"))
approver_required = _role_required(_approves_hours, gettext_lazy("没有审核志愿服务时长的权限。"))


def _raise_for_access(error: DomainError) -> None:
    """Out of scope is "not found" (404) and a refused act 403; other refusals are shown on the page."""
    if isinstance(error, NotFoundError):
        raise Http404(str(error.message)) from error
    if isinstance(error, PermissionDeniedError):
        raise PermissionDenied(str(error.message)) from error


def _activity_for_change(request: HttpRequest, activity_id: int) -> Activity:
    try:
        return activity_get(user=request.user, activity_id=activity_id, action=CHANGE)
    except NotFoundError as error:
        raise Http404(str(error.message)) from error


def _error_text(error: DomainError | ValidationError) -> str:
    if isinstance(error, ValidationError):
        return " ".join(str(message) for message in error.messages)
    return str(error.message)


def _form_error_text(form: Any) -> str:
    return " ".join(str(message) for errors in form.errors.values() for message in errors)


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


# -- activities ------------------------------------------------------------------------------------


@organizer_required
@require_GET
def manage_list_view(request: HttpRequest) -> HttpResponse:
    form = ActivityFilterForm(request.GET)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    activities = activity_list(user=request.user, status=status or None, manageable_only=True).order_by(
        "-starts_at", "-pk"
    )
    page = Paginator(activities, ACTIVITIES_PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode({"status": status}) if status else ""
    context = {"form": form, "page": page, "query": query}
    return render(request, "activities/organizer/list.html", context)


@organizer_required
@require_http_methods(["GET", "POST"])
def manage_create_view(request: HttpRequest) -> HttpResponse:
    form = ActivityForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(acting_user=request.user, **form.activity_fields())
        except (DomainError, ValidationError) as refusal:
            refusal_to_form(form, refusal)
        else:
            messages.success(request, _("活动《%(title)s》已保存为草稿。") % {"title": activity.title})
            return redirect("activities:manage_detail", activity_id=activity.pk)
    status = 400 if form.is_bound else 200
    return render(request, "activities/organizer/form.html", {"form": form, "activity_id": None}, status=status)


# The first occurrence is validated as an activity: its errors belong to the series' own fields.
SERIES_FIELD_ALIASES = {"starts_at": "starts_time", "ends_at": "ends_time"}


@organizer_required
@require_http_methods(["GET", "POST"])
def manage_series_view(request: HttpRequest) -> HttpResponse:
    form = ActivitySeriesForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            series = services.activity_series_create(acting_user=request.user, **form.activity_fields())
        except (DomainError, ValidationError) as refusal:
            refusal_to_form(form, refusal, aliases=SERIES_FIELD_ALIASES)
        else:
            messages.success(
                request,
                _("周期活动《%(title)s》已生成，%(first)s 至 %(last)s 的每次活动均为草稿，请逐一检查后发布。")
                % {"title": series.title, "first": series.first_on.isoformat(), "last": series.last_on.isoformat()},
            )
            return redirect("activities:manage_list")
    status = 400 if form.is_bound else 200
    return render(request, "activities/organizer/series_form.html", {"form": form}, status=status)


@dataclass
class SignUps:
    confirmed: list[SignUp]
    waitlisted: list[SignUp]
    cancelled: list[SignUp]


def _signups_grouped(signups: Any) -> SignUps:
    grouped = SignUps([], [], [])
    for signup in signups:
        if signup.status == SignUpStatus.CONFIRMED:
            grouped.confirmed.append(signup)
        elif signup.status == SignUpStatus.WAITLISTED:
            grouped.waitlisted.append(signup)
        else:
            grouped.cancelled.append(signup)
    return grouped


@organizer_required
@require_GET
def manage_detail_view(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = _activity_for_change(request, activity_id)
    signups = _signups_grouped(signup_list(user=request.user, activity_id=activity.pk))
    ledger = list(
        hours_entry_list(user=request.user, activity_id=activity.pk)
        .select_related("reversed_by", "decided_by", "approver")
        .order_by("recorded_at", "pk")
    )
    context = {
        "activity": activity,
        "signups": signups,
        "ledger": ledger,
        "skills": list(activity.required_skills.all()),
        "may_publish_series": activity.series_id is not None and may(request.user, CHANGE, ActivitySeries),
        "may_reverse": _approves_hours(request.user),
        "status_form": ActivityStatusForm(),
        "reverse_form": HoursReverseForm(),
    }
    return render(request, "activities/organizer/detail.html", context)


@organizer_required
@require_http_methods(["GET", "POST"])
def manage_edit_view(request: HttpRequest, activity_id: int) -> HttpResponse:
    if request.method == "GET":
        activity = _activity_for_change(request, activity_id)
        form = ActivityForm(initial=ActivityForm.initial_of(activity), user=request.user)
        context = {"form": form, "activity_id": activity.pk, "title": activity.title}
        return render(request, "activities/organizer/form.html", context)
    form = ActivityForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            activity = services.activity_update(
                activity_id=activity_id, acting_user=request.user, **form.activity_fields()
            )
        except (DomainError, ValidationError) as refusal:
            if isinstance(refusal, DomainError):
                _raise_for_access(refusal)
            refusal_to_form(form, refusal)
        else:
            messages.success(request, _("活动《%(title)s》已修改。") % {"title": activity.title})
            return redirect("activities:manage_detail", activity_id=activity.pk)
    else:
        _activity_for_change(request, activity_id)  # an invalid form tells nothing about another scope
    context = {"form": form, "activity_id": activity_id, "title": form.data.get("title", "")}
    return render(request, "activities/organizer/form.html", context, status=400)


STATUS_SERVICES: dict[str, Callable[..., Activity]] = {
    "publish": services.activity_publish,
    "close": services.activity_close,
    "finish": services.activity_finish,
}
STATUS_DONE = {
    "publish": gettext_lazy("活动已发布，开始接受报名。"),
    "close": gettext_lazy("已截止报名。"),
    "finish": gettext_lazy("活动已结束。"),
    "cancel": gettext_lazy("活动已取消，已报名的志愿者会收到通知。"),
}


@organizer_required
@require_POST
def manage_status_view(request: HttpRequest, activity_id: int) -> HttpResponse:
    """Publish, close, finish or cancel (with a reason): one service per action."""
    form = ActivityStatusForm(request.POST)
    if not form.is_valid():
        _activity_for_change(request, activity_id)
        messages.error(request, _form_error_text(form))
        return redirect("activities:manage_detail", activity_id=activity_id)
    action = form.cleaned_data["action"]
    try:
        if action == "cancel":
            services.activity_cancel(
                activity_id=activity_id, reason=form.cleaned_data["reason"], acting_user=request.user
            )
        else:
            STATUS_SERVICES[action](activity_id=activity_id, acting_user=request.user)
    except DomainError as refusal:
        _raise_for_access(refusal)
        messages.error(request, _error_text(refusal))
    else:
        messages.success(request, STATUS_DONE[action])
    return redirect("activities:manage_detail", activity_id=activity_id)


@organizer_required
@require_POST
def manage_series_publish_view(request: HttpRequest, series_id: int) -> HttpResponse:
    """Publish every draft occurrence of a series still to come."""
    try:
        count = services.activity_series_publish(series_id=series_id, acting_user=request.user)
    except DomainError as refusal:
        _raise_for_access(refusal)
        messages.error(request, _error_text(refusal))
    else:
        messages.success(request, _("已发布 %(count)s 次活动。") % {"count": count})
    next_url = request.POST.get("next") or ""
    return redirect(next_url if _is_local(next_url) else "activities:manage_list")


def _is_local(url: str | None) -> bool:
    return bool(url) and url_has_allowed_host_and_scheme(url, allowed_hosts=None)


# -- the rotating QR code --------------------------------------------------------------------------


def _qr_context(request: HttpRequest, activity_id: int, kind: str) -> dict[str, Any]:
    context: dict[str, Any] = {
        "activity_id": activity_id,
        "kind": kind,
        "rotate_seconds": settings.WENMING_QR_ROTATE_SECONDS,
        "error": "",
    }
    try:
        token = services_attendance.checkin_token_issue(activity_id=activity_id, kind=kind, acting_user=request.user)
    except DomainError as refusal:
        _raise_for_access(refusal)
        context["error"] = _error_text(refusal)
        return context
    url = request.build_absolute_uri(CHECKIN_PATHS[kind].format(token=token.token))
    code = segno.make(url, error="m")
    label = _("签到二维码") if kind == "in" else _("签退二维码")
    # segno escapes the title and writes only path data: nothing here comes from user input unescaped.
    svg = code.svg_inline(scale=10, border=2, omitsize=True, svgclass="organizer-qr-svg", title=str(label))
    context.update({"token": token, "url": url, "svg": mark_safe(svg)})  # noqa: S308
    return context


@organizer_required
@require_GET
def manage_qr_view(request: HttpRequest, activity_id: int) -> HttpResponse:
    """The big code shown at the door; its fragment fetches a fresh code every rotation period."""
    kind = QrKindForm(request.GET).chosen_kind()
    if _is_htmx(request):
        response = render(request, "activities/organizer/_qr.html", _qr_context(request, activity_id, kind))
    else:
        activity = _activity_for_change(request, activity_id)
        context = {"activity": activity, **_qr_context(request, activity.pk, kind)}
        response = render(request, "activities/organizer/qr.html", context)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


# -- roster ----------------------------------------------------------------------------------------


@dataclass
class RosterRow:
    volunteer: Volunteer
    signup: SignUp | None
    attendance: Attendance | None
    error: str = ""

    @property
    def state(self) -> str:
        attendance = self.attendance
        if attendance is None:
            return "waiting"
        if attendance.is_no_show:
            return "no_show"
        if attendance.checked_out_at is not None:
            return "checked_out"
        if attendance.checked_in_at is not None:
            return "checked_in"
        return "waiting"


def _roster_rows(request: HttpRequest, activity_id: int, volunteer_id: int | None = None) -> list[RosterRow]:
    """Confirmed volunteers with their attendance, then anyone checked in without a confirmed sign-up."""
    signups = signup_list(user=request.user, activity_id=activity_id).filter(status=SignUpStatus.CONFIRMED)
    attendances = attendance_list(user=request.user, activity_id=activity_id)
    if volunteer_id is not None:
        signups = signups.filter(volunteer_id=volunteer_id)
        attendances = attendances.filter(volunteer_id=volunteer_id)
    by_volunteer = {attendance.volunteer_id: attendance for attendance in attendances}
    rows = [RosterRow(s.volunteer, s, by_volunteer.pop(s.volunteer_id, None)) for s in signups]
    rows += [RosterRow(a.volunteer, None, a) for a in by_volunteer.values()]
    return rows


@organizer_required
@require_GET
def manage_roster_view(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = _activity_for_change(request, activity_id)
    rows = _roster_rows(request, activity.pk)
    context = {
        "activity": activity,
        "rows": rows,
        "needs_review": sum(1 for row in rows if row.attendance and row.attendance.needs_review),
    }
    return render(request, "activities/organizer/roster.html", context)


ROSTER_DONE = {
    "check_in": gettext_lazy("已签到。"),
    "check_out": gettext_lazy("已签退，时长已提交审核。"),
    "no_show": gettext_lazy("已标记缺席。"),
}


@organizer_required
@require_POST
def manage_roster_record_view(request: HttpRequest, activity_id: int, volunteer_id: int) -> HttpResponse:
    """Check someone in or out by hand (at the time given) or mark a no-show; htmx swaps the row."""
    form = RosterActionForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services_attendance.attendance_record(
                activity_id=activity_id,
                volunteer_id=volunteer_id,
                action=form.cleaned_data["action"],
                acting_user=request.user,
                at=form.moment(),
            )
        except DomainError as refusal:
            _raise_for_access(refusal)
            error = _error_text(refusal)
    else:
        _activity_for_change(request, activity_id)
        error = _form_error_text(form)
    if not _is_htmx(request):
        if error:
            messages.error(request, error)
        else:
            messages.success(request, ROSTER_DONE[form.cleaned_data["action"]])
        return redirect("activities:manage_roster", activity_id=activity_id)
    rows = _roster_rows(request, activity_id, volunteer_id)
    if not rows:
        raise Http404(_("志愿者不存在。"))
    rows[0].error = error
    return render(request, "activities/organizer/_roster_row.html", {"row": rows[0], "activity_id": activity_id})


# -- hours -----------------------------------------------------------------------------------------


def _hours_url(activity_id: int | None) -> str:
    url = reverse("activities:manage_hours")
    return f"{url}?activity={activity_id}" if activity_id else url


def _hours_context(request: HttpRequest, activity_id: int | None) -> dict[str, Any]:
    entries = hours_pending_list(user=request.user, activity_id=activity_id)
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "page": page,
        "activity_id": activity_id,
        "approve_form": HoursApproveForm(),
        "reject_form": HoursRejectForm(),
    }


@approver_required
@require_GET
def manage_hours_view(request: HttpRequest) -> HttpResponse:
    """Proposals the user may approve (optionally of one activity), oldest first."""
    form = HoursFilterForm(request.GET)
    activity_id = form.cleaned_data.get("activity") if form.is_valid() else None
    return render(request, "activities/organizer/hours.html", _hours_context(request, activity_id))


def _hours_row_response(
    request: HttpRequest, *, entry_id: int, decision: HoursEntry | None, error: str, activity_id: int | None
) -> HttpResponse:
    entry = None
    if decision is None:
        entry = hours_pending_list(user=request.user).filter(pk=entry_id).first()
    context = {
        "entry_id": entry_id,
        "entry": entry,
        "decision": decision,
        "error": error,
        "activity_id": activity_id,
        "approve_form": HoursApproveForm(),
        "reject_form": HoursRejectForm(),
    }
    return render(request, "activities/organizer/_hours_row.html", context)


def _hours_decided(
    request: HttpRequest, *, entry_id: int, decision: HoursEntry | None, error: str, done: str
) -> HttpResponse:
    filter_form = HoursFilterForm(request.POST)
    activity_id = filter_form.cleaned_data.get("activity") if filter_form.is_valid() else None
    if _is_htmx(request):
        return _hours_row_response(request, entry_id=entry_id, decision=decision, error=error, activity_id=activity_id)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return HttpResponseRedirect(_hours_url(activity_id))


def _entry_check(request: HttpRequest, entry_id: int) -> None:
    """An invalid form still answers 404 for an entry outside the user's scope."""
    if not hours_entry_list(user=request.user).filter(pk=entry_id).exists():
        raise Http404(_("时长记录不存在。"))


@approver_required
@require_POST
def manage_hours_approve_view(request: HttpRequest, entry_id: int) -> HttpResponse:
    form = HoursApproveForm(request.POST)
    decision, error = None, ""
    if form.is_valid():
        try:
            decision = ledger_services.hours_entry_approve(
                entry_id=entry_id,
                acting_user=request.user,
                hours=form.hours_value(),
                reason=form.cleaned_data["reason"],
            )
        except DomainError as refusal:
            _raise_for_access(refusal)
            error = _error_text(refusal)
    else:
        _entry_check(request, entry_id)
        error = _form_error_text(form)
    done = _("已审核，记入 %(hours)s 小时。") % {"hours": decision.hours} if decision else ""
    return _hours_decided(request, entry_id=entry_id, decision=decision, error=error, done=done)


@approver_required
@require_POST
def manage_hours_reject_view(request: HttpRequest, entry_id: int) -> HttpResponse:
    form = HoursRejectForm(request.POST)
    decision, error = None, ""
    if form.is_valid():
        try:
            decision = ledger_services.hours_entry_reject(
                entry_id=entry_id, reason=form.cleaned_data["reason"], acting_user=request.user
            )
        except DomainError as refusal:
            _raise_for_access(refusal)
            error = _error_text(refusal)
    else:
        _entry_check(request, entry_id)
        error = _form_error_text(form)
    return _hours_decided(request, entry_id=entry_id, decision=decision, error=error, done=_("已退回。"))


@dataclass
class Outcome:
    entry_id: int
    is_approved: bool
    message: str
    entry: HoursEntry | None


@approver_required
@require_POST
def manage_hours_bulk_view(request: HttpRequest) -> HttpResponse:
    """Approve the ticked proposals as proposed; each stands or falls alone and the page says why."""
    form = HoursBulkApproveForm(request.POST)
    activity_id = None
    outcomes: list[Outcome] = []
    if form.is_valid():
        activity_id = form.cleaned_data.get("activity")
        ids = form.cleaned_data["entry_ids"]
        results = ledger_services.hours_entries_approve(entry_ids=ids, acting_user=request.user)
        entries = hours_entry_list(user=request.user).filter(pk__in=ids).in_bulk()
        outcomes = [
            Outcome(result.entry_id, result.is_approved, result.message, entries.get(result.entry_id))
            for result in results
        ]
    context = {**_hours_context(request, activity_id), "outcomes": outcomes, "bulk_error": _form_error_text(form)}
    template = "activities/organizer/_hours.html" if _is_htmx(request) else "activities/organizer/hours.html"
    return render(request, template, context, status=200 if form.is_valid() or _is_htmx(request) else 400)


@approver_required
@require_POST
def manage_hours_reverse_view(request: HttpRequest, entry_id: int) -> HttpResponse:
    """Reverse an approved entry (and, with corrected hours, append the corrected credit)."""
    form = HoursReverseForm(request.POST)
    activity_id = form.cleaned_data.get("activity") if form.is_valid() else None
    if form.is_valid():
        try:
            reversal = ledger_services.hours_entry_reverse(
                entry_id=entry_id,
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
                corrected_hours=form.cleaned_data["corrected_hours"],
            )
        except DomainError as refusal:
            _raise_for_access(refusal)
            messages.error(request, _error_text(refusal))
        else:
            activity_id = reversal.activity_id or activity_id
            messages.success(request, _("已冲销 %(hours)s 小时。") % {"hours": -reversal.hours})
    else:
        _entry_check(request, entry_id)
        messages.error(request, _form_error_text(form))
    if activity_id:
        return HttpResponseRedirect(reverse("activities:manage_detail", args=[activity_id]) + "#ledger")
    return redirect("activities:manage_hours")
