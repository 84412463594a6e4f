"""Publishing and the activity's states, recurring series, changes and reminders."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from tests.activities.conftest import RECRUITMENT, activity_make, volunteer_with_user
from wenming.activities.models import Activity, ActivityStatus, SignUp
from wenming.activities.services import (
    activities_housekeeping,
    activity_cancel,
    activity_create,
    activity_finish,
    activity_publish,
    activity_series_create,
    activity_update,
    signup_create,
)
from wenming.core.errors import DomainError, NotFoundError, PermissionDeniedError
from wenming.core.geo import wgs84_to_gcj02
from wenming.notifications.models import Notification, NotificationKind
from wenming.organizations.models import Organization, Pairing
from wenming.regions.roles import Role
from wenming.volunteers.models import Skill

pytestmark = pytest.mark.django_db


def test_publish_requires_the_recruitment_statement(county):
    activity = activity_make(county, publish=False, risk_statement="", safeguards="")
    with pytest.raises(DomainError, match="风险提示、保障措施"):
        activity_publish(activity_id=activity.pk, acting_user=county.users[Role.STATION_ADMIN])
    assert Activity.objects.get(pk=activity.pk).status == ActivityStatus.DRAFT


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"ends_at": timezone.now()}, "ends_at"),
        ({"capacity": 0}, "capacity"),
        ({"requires_insurance": True, "risk_statement": ""}, "risk_statement"),
        ({"min_age": 60, "max_age": 18}, "max_age"),
        ({"geofence_radius_m": 100}, "geofence_radius_m"),
        ({"latitude": Decimal("95"), "longitude": Decimal("128")}, "latitude"),
    ],
)
def test_bad_activity_fields_are_refused_by_name(county, fields, field):
    starts_at = timezone.now() + dt.timedelta(days=2)
    values = {
        "title": "测试",
        "organizer_site": county.station,
        "capacity": 5,
        "starts_at": starts_at,
        "ends_at": starts_at + dt.timedelta(hours=2),
        **RECRUITMENT,
        **fields,
    }
    with pytest.raises(ValidationError) as error:
        activity_create(acting_user=county.users[Role.STATION_ADMIN], **values)
    assert field in error.value.message_dict
    assert Activity.objects.count() == 0


def test_gcj02_input_is_stored_as_wgs84(county):
    gcj_latitude, gcj_longitude = wgs84_to_gcj02(46.986, 128.023)
    activity = activity_make(
        county, latitude=Decimal(str(gcj_latitude)), longitude=Decimal(str(gcj_longitude)), coordinate_system="gcj02"
    )
    assert abs(float(activity.latitude) - 46.986) < 0.00002
    assert abs(float(activity.longitude) - 128.023) < 0.00002


def test_organizer_outside_scope_is_refused(county):
    with pytest.raises(DomainError, match="组织阵地不在您的管辖范围内"):
        activity_make(county, publish=False, organizer_site=county.sibling_station, organizer_team=None)
    sibling_pairing = Pairing.objects.create(
        region=county.sibling_village,
        organization=Organization.objects.create(region=county.township, name="镇卫生院"),
        site=county.sibling_station,
        shares_site=True,
        started_on=dt.date(2023, 1, 1),
    )
    with pytest.raises(DomainError, match="结对共建不在您的管辖范围内"):
        activity_make(county, publish=False, pairing=sibling_pairing)
    with pytest.raises(PermissionDeniedError):
        activity_create(
            acting_user=county.users[Role.VOLUNTEER],
            title="x",
            organizer_site=county.station,
            capacity=1,
            starts_at=timezone.now() + dt.timedelta(days=1),
            ends_at=timezone.now() + dt.timedelta(days=1, hours=1),
            **RECRUITMENT,
        )
    assert Activity.objects.count() == 0


def test_team_leader_runs_their_teams_activity(county):
    leader = county.users[Role.TEAM_LEADER]
    activity = activity_make(county, publish=False)
    activity_update(activity_id=activity.pk, acting_user=leader, title="队长改的名字")
    other = activity_make(county, publish=False, organizer_team=None)
    with pytest.raises(NotFoundError):
        activity_update(activity_id=other.pk, acting_user=leader, title="不是我的队")


def test_cancelling_notifies_everyone_signed_up(county):
    activity = activity_make(county, capacity=1)
    first, second = volunteer_with_user(county, 11), volunteer_with_user(county, 12)
    for volunteer in (first, second):
        signup_create(activity_id=activity.pk, acting_user=volunteer.user)
    with pytest.raises(DomainError, match="说明原因"):
        activity_cancel(activity_id=activity.pk, reason="", acting_user=county.users[Role.STATION_ADMIN])
    activity_cancel(activity_id=activity.pk, reason="暴雨预警", acting_user=county.users[Role.STATION_ADMIN])
    notices = Notification.objects.filter(kind=NotificationKind.ACTIVITY_CANCELLED)
    assert sorted(notices.values_list("recipient_volunteer_id", flat=True)) == sorted([first.pk, second.pk])
    assert all("暴雨预警" in notice.body for notice in notices)


def test_moving_an_activity_notifies_and_resets_reminders(county):
    activity = activity_make(county)
    volunteer = volunteer_with_user(county, 11)
    signup_create(activity_id=activity.pk, acting_user=volunteer.user)
    SignUp.objects.update(reminded_at=timezone.now())
    activity_update(
        activity_id=activity.pk,
        acting_user=county.users[Role.STATION_ADMIN],
        starts_at=activity.starts_at + dt.timedelta(days=1),
        ends_at=activity.ends_at + dt.timedelta(days=1),
    )
    assert Notification.objects.filter(kind=NotificationKind.ACTIVITY_CHANGED).count() == 1
    assert SignUp.objects.get().reminded_at is None
    activity_update(activity_id=activity.pk, acting_user=county.users[Role.STATION_ADMIN], content="补充说明")
    assert Notification.objects.filter(kind=NotificationKind.ACTIVITY_CHANGED).count() == 1


def test_reminders_go_once_the_day_before(county):
    soon = activity_make(county, starts_in_hours=20)
    later = activity_make(county, starts_in_hours=60, title="后天的活动")
    volunteer = volunteer_with_user(county, 11)
    for activity in (soon, later):
        signup_create(activity_id=activity.pk, acting_user=volunteer.user)
    assert activities_housekeeping() == {"reminded": 1, "closed": 0}
    assert activities_housekeeping() == {"reminded": 0, "closed": 0}
    reminder = Notification.objects.get(kind=NotificationKind.ACTIVITY_REMINDER)
    assert soon.title in reminder.title
    output = io.StringIO()
    call_command("activities_housekeeping", stdout=output)
    assert output.getvalue().strip() == "reminded 0 · closed 0"


def test_finish_only_after_the_start(county):
    activity = activity_make(county)
    with pytest.raises(DomainError, match="还没有开始"):
        activity_finish(activity_id=activity.pk, acting_user=county.users[Role.STATION_ADMIN])
    started = activity_make(county, starts_in_hours=-1)
    assert activity_finish(activity_id=started.pk, acting_user=county.users[Role.STATION_ADMIN]).status == "finished"
    with pytest.raises(DomainError):
        activity_cancel(activity_id=started.pk, reason="补取消", acting_user=county.users[Role.STATION_ADMIN])


def test_weekly_series_generates_each_occurrence_in_local_time(county):
    skill = Skill.objects.create(code="reading", name="朗读")
    series = activity_series_create(
        required_skills=[skill],
        acting_user=county.users[Role.STATION_ADMIN],
        weekdays=[2, 6],  # Tuesdays and Saturdays
        first_on=dt.date(2027, 3, 1),
        last_on=dt.date(2027, 3, 31),
        starts_time=dt.time(8, 30),
        ends_time=dt.time(11, 0),
        title="周末读书会",
        organizer_site=county.station,
        capacity=20,
        **RECRUITMENT,
    )
    days = [timezone.localtime(activity.starts_at) for activity in series.occurrences.order_by("starts_at")]
    assert len(days) == 9
    assert {day.isoweekday() for day in days} == {2, 6}
    assert {(day.hour, day.minute) for day in days} == {(8, 30)}
    assert days[0].date() == dt.date(2027, 3, 2)
    assert all(activity.status == "draft" for activity in series.occurrences.all())
    assert all(list(activity.required_skills.all()) == [skill] for activity in series.occurrences.all())


def test_series_bad_input_is_refused(county):
    base = {
        "acting_user": county.users[Role.STATION_ADMIN],
        "first_on": dt.date(2027, 3, 1),
        "last_on": dt.date(2027, 3, 31),
        "starts_time": dt.time(8, 30),
        "ends_time": dt.time(11, 0),
        "title": "读书会",
        "organizer_site": county.station,
        "capacity": 20,
        **RECRUITMENT,
    }
    with pytest.raises(DomainError, match="每周的哪几天"):
        activity_series_create(**{**base, "weekdays": [8]})
    with pytest.raises(DomainError, match="末次日期"):
        activity_series_create(**{**base, "weekdays": [1], "last_on": dt.date(2027, 2, 1)})
    with pytest.raises(DomainError, match="结束时刻"):
        activity_series_create(**{**base, "weekdays": [1], "ends_time": dt.time(8, 0)})
    assert Activity.objects.count() == 0
