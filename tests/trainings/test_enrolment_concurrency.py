"""100 concurrent enrolments for 10 places: exactly 10 enrolled, the rest waitlisted, no server error.

Real threads with their own connections: PostgreSQL serialises them on the training's row lock, SQLite
queues the IMMEDIATE transactions.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test import Client

from tests.factories import build_small_county
from tests.trainings.builders import training_make, volunteers_make
from wenming.core.errors import DomainError
from wenming.regions.roles import Role
from wenming.trainings.models import EnrolmentStatus, TrainingAttendance
from wenming.trainings.services import training_enrol

ENROLMENTS = 100
PLACES = 10
THREADS = 8


def in_thread(work):
    def run(argument):
        try:
            return work(argument)
        finally:
            connections.close_all()

    return run


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("door", ["service", "api"])
def test_hundred_concurrent_enrolments_fill_exactly_the_places(door):
    # given
    county = build_small_county()
    admin = county.users[Role.COUNTY_ADMIN]
    training = training_make(county, site=county.center, capacity=PLACES)
    volunteer_ids = volunteers_make(county.county, ENROLMENTS)

    def by_service(volunteer_id: int) -> int:
        try:
            training_enrol(training_id=training.pk, acting_user=admin, volunteer_id=volunteer_id)
        except DomainError:
            return 400
        return 201

    client = Client()
    client.force_login(admin)

    def by_api(volunteer_id: int) -> int:
        browser = Client()
        browser.cookies = client.cookies
        response = browser.post(
            f"/api/v1/trainings/{training.pk}/enrolments",
            {"volunteer_id": volunteer_id},
            content_type="application/json",
        )
        return response.status_code

    # when
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        statuses = list(pool.map(in_thread(by_service if door == "service" else by_api), volunteer_ids))
    connection.close()

    # then
    assert statuses == [201] * ENROLMENTS
    enrolled = TrainingAttendance.objects.filter(training=training, status=EnrolmentStatus.ENROLLED).count()
    waitlisted = TrainingAttendance.objects.filter(training=training, status=EnrolmentStatus.WAITLISTED).count()
    assert (enrolled, waitlisted) == (PLACES, ENROLMENTS - PLACES)
