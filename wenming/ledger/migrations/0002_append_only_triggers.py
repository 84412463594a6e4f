"""Database triggers that refuse UPDATE and DELETE on the hours ledger and the order event log."""

from django.db import migrations

TABLES = ("ledger_hoursentry", "orders_orderevent")


def create_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "sqlite":
            for action in ("UPDATE", "DELETE"):
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_refuse_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;"
                )
        elif vendor == "postgresql":
            schema_editor.execute(
                f"CREATE OR REPLACE FUNCTION {table}_refuse_change() RETURNS trigger AS $$ "
                f"BEGIN RAISE EXCEPTION '{table} is append-only' USING ERRCODE = 'integrity_constraint_violation'; END; "
                f"$$ LANGUAGE plpgsql;"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {table}_refuse_change BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {table}_refuse_change();"
            )


def drop_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "sqlite":
            for action in ("update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_refuse_{action}")
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_refuse_change ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_refuse_change()")


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0001_create_hours_ledger"),
        ("orders", "0001_create_service_orders_and_events"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
