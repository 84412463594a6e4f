"""SQLite writers are handed the database in turn by a file lock (wenming.core.db.sqlite3)."""

import fcntl
import os
import threading
import time

import pytest
from django.db import connection, connections, transaction

pytestmark = pytest.mark.django_db(transaction=True)


def _sqlite_only() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")


def _lock_is_free() -> bool:
    descriptor = os.open(f"{connection.settings_dict['NAME']}-writer.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(descriptor)  # closing drops a lock taken here
    return True


def test_a_transaction_holds_the_writer_lock_until_it_commits() -> None:
    _sqlite_only()
    with transaction.atomic():
        connection.ensure_connection()
        assert not _lock_is_free()
    assert _lock_is_free()


def test_a_rolled_back_transaction_releases_the_writer_lock() -> None:
    _sqlite_only()
    with pytest.raises(RuntimeError), transaction.atomic():
        assert not _lock_is_free()
        raise RuntimeError("given up")
    assert _lock_is_free()


def test_a_second_writer_starts_when_the_first_commits() -> None:
    _sqlite_only()
    # given: one thread inside a write transaction for a while
    entered, events = threading.Event(), []

    def first() -> None:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("CREATE TABLE IF NOT EXISTS writer_lock_probe (n integer)")
            entered.set()
            time.sleep(0.3)
            events.append(("first commits", time.monotonic()))
        connections.close_all()

    def second() -> None:
        entered.wait()
        with transaction.atomic():
            events.append(("second begins", time.monotonic()))
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO writer_lock_probe VALUES (1)")
        connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then: the second began only after the first committed, and without any "database is locked"
    assert [name for name, _at in events] == ["first commits", "second begins"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM writer_lock_probe")
        assert cursor.fetchone()[0] == 1
        cursor.execute("DROP TABLE writer_lock_probe")


def test_a_statement_outside_a_transaction_holds_the_writer_lock_for_its_turn_only() -> None:
    _sqlite_only()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS writer_lock_probe (n integer)")
    with connection.writer_queue_turn():  # type: ignore[attr-defined]
        assert not _lock_is_free()
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO writer_lock_probe VALUES (1) RETURNING n")
            assert cursor.fetchone() == (1,)
        assert not connection.in_atomic_block  # autocommit: no BEGIN, no COMMIT
    assert _lock_is_free()
    # the row is committed: another connection sees it
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM writer_lock_probe")
            assert cursor.fetchone()[0] == 1
    finally:
        other.close()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE writer_lock_probe")


def test_a_turn_inside_a_transaction_leaves_the_lock_to_the_transaction() -> None:
    _sqlite_only()
    with transaction.atomic():
        with connection.writer_queue_turn():  # type: ignore[attr-defined]
            assert not _lock_is_free()
        assert not _lock_is_free()  # still the transaction's
    assert _lock_is_free()


def test_a_failed_statement_gives_its_turn_back() -> None:
    _sqlite_only()
    with pytest.raises(RuntimeError), connection.writer_queue_turn():  # type: ignore[attr-defined]
        raise RuntimeError("the statement failed")
    assert _lock_is_free()
