"""Public volunteer numbers: county code + 8 digits, continuing after numbers written without the counter,
and never taken twice by concurrent registrations."""

import threading

import pytest
from django.db import connections

from tests.factories import volunteer_make
from wenming.volunteers.models import Volunteer, VolunteerNumberCounter
from wenming.volunteers.services import volunteer_numbers_allocate


def test_numbers_continue_after_the_highest_in_use(county):
    # the small county registered 23078100000001..03; a seeded record took a higher number
    Volunteer.objects.filter(pk=county.volunteers["township"].pk).update(volunteer_number="23078100000500")
    volunteer = volunteer_make(county.village, "新人", 40)
    assert volunteer.volunteer_number == "23078100000501"
    assert VolunteerNumberCounter.objects.get(county_code="230781").last_number == 501


def test_a_batch_takes_consecutive_numbers(county):
    assert volunteer_numbers_allocate("230781100201", 3) == ["23078100000004", "23078100000005", "23078100000006"]
    assert volunteer_numbers_allocate("230781", 1) == ["23078100000007"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_share_a_number(county):
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def register(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            volunteer = volunteer_make(county.village, f"并发{index}", 60 + index)
            outcomes.append(volunteer.volunteer_number)
        except Exception as error:  # the test reports any error class
            outcomes.append(type(error).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(index,)) for index in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(outcomes) == [f"2307810000000{n}" for n in range(4, 8)]
    assert Volunteer.objects.filter(name__startswith="并发").count() == 4
