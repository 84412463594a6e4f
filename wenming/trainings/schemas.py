import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import AfterValidator, AwareDatetime, field_validator

from wenming.core.fields import ID_MAX
from wenming.trainings.models import Training, TrainingAttendance

YEARS = range(2000, 2101)  # absurd dates are a 422, not a database overflow
BULK_MAX = 5000


def _year_bounded(value: dt.date) -> dt.date:
    if value.year not in YEARS:
        raise ValueError("year out of range")
    return value


# Times come with their timezone (ISO 8601, e.g. 2024-05-01T09:00:00+08:00); a naive time is refused.
InputDatetime = Annotated[AwareDatetime, AfterValidator(_year_bounded)]
InputDate = Annotated[dt.date, AfterValidator(_year_bounded)]
RecordId = Annotated[int, Field(ge=1, le=ID_MAX)]
CreditHours = Annotated[Decimal, Field(ge=0, le=24, max_digits=5, decimal_places=2)]


class TrainingIn(Schema):
    """A training session: trainer, place and content; times are ISO 8601 with timezone."""

    title: str = Field(..., min_length=1, max_length=120)
    topic: str = Field("", max_length=200)
    content: str = Field("", max_length=5000)
    trainer_name: str = Field("", max_length=64)
    trainer_id: RecordId | None = None
    organizer_site_id: RecordId
    place: str = Field(..., min_length=1, max_length=200)
    starts_at: InputDatetime
    ends_at: InputDatetime
    capacity: int = Field(..., ge=1, le=100_000)
    credit_hours: CreditHours = Decimal(0)
    qualifies_skill_id: RecordId | None = None


NOT_NULL_ON_PATCH = (
    "title",
    "topic",
    "content",
    "trainer_name",
    "organizer_site_id",
    "place",
    "starts_at",
    "ends_at",
    "capacity",
    "credit_hours",
)


class TrainingPatchIn(Schema):
    """Only the fields sent are changed; null clears the trainer volunteer or the qualified skill."""

    title: str | None = Field(None, min_length=1, max_length=120)
    topic: str | None = Field(None, max_length=200)
    content: str | None = Field(None, max_length=5000)
    trainer_name: str | None = Field(None, max_length=64)
    trainer_id: RecordId | None = None
    organizer_site_id: RecordId | None = None
    place: str | None = Field(None, min_length=1, max_length=200)
    starts_at: InputDatetime | None = None
    ends_at: InputDatetime | None = None
    capacity: int | None = Field(None, ge=1, le=100_000)
    credit_hours: CreditHours | None = None
    qualifies_skill_id: RecordId | None = None

    @field_validator(*NOT_NULL_ON_PATCH, mode="after")
    @classmethod
    def _refuse_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("may not be null")
        return value


class TrainingOut(Schema):
    id: int
    title: str
    topic: str
    content: str
    trainer_name: str
    trainer_id: int | None
    trainer_display: str
    organizer_site_id: int
    organizer_site_name: str
    region_code: str
    region_name: str
    place: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    credit_hours: Decimal
    qualifies_skill_id: int | None
    status: str
    status_display: str
    cancel_reason: str
    enrolled_count: int
    waitlisted_count: int
    present_count: int = Field(..., description="出席人次")

    @staticmethod
    def resolve_organizer_site_name(training: Training) -> str:
        return training.organizer_site.name

    @staticmethod
    def resolve_region_code(training: Training) -> str:
        return training.region.code

    @staticmethod
    def resolve_region_name(training: Training) -> str:
        return training.region.name

    @staticmethod
    def resolve_status_display(training: Training) -> str:
        return str(training.get_status_display())

    @staticmethod
    def resolve_enrolled_count(training: Training) -> int:
        return int(getattr(training, "enrolled_count", 0))

    @staticmethod
    def resolve_waitlisted_count(training: Training) -> int:
        return int(getattr(training, "waitlisted_count", 0))

    @staticmethod
    def resolve_present_count(training: Training) -> int:
        return int(getattr(training, "present_count", 0))


class TrainingCancelIn(Schema):
    reason: str = Field(..., max_length=200)


class EnrolmentIn(Schema):
    """Leave volunteer_id out to enrol yourself; an organizer names a volunteer of their scope."""

    volunteer_id: RecordId | None = None


class EnrolmentOut(Schema):
    id: int
    training_id: int
    training_title: str
    training_starts_at: dt.datetime
    volunteer_id: int
    status: str
    status_display: str
    enrolled_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    is_present: bool
    is_passed: bool

    @staticmethod
    def resolve_training_title(attendance: TrainingAttendance) -> str:
        return attendance.training.title

    @staticmethod
    def resolve_training_starts_at(attendance: TrainingAttendance) -> dt.datetime:
        return attendance.training.starts_at

    @staticmethod
    def resolve_status_display(attendance: TrainingAttendance) -> str:
        return str(attendance.get_status_display())


class RosterRowOut(Schema):
    """One volunteer of a training's roster; the phone only ever masked."""

    id: int
    volunteer_id: int
    volunteer_name: str
    volunteer_number: str
    phone_masked: str
    status: str
    status_display: str
    enrolled_at: dt.datetime | None
    is_present: bool
    is_passed: bool
    hours_proposed: bool

    @staticmethod
    def resolve_volunteer_name(attendance: TrainingAttendance) -> str:
        return attendance.volunteer.name

    @staticmethod
    def resolve_volunteer_number(attendance: TrainingAttendance) -> str:
        return attendance.volunteer.volunteer_number

    @staticmethod
    def resolve_phone_masked(attendance: TrainingAttendance) -> str:
        return attendance.volunteer.phone_masked

    @staticmethod
    def resolve_status_display(attendance: TrainingAttendance) -> str:
        return str(attendance.get_status_display())

    @staticmethod
    def resolve_hours_proposed(attendance: TrainingAttendance) -> bool:
        return bool(getattr(attendance, "hours_proposed", False))


class AttendanceMarkIn(Schema):
    """Mark the listed volunteers (or, with all_enrolled, every enrolled volunteer) present or absent."""

    is_present: bool
    volunteer_ids: list[RecordId] = Field(default_factory=list, max_length=BULK_MAX)
    all_enrolled: bool = False


class PassMarkIn(Schema):
    is_passed: bool
    volunteer_ids: list[RecordId] = Field(..., max_length=BULK_MAX)


class HoursProposeIn(Schema):
    """Leave volunteer_ids empty to propose the hours of every present volunteer."""

    volunteer_ids: list[RecordId] = Field(default_factory=list, max_length=BULK_MAX)


class ChangedOut(Schema):
    changed: int


class HoursProposalOut(Schema):
    proposed: int
    already_proposed: int
