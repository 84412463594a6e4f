"""Database triggers that refuse UPDATE and DELETE on the hours ledger and the order event log."""

from django.db import migrations

from wenming.core.append_only import append_only_triggers_create, append_only_triggers_drop

TABLES = ("ledger_hoursentry", "orders_orderevent")


def create_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    for table in TABLES:
        append_only_triggers_create(schema_editor.connection, table)


def drop_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    for table in TABLES:
        append_only_triggers_drop(schema_editor.connection, table)


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0001_create_hours_ledger"),
        ("orders", "0001_create_service_orders_and_events"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
