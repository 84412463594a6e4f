import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, AwareDatetime, field_validator

from wenming.activities.models import Activity, ActivitySeries, Attendance, SignUp, VenueType
from wenming.activities.selectors import waitlist_position
from wenming.core.fields import ID_MAX
from wenming.core.masking import mask_phone

# Years that keep absurd dates a 422 instead of a database overflow.
YEARS = range(2000, 2101)


def _year_bounded(value: dt.date) -> dt.date:
    if value.year not in YEARS:
        raise ValueError("year out of range")
    return value


# Times come with their timezone (ISO 8601, e.g. 2024-05-01T09:00:00+08:00); a naive time is refused.
InputDatetime = Annotated[AwareDatetime, AfterValidator(_year_bounded)]
InputDate = Annotated[dt.date, AfterValidator(_year_bounded)]
CoordinateSystem = Literal["wgs84", "gcj02"]
CheckinKind = Literal["in", "out"]


class ActivityFieldsIn(Schema):
    """What an organizer writes about an activity (related records by id); times are ISO 8601 with timezone."""

    title: str = Field(..., max_length=120)
    content: str = Field(..., max_length=5000)
    organizer_site_id: int = Field(..., ge=1, le=ID_MAX)
    organizer_team_id: int | None = Field(None, ge=1, le=ID_MAX)
    project_id: int | None = Field(None, ge=1, le=ID_MAX)
    pairing_id: int | None = Field(None, ge=1, le=ID_MAX)
    category_id: int | None = Field(None, ge=1, le=ID_MAX)
    venue_type: VenueType
    place: str = Field(..., max_length=200)
    latitude: Decimal | None = Field(None, ge=-90, le=90)
    longitude: Decimal | None = Field(None, ge=-180, le=180)
    coordinate_system: CoordinateSystem = "wgs84"
    geofence_radius_m: int | None = Field(None, ge=1, le=100_000)
    recipient: str = Field("", max_length=100)
    contact_name: str = Field("", max_length=64)
    contact_phone: str = Field("", max_length=20)
    signup_closes_at: InputDatetime | None = None
    late_cancel_hours: int = Field(24, ge=0, le=720)
    capacity: int = Field(..., ge=1, le=100_000)
    signup_method: str = Field("", max_length=200)
    risk_statement: str = Field("", max_length=5000)
    safeguards: str = Field("", max_length=5000)
    requires_insurance: bool = False
    insurance_note: str = Field("", max_length=200)
    min_age: int | None = Field(None, ge=0, le=150)
    max_age: int | None = Field(None, ge=0, le=150)
    required_training_id: int | None = Field(None, ge=1, le=ID_MAX)
    required_skill_ids: list[int] = Field(default_factory=list, max_length=100)


class ActivityIn(ActivityFieldsIn):
    starts_at: InputDatetime
    ends_at: InputDatetime


NOT_NULL_ON_PATCH = (
    "title",
    "content",
    "organizer_site_id",
    "venue_type",
    "place",
    "coordinate_system",
    "recipient",
    "contact_name",
    "contact_phone",
    "starts_at",
    "ends_at",
    "late_cancel_hours",
    "capacity",
    "signup_method",
    "risk_statement",
    "safeguards",
    "requires_insurance",
    "insurance_note",
    "required_skill_ids",
)


class ActivityPatchIn(Schema):
    """Only the fields sent are changed; null clears the optional ones (team, project, coordinates, ages…)."""

    title: str | None = Field(None, max_length=120)
    content: str | None = Field(None, max_length=5000)
    organizer_site_id: int | None = Field(None, ge=1, le=ID_MAX)
    organizer_team_id: int | None = Field(None, ge=1, le=ID_MAX)
    project_id: int | None = Field(None, ge=1, le=ID_MAX)
    pairing_id: int | None = Field(None, ge=1, le=ID_MAX)
    category_id: int | None = Field(None, ge=1, le=ID_MAX)
    venue_type: VenueType | None = None
    place: str | None = Field(None, max_length=200)
    latitude: Decimal | None = Field(None, ge=-90, le=90)
    longitude: Decimal | None = Field(None, ge=-180, le=180)
    coordinate_system: CoordinateSystem | None = None
    geofence_radius_m: int | None = Field(None, ge=1, le=100_000)
    recipient: str | None = Field(None, max_length=100)
    contact_name: str | None = Field(None, max_length=64)
    contact_phone: str | None = Field(None, max_length=20)
    starts_at: InputDatetime | None = None
    ends_at: InputDatetime | None = None
    signup_closes_at: InputDatetime | None = None
    late_cancel_hours: int | None = Field(None, ge=0, le=720)
    capacity: int | None = Field(None, ge=1, le=100_000)
    signup_method: str | None = Field(None, max_length=200)
    risk_statement: str | None = Field(None, max_length=5000)
    safeguards: str | None = Field(None, max_length=5000)
    requires_insurance: bool | None = None
    insurance_note: str | None = Field(None, max_length=200)
    min_age: int | None = Field(None, ge=0, le=150)
    max_age: int | None = Field(None, ge=0, le=150)
    required_training_id: int | None = Field(None, ge=1, le=ID_MAX)
    required_skill_ids: list[int] | None = Field(None, max_length=100)

    @field_validator(*NOT_NULL_ON_PATCH, mode="after")
    @classmethod
    def _refuse_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("this field cannot be null")
        return value


class ActivityOut(Schema):
    """An activity as the API shows it: the contact phone only ever masked."""

    id: int
    title: str
    content: str
    status: str
    status_display: str
    region_code: str
    region_name: str
    organizer_site_id: int
    organizer_site_name: str
    organizer_team_id: int | None
    organizer_team_name: str | None
    project_id: int | None
    pairing_id: int | None
    category_id: int | None
    series_id: int | None
    venue_type: str
    venue_type_display: str
    place: str
    latitude: Decimal | None
    longitude: Decimal | None
    geofence_radius_m: int | None
    recipient: str
    contact_name: str
    contact_phone_masked: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    signup_closes_at: dt.datetime | None
    late_cancel_hours: int
    capacity: int
    confirmed_count: int
    places_left: int
    signup_method: str
    risk_statement: str
    safeguards: str
    requires_insurance: bool
    insurance_note: str
    min_age: int | None
    max_age: int | None
    required_training_id: int | None
    published_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    cancel_reason: str

    @staticmethod
    def resolve_status_display(activity: Activity) -> str:
        return str(activity.get_status_display())

    @staticmethod
    def resolve_region_code(activity: Activity) -> str:
        return activity.region.code

    @staticmethod
    def resolve_region_name(activity: Activity) -> str:
        return activity.region.name

    @staticmethod
    def resolve_organizer_site_name(activity: Activity) -> str:
        return activity.organizer_site.name

    @staticmethod
    def resolve_organizer_team_name(activity: Activity) -> str | None:
        return activity.organizer_team.name if activity.organizer_team is not None else None

    @staticmethod
    def resolve_venue_type_display(activity: Activity) -> str:
        return str(activity.get_venue_type_display())

    @staticmethod
    def resolve_contact_phone_masked(activity: Activity) -> str:
        return mask_phone(activity.contact_phone)


class ActivityDetailOut(ActivityOut):
    required_skill_ids: list[int]

    @staticmethod
    def resolve_required_skill_ids(activity: Activity) -> list[int]:
        return sorted(skill.pk for skill in activity.required_skills.all())


class ActivityNearOut(Schema):
    distance_km: float
    activity: ActivityOut

    @staticmethod
    def resolve_distance_km(pair: tuple[Activity, float]) -> float:
        return round(pair[1], 3)

    @staticmethod
    def resolve_activity(pair: tuple[Activity, float]) -> Activity:
        return pair[0]


class ActivityCancelIn(Schema):
    reason: str = Field("", max_length=1000)


class ActivitySeriesIn(ActivityFieldsIn):
    """A weekly activity: one occurrence on each chosen weekday (1 = Monday … 7 = Sunday) from first_on to last_on,
    at starts_time–ends_time Asia/Shanghai."""

    weekdays: list[int] = Field(..., max_length=7)
    first_on: InputDate
    last_on: InputDate
    starts_time: dt.time
    ends_time: dt.time


class ActivitySeriesOut(Schema):
    id: int
    title: str
    weekdays: list[int]
    first_on: dt.date
    last_on: dt.date
    starts_time: dt.time
    ends_time: dt.time
    occurrence_ids: list[int]

    @staticmethod
    def resolve_weekdays(series: ActivitySeries) -> list[int]:
        return series.weekday_numbers

    @staticmethod
    def resolve_occurrence_ids(series: ActivitySeries) -> list[int]:
        return list(series.occurrences.order_by("starts_at", "pk").values_list("pk", flat=True))


class ActivitySeriesPublishedOut(Schema):
    series_id: int
    published_count: int


class SignUpIn(Schema):
    """Leave volunteer_id out to sign yourself up; an organizer may sign up a volunteer of their scope."""

    volunteer_id: int | None = Field(None, ge=1, le=ID_MAX)


class SignUpOut(Schema):
    id: int
    activity_id: int
    volunteer_id: int
    status: str
    status_display: str
    waitlist_position: int | None
    queued_at: dt.datetime | None
    confirmed_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    is_late_cancellation: bool

    @staticmethod
    def resolve_status_display(signup: SignUp) -> str:
        return str(signup.get_status_display())

    @staticmethod
    def resolve_waitlist_position(signup: SignUp) -> int | None:
        return waitlist_position(signup)


class SignUpRowOut(Schema):
    """One line of an activity's roster, for its organizer (confirmed first, then the waitlist in order)."""

    id: int
    volunteer_id: int
    volunteer_name: str
    volunteer_number: str
    phone_masked: str
    status: str
    status_display: str
    queued_at: dt.datetime | None
    confirmed_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    is_late_cancellation: bool
    note: str

    @staticmethod
    def resolve_volunteer_name(signup: SignUp) -> str:
        return signup.volunteer.name

    @staticmethod
    def resolve_volunteer_number(signup: SignUp) -> str:
        return signup.volunteer.volunteer_number

    @staticmethod
    def resolve_phone_masked(signup: SignUp) -> str:
        return mask_phone(signup.volunteer.phone)

    @staticmethod
    def resolve_status_display(signup: SignUp) -> str:
        return str(signup.get_status_display())


class SignUpCancelIn(Schema):
    reason: str = Field("", max_length=1000)


class ActivitySummaryOut(Schema):
    id: int
    title: str
    status: str
    status_display: str
    place: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    organizer_site_name: str

    @staticmethod
    def resolve_status_display(activity: Activity) -> str:
        return str(activity.get_status_display())

    @staticmethod
    def resolve_organizer_site_name(activity: Activity) -> str:
        return activity.organizer_site.name


class CommitmentOut(SignUpOut):
    activity: ActivitySummaryOut


class CalendarTokenOut(Schema):
    """The private iCalendar path; anyone holding it reads the caller's commitments, so issuing a new one
    retires the old."""

    url: str


class CheckinTokenOut(Schema):
    activity_id: int
    kind: str
    token: str
    url: str
    issued_at: dt.datetime
    expires_at: dt.datetime


class CheckInIn(Schema):
    """A scanned check-in or check-out code; idempotency_key is chosen by the phone, the same for every retry."""

    token: str = Field(..., max_length=1000)
    idempotency_key: str = Field(..., max_length=200)
    latitude: float | None = Field(None, ge=-90, le=90, allow_inf_nan=False)
    longitude: float | None = Field(None, ge=-180, le=180, allow_inf_nan=False)
    coordinate_system: CoordinateSystem = "wgs84"


class AttendanceOut(Schema):
    id: int
    activity_id: int
    volunteer_id: int
    volunteer_name: str
    signup_id: int | None
    checked_in_at: dt.datetime | None
    checked_out_at: dt.datetime | None
    method: str
    checked_out_method: str
    is_no_show: bool
    needs_review: bool
    is_closed_automatically: bool

    @staticmethod
    def resolve_volunteer_name(attendance: Attendance) -> str:
        return attendance.volunteer.name


class AttendanceRecordIn(Schema):
    """The organizer's hand-kept record: check a volunteer in or out at a time (default now), or mark a no-show."""

    volunteer_id: int = Field(..., ge=1, le=ID_MAX)
    action: Literal["check_in", "check_out", "no_show"]
    at: InputDatetime | None = None
