import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from wenming.ledger.models import HoursEntry


class MyHoursEntryOut(Schema):
    """One ledger row: a credit (pending, approved or rejected; a decision points at the proposal it decides)
    or a reversal (negative hours, pointing at the credit it reverses)."""

    id: int
    kind: str
    kind_display: str
    status: str
    status_display: str
    source_kind: str
    source_kind_display: str
    activity_id: int | None
    activity_title: str | None
    service_on: dt.date
    hours: Decimal
    content: str
    place: str
    reason: str
    decides_id: int | None
    reverses_id: int | None
    recorded_at: dt.datetime

    @staticmethod
    def resolve_kind_display(entry: HoursEntry) -> str:
        return str(entry.get_kind_display())

    @staticmethod
    def resolve_status_display(entry: HoursEntry) -> str:
        return str(entry.get_status_display())

    @staticmethod
    def resolve_source_kind_display(entry: HoursEntry) -> str:
        return str(entry.get_source_kind_display())

    @staticmethod
    def resolve_activity_title(entry: HoursEntry) -> str | None:
        return entry.activity.title if entry.activity is not None else None


class HoursEntryOut(MyHoursEntryOut):
    """A ledger row as staff read it, with whose it is and the record fields of 民函〔2012〕340号."""

    volunteer_id: int
    volunteer_name: str
    volunteer_number: str
    attendance_id: int | None
    site_id: int | None
    recipient: str
    person_in_charge: str

    @staticmethod
    def resolve_volunteer_name(entry: HoursEntry) -> str:
        return entry.volunteer.name

    @staticmethod
    def resolve_volunteer_number(entry: HoursEntry) -> str:
        return entry.volunteer.volunteer_number


class HoursApproveIn(Schema):
    """Approve as proposed, or with corrected hours (then a reason is required)."""

    hours: Decimal | None = None
    reason: str = Field("", max_length=1000)


class HoursBulkApproveIn(Schema):
    entry_ids: list[int] = Field(..., min_length=1, max_length=500)


class HoursBulkOutcomeOut(Schema):
    entry_id: int
    is_approved: bool
    message: str


class HoursRejectIn(Schema):
    reason: str = Field("", max_length=1000)


class HoursReverseIn(Schema):
    """Take an approved credit back (reason required); with corrected_hours, credit the right amount instead."""

    reason: str = Field("", max_length=1000)
    corrected_hours: Decimal | None = None


class HoursMonthOut(Schema):
    month: dt.date
    hours: Decimal


class MyHoursOut(Schema):
    """The caller's approved hours (reversals netted), the star level and love points they earn, hours per
    month of service (newest first) and every ledger row (newest first)."""

    volunteer_id: int
    total_hours: Decimal
    star_level: int
    points: int
    by_month: list[HoursMonthOut]
    entries: list[MyHoursEntryOut]
