"""The database is tuned per engine: SQLite queues writers in WAL mode, PostgreSQL keeps connections."""

import sqlite3

import pytest
from django.conf import settings
from django.db import connection, transaction


@pytest.mark.django_db
def test_sqlite_uses_wal_and_immediate_transactions():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.django_db
def test_sqlite_transaction_takes_the_write_lock_at_begin():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    # given: the test runs inside an atomic block, which under IMMEDIATE holds the write lock already
    with transaction.atomic():
        connection.ensure_connection()
        other = sqlite3.connect(connection.settings_dict["NAME"], timeout=0)
        try:
            # then: a second writer is told to wait at once, before this transaction wrote anything
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()


@pytest.mark.django_db
def test_sqlite_keeps_connections_open():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert connection.settings_dict["CONN_MAX_AGE"] > 0


def test_postgresql_keeps_connections_open():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    assert connection.settings_dict["ENGINE"] == "wenming.core.db.postgresql"


def test_time_and_language():
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _name in settings.LANGUAGES] == ["zh-hans", "en"]


@pytest.mark.django_db
def test_times_are_stored_in_utc():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW TIME ZONE")
            assert cursor.fetchone()[0] == "UTC"
    else:
        assert connection.timezone_name == "UTC"
