"""Builders for the activity tests: a published activity run by the station, volunteers to sign up."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from tests.factories import SmallCounty, volunteer_make
from wenming.accounts.services import role_assign, user_create
from wenming.activities.models import Activity, VenueType
from wenming.activities.services import activity_create, activity_publish
from wenming.regions.roles import Role
from wenming.volunteers.models import Volunteer

RECRUITMENT = {
    "content": "为村里老人讲解防诈骗知识",
    "place": "东兴村文化广场",
    "signup_method": "平台报名",
    "risk_statement": "户外活动，注意防暑",
    "safeguards": "配备饮用水和急救包",
    "venue_type": VenueType.VILLAGE,
}


def activity_make(county: SmallCounty, *, publish: bool = True, starts_in_hours: float = 48, **fields: Any) -> Activity:
    starts_at = fields.pop("starts_at", timezone.now() + dt.timedelta(hours=starts_in_hours))
    values: dict[str, Any] = {
        "title": "防诈骗宣讲",
        "organizer_site": county.station,
        "organizer_team": county.team,
        "capacity": 5,
        "starts_at": starts_at,
        "ends_at": starts_at + dt.timedelta(hours=3),
        **RECRUITMENT,
        **fields,
    }
    activity = activity_create(acting_user=county.users[Role.STATION_ADMIN], **values)
    if publish:
        activity = activity_publish(activity_id=activity.pk, acting_user=county.users[Role.STATION_ADMIN])
    return activity


def volunteer_with_user(county: SmallCounty, sequence: int, name: str = "", birth: str = "19850101") -> Volunteer:
    volunteer = volunteer_make(county.village, name or f"志愿者{sequence}", sequence, birth=birth)
    user = user_create(username=f"volunteer{sequence}", password="unused-password-1", display_name=volunteer.name)
    role_assign(user=user, role=Role.VOLUNTEER, region=county.village)
    Volunteer.objects.filter(pk=volunteer.pk).update(user=user)
    volunteer.refresh_from_db()
    return volunteer


@pytest.fixture
def activity(county: SmallCounty) -> Activity:
    return activity_make(county)
