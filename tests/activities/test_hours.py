"""Hours into the ledger: approval one by one or in bulk, rejection, reversal, caps, stars and points."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.activities.conftest import activity_make, volunteer_with_user
from wenming.accounts.models import AuditEvent
from wenming.activities.services import signup_create
from wenming.activities.services_attendance import attendance_record
from wenming.core.errors import DomainError, NotFoundError
from wenming.ledger.models import EntryKind, EntryStatus, HoursEntry
from wenming.ledger.selectors import (
    hours_pending_list,
    star_level,
    volunteer_hours_by_month,
    volunteer_hours_standing,
    volunteer_hours_total,
)
from wenming.ledger.services import (
    hours_between,
    hours_entries_approve,
    hours_entry_approve,
    hours_entry_propose,
    hours_entry_reject,
    hours_entry_reverse,
    training_attendance_hours_propose,
)
from wenming.regions.roles import Role
from wenming.trainings.models import Training, TrainingAttendance

pytestmark = pytest.mark.django_db


def served(county, volunteers, *, hours=2, starts_in_hours=-2.5):
    """An activity that has ended, each volunteer present for `hours`: their pending proposals."""
    activity = activity_make(county, starts_in_hours=starts_in_hours, title="清扫街道")
    admin = county.users[Role.STATION_ADMIN]
    for volunteer in volunteers:
        signup_create(
            activity_id=activity.pk,
            acting_user=admin,
            volunteer_id=volunteer.pk,
            now=activity.starts_at - dt.timedelta(days=1),
        )
        attendance_record(
            activity_id=activity.pk,
            volunteer_id=volunteer.pk,
            action="check_in",
            acting_user=admin,
            at=activity.starts_at,
        )
        attendance_record(
            activity_id=activity.pk,
            volunteer_id=volunteer.pk,
            action="check_out",
            acting_user=admin,
            at=activity.starts_at + dt.timedelta(hours=hours),
        )
    return activity


@pytest.fixture
def proposal(county):
    served(county, [county.volunteers["own"]])
    return HoursEntry.objects.get()


def test_approval_appends_an_approved_entry_that_counts(county, proposal):
    volunteer = county.volunteers["own"]
    assert volunteer_hours_total(volunteer=volunteer) == Decimal("0.00")
    decision = hours_entry_approve(entry_id=proposal.pk, acting_user=county.users[Role.STATION_ADMIN])
    assert (decision.status, decision.hours, decision.decides_id) == (
        EntryStatus.APPROVED,
        Decimal("2.00"),
        proposal.pk,
    )
    assert HoursEntry.objects.count() == 2
    assert volunteer_hours_total(volunteer=volunteer) == Decimal("2.00")
    assert volunteer_hours_standing(volunteer=volunteer).points == 20


def test_second_approval_is_refused(county, proposal):
    admin = county.users[Role.STATION_ADMIN]
    hours_entry_approve(entry_id=proposal.pk, acting_user=admin)
    with pytest.raises(DomainError, match="已经审核过"):
        hours_entry_approve(entry_id=proposal.pk, acting_user=county.users[Role.COUNTY_ADMIN])
    assert HoursEntry.objects.count() == 2


def test_team_leader_approves_own_team_hours(county, proposal):
    decision = hours_entry_approve(entry_id=proposal.pk, acting_user=county.users[Role.TEAM_LEADER])
    assert decision.approver == county.users[Role.TEAM_LEADER]


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.VIEWER, Role.RESIDENT])
def test_roles_without_approval_cannot_approve(county, proposal, role):
    with pytest.raises(NotFoundError):
        hours_entry_approve(entry_id=proposal.pk, acting_user=county.users[role])
    assert HoursEntry.objects.count() == 1


@pytest.mark.parametrize(
    ("hours", "message"), [("-1", "必须大于 0"), ("0", "必须大于 0"), ("13", "每日上限"), ("99999", "每日上限")]
)
def test_absurd_hours_are_refused(county, proposal, hours, message):
    with pytest.raises(DomainError, match=message):
        hours_entry_approve(
            entry_id=proposal.pk, acting_user=county.users[Role.STATION_ADMIN], hours=Decimal(hours), reason="更正"
        )
    assert HoursEntry.objects.count() == 1


def test_changed_hours_need_a_reason(county, proposal):
    with pytest.raises(DomainError, match="说明原因"):
        hours_entry_approve(entry_id=proposal.pk, acting_user=county.users[Role.STATION_ADMIN], hours=Decimal("1.5"))
    decision = hours_entry_approve(
        entry_id=proposal.pk, acting_user=county.users[Role.STATION_ADMIN], hours=Decimal("1.5"), reason="中途离开"
    )
    assert decision.hours == Decimal("1.50")


def test_daily_cap_counts_every_approved_entry_of_the_day(county, proposal, settings):
    settings.WENMING_DAILY_HOURS_CAP = 3
    admin = county.users[Role.STATION_ADMIN]
    hours_entry_approve(entry_id=proposal.pk, acting_user=admin)
    duty = hours_entry_propose(
        volunteer=county.volunteers["own"],
        source_kind="duty",
        hours=Decimal("1.5"),
        service_on=proposal.service_on,
        content="站点值守",
        region=county.village,
        recorder=admin,
        site=county.station,
    )
    with pytest.raises(DomainError, match="超过每日上限"):
        hours_entry_approve(entry_id=duty.pk, acting_user=admin)
    assert volunteer_hours_total(volunteer=county.volunteers["own"]) == Decimal("2.00")


def test_bulk_approval_reports_each_entry(county):
    volunteers = [county.volunteers["own"], volunteer_with_user(county, 11)]
    served(county, volunteers)
    ids = list(HoursEntry.objects.order_by("id").values_list("pk", flat=True))
    admin = county.users[Role.STATION_ADMIN]
    hours_entry_approve(entry_id=ids[0], acting_user=admin)
    outcomes = hours_entries_approve(entry_ids=[*ids, 999999], acting_user=admin)
    assert [(outcome.entry_id, outcome.is_approved) for outcome in outcomes] == [
        (ids[0], False),
        (ids[1], True),
        (999999, False),
    ]
    assert HoursEntry.objects.filter(status=EntryStatus.APPROVED).count() == 2
    assert list(hours_pending_list(user=admin)) == []


def test_rejection_needs_a_reason_and_never_counts(county, proposal):
    admin = county.users[Role.STATION_ADMIN]
    with pytest.raises(DomainError, match="说明原因"):
        hours_entry_reject(entry_id=proposal.pk, reason=" ", acting_user=admin)
    hours_entry_reject(entry_id=proposal.pk, reason="未实际参加", acting_user=admin)
    assert volunteer_hours_total(volunteer=county.volunteers["own"]) == Decimal("0.00")
    with pytest.raises(DomainError, match="已经审核过"):
        hours_entry_approve(entry_id=proposal.pk, acting_user=admin)


def test_reversal_with_correction_nets_and_is_audited(county, proposal):
    admin = county.users[Role.COUNTY_ADMIN]
    decision = hours_entry_approve(entry_id=proposal.pk, acting_user=admin)
    reversal = hours_entry_reverse(
        entry_id=decision.pk, reason="时长登记错误", acting_user=admin, corrected_hours=Decimal("1.25")
    )
    assert (reversal.kind, reversal.hours, reversal.reverses_id) == (EntryKind.REVERSAL, Decimal("-2.00"), decision.pk)
    assert volunteer_hours_total(volunteer=county.volunteers["own"]) == Decimal("1.25")
    assert AuditEvent.objects.filter(action="hours_reversed", target_id=decision.pk).count() == 1
    with pytest.raises(DomainError, match="已经冲销过"):
        hours_entry_reverse(entry_id=decision.pk, reason="再次冲销", acting_user=admin)
    with pytest.raises(DomainError, match="只有已审核记入"):
        hours_entry_reverse(entry_id=proposal.pk, reason="待审核的", acting_user=admin)
    assert volunteer_hours_total(volunteer=county.volunteers["own"]) == Decimal("1.25")


def test_hours_by_month_and_stars(county, proposal):
    hours_entry_approve(entry_id=proposal.pk, acting_user=county.users[Role.STATION_ADMIN])
    months = volunteer_hours_by_month(volunteer=county.volunteers["own"])
    assert months == [{"month": proposal.service_on.replace(day=1), "hours": Decimal("2.00")}]
    assert [star_level(hours) for hours in (0, 99.99, 100, 300, 600, 1000, 1499, 1500, 9000)] == [
        0,
        0,
        1,
        2,
        3,
        4,
        4,
        5,
        5,
    ]
    assert star_level(50, thresholds=[10, 20, 40, 80, 160]) == 3


def test_training_hours_go_through_the_same_ledger(county):
    training = Training.objects.create(
        region=county.county,
        title="志愿服务通识培训",
        organizer_site=county.center,
        place="中心会议室",
        starts_at=timezone.now() - dt.timedelta(days=2),
        ends_at=timezone.now() - dt.timedelta(days=2) + dt.timedelta(hours=3),
        capacity=100,
        credit_hours=Decimal("3"),
    )
    present = TrainingAttendance.objects.create(training=training, volunteer=county.volunteers["own"], is_present=True)
    admin = county.users[Role.COUNTY_ADMIN]
    entry = training_attendance_hours_propose(training_attendance=present, acting_user=admin)
    with pytest.raises(DomainError, match="已经登记过"):
        training_attendance_hours_propose(training_attendance=present, acting_user=admin)
    hours_entry_approve(entry_id=entry.pk, acting_user=admin)
    assert volunteer_hours_total(volunteer=county.volunteers["own"]) == Decimal("3.00")


def test_service_date_is_the_local_date_near_midnight(county):
    # 23:30 Beijing time is 15:30 UTC the same day; 00:30 Beijing time is 16:30 UTC the day before.
    start = timezone.make_aware(dt.datetime(2026, 11, 20, 0, 30))
    assert timezone.localdate(start) == dt.date(2026, 11, 20)
    assert start.astimezone(dt.UTC).date() == dt.date(2026, 11, 19)
    activity = activity_make(county, publish=False, starts_at=start)
    assert timezone.localdate(activity.starts_at) == dt.date(2026, 11, 20)


def test_hours_between_rounding_modes(settings):
    start = timezone.make_aware(dt.datetime(2026, 5, 1, 9, 0))
    window = (start, start + dt.timedelta(hours=4))
    presence = {"starts_at": start + dt.timedelta(minutes=5), "ends_at": start + dt.timedelta(hours=2, minutes=13)}
    assert hours_between(**presence, window=window) == Decimal("2.00")  # 2 h 8 min, down to the quarter
    settings.WENMING_HOURS_ROUNDING_MODE = "nearest"
    assert hours_between(**presence, window=window) == Decimal("2.25")
    settings.WENMING_HOURS_ROUNDING_MODE = "up"
    settings.WENMING_HOURS_ROUNDING_MINUTES = 30
    assert hours_between(**presence, window=window) == Decimal("2.50")
    assert hours_between(starts_at=start - dt.timedelta(hours=2), ends_at=start, window=window) == Decimal(0)
