"""Builders for the phone-page tests: published activities of the county, volunteers with a login."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.api.conftest import client_as
from tests.browser.conftest import browser_page
from tests.factories import SmallCounty, volunteer_make
from wenming.accounts.services import role_assign, user_create
from wenming.activities.models import Activity, VenueType
from wenming.activities.services import activity_create, activity_publish
from wenming.regions.roles import Role
from wenming.volunteers.models import Volunteer

__all__ = ["browser_page"]  # the browser test's fixture

HTMX = {"HX-Request": "true"}

RECRUITMENT = {
    "content": "为村里老人讲解防诈骗知识",
    "place": "东兴村文化广场",
    "signup_method": "在平台报名，或致电负责人",
    "risk_statement": "户外活动，注意防暑",
    "safeguards": "配备饮用水和急救包",
    "venue_type": VenueType.VILLAGE,
}


def activity_make(
    county: SmallCounty, *, publish: bool = True, starts_at: dt.datetime | None = None, **fields: Any
) -> Activity:
    """An activity of the village station, created and published by the county admin."""
    starts_at = starts_at or timezone.now() + dt.timedelta(days=2)
    values: dict[str, Any] = {
        "title": "防诈骗宣讲",
        "organizer_site": county.station,
        "capacity": 5,
        "starts_at": starts_at,
        "ends_at": starts_at + dt.timedelta(hours=3),
        **RECRUITMENT,
        **fields,
    }
    admin = county.users[Role.COUNTY_ADMIN]
    activity = activity_create(acting_user=admin, **values)
    if publish:
        activity = activity_publish(activity_id=activity.pk, acting_user=admin)
    return activity


def volunteer_with_user(county: SmallCounty, sequence: int, birth: str = "19850101") -> Volunteer:
    volunteer = volunteer_make(county.village, f"志愿者{sequence}", sequence, birth=birth)
    user = user_create(username=f"volunteer{sequence}", password="unused-password-1", display_name=volunteer.name)
    role_assign(user=user, role=Role.VOLUNTEER, region=county.village)
    Volunteer.objects.filter(pk=volunteer.pk).update(user=user)
    volunteer.refresh_from_db()
    return volunteer


@pytest.fixture
def volunteer(county: SmallCounty) -> Volunteer:
    """张东兴, linked to the volunteer user."""
    return Volunteer.objects.get(pk=county.volunteers["own"].pk)


@pytest.fixture
def phone(county: SmallCounty) -> Client:
    """The volunteer's phone browser, logged in."""
    return client_as(county.users[Role.VOLUNTEER])
