"""The phone pages show the volunteer's masked data only: never a full ID number or mobile number."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.activities_mobile.conftest import activity_make
from tests.api.conftest import FULL_ID_NUMBERS, FULL_PHONES
from wenming.activities.services import calendar_token_issue, signup_create
from wenming.activities.services_attendance import checkin_token_issue
from wenming.regions.roles import Role

pytestmark = pytest.mark.django_db


def test_no_page_shows_full_personal_numbers(county, phone, volunteer, client):
    user = county.users[Role.VOLUNTEER]
    activity = activity_make(county, starts_at=timezone.now() + dt.timedelta(minutes=30))
    signup_create(activity_id=activity.pk, acting_user=user)
    token = calendar_token_issue(volunteer=volunteer, acting_user=user)
    qr = checkin_token_issue(activity_id=activity.pk, kind="in", acting_user=county.users[Role.COUNTY_ADMIN]).token
    pages = [
        phone.get(reverse("activities:mobile_home")),
        phone.get(reverse("activities:activities")),
        phone.get(reverse("activities:activity_detail", args=[activity.pk])),
        phone.get(reverse("activities:commitments")),
        phone.get(reverse("activities:my_hours")),
        phone.get(reverse("activities:calendar_settings")),
        phone.get(reverse("activities:checkin", args=[qr])),
        phone.post(reverse("activities:checkin", args=[qr]), {"idempotency_key": "k" * 32}),
        client.get(reverse("activities:calendar", args=[token])),
    ]
    for response in pages:
        assert response.status_code == 200
        body = response.content.decode()
        for secret in (*FULL_ID_NUMBERS, *FULL_PHONES):
            assert secret not in body
    assert volunteer.volunteer_number in pages[0].content.decode()
