"""Every migration of ours runs backwards and forwards again (they are reversible)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

OUR_APPS = ("regions", "accounts", "sites", "organizations", "volunteers", "teams", "projects")


@pytest.mark.django_db(transaction=True)
def test_migrations_reverse_to_zero_and_apply_again():
    # given: the fully migrated test database
    tables_before = set(connection.introspection.table_names())
    # when: everything that depends on the region tree is unapplied, then applied again
    call_command("migrate", "regions", "zero", verbosity=0)
    tables_unapplied = set(connection.introspection.table_names())
    call_command("migrate", verbosity=0)
    # then
    for table in ("regions_region", "volunteers_volunteer", "ledger_hoursentry", "orders_orderevent"):
        assert table in tables_before
        assert table not in tables_unapplied
    assert set(connection.introspection.table_names()) == tables_before
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    assert all(app in {key[0] for key in executor.loader.applied_migrations} for app in OUR_APPS)
