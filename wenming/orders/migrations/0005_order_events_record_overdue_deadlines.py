"""Order events also record a state's deadline running out (kind "overdue", the status unchanged).

On SQLite the constraint change rebuilds the table, which drops its append-only triggers: they are
created again afterwards, and again after the rebuild of the way back.
"""

from django.db import migrations, models

from wenming.core.append_only import append_only_triggers_create

TABLE = "orders_orderevent"


def triggers_create(apps, schema_editor):  # type: ignore[no-untyped-def]
    append_only_triggers_create(schema_editor.connection, TABLE)


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0004_county_setting_auto_dispatch_categories"),
        ("ledger", "0002_append_only_triggers"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, triggers_create),
        migrations.RemoveConstraint(model_name="orderevent", name="order_event_changes_status"),
        migrations.AddField(
            model_name="orderevent",
            name="kind",
            field=models.CharField(
                choices=[("transition", "状态变更"), ("overdue", "超期")],
                default="transition",
                max_length=12,
                verbose_name="事件类型",
            ),
        ),
        migrations.AddConstraint(
            model_name="orderevent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "transition"), models.Q(("from_status", models.F("to_status")), _negated=True)),
                    models.Q(("from_status", models.F("to_status")), ("kind", "overdue")),
                    _connector="OR",
                ),
                name="order_event_changes_status",
            ),
        ),
        migrations.RunPython(triggers_create, migrations.RunPython.noop),
    ]
