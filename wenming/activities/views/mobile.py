"""The volunteer's phone pages: open activities, sign-up, commitments, QR check-in and check-out,
hours and stars, and the private iCalendar feed.

Every page but the feed needs a login and a volunteer record linked to the user; any other user
gets a friendly page (HTTP 403) saying these pages are for registered volunteers. A service's
refusal is shown as its own message and changes nothing.
"""

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from icalendar import Alarm, Calendar, Event

from wenming.activities.models import Activity, ActivityStatus, SignUp, SignUpStatus
from wenming.activities.selectors import (
    activity_get,
    activity_list,
    activity_list_near,
    calendar_commitments,
    volunteer_commitments,
    waitlist_position,
)
from wenming.activities.services import calendar_token_issue, signup_cancel, signup_create
from wenming.activities.services_attendance import (
    CHECK_IN,
    CHECK_OUT,
    attendance_check_in,
    attendance_check_out,
    checkin_token_read,
)
from wenming.core.errors import DomainError, NotFoundError
from wenming.ledger.selectors import volunteer_hours_by_month, volunteer_hours_entries, volunteer_hours_standing
from wenming.volunteers.models import Volunteer

PAGE_SIZE = 10
HOURS_PAGE_SIZE = 20
HOME_COMMITMENTS = 3
RADIUS_CHOICES_KM = (3, 5, 10, 20, 50)
DEFAULT_RADIUS_KM = 10
COORDINATE_SYSTEMS = ("wgs84", "gcj02")
TEMPLATES = "activities/mobile/"
MAX_ID = 2**63 - 1  # a larger id in a URL is simply not found (SQLite and PostgreSQL overflow)

VolunteerView = Callable[..., HttpResponse]


def volunteer_required(view: VolunteerView) -> Callable[..., HttpResponse]:
    """Login (anonymous users go to the login page and come back); then the user's own volunteer
    record is handed to the view, and a user without one gets the friendly 403 page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        volunteer = getattr(request.user, "volunteer", None)  # the reverse one-to-one, or None
        if not isinstance(volunteer, Volunteer):
            return render(request, TEMPLATES + "not_volunteer.html", status=403)
        if any(isinstance(value, int) and value > MAX_ID for value in kwargs.values()):
            raise Http404
        return view(request, volunteer, *args, **kwargs)

    return login_required(wrapper)


def _wants_partial(request: HttpRequest) -> bool:
    """An htmx swap asks for the fragment; a history restore (reload after hx-push-url) for the page."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]


def _int_or_none(value: str | None) -> int | None:
    """A positive whole number that fits a database id, or None."""
    if not value or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def _float_or_none(value: str | None) -> float | None:
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    # NaN and infinities are no place on Earth.
    return number if -1000 < number < 1000 else None


# -- home ------------------------------------------------------------------------------------------


@volunteer_required
@require_GET
def mobile_home_view(request: HttpRequest, volunteer: Volunteer) -> HttpResponse:
    commitments = list(volunteer_commitments(user=request.user)[:HOME_COMMITMENTS])
    return render(request, TEMPLATES + "home.html", {"volunteer": volunteer, "commitments": commitments})


# -- open activities -------------------------------------------------------------------------------


@dataclass(frozen=True)
class NearPoint:
    latitude: float
    longitude: float
    coordinate_system: str
    radius_km: int


def _near_point(params: Mapping[str, str]) -> tuple[NearPoint | None, str]:
    """The "near me" point of the query string (browser geolocation gives WGS-84), or why it is unusable."""
    raw_latitude, raw_longitude = params.get("latitude", "").strip(), params.get("longitude", "").strip()
    if not raw_latitude and not raw_longitude:
        return None, ""
    latitude, longitude = _float_or_none(raw_latitude), _float_or_none(raw_longitude)
    if latitude is None or longitude is None or not -90 <= latitude <= 90 or not -180 <= longitude <= 180:
        return None, _("位置信息无效，请重新获取位置。")
    coordinate_system = params.get("coordinate_system", "").strip() or "wgs84"
    if coordinate_system not in COORDINATE_SYSTEMS:
        return None, _("坐标系只能是 wgs84 或 gcj02。")
    radius_km = _int_or_none(params.get("radius_km"))
    if radius_km not in RADIUS_CHOICES_KM:
        radius_km = DEFAULT_RADIUS_KM
    return NearPoint(latitude, longitude, coordinate_system, radius_km), ""


def _list_url(**params: Any) -> str:
    query = urlencode({name: value for name, value in params.items() if value not in (None, "")})
    return reverse("activities:activities") + (f"?{query}" if query else "")


@volunteer_required
@require_GET
def activity_list_view(request: HttpRequest, volunteer: Volunteer) -> HttpResponse:
    """Open activities soonest first, by category; or, given a point, the nearest first with their distance."""
    category_id = _int_or_none(request.GET.get("category"))
    near, near_error = _near_point(request.GET)
    near_params: dict[str, Any] = {}
    if near is not None:
        near_params = {
            "latitude": f"{near.latitude:.6f}",
            "longitude": f"{near.longitude:.6f}",
            "coordinate_system": near.coordinate_system,
            "radius_km": near.radius_km,
        }
        rows: Any = activity_list_near(
            user=request.user,
            latitude=near.latitude,
            longitude=near.longitude,
            radius_km=near.radius_km,
            coordinate_system=near.coordinate_system,
            category_id=category_id,
        )
    else:
        rows = activity_list(
            user=request.user, status=ActivityStatus.PUBLISHED, category_id=category_id, upcoming_only=True
        ).order_by("starts_at", "pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    entries = list(page.object_list) if near is not None else [(activity, None) for activity in page.object_list]
    # The chips: the categories that have open activities now.
    categories = (
        activity_list(user=request.user, status=ActivityStatus.PUBLISHED, upcoming_only=True)
        .exclude(category__isnull=True)
        .order_by("category__position", "category__name", "category_id")
        .values_list("category_id", "category__name")
        .distinct()
    )
    chips = [(_("全部"), _list_url(**near_params), category_id is None)] + [
        (name, _list_url(category=pk, **near_params), pk == category_id) for pk, name in categories
    ]
    radius_chips = (
        [
            (radius, _list_url(category=category_id, **{**near_params, "radius_km": radius}), radius == near.radius_km)
            for radius in RADIUS_CHOICES_KM
        ]
        if near is not None
        else []
    )
    context = {
        "entries": entries,
        "page": page,
        "near": near,
        "near_error": near_error,
        "chips": chips,
        "radius_chips": radius_chips,
        "category_id": category_id,
        "all_url": _list_url(category=category_id),
        "previous_url": _list_url(category=category_id, page=page.previous_page_number(), **near_params)
        if page.has_previous()
        else "",
        "next_url": _list_url(category=category_id, page=page.next_page_number(), **near_params)
        if page.has_next()
        else "",
    }
    template = "_activity_results.html" if _wants_partial(request) else "activity_list.html"
    response = render(request, TEMPLATES + template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


# -- one activity, sign-up and cancellation --------------------------------------------------------


def _signup_context(user: Any, activity_id: int, error: str = "") -> dict[str, Any]:
    """The activity as the volunteer may see it, their live sign-up for it and their place in line."""
    try:
        activity = activity_get(user=user, activity_id=activity_id)
    except NotFoundError as not_found:
        raise Http404(str(not_found.message)) from not_found
    signup = volunteer_commitments(user=user, include_past=True).filter(activity_id=activity.pk).first()
    now = timezone.now()
    is_past_deadline = activity.status == ActivityStatus.CLOSED or (
        activity.signup_closes_at is not None and activity.signup_closes_at <= now
    )
    return {
        "activity": activity,
        "signup": signup,
        "waitlist_position": waitlist_position(signup) if signup is not None else None,
        "is_open": activity.status == ActivityStatus.PUBLISHED and activity.starts_at > now and not is_past_deadline,
        "is_past_deadline": is_past_deadline,
        "has_started": activity.starts_at <= now,
        "error": error,
    }


@volunteer_required
@require_GET
def activity_detail_view(request: HttpRequest, volunteer: Volunteer, activity_id: int) -> HttpResponse:
    return render(request, TEMPLATES + "activity_detail.html", _signup_context(request.user, activity_id))


def _signup_button_response(request: HttpRequest, activity_id: int, *, error: str, success: str) -> HttpResponse:
    if not _wants_partial(request):  # without JavaScript: back to the page, the outcome as a message
        if error:
            messages.error(request, error)
        elif success:
            messages.success(request, success)
        return redirect("activities:activity_detail", activity_id=activity_id)
    return render(request, TEMPLATES + "_signup_button.html", _signup_context(request.user, activity_id, error))


@volunteer_required
@require_POST
def signup_create_view(request: HttpRequest, volunteer: Volunteer, activity_id: int) -> HttpResponse:
    error = success = ""
    try:
        signup = signup_create(activity_id=activity_id, acting_user=request.user)
    except NotFoundError as not_found:
        raise Http404(str(not_found.message)) from not_found
    except DomainError as refusal:
        error = str(refusal.message)
    else:
        success = _("报名成功。") if signup.status == SignUpStatus.CONFIRMED else _("名额已满，您已进入候补名单。")
    return _signup_button_response(request, activity_id, error=error, success=success)


@volunteer_required
@require_POST
def signup_cancel_view(request: HttpRequest, volunteer: Volunteer, activity_id: int) -> HttpResponse:
    """Give up one's place; answers with the detail page's button or the commitments page's row."""
    signup: SignUp | None = (
        volunteer_commitments(user=request.user, include_past=True).filter(activity_id=activity_id).first()
    )
    error = success = ""
    if signup is None:
        error = _("您没有这个活动的有效报名。")
    else:
        try:
            signup = signup_cancel(signup_id=signup.pk, acting_user=request.user, reason=request.POST.get("reason", ""))
        except NotFoundError as not_found:
            raise Http404(str(not_found.message)) from not_found
        except DomainError as refusal:
            error = str(refusal.message)
        else:
            success = _("已取消报名。")
    if request.POST.get("shown_in") != "commitments":
        return _signup_button_response(request, activity_id, error=error, success=success)
    if not _wants_partial(request):
        messages.add_message(request, messages.ERROR if error else messages.SUCCESS, error or success)
        return redirect("activities:commitments")
    return render(
        request, TEMPLATES + "_commitment_row.html", {"signup": signup, "error": error, "now": timezone.now()}
    )


# -- my commitments --------------------------------------------------------------------------------


@volunteer_required
@require_GET
def commitments_view(request: HttpRequest, volunteer: Volunteer) -> HttpResponse:
    include_past = request.GET.get("past") == "1"
    signups = volunteer_commitments(user=request.user, include_past=include_past)
    page = Paginator(signups, HOURS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        TEMPLATES + "commitments.html",
        {"page": page, "include_past": include_past, "now": timezone.now()},
    )


# -- check-in and check-out from the organizer's QR code --------------------------------------------


def _attendance_page(request: HttpRequest, *, token: str, kind: str) -> HttpResponse:
    """GET: the activity and one big button, with a fresh idempotency key; POST: record it, show the outcome.

    A double tap or a retried POST carries the same key, so it finds the attendance the first made.
    """
    context: dict[str, Any] = {"kind": kind, "is_check_in": kind == CHECK_IN, "token": token}
    if request.method == "POST":
        record = attendance_check_in if kind == CHECK_IN else attendance_check_out
        key = request.POST.get("idempotency_key", "").strip()
        try:
            attendance = record(
                token=token,
                idempotency_key=key,
                acting_user=request.user,
                latitude=_float_or_none(request.POST.get("latitude")),
                longitude=_float_or_none(request.POST.get("longitude")),
                coordinate_system=request.POST.get("coordinate_system", "").strip() or "wgs84",
            )
        except DomainError as refusal:
            return render(request, TEMPLATES + "checkin_result.html", {**context, "error": str(refusal.message)})
        return render(
            request,
            TEMPLATES + "checkin_result.html",
            {**context, "attendance": attendance, "activity": attendance.activity},
        )
    try:
        activity = activity_get(user=request.user, activity_id=checkin_token_read(token, kind=kind))
    except DomainError as refusal:
        return render(request, TEMPLATES + "checkin_result.html", {**context, "error": str(refusal.message)})
    context.update(activity=activity, idempotency_key=uuid.uuid4().hex)
    response = render(request, TEMPLATES + "checkin.html", context)
    response["Cache-Control"] = "private, no-store"  # a cached page would reuse its idempotency key
    return response


@volunteer_required
@require_http_methods(["GET", "POST"])
def checkin_view(request: HttpRequest, volunteer: Volunteer, token: str) -> HttpResponse:
    return _attendance_page(request, token=token, kind=CHECK_IN)


@volunteer_required
@require_http_methods(["GET", "POST"])
def checkout_view(request: HttpRequest, volunteer: Volunteer, token: str) -> HttpResponse:
    return _attendance_page(request, token=token, kind=CHECK_OUT)


# -- hours, stars and love points ------------------------------------------------------------------


@volunteer_required
@require_GET
def my_hours_view(request: HttpRequest, volunteer: Volunteer) -> HttpResponse:
    standing = volunteer_hours_standing(volunteer=volunteer)
    months = volunteer_hours_by_month(volunteer=volunteer)
    entries = volunteer_hours_entries(volunteer=volunteer).select_related("reversed_by")
    page = Paginator(entries, HOURS_PAGE_SIZE).get_page(request.GET.get("page"))
    chart = {
        "labels": [f"{row['month']:%Y-%m}" for row in reversed(months)],
        "values": [float(row["hours"]) for row in reversed(months)],
        "name": _("已审核时长（小时）"),
    }
    context = {
        "volunteer": volunteer,
        "total": standing.total,
        "stars": standing.star_level,
        "star_marks": [index < standing.star_level for index in range(standing.star_count)],
        "next_threshold": standing.next_threshold,
        "hours_to_next": (standing.next_threshold - standing.total) if standing.next_threshold is not None else None,
        "points": standing.points,
        "months": months,
        "chart": chart,
        "page": page,
    }
    return render(request, TEMPLATES + "my_hours.html", context)


# -- the private calendar ----------------------------------------------------------------------------


@volunteer_required
@require_http_methods(["GET", "POST"])
def calendar_settings_view(request: HttpRequest, volunteer: Volunteer) -> HttpResponse:
    if request.method == "POST":
        try:
            calendar_token_issue(volunteer=volunteer, acting_user=request.user)
        except DomainError as refusal:
            messages.error(request, str(refusal.message))
        else:
            messages.success(request, _("已生成新的日历订阅地址；旧地址（如有）已失效。"))
        return redirect("activities:calendar_settings")
    feed_url = webcal_url = ""
    if volunteer.calendar_token:
        feed_path = reverse("activities:calendar", kwargs={"token": volunteer.calendar_token})
        feed_url = request.build_absolute_uri(feed_path)
        webcal_url = "webcal://" + feed_url.split("://", 1)[1]
    response = render(request, TEMPLATES + "calendar_settings.html", {"feed_url": feed_url, "webcal_url": webcal_url})
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"  # the URL is a secret
    return response


def _calendar_event(request: HttpRequest, signup: SignUp, stamp: dt.datetime) -> Event:
    activity: Activity = signup.activity
    is_waitlisted = signup.status == SignUpStatus.WAITLISTED
    is_cancelled = activity.status == ActivityStatus.CANCELLED
    if is_cancelled:
        status_text, ical_status = _("活动已取消"), "CANCELLED"
    elif is_waitlisted:
        status_text, ical_status = _("候补（名额已满，有人取消时按先后递补）"), "TENTATIVE"
    else:
        status_text, ical_status = _("已确认"), "CONFIRMED"
    summary = activity.title
    if is_cancelled:
        summary = _("【已取消】%(title)s") % {"title": activity.title}
    elif is_waitlisted:
        summary = _("【候补】%(title)s") % {"title": activity.title}
    lines = [_("报名状态：%(status)s") % {"status": status_text}, activity.content]
    if activity.contact_name or activity.contact_phone:
        lines.append(_("负责人：%(name)s %(phone)s") % {"name": activity.contact_name, "phone": activity.contact_phone})
    event = Event()
    event.add("uid", f"activity-{activity.pk}@wenming")
    event.add("dtstamp", stamp)
    event.add("dtstart", activity.starts_at.astimezone(dt.UTC))
    event.add("dtend", activity.ends_at.astimezone(dt.UTC))
    event.add("last-modified", activity.updated_at.astimezone(dt.UTC))
    event.add("summary", summary)
    event.add("location", activity.place)
    event.add("description", "\n".join(line.strip() for line in lines if line.strip()))
    event.add("status", ical_status)
    event.add("url", request.build_absolute_uri(reverse("activities:activity_detail", args=[activity.pk])))
    if activity.latitude is not None and activity.longitude is not None:
        event.add("geo", (float(activity.latitude), float(activity.longitude)))
    if not is_cancelled:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _("明天：%(title)s") % {"title": activity.title})
        alarm.add("trigger", dt.timedelta(days=-1))
        event.add_component(alarm)
    return event


@require_GET
def calendar_feed_view(request: HttpRequest, token: str) -> HttpResponse:
    """The volunteer's confirmed and waitlisted commitments as iCalendar; the token is the only key."""
    found = calendar_commitments(token=token)
    if found is None:
        raise Http404(_("日历订阅地址无效。"))
    _volunteer, signups = found
    calendar = Calendar()
    calendar.add("prodid", "-//Wenming//Volunteer commitments//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("我的志愿服务"))
    stamp = timezone.now().astimezone(dt.UTC)
    for signup in signups:
        calendar.add_component(_calendar_event(request, signup, stamp))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="wenming.ics"'
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
