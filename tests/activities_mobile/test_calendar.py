"""The private calendar: the settings page issues the URL; the feed parses back with the right events."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from icalendar import Calendar

from tests.activities_mobile.conftest import activity_make, volunteer_with_user
from wenming.activities.services import calendar_token_issue, signup_cancel, signup_create
from wenming.regions.roles import Role
from wenming.volunteers.models import Volunteer

pytestmark = pytest.mark.django_db

# 01:30 in Beijing is 17:30 UTC the day before.
START = dt.datetime(2031, 6, 1, 17, 30, tzinfo=dt.UTC)


def test_settings_issue_and_reissue_the_private_url(phone, volunteer, client):
    first_page = phone.get(reverse("activities:calendar_settings"))
    assert 'id="calendar-none"' in first_page.content.decode()
    assert first_page["Cache-Control"] == "private, no-store"
    response = phone.post(reverse("activities:calendar_settings"))
    assert response.status_code == 302
    token = Volunteer.objects.get(pk=volunteer.pk).calendar_token
    assert token
    page = phone.get(reverse("activities:calendar_settings")).content.decode()
    assert f'value="http://testserver/calendar/{token}.ics"' in page
    assert f'href="webcal://testserver/calendar/{token}.ics"' in page
    phone.post(reverse("activities:calendar_settings"))
    new_token = Volunteer.objects.get(pk=volunteer.pk).calendar_token
    assert new_token != token
    assert client.get(reverse("activities:calendar", args=[token])).status_code == 404
    assert client.get(reverse("activities:calendar", args=[new_token])).status_code == 200


@pytest.fixture
def feed(county, volunteer, client):
    user = county.users[Role.VOLUNTEER]
    confirmed = activity_make(
        county, title="山林防火巡查", starts_at=START, latitude=Decimal("46.980000"), longitude=Decimal("128.040000")
    )
    full = activity_make(county, title="敬老院义诊", capacity=1, starts_at=START + dt.timedelta(days=1))
    signup_create(activity_id=full.pk, acting_user=volunteer_with_user(county, 41).user)
    dropped = activity_make(county, title="取消报名的活动", starts_at=START + dt.timedelta(days=2))
    others = activity_make(county, title="别人的活动", starts_at=START + dt.timedelta(days=3))
    signup_create(activity_id=confirmed.pk, acting_user=user)
    signup_create(activity_id=full.pk, acting_user=user)
    signup_cancel(signup_id=signup_create(activity_id=dropped.pk, acting_user=user).pk, acting_user=user)
    signup_create(activity_id=others.pk, acting_user=volunteer_with_user(county, 42).user)
    token = calendar_token_issue(volunteer=volunteer, acting_user=user)
    response = client.get(reverse("activities:calendar", args=[token]))  # no login: the token is the key
    return response, confirmed, full


def test_feed_is_private_icalendar(feed):
    response, _confirmed, _full = feed
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"


def test_feed_has_one_event_per_commitment_in_utc(feed):
    response, confirmed, full = feed
    calendar = Calendar.from_ical(response.content)
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {f"activity-{confirmed.pk}@wenming", f"activity-{full.pk}@wenming"}
    event = events[f"activity-{confirmed.pk}@wenming"]
    assert event.decoded("DTSTART") == START
    assert event.decoded("DTEND") == START + dt.timedelta(hours=3)
    assert event.decoded("DTSTART").utcoffset() == dt.timedelta(0)
    assert str(event["SUMMARY"]) == "山林防火巡查"
    assert str(event["LOCATION"]) == "东兴村文化广场"
    assert "报名状态：已确认" in str(event["DESCRIPTION"])
    assert str(event["STATUS"]) == "CONFIRMED"
    assert (event["GEO"].latitude, event["GEO"].longitude) == (46.98, 128.04)
    alarms = event.walk("VALARM")
    assert len(alarms) == 1
    assert alarms[0].decoded("TRIGGER") == dt.timedelta(days=-1)
    raw = response.content.decode()
    assert "DTSTART:20310601T173000Z" in raw
    assert "DTEND:20310601T203000Z" in raw


def test_a_waitlisted_commitment_is_noted(feed):
    response, _confirmed, full = feed
    events = Calendar.from_ical(response.content).walk("VEVENT")
    event = next(event for event in events if event["UID"] == f"activity-{full.pk}@wenming")
    assert str(event["SUMMARY"]) == "【候补】敬老院义诊"
    assert "候补" in str(event["DESCRIPTION"])
    assert str(event["STATUS"]) == "TENTATIVE"
    assert "GEO" not in event


@pytest.mark.parametrize("token", ["unknown-token", "x" * 43])
def test_an_unknown_token_is_not_found(client, volunteer, token):
    assert client.get(reverse("activities:calendar", args=[token])).status_code == 404
