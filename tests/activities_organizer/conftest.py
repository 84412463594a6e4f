"""Builders for the organizer-page tests: browsers per role, a running activity, form data."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.activities.conftest import activity_make, volunteer_with_user
from tests.api.conftest import api_county, client_as
from tests.factories import SmallCounty
from wenming.accounts.models import User
from wenming.accounts.services import role_assign, user_create
from wenming.activities.models import Activity
from wenming.activities.services import signup_create
from wenming.regions.roles import Role
from wenming.volunteers.models import Volunteer

__all__ = ["activity_make", "api_county", "volunteer_with_user"]

FORM_TIME = "%Y-%m-%dT%H:%M"


def local_input(moment: dt.datetime) -> str:
    """A datetime as a datetime-local input sends it (Asia/Shanghai, minutes)."""
    return timezone.localtime(moment).strftime(FORM_TIME)


def activity_form_data(county: SmallCounty, **overrides: Any) -> dict[str, Any]:
    """A complete recruitment form for an activity at the station, three days from now."""
    starts_at = (timezone.now() + dt.timedelta(days=3)).replace(second=0, microsecond=0)
    data: dict[str, Any] = {
        "title": "关爱老人义诊",
        "content": "为村里老人测量血压、讲解用药常识",
        "venue_type": "village",
        "organizer_site": county.station.pk,
        "organizer_team": county.team.pk,
        "starts_at": local_input(starts_at),
        "ends_at": local_input(starts_at + dt.timedelta(hours=3)),
        "place": "东兴村文化广场",
        "latitude": "",
        "longitude": "",
        "coordinate_system": "gcj02",
        "capacity": "10",
        "signup_method": "平台报名",
        "late_cancel_hours": "24",
        "risk_statement": "户外活动，注意防暑",
        "safeguards": "配备饮用水和急救包",
        "contact_name": "赵站长",
        "contact_phone": "13800000000",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def browsers(county: SmallCounty) -> dict[str, Client]:
    return {role: client_as(user) for role, user in county.users.items()}


@pytest.fixture
def sibling_admin(county: SmallCounty) -> User:
    """The station admin of the sibling village: same township, none of the station's records."""
    user = user_create(username="sibling_station_admin", password="unused-password-1", display_name="西林村站管理员")
    role_assign(user=user, role=Role.STATION_ADMIN, site=county.sibling_station)
    return user


@pytest.fixture
def running(county: SmallCounty) -> tuple[Activity, list[Volunteer]]:
    """A published activity that started two hours ago (ends in one), two confirmed volunteers."""
    activity = activity_make(county)
    volunteers = [volunteer_with_user(county, 21, "陈一"), volunteer_with_user(county, 22, "林二")]
    for volunteer in volunteers:
        signup_create(activity_id=activity.pk, acting_user=volunteer.user)
    # Sign-up closes at the start, so the clock is moved afterwards (a test-only shortcut).
    starts_at = (timezone.now() - dt.timedelta(hours=2)).replace(second=0, microsecond=0)
    Activity.objects.filter(pk=activity.pk).update(starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=3))
    activity.refresh_from_db()
    return activity, volunteers


def sibling_activity_make(county: SmallCounty, **fields: Any) -> Activity:
    """A published activity of the sibling village's station, made by the county admin."""
    from tests.activities.conftest import RECRUITMENT
    from wenming.activities.services import activity_create, activity_publish

    starts_at = timezone.now() + dt.timedelta(days=2)
    values: dict[str, Any] = {
        "title": "西林村活动",
        "organizer_site": county.sibling_station,
        "capacity": 5,
        "starts_at": starts_at,
        "ends_at": starts_at + dt.timedelta(hours=2),
        **RECRUITMENT,
        **fields,
    }
    admin = county.users[Role.COUNTY_ADMIN]
    activity = activity_create(acting_user=admin, **values)
    return activity_publish(activity_id=activity.pk, acting_user=admin)
