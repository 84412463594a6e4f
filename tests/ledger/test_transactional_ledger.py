"""A transactional test may append to the ledger and still be cleaned up (SQLite deletes to flush)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection

from tests.conftest import APPEND_ONLY_TABLES
from tests.factories import build_small_county
from wenming.ledger.models import HoursEntry
from wenming.regions.roles import Role


def _credit() -> HoursEntry:
    county = build_small_county()
    volunteer = county.volunteers["own"]
    return HoursEntry.objects.create(
        volunteer=volunteer,
        region=volunteer.region,
        status="approved",
        source_kind="duty",
        content="站点值守",
        service_on=dt.date(2023, 5, 1),
        hours=Decimal(3),
        approver=county.users[Role.COUNTY_ADMIN],
    )


# PostgreSQL: one trigger per append-only table; SQLite: one for update and one for delete.
EXPECTED_TRIGGERS = (len(APPEND_ONLY_TABLES), 2 * len(APPEND_ONLY_TABLES))


def _trigger_count() -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname LIKE '%%refuse_change'")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_transactional_test_appends_to_the_ledger():
    _credit()
    assert HoursEntry.objects.count() == 1
    assert _trigger_count() in EXPECTED_TRIGGERS


@pytest.mark.django_db(transaction=True)
def test_the_next_transactional_test_starts_empty_with_triggers():
    assert HoursEntry.objects.count() == 0
    assert _trigger_count() in EXPECTED_TRIGGERS


@pytest.mark.django_db
def test_a_plain_test_after_them_still_has_the_triggers():
    assert _trigger_count() in EXPECTED_TRIGGERS
