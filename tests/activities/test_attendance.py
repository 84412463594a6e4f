"""Check-in and check-out by QR token: idempotent, geofenced, timed; manual records; forgotten check-outs."""

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.core import signing
from django.utils import timezone

from tests.activities.conftest import activity_make, volunteer_with_user
from wenming.activities.models import Attendance
from wenming.activities.services import signup_create
from wenming.activities.services_attendance import (
    CHECKIN_SIGNING_NAMESPACE,
    attendance_check_in,
    attendance_check_out,
    attendance_record,
    attendances_close_overdue,
    checkin_token_issue,
    checkin_token_read,
)
from wenming.core.errors import DomainError, NotFoundError
from wenming.core.geo import wgs84_to_gcj02
from wenming.ledger.models import EntryStatus, HoursEntry
from wenming.regions.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(county):
    """An activity 09:00–12:00 that started a moment ago, one confirmed volunteer."""
    activity = activity_make(county, starts_in_hours=1)
    volunteer = volunteer_with_user(county, 11)
    signup_create(activity_id=activity.pk, acting_user=volunteer.user)
    return activity, volunteer


def token(county, activity, kind="in"):
    return checkin_token_issue(activity_id=activity.pk, kind=kind, acting_user=county.users[Role.STATION_ADMIN]).token


def check_in(volunteer, token_value, key="key-1", **kwargs):
    return attendance_check_in(token=token_value, idempotency_key=key, acting_user=volunteer.user, **kwargs)


def test_check_in_then_out_proposes_the_hours(county, running):
    activity, volunteer = running
    arrived = activity.starts_at + dt.timedelta(minutes=7)
    left = activity.starts_at + dt.timedelta(hours=2, minutes=40)
    check_in(volunteer, token(county, activity), now=arrived)
    attendance = attendance_check_out(
        token=token(county, activity, "out"), idempotency_key="out-1", acting_user=volunteer.user, now=left
    )
    assert attendance.checked_in_at == arrived
    assert attendance.checked_out_at == left
    entry = HoursEntry.objects.get()
    # 2 h 33 min rounded down to the quarter hour
    assert (entry.status, entry.hours, entry.attendance_id) == (EntryStatus.PENDING, Decimal("2.50"), attendance.pk)
    assert entry.service_on == timezone.localdate(activity.starts_at)


def test_time_before_the_start_and_after_the_end_is_not_counted(county, running):
    activity, volunteer = running
    check_in(volunteer, token(county, activity), now=activity.starts_at - dt.timedelta(minutes=50))
    attendance_check_out(
        token=token(county, activity, "out"),
        idempotency_key="out-1",
        acting_user=volunteer.user,
        now=activity.ends_at + dt.timedelta(minutes=90),
    )
    assert HoursEntry.objects.get().hours == Decimal("3.00")


def test_repeated_check_in_creates_one_attendance(county, running):
    activity, volunteer = running
    code = token(county, activity)
    now = activity.starts_at
    first = check_in(volunteer, code, key="same", now=now)
    again = check_in(volunteer, code, key="same", now=now)
    other_key = check_in(volunteer, code, key="another", now=now + dt.timedelta(minutes=1))
    assert first.pk == again.pk == other_key.pk
    assert Attendance.objects.count() == 1
    assert Attendance.objects.get().checked_in_at == now


def test_repeated_check_out_proposes_hours_once(county, running):
    activity, volunteer = running
    check_in(volunteer, token(county, activity), now=activity.starts_at)
    out = token(county, activity, "out")
    for key in ("out-1", "out-1", "out-2"):
        attendance_check_out(
            token=out, idempotency_key=key, acting_user=volunteer.user, now=activity.starts_at + dt.timedelta(hours=2)
        )
    assert HoursEntry.objects.count() == 1
    assert Attendance.objects.get().checked_out_at == activity.starts_at + dt.timedelta(hours=2)


def test_check_out_before_check_in_is_refused(county, running):
    activity, volunteer = running
    with pytest.raises(DomainError, match="尚未签到"):
        attendance_check_out(
            token=token(county, activity, "out"),
            idempotency_key="k",
            acting_user=volunteer.user,
            now=activity.starts_at,
        )
    assert Attendance.objects.count() == 0
    assert HoursEntry.objects.count() == 0


def test_forged_token_is_refused(county, running):
    activity, volunteer = running
    forged = signing.dumps({"a": activity.pk, "k": "in"}, salt="another-salt")
    with pytest.raises(DomainError, match="二维码无效"):
        check_in(volunteer, forged)
    with pytest.raises(DomainError, match="二维码无效"):
        check_in(volunteer, token(county, activity)[:-2] + "xx")
    assert Attendance.objects.count() == 0


def test_stale_token_is_refused(county, running, settings):
    activity, _volunteer = running
    code = token(county, activity)
    later = timezone.now().timestamp() + settings.WENMING_QR_TOKEN_SECONDS + 5
    with mock.patch("django.core.signing.time.time", return_value=later), pytest.raises(DomainError, match="已过期"):
        checkin_token_read(code, kind="in")
    assert Attendance.objects.count() == 0


def test_a_truly_signed_token_without_an_activity_is_invalid_and_still_goes_stale(settings):
    # a signature of ours over something else (not the {"a", "k"} of checkin_token_issue)
    code = signing.dumps(["a", "in"], salt=CHECKIN_SIGNING_NAMESPACE, compress=False)
    with pytest.raises(DomainError, match="二维码无效"):
        checkin_token_read(code, kind="in")
    later = timezone.now().timestamp() + settings.WENMING_QR_TOKEN_SECONDS + 5
    with mock.patch("django.core.signing.time.time", return_value=later), pytest.raises(DomainError, match="已过期"):
        checkin_token_read(code, kind="in")


def test_a_token_read_before_still_goes_stale(county, running, settings):
    # the signature of a code everyone scans is checked once; its age, on every scan
    activity, _volunteer = running
    code = token(county, activity)
    assert checkin_token_read(code, kind="in") == activity.pk
    later = timezone.now().timestamp() + settings.WENMING_QR_TOKEN_SECONDS + 5
    with mock.patch("django.core.signing.time.time", return_value=later), pytest.raises(DomainError, match="已过期"):
        checkin_token_read(code, kind="in")
    assert checkin_token_read(code, kind="in") == activity.pk
    with pytest.raises(DomainError, match="签退二维码"):
        checkin_token_read(code, kind="out")


def test_check_out_token_cannot_check_in(county, running):
    activity, volunteer = running
    with pytest.raises(DomainError, match="签退二维码"):
        check_in(volunteer, token(county, activity, "out"))


def test_check_in_needs_a_confirmed_signup(county, running):
    activity, _ = running
    stranger = volunteer_with_user(county, 12)
    with pytest.raises(DomainError, match="没有这个活动的确认报名"):
        check_in(stranger, token(county, activity), now=activity.starts_at)
    assert Attendance.objects.count() == 0


@pytest.mark.parametrize("status", ["waitlisted", "cancelled"])
def test_check_in_of_a_signup_not_confirmed_is_refused_and_writes_nothing(county, running, status):
    # The usual check-in reads the sign-up whatever its status (by its unique index): the status
    # decides, in the service and in the statement that writes the arrival on PostgreSQL.
    activity, _ = running
    waiting = volunteer_with_user(county, 12)
    signup = signup_create(activity_id=activity.pk, acting_user=waiting.user)
    type(signup).objects.filter(pk=signup.pk).update(status=status, cancelled_at=timezone.now())
    with pytest.raises(DomainError, match="没有这个活动的确认报名"):
        check_in(waiting, token(county, activity), now=activity.starts_at)
    assert Attendance.objects.count() == 0


def test_check_in_opens_an_hour_before_the_start(county, running):
    activity, volunteer = running
    with pytest.raises(DomainError, match="签到尚未开始"):
        check_in(volunteer, token(county, activity), now=activity.starts_at - dt.timedelta(minutes=61))
    with pytest.raises(DomainError, match="活动已结束"):
        check_in(volunteer, token(county, activity), now=activity.ends_at + dt.timedelta(minutes=1))
    assert Attendance.objects.count() == 0


@pytest.mark.parametrize(
    ("moment", "admitted"),
    [
        (lambda a: a.starts_at - dt.timedelta(minutes=60), True),  # the window's first moment
        (lambda a: a.starts_at - dt.timedelta(minutes=60, microseconds=1), False),
        (lambda a: a.ends_at, True),  # its last moment
        (lambda a: a.ends_at + dt.timedelta(microseconds=1), False),
    ],
)
def test_check_in_window_edges_are_exact(county, running, moment, admitted):
    # On PostgreSQL the usual arrival is written by the read itself: its bounds must be the service's.
    activity, volunteer = running
    if admitted:
        attendance = check_in(volunteer, token(county, activity), now=moment(activity))
        assert Attendance.objects.get().pk == attendance.pk
        assert attendance.checked_in_at == moment(activity)
    else:
        with pytest.raises(DomainError, match=r"签到尚未开始|活动已结束"):
            check_in(volunteer, token(county, activity), now=moment(activity))
        assert Attendance.objects.count() == 0


@pytest.mark.parametrize("status", ["draft", "cancelled"])
def test_check_in_to_an_activity_not_running_writes_nothing(county, running, status):
    activity, volunteer = running
    code = token(county, activity)
    type(activity).objects.filter(pk=activity.pk).update(status=status, cancelled_at=timezone.now())
    with pytest.raises(DomainError, match="不在进行中"):
        check_in(volunteer, code, now=activity.starts_at)
    assert Attendance.objects.count() == 0


def test_usual_check_in_statements_are_pinned(county, running):
    # PostgreSQL: the read writes the arrival (one round trip); SQLite: the read, then the insert.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    activity, volunteer = running
    code = token(county, activity)
    with CaptureQueriesContext(connection) as captured:
        attendance = check_in(volunteer, code, now=activity.starts_at)
    expected = 1 if connection.vendor == "postgresql" else 2
    assert len(captured.captured_queries) == expected, [query["sql"][:80] for query in captured.captured_queries]
    stored = Attendance.objects.select_related("volunteer").get()
    assert (stored.pk, stored.signup_id, stored.recorded_by_id) == (
        attendance.pk,
        attendance.signup_id,
        volunteer.user_id,
    )
    assert (stored.method, stored.idempotency_key, stored.checked_in_at) == ("qr", "key-1", activity.starts_at)
    assert attendance.volunteer.name == stored.volunteer.name


def test_geofence_accepts_nearby_gcj02_and_refuses_far(county):
    activity = activity_make(
        county, starts_in_hours=1, latitude=Decimal("46.986000"), longitude=Decimal("128.023000"), geofence_radius_m=200
    )
    volunteer = volunteer_with_user(county, 11)
    signup_create(activity_id=activity.pk, acting_user=volunteer.user)
    code = token(county, activity)
    with pytest.raises(DomainError, match="允许获取位置"):
        check_in(volunteer, code, now=activity.starts_at)
    with pytest.raises(DomainError, match="须在 200 米内"):
        check_in(volunteer, code, now=activity.starts_at, latitude=46.996, longitude=128.023)
    assert Attendance.objects.count() == 0
    # A phone map gives GCJ-02, several hundred metres off in China: converted before measuring.
    gcj_latitude, gcj_longitude = wgs84_to_gcj02(46.9861, 128.0231)
    attendance = check_in(
        volunteer,
        code,
        now=activity.starts_at,
        latitude=gcj_latitude,
        longitude=gcj_longitude,
        coordinate_system="gcj02",
    )
    assert attendance.checked_in_at == activity.starts_at


def test_organizer_checks_in_out_by_hand_and_marks_no_shows(county):
    # given: an activity that started two hours ago, two confirmed volunteers
    activity = activity_make(county, starts_in_hours=-2)
    present, absent = volunteer_with_user(county, 11), volunteer_with_user(county, 12)
    before = activity.starts_at - dt.timedelta(hours=1)
    for volunteer in (present, absent):
        signup_create(activity_id=activity.pk, acting_user=volunteer.user, now=before)
    admin = county.users[Role.STATION_ADMIN]
    # when
    attendance_record(
        activity_id=activity.pk, volunteer_id=present.pk, action="check_in", acting_user=admin, at=activity.starts_at
    )
    attendance = attendance_record(
        activity_id=activity.pk,
        volunteer_id=present.pk,
        action="check_out",
        acting_user=admin,
        at=activity.starts_at + dt.timedelta(hours=1, minutes=20),
    )
    no_show = attendance_record(activity_id=activity.pk, volunteer_id=absent.pk, action="no_show", acting_user=admin)
    # then
    assert attendance.method == "manual"
    assert HoursEntry.objects.get().hours == Decimal("1.25")
    assert no_show.is_no_show is True
    with pytest.raises(DomainError, match="已经签到"):
        attendance_record(activity_id=activity.pk, volunteer_id=present.pk, action="no_show", acting_user=admin)
    with pytest.raises(DomainError, match="已经签退"):
        attendance_record(activity_id=activity.pk, volunteer_id=present.pk, action="check_out", acting_user=admin)
    assert HoursEntry.objects.count() == 1


def test_manual_check_out_before_check_in_time_is_refused(county):
    activity = activity_make(county, starts_in_hours=-2)
    volunteer = county.volunteers["own"]
    admin = county.users[Role.STATION_ADMIN]
    attendance_record(
        activity_id=activity.pk,
        volunteer_id=volunteer.pk,
        action="check_in",
        acting_user=admin,
        at=activity.starts_at + dt.timedelta(hours=1),
    )
    with pytest.raises(DomainError, match="签退时间必须晚于签到时间"):
        attendance_record(
            activity_id=activity.pk,
            volunteer_id=volunteer.pk,
            action="check_out",
            acting_user=admin,
            at=activity.starts_at + dt.timedelta(minutes=30),
        )
    assert HoursEntry.objects.count() == 0


def test_sibling_station_admin_cannot_record_attendance(county, running):
    activity, volunteer = running
    from wenming.accounts.services import role_assign, user_create

    other = user_create(username="sibling_admin", password="unused-password-1")
    role_assign(user=other, role=Role.STATION_ADMIN, site=county.sibling_station)
    with pytest.raises(NotFoundError):
        attendance_record(activity_id=activity.pk, volunteer_id=volunteer.pk, action="check_in", acting_user=other)
    with pytest.raises(NotFoundError):
        checkin_token_issue(activity_id=activity.pk, kind="in", acting_user=other)


def test_forgotten_check_out_is_closed_at_the_end_and_flagged(county, running, settings):
    activity, volunteer = running
    check_in(volunteer, token(county, activity), now=activity.starts_at + dt.timedelta(minutes=30))
    # when: the cap after the end has passed
    closed = attendances_close_overdue(
        now=activity.ends_at + dt.timedelta(hours=settings.WENMING_ATTENDANCE_OPEN_CAP_HOURS, minutes=1)
    )
    # then
    assert closed == 1
    attendance = Attendance.objects.get()
    assert (attendance.checked_out_at, attendance.needs_review, attendance.is_closed_automatically) == (
        activity.ends_at,
        True,
        True,
    )
    entry = HoursEntry.objects.get()
    assert (entry.status, entry.hours) == (EntryStatus.PENDING, Decimal("2.50"))
    assert "待复核" in entry.reason
    assert attendances_close_overdue(now=activity.ends_at + dt.timedelta(days=1)) == 0
