"""Concurrent issues never share a serial number and leave no gap (row lock on PostgreSQL, IMMEDIATE on SQLite)."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from tests.certificates.builders import credit_make
from tests.factories import build_small_county
from wenming.certificates.models import Certificate
from wenming.certificates.services import certificate_issue
from wenming.regions.roles import Role

WRITERS = 4


@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_get_distinct_consecutive_serial_numbers():
    # given
    county = build_small_county()
    credit_make(county)
    volunteer = county.volunteers["own"]
    admin = county.users[Role.COUNTY_ADMIN]
    start = threading.Barrier(WRITERS)
    failures: list[BaseException] = []

    def issue() -> None:
        try:
            start.wait()
            certificate_issue(volunteer=volunteer, issuer_site=county.station, acting_user=admin)
        except BaseException as error:  # reported below, in the test's thread
            failures.append(error)
        finally:
            connection.close()

    # when
    threads = [threading.Thread(target=issue) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then
    assert failures == []
    year = timezone.localdate().year
    serials = sorted(Certificate.objects.values_list("serial_number", flat=True))
    assert serials == [f"ZM230781-{year}-{n:06d}" for n in range(1, WRITERS + 1)]
