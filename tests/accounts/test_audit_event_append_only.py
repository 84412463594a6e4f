"""The audit log is append-only in code and in the database (SQLite and PostgreSQL triggers)."""

import pytest
from django.db import DatabaseError, connection, transaction

from wenming.accounts.models import AuditAction, AuditEvent
from wenming.accounts.services import audit_event_record
from wenming.core.errors import DomainError
from wenming.regions.roles import Role


@pytest.fixture
def event(county):
    return audit_event_record(
        actor=county.users[Role.COUNTY_ADMIN],
        action=AuditAction.ID_NUMBER_REVEALED,
        region=county.village,
        target=county.volunteers["own"],
        reason="核对保险信息",
    )


def test_code_refuses_to_change_or_delete(event):
    event.reason = "改写"
    with pytest.raises(DomainError):
        event.save()
    with pytest.raises(DomainError):
        event.delete()
    with pytest.raises(DomainError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="改写")
    with pytest.raises(DomainError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().reason == "核对保险信息"


@pytest.mark.parametrize(
    "sql", ["UPDATE accounts_auditevent SET reason = 'x'", "DELETE FROM accounts_auditevent"], ids=["update", "delete"]
)
def test_database_refuses_raw_sql(event, sql):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert list(AuditEvent.objects.values_list("reason", flat=True)) == ["核对保险信息"]
