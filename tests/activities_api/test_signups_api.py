"""Sign-up, its cancellation, the organizer's roster, the volunteer's commitments and calendar address."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.activities_api.conftest import (
    API,
    activity_build,
    counts,
    running_activity_build,
    signup_build,
)
from tests.api.conftest import FULL_PHONES, client_as
from tests.factories import volunteer_make
from wenming.activities.models import SignUp, SignUpStatus
from wenming.activities.services import activity_cancel, activity_close
from wenming.regions.roles import Role
from wenming.volunteers.models import Volunteer

JSON = "application/json"


def sign_up(api_county, activity, body=None, role=Role.VOLUNTEER):
    return client_as(api_county.users[role]).post(
        f"{API}/activities/{activity.pk}/signups", body or {}, content_type=JSON
    )


def test_sign_up_takes_a_place(api_county):
    county = api_county.county
    activity = activity_build(county)

    response = sign_up(api_county, activity)

    assert response.status_code == 201, response.content
    signup = SignUp.objects.get()
    assert response.json() == {
        "id": signup.pk,
        "activity_id": activity.pk,
        "volunteer_id": county.volunteers["own"].pk,
        "status": "confirmed",
        "status_display": "已确认",
        "waitlist_position": None,
        "queued_at": response.json()["queued_at"],
        "confirmed_at": response.json()["confirmed_at"],
        "cancelled_at": None,
        "is_late_cancellation": False,
    }
    activity.refresh_from_db()
    assert activity.confirmed_count == 1


def test_signing_up_again_returns_the_same_sign_up_with_200(api_county):
    county = api_county.county
    activity = activity_build(county)
    first = sign_up(api_county, activity)
    before = counts()

    again = sign_up(api_county, activity)

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert counts() == before


def test_sign_up_to_a_full_activity_is_waitlisted_with_its_position(api_county):
    county = api_county.county
    activity = activity_build(county, capacity=1)
    signup_build(county, activity, county.volunteers["sibling"])
    signup_build(county, activity, county.volunteers["township"])  # first on the waitlist

    response = sign_up(api_county, activity)

    assert response.status_code == 201
    assert (response.json()["status"], response.json()["waitlist_position"]) == ("waitlisted", 2)
    activity.refresh_from_db()
    assert activity.confirmed_count == 1


def test_an_organizer_signs_up_a_volunteer_of_their_scope(api_county):
    county = api_county.county
    activity = activity_build(county)

    response = sign_up(api_county, activity, {"volunteer_id": county.volunteers["own"].pk}, role=Role.STATION_ADMIN)

    assert response.status_code == 201
    assert SignUp.objects.get().volunteer == county.volunteers["own"]


def refused(api_county, activity, message, code, role=Role.VOLUNTEER, body=None):
    before = counts()
    response = sign_up(api_county, activity, body, role=role)
    assert response.status_code == 400, response.content
    assert response.json() == {"code": code, "message": message, "field": None}
    assert counts() == before


def test_sign_up_to_a_closed_activity_is_refused(api_county):
    county = api_county.county
    activity = activity_build(county)
    activity_close(activity_id=activity.pk, acting_user=county.users[Role.COUNTY_ADMIN])
    refused(api_county, activity, "该活动已截止报名。", "activity_closed")


def test_sign_up_to_a_cancelled_activity_is_refused(api_county):
    county = api_county.county
    activity = activity_build(county)
    activity_cancel(activity_id=activity.pk, reason="暴雪", acting_user=county.users[Role.COUNTY_ADMIN])
    refused(api_county, activity, "该活动已取消。", "activity_cancelled")


def test_sign_up_to_an_activity_that_started_is_refused(api_county):
    activity = running_activity_build(api_county.county)
    refused(api_county, activity, "活动已经开始或结束，不能再报名。", "activity_started")


def test_sign_up_after_the_sign_up_deadline_is_refused(api_county):
    county = api_county.county
    activity = activity_build(county)
    activity.signup_closes_at = timezone.now() - dt.timedelta(minutes=1)
    activity.save(update_fields=["signup_closes_at"])
    refused(api_county, activity, "该活动已截止报名。", "activity_closed")


def test_sign_up_below_the_minimum_age_is_refused(api_county):
    county = api_county.county
    activity = activity_build(county, min_age=60)  # the volunteer was born in 1980
    refused(api_county, activity, "该活动要求年满 60 周岁。", "ineligible_age")


def test_overlapping_commitment_is_refused(api_county):
    county = api_county.county
    first = activity_build(county, "own")
    second = activity_build(county, "parent", starts_at=first.starts_at + dt.timedelta(hours=1))
    sign_up(api_county, first)
    start = timezone.localtime(first.starts_at)
    refused(
        api_county,
        second,
        f"与您已报名的活动《{first.title}》（{start:%m-%d %H:%M}）时间冲突。",
        "overlapping_commitment",
    )


def test_sign_up_of_a_user_without_a_volunteer_record_is_refused(api_county):
    activity = activity_build(api_county.county)
    refused(api_county, activity, "您还不是注册志愿者，不能报名。", "not_a_volunteer", role=Role.RESIDENT)


def test_sign_up_to_a_draft_is_not_found_for_a_volunteer(api_county):
    activity = activity_build(api_county.county, publish=False)
    before = counts()

    response = sign_up(api_county, activity)

    assert response.status_code == 404
    assert counts() == before


# -- cancel ----------------------------------------------------------------------------------------


def test_cancel_frees_the_place_for_the_first_on_the_waitlist(api_county):
    county = api_county.county
    activity = activity_build(county, capacity=1)
    mine = SignUp.objects.get(pk=sign_up(api_county, activity).json()["id"])
    waiting = signup_build(county, activity, county.volunteers["sibling"])

    response = client_as(county.users[Role.VOLUNTEER]).post(
        f"{API}/signups/{mine.pk}/cancel", {"reason": "家中有事"}, content_type=JSON
    )

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["cancelled_at"] is not None) == ("cancelled", True)
    waiting.refresh_from_db()
    assert waiting.status == SignUpStatus.CONFIRMED


def test_cancel_twice_is_refused(api_county):
    county = api_county.county
    activity = activity_build(county)
    signup_id = sign_up(api_county, activity).json()["id"]
    browser = client_as(county.users[Role.VOLUNTEER])
    browser.post(f"{API}/signups/{signup_id}/cancel", {}, content_type=JSON)
    before = counts()

    response = browser.post(f"{API}/signups/{signup_id}/cancel", {}, content_type=JSON)

    assert response.status_code == 400
    assert response.json() == {"code": "signup_not_active", "message": "这条报名已经取消了。", "field": None}
    assert counts() == before


def test_cancel_of_someone_elses_sign_up_is_not_found(api_county):
    county = api_county.county
    activity = activity_build(county, "sibling")
    other = signup_build(county, activity, county.volunteers["sibling"])

    response = client_as(county.users[Role.VOLUNTEER]).post(f"{API}/signups/{other.pk}/cancel", {}, content_type=JSON)

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == SignUpStatus.CONFIRMED


# -- roster, commitments, calendar -----------------------------------------------------------------


def test_roster_lists_confirmed_then_waitlisted_with_masked_phones(api_county):
    county = api_county.county
    activity = activity_build(county, capacity=1)
    confirmed = signup_build(county, activity, county.volunteers["own"])
    waiting = signup_build(county, activity, county.volunteers["sibling"])

    response = client_as(county.users[Role.STATION_ADMIN]).get(f"{API}/activities/{activity.pk}/signups")

    assert response.status_code == 200
    body = response.json()
    assert [(row["id"], row["status"]) for row in body] == [
        (confirmed.pk, "confirmed"),
        (waiting.pk, "waitlisted"),
    ]
    assert body[0]["phone_masked"] == "138****0001"
    assert not any(phone in response.content.decode() for phone in FULL_PHONES)


def test_roster_is_not_for_volunteers(api_county):
    activity = activity_build(api_county.county)
    response = client_as(api_county.users[Role.VOLUNTEER]).get(f"{API}/activities/{activity.pk}/signups")
    assert response.status_code == 404


def test_roster_query_count_is_pinned(api_county, django_assert_num_queries):
    county = api_county.county
    activity = activity_build(county, capacity=2)
    for number in range(4):
        signup_build(county, activity, volunteer_make(county.village, f"报名者{number}", 20 + number))
    browser = client_as(county.users[Role.STATION_ADMIN])
    with django_assert_num_queries(8):  # six of the request, the activity, the sign-ups with their volunteers
        response = browser.get(f"{API}/activities/{activity.pk}/signups")
    assert len(response.json()) == 4


def test_commitments_list_the_callers_sign_ups_with_their_waitlist_position(api_county):
    county = api_county.county
    soon = activity_build(county, "own", starts_in=dt.timedelta(days=1))
    full = activity_build(county, "parent", starts_in=dt.timedelta(days=2), capacity=1)
    signup_build(county, full, county.volunteers["township"])
    sign_up(api_county, soon)
    sign_up(api_county, full)
    signup_build(county, soon, county.volunteers["sibling"])  # someone else's

    response = client_as(county.users[Role.VOLUNTEER]).get(f"{API}/me/commitments")

    assert response.status_code == 200
    body = response.json()
    assert [(row["activity"]["id"], row["status"], row["waitlist_position"]) for row in body] == [
        (soon.pk, "confirmed", None),
        (full.pk, "waitlisted", 1),
    ]
    assert body[0]["activity"]["organizer_site_name"] == county.station.name


def test_commitments_query_count_is_pinned(api_county, django_assert_num_queries):
    county = api_county.county
    for days in (1, 2, 3):
        sign_up(api_county, activity_build(county, "own", starts_in=dt.timedelta(days=days)))
    browser = client_as(county.users[Role.VOLUNTEER])
    # The session (read and refreshed: four), the user, and one for the sign-ups with their activities and
    # their places in the waitlist: the caller's own rows need no role assignments.
    with django_assert_num_queries(6):
        response = browser.get(f"{API}/me/commitments")
    assert len(response.json()) == 3


def test_commitments_read_waitlist_positions_with_the_rows(api_county, django_assert_num_queries):
    # given: the volunteer waits second in line for one activity and holds places in two others
    county = api_county.county
    full = activity_build(county, "own", capacity=1, starts_in=dt.timedelta(days=1))
    for sequence in (41, 42):
        signup_build(county, full, volunteer_make(county.village, f"先报名{sequence}", sequence))
    sign_up(api_county, full)
    for days in (2, 3):
        sign_up(api_county, activity_build(county, "own", starts_in=dt.timedelta(days=days)))
    browser = client_as(county.users[Role.VOLUNTEER])
    browser.get(f"{API}/me/commitments")  # the session is warm
    # when / then: session, user, one query for the rows with their queue positions
    with django_assert_num_queries(3):
        body = browser.get(f"{API}/me/commitments").json()
    assert [row["waitlist_position"] for row in body] == [2, None, None]


def test_calendar_token_gives_a_new_private_address_each_time(api_county):
    browser = client_as(api_county.users[Role.VOLUNTEER])

    first = browser.post(f"{API}/me/calendar-token").json()["url"]
    second = browser.post(f"{API}/me/calendar-token").json()["url"]

    token = Volunteer.objects.get(pk=api_county.county.volunteers["own"].pk).calendar_token
    assert first != second
    assert second.endswith(f"{token}.ics")
    assert second.startswith("/")


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.COUNTY_ADMIN])
def test_calendar_token_needs_a_volunteer_record(api_county, role):
    response = client_as(api_county.users[role]).post(f"{API}/me/calendar-token")
    assert response.status_code == 404
    assert response.json() == {"code": "not_a_volunteer", "message": "您还不是注册志愿者。", "field": None}
