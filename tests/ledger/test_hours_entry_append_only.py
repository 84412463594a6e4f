"""The hours ledger refuses every change: in code, and in the database for raw SQL."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import translation

from tests.ledger.conftest import credit_make
from wenming.core.append_only import AppendOnlyError
from wenming.ledger.models import EntryKind, EntryStatus, HoursEntry, SourceKind
from wenming.ledger.selectors import volunteer_hours_total
from wenming.regions.roles import Role


def test_save_of_existing_entry_is_refused(entry):
    # when
    entry.hours = Decimal("9.00")
    with pytest.raises(AppendOnlyError):
        entry.save()
    # then
    assert HoursEntry.objects.get(pk=entry.pk).hours == Decimal("2.50")


def test_delete_of_entry_is_refused(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert HoursEntry.objects.filter(pk=entry.pk).exists()


def test_queryset_update_and_delete_are_refused(entry):
    with pytest.raises(AppendOnlyError):
        HoursEntry.objects.filter(pk=entry.pk).update(hours=Decimal("9.00"))
    with pytest.raises(AppendOnlyError):
        HoursEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        HoursEntry.objects.bulk_update([entry], ["hours"])
    assert HoursEntry.objects.get(pk=entry.pk).hours == Decimal("2.50")


def test_append_only_error_message_is_translated(entry):
    with translation.override("en"), pytest.raises(AppendOnlyError) as caught:
        entry.delete()
    assert str(caught.value) == (
        "The service-hours ledger is append-only: entries cannot be changed or deleted; "
        "record a reversing entry to correct one."
    )


def test_raw_sql_update_is_refused_by_trigger(entry):
    # when: bypassing the ORM entirely; the savepoint keeps PostgreSQL's transaction usable
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE ledger_hoursentry SET hours = 9 WHERE id = %s", [entry.pk])
    # then
    assert HoursEntry.objects.get(pk=entry.pk).hours == Decimal("2.50")


def test_raw_sql_delete_is_refused_by_trigger(entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM ledger_hoursentry WHERE id = %s", [entry.pk])
    assert HoursEntry.objects.filter(pk=entry.pk).count() == 1


def test_appending_is_allowed(county, entry):
    # the triggers refuse changes, not appends
    credit_make(county, hours="1.00")
    assert HoursEntry.objects.count() == 2


def test_reversing_entry_nets_the_total(county, entry):
    # given
    credit_make(county, hours="3.00")
    assert volunteer_hours_total(volunteer=county.volunteers["own"]) == Decimal("5.50")
    # when
    HoursEntry.objects.create(
        volunteer=entry.volunteer,
        region=entry.region,
        kind=EntryKind.REVERSAL,
        status=EntryStatus.APPROVED,
        source_kind=entry.source_kind,
        site=entry.site,
        service_on=entry.service_on,
        hours=-entry.hours,
        content="冲销：重复登记",
        reverses=entry,
        reason="重复登记",
    )
    # then
    assert volunteer_hours_total(volunteer=county.volunteers["own"]) == Decimal("3.00")
    assert HoursEntry.objects.count() == 3


def test_an_entry_is_reversed_at_most_once(county, entry):
    def reverse() -> HoursEntry:
        return HoursEntry.objects.create(
            volunteer=entry.volunteer,
            region=entry.region,
            kind=EntryKind.REVERSAL,
            status=EntryStatus.APPROVED,
            source_kind=entry.source_kind,
            site=entry.site,
            service_on=entry.service_on,
            hours=-entry.hours,
            content="冲销",
            reverses=entry,
        )

    reverse()
    with pytest.raises(IntegrityError), transaction.atomic():
        reverse()
    assert HoursEntry.objects.count() == 2


def _entry_kwargs(county, **overrides):  # type: ignore[no-untyped-def]
    values = {
        "volunteer": county.volunteers["own"],
        "region": county.village,
        "kind": EntryKind.CREDIT,
        "status": EntryStatus.APPROVED,
        "source_kind": SourceKind.DUTY,
        "service_on": dt.date(2024, 1, 5),
        "hours": Decimal("2.00"),
        "content": "站点值守",
        "approver": county.users[Role.STATION_ADMIN],
    }
    values.update(overrides)
    return values


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"hours": Decimal("-1.00")}, id="credit-with-negative-hours"),
        pytest.param({"hours": Decimal("0.00")}, id="credit-with-zero-hours"),
        pytest.param({"kind": EntryKind.REVERSAL, "hours": Decimal("-1.00")}, id="reversal-without-reverses"),
        pytest.param({"hours": Decimal("24.50")}, id="more-than-24-hours"),
        pytest.param({"approver": None}, id="approved-without-approver"),
        pytest.param({"source_kind": SourceKind.ACTIVITY}, id="activity-source-without-activity"),
        pytest.param({"source_kind": SourceKind.TRAINING}, id="training-source-without-training"),
        pytest.param({"source_kind": SourceKind.ORDER}, id="order-source-without-order"),
    ],
)
def test_constraint_violations_are_refused(county, overrides):
    with pytest.raises(IntegrityError), transaction.atomic():
        HoursEntry.objects.create(**_entry_kwargs(county, **overrides))
    assert HoursEntry.objects.count() == 0


def test_a_pending_entry_needs_no_approver(county):
    credit_make(county, status=EntryStatus.PENDING)
    assert HoursEntry.objects.count() == 1
    assert volunteer_hours_total(volunteer=county.volunteers["own"]) == Decimal("0.00")
