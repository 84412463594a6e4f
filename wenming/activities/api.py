"""Activities, recurring series, sign-ups, check-in codes and attendances.

Every read goes through the activities selectors (scoped to the caller) and every write through a
service, which says in Chinese (or the request's language) why it refused.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from wenming.activities import selectors, services, services_attendance
from wenming.activities.models import Activity, ActivitySeries, ActivityStatus, Attendance, SignUp, VenueType
from wenming.activities.schemas import (
    ActivityCancelIn,
    ActivityDetailOut,
    ActivityIn,
    ActivityNearOut,
    ActivityOut,
    ActivityPatchIn,
    ActivitySeriesIn,
    ActivitySeriesOut,
    ActivitySeriesPublishedOut,
    AttendanceOut,
    AttendanceRecordIn,
    CalendarTokenOut,
    CheckInIn,
    CheckinKind,
    CheckinTokenOut,
    CommitmentOut,
    CoordinateSystem,
    SignUpCancelIn,
    SignUpIn,
    SignUpOut,
    SignUpRowOut,
)
from wenming.core.answers import answer_of
from wenming.core.errors import DomainError, NotFoundError
from wenming.core.fields import ID_MAX
from wenming.core.pagination import BoundedPageNumberPagination
from wenming.organizations.models import Pairing
from wenming.projects.models import Project
from wenming.sites.selectors import site_get
from wenming.teams.models import TeamCategory
from wenming.teams.selectors import team_get
from wenming.trainings.models import Training
from wenming.volunteers.models import Skill, Volunteer
from wenming.volunteers.selectors import volunteer_of_user

router = Router(tags=["activities"])

# Related records the request names by id. The service's validation (full_clean) refuses an id that
# does not exist, naming the field; the organizing site and team are taken from the caller's scope.
RELATED_BY_ID: dict[str, type[Any]] = {
    "project_id": Project,
    "pairing_id": Pairing,
    "category_id": TeamCategory,
    "required_training_id": Training,
}
CHECKIN_PATHS = {"in": "/m/checkin/{token}/", "out": "/m/checkout/{token}/"}


def _activity_fields(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The service's keyword arguments from the request body: related records in place of their ids."""
    fields: dict[str, Any] = {}
    for name, value in data.items():
        if name == "organizer_site_id":
            fields["organizer_site"] = _in_scope(site_get, field="organizer_site", user=user, site_id=value)
        elif name == "organizer_team_id":
            fields["organizer_team"] = (
                None if value is None else _in_scope(team_get, field="organizer_team", user=user, team_id=value)
            )
        elif name in RELATED_BY_ID:
            fields[name.removesuffix("_id")] = None if value is None else RELATED_BY_ID[name](pk=value)
        elif name == "required_skill_ids":
            fields["required_skills"] = _skills(value)
        else:
            fields[name] = value
    return fields


def _in_scope(selector: Any, *, field: str, **arguments: Any) -> Any:
    """A record named in the body but outside the caller's scope is bad input on that field."""
    try:
        return selector(**arguments)
    except NotFoundError as error:
        raise DomainError(error.message, field=field, code="not_found") from None


def _skills(skill_ids: list[int]) -> list[Skill]:
    skills = list(Skill.objects.filter(pk__in=set(skill_ids)))
    if len(skills) != len(set(skill_ids)):
        raise DomainError(_("所需技能中有不存在的技能。"), field="required_skill_ids")
    return skills


def _own_volunteer(user: Any) -> Volunteer:
    volunteer = volunteer_of_user(user=user)
    if volunteer is None:
        raise NotFoundError(_("您还不是注册志愿者。"), code="not_a_volunteer")
    return volunteer


# -- activities ------------------------------------------------------------------------------------


@router.get("/activities", response=list[ActivityOut], url_name="activity_list")
@paginate(BoundedPageNumberPagination, page_size=50)
def activity_list_api(
    request: HttpRequest,
    status: ActivityStatus | None = None,
    category_id: int | None = Query(None, ge=1, le=ID_MAX),
    venue_type: VenueType | None = None,
    upcoming: bool = False,
    q: str | None = None,
    manageable: bool = False,
) -> QuerySet[Activity]:
    """Activities the caller may see (volunteers: every published one), latest first.

    `upcoming=true`: not yet ended; `manageable=true`: only those the caller may change; `q`: part of the title.
    """
    activities = selectors.activity_list(
        user=request.user,
        status=status,
        category_id=category_id,
        venue_type=venue_type,
        upcoming_only=upcoming,
        search=q,
        manageable_only=manageable,
    )
    return activities.order_by("-starts_at", "-pk")


@router.get("/activities/near", response=list[ActivityNearOut], url_name="activity_list_near")
def activity_list_near_api(
    request: HttpRequest,
    latitude: float = Query(..., ge=-90, le=90, allow_inf_nan=False),
    longitude: float = Query(..., ge=-180, le=180, allow_inf_nan=False),
    radius_km: float = Query(10, gt=0, le=100, allow_inf_nan=False),
    coordinate_system: CoordinateSystem = "wgs84",
    category_id: int | None = Query(None, ge=1, le=ID_MAX),
) -> list[tuple[Activity, float]]:
    """Published activities still to come within radius_km of a point, nearest first (at most 50)."""
    return selectors.activity_list_near(
        user=request.user,
        latitude=latitude,
        longitude=longitude,
        radius_km=radius_km,
        coordinate_system=coordinate_system,
        category_id=category_id,
    )


@router.post("/activities", response={201: ActivityDetailOut}, url_name="activity_create")
def activity_create_api(request: HttpRequest, payload: ActivityIn):
    """A draft activity at a site (and optionally of a team) of the caller's scope; publish it to open sign-up."""
    fields = _activity_fields(request.user, payload.dict())
    return Status(201, services.activity_create(acting_user=request.user, **fields))


@router.get("/activities/{activity_id}", response=ActivityDetailOut, url_name="activity_detail")
def activity_detail_api(request: HttpRequest, activity_id: int) -> Activity:
    return selectors.activity_get(user=request.user, activity_id=activity_id)


@router.patch("/activities/{activity_id}", response=ActivityDetailOut, url_name="activity_update")
def activity_update_api(request: HttpRequest, activity_id: int, payload: ActivityPatchIn) -> Activity:
    """Change the fields sent; volunteers who signed up are told of a new time or place."""
    changes = _activity_fields(request.user, payload.dict(exclude_unset=True))
    return services.activity_update(activity_id=activity_id, acting_user=request.user, **changes)


@router.post("/activities/{activity_id}/publish", response=ActivityDetailOut, url_name="activity_publish")
def activity_publish_api(request: HttpRequest, activity_id: int) -> Activity:
    """Open sign-up; the content, place, how to sign up, risks and safeguards must be filled in first."""
    return services.activity_publish(activity_id=activity_id, acting_user=request.user)


@router.post("/activities/{activity_id}/close", response=ActivityDetailOut, url_name="activity_close")
def activity_close_api(request: HttpRequest, activity_id: int) -> Activity:
    """Stop taking sign-ups; the waitlist still moves up when a place frees."""
    return services.activity_close(activity_id=activity_id, acting_user=request.user)


@router.post("/activities/{activity_id}/finish", response=ActivityDetailOut, url_name="activity_finish")
def activity_finish_api(request: HttpRequest, activity_id: int) -> Activity:
    return services.activity_finish(activity_id=activity_id, acting_user=request.user)


@router.post("/activities/{activity_id}/cancel", response=ActivityDetailOut, url_name="activity_cancel")
def activity_cancel_api(request: HttpRequest, activity_id: int, payload: ActivityCancelIn) -> Activity:
    """Cancel with a reason, which every volunteer who signed up is sent."""
    return services.activity_cancel(activity_id=activity_id, reason=payload.reason, acting_user=request.user)


# -- recurring series ------------------------------------------------------------------------------


@router.post("/activity-series", response={201: ActivitySeriesOut}, url_name="activity_series_create")
def activity_series_create_api(request: HttpRequest, payload: ActivitySeriesIn) -> Status[ActivitySeries]:
    """A weekly activity for a season: one draft activity per occurrence (their ids in occurrence_ids)."""
    fields = _activity_fields(request.user, payload.dict())
    return Status(201, services.activity_series_create(acting_user=request.user, **fields))


@router.post(
    "/activity-series/{series_id}/publish", response=ActivitySeriesPublishedOut, url_name="activity_series_publish"
)
def activity_series_publish_api(request: HttpRequest, series_id: int) -> dict[str, int]:
    """Publish every draft occurrence still to come."""
    count = services.activity_series_publish(series_id=series_id, acting_user=request.user)
    return {"series_id": series_id, "published_count": count}


# -- sign-ups --------------------------------------------------------------------------------------


@router.get("/activities/{activity_id}/signups", response=list[SignUpRowOut], url_name="signup_list")
def signup_list_api(request: HttpRequest, activity_id: int) -> list[SignUp]:
    """The activity's roster for its organizer: confirmed first, then the waitlist in its order."""
    return list(selectors.signup_list(user=request.user, activity_id=activity_id))


@router.post("/activities/{activity_id}/signups", response={200: SignUpOut, 201: SignUpOut}, url_name="signup_create")
def signup_create_api(request: HttpRequest, activity_id: int, payload: SignUpIn) -> Status[SignUpOut]:
    """Take a place, or a waitlist slot when the activity is full (201); signing up again returns the same
    sign-up unchanged (200)."""
    now = timezone.now()
    signup = services.signup_create(
        activity_id=activity_id, acting_user=request.user, volunteer_id=payload.volunteer_id, now=now
    )
    # The service stamps a new (or renewed) sign-up with the time it was given; an earlier one keeps its own.
    return Status(201 if signup.queued_at == now else 200, answer_of(SignUpOut, signup))


@router.post("/signups/{signup_id}/cancel", response=SignUpOut, url_name="signup_cancel")
def signup_cancel_api(request: HttpRequest, signup_id: int, payload: SignUpCancelIn) -> SignUp:
    """Give up a place (the first on the waitlist takes it); shortly before the start the organizer is told."""
    return services.signup_cancel(signup_id=signup_id, acting_user=request.user, reason=payload.reason)


@router.get("/me/commitments", response=list[CommitmentOut], url_name="my_commitments")
def my_commitments_api(request: HttpRequest, include_past: bool = False) -> list[SignUp]:
    """The caller's confirmed and waitlisted sign-ups, soonest first, with their place in the waitlist."""
    return list(selectors.volunteer_commitments(user=request.user, include_past=include_past))


@router.post("/me/calendar-token", response=CalendarTokenOut, url_name="my_calendar_token")
def my_calendar_token_api(request: HttpRequest) -> dict[str, str]:
    """A new private iCalendar address of the caller's commitments; the previous one stops working."""
    token = services.calendar_token_issue(volunteer=_own_volunteer(request.user), acting_user=request.user)
    try:
        url = reverse("activities:calendar", kwargs={"token": token})
    except NoReverseMatch:
        url = f"/calendar/{token}.ics"
    return {"url": url}


# -- check-in and attendance -----------------------------------------------------------------------


@router.get("/activities/{activity_id}/checkin-token", response=CheckinTokenOut, url_name="checkin_token")
def checkin_token_api(request: HttpRequest, activity_id: int, kind: CheckinKind) -> dict[str, Any]:
    """A signed code for the organizer's QR (kind `in` or `out`); it expires at expires_at, so fetch a fresh one."""
    issued = services_attendance.checkin_token_issue(activity_id=activity_id, kind=kind, acting_user=request.user)
    return {
        "activity_id": issued.activity_id,
        "kind": issued.kind,
        "token": issued.token,
        "url": CHECKIN_PATHS[issued.kind].format(token=issued.token),
        "issued_at": issued.issued_at,
        "expires_at": issued.expires_at,
    }


@router.post("/attendances/check-in", response=AttendanceOut, url_name="attendance_check_in")
def attendance_check_in_api(request: HttpRequest, payload: CheckInIn) -> AttendanceOut:
    """The volunteer scanned the check-in code; a retry with the same idempotency_key returns the same attendance."""
    attendance = services_attendance.attendance_check_in(acting_user=request.user, **payload.dict())
    return answer_of(AttendanceOut, attendance)


@router.post("/attendances/check-out", response=AttendanceOut, url_name="attendance_check_out")
def attendance_check_out_api(request: HttpRequest, payload: CheckInIn) -> AttendanceOut:
    """The volunteer scanned the check-out code; the hours go to the organizer for approval."""
    return answer_of(
        AttendanceOut, services_attendance.attendance_check_out(acting_user=request.user, **payload.dict())
    )


@router.get("/activities/{activity_id}/attendances", response=list[AttendanceOut], url_name="attendance_list")
def attendance_list_api(request: HttpRequest, activity_id: int) -> list[Attendance]:
    return list(selectors.attendance_list(user=request.user, activity_id=activity_id))


@router.post("/activities/{activity_id}/attendances", response=AttendanceOut, url_name="attendance_record")
def attendance_record_api(request: HttpRequest, activity_id: int, payload: AttendanceRecordIn) -> Attendance:
    """The organizer checks a volunteer in or out by hand (at `at`, default now) or marks a no-show."""
    return services_attendance.attendance_record(
        activity_id=activity_id,
        volunteer_id=payload.volunteer_id,
        action=payload.action,
        at=payload.at,
        acting_user=request.user,
    )
