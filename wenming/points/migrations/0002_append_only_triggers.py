"""Database triggers that refuse UPDATE and DELETE on the points ledger and the stock changes."""

from django.db import migrations

from wenming.core.append_only import append_only_triggers_create, append_only_triggers_drop

TABLES = ("points_pointsentry", "points_stockchange")


def create_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    for table in TABLES:
        append_only_triggers_create(schema_editor.connection, table)


def drop_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    for table in TABLES:
        append_only_triggers_drop(schema_editor.connection, table)


class Migration(migrations.Migration):
    dependencies = [("points", "0001_create_points_shop_and_ledger")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
