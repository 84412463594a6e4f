"""1,000 concurrent sign-ups for 50 places: exactly 50 confirmed, the rest waitlisted, no server error.

Real threads with their own database connections, on whichever database the suite runs on:
PostgreSQL serialises them on the volunteer's row lock and the conditional UPDATE of the
activity's counter; SQLite queues the IMMEDIATE transactions.
"""

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from tests.activities.conftest import RECRUITMENT
from tests.factories import build_small_county, id_number_for
from wenming.activities.models import Activity, SignUp, SignUpStatus
from wenming.activities.services import activity_create, activity_publish, signup_create
from wenming.core.errors import DomainError
from wenming.regions.roles import Role
from wenming.volunteers.models import Volunteer
from wenming.volunteers.services import id_number_seal

SIGNUPS = 1000
PLACES = 50
THREADS = 16


def volunteers_make(region: Any, count: int) -> list[int]:
    """Many distinct volunteers quickly: sealed ID numbers, one bulk insert."""
    rows = []
    for index in range(count):
        birth = (dt.date(1960, 1, 1) + dt.timedelta(days=index)).strftime("%Y%m%d")
        sealed = id_number_seal(id_number_for(birth, 7))
        rows.append(
            Volunteer(
                region=region,
                volunteer_number=f"C{index:06d}",
                name=f"并发志愿者{index}",
                id_number_encrypted=sealed.encrypted,
                id_number_hash=sealed.hash,
                id_number_masked=sealed.masked,
                gender=sealed.gender,
                birth_on=sealed.birth_on,
                phone=f"139{index:08d}",
                registered_at=timezone.now(),
            )
        )
    return [volunteer.pk for volunteer in Volunteer.objects.bulk_create(rows)]


def in_thread(work):
    def run(argument):
        try:
            return work(argument)
        finally:
            connections.close_all()

    return run


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("door", ["service", "api"])
def test_thousand_concurrent_signups_fill_exactly_the_places(door):
    # given
    county = build_small_county()
    admin = county.users[Role.COUNTY_ADMIN]
    starts_at = timezone.now() + dt.timedelta(days=3)
    activity = activity_create(
        acting_user=admin,
        title="千人抢报名",
        organizer_site=county.center,
        capacity=PLACES,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=2),
        **RECRUITMENT,
    )
    activity_publish(activity_id=activity.pk, acting_user=admin)
    volunteer_ids = volunteers_make(county.county, SIGNUPS)

    def by_service(volunteer_id: int) -> int:
        try:
            signup_create(activity_id=activity.pk, acting_user=admin, volunteer_id=volunteer_id)
        except DomainError:
            return 400
        return 201

    client = Client()
    client.force_login(admin)
    session_cookie = client.cookies

    def by_api(volunteer_id: int) -> int:
        browser = Client()
        browser.cookies = session_cookie
        response = browser.post(
            f"/api/v1/activities/{activity.pk}/signups", {"volunteer_id": volunteer_id}, content_type="application/json"
        )
        return response.status_code

    # when
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        statuses = list(pool.map(in_thread(by_service if door == "service" else by_api), volunteer_ids))
    connection.close()

    # then
    assert [status for status in statuses if status >= 500] == []
    activity.refresh_from_db()
    confirmed = SignUp.objects.filter(activity=activity, status=SignUpStatus.CONFIRMED).count()
    waitlisted = SignUp.objects.filter(activity=activity, status=SignUpStatus.WAITLISTED).count()
    refused = sum(1 for status in statuses if 400 <= status < 500)
    assert (confirmed, activity.confirmed_count) == (PLACES, PLACES)
    assert waitlisted + refused == SIGNUPS - PLACES
    assert Activity.objects.filter(confirmed_count__gt=PLACES).count() == 0


OVERLAPPING = 8
ROUNDS = 3


@pytest.mark.django_db(transaction=True)
def test_one_volunteer_signing_up_for_overlapping_activities_at_once_gets_exactly_one():
    # given: a volunteer and, each round, eight activities at the same time
    county = build_small_county()
    admin, volunteer_user = county.users[Role.COUNTY_ADMIN], county.users[Role.VOLUNTEER]
    for round_ in range(ROUNDS):
        starts_at = timezone.now() + dt.timedelta(days=3 + round_)
        activity_ids = []
        for index in range(OVERLAPPING):
            activity = activity_create(
                acting_user=admin,
                title=f"同时段活动{round_}-{index}",
                organizer_site=county.center,
                capacity=5,
                starts_at=starts_at,
                ends_at=starts_at + dt.timedelta(hours=2),
                **RECRUITMENT,
            )
            activity_publish(activity_id=activity.pk, acting_user=admin)
            activity_ids.append(activity.pk)

        def sign_up(activity_id: int) -> str:
            try:
                signup_create(activity_id=activity_id, acting_user=volunteer_user)
            except DomainError as refusal:
                return refusal.code
            return "ok"

        # when: the volunteer signs up for all of them at once (a double tap, two phones)
        with ThreadPoolExecutor(max_workers=OVERLAPPING) as pool:
            outcomes = list(pool.map(in_thread(sign_up), activity_ids))
        connection.close()

        # then: one sign-up, the others refused as overlapping
        assert sorted(outcomes) == ["ok"] + ["overlapping_commitment"] * (OVERLAPPING - 1)
        assert SignUp.objects.filter(activity_id__in=activity_ids).count() == 1
