"""A kept PostgreSQL connection is health-checked only after it has been idle (wenming.core.db.postgresql)."""

import time
from unittest import mock

import psycopg
import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")


def request_served() -> None:
    """What a request that queries does to the connection: Django's checks at its start and end."""
    connection.close_if_unusable_or_obsolete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    connection.close_if_unusable_or_obsolete()


def health_checks_during(work: object) -> int:
    with mock.patch.object(connection, "is_usable", wraps=connection.is_usable) as is_usable:
        work()  # type: ignore[operator]
    return is_usable.call_count


def test_a_connection_that_just_served_a_request_is_not_checked_again():
    # given: a connection that served a request a moment ago
    request_served()
    # when / then: the next requests go straight to their queries, without a SELECT 1 first
    assert health_checks_during(lambda: [request_served() for _ in range(5)]) == 0


def test_an_idle_connection_is_checked_before_its_next_request():
    # given: a connection that has not served a request for longer than the idle limit
    request_served()
    connection.proven_at = time.monotonic() - connection.health_check_after_idle - 1
    # when / then: the next request checks it once, and the one after that does not
    assert health_checks_during(request_served) == 1
    assert health_checks_during(request_served) == 0


def test_an_idle_connection_the_server_dropped_is_replaced_without_failing_the_request():
    # given: an idle connection whose server process is gone (a restart, a failover)
    request_served()
    old_pid = connection.connection.info.backend_pid
    with psycopg.connect(**kill_params()) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [old_pid])
    connection.proven_at = time.monotonic() - connection.health_check_after_idle - 1
    # when: the next request queries
    request_served()
    # then: it ran on a new connection
    assert connection.connection.info.backend_pid != old_pid


def test_a_request_that_failed_has_its_connection_checked_at_its_end():
    # given: a request during which the server dropped the connection
    connection.close_if_unusable_or_obsolete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    with psycopg.connect(**kill_params()) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid])
    with pytest.raises(OperationalError), connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    # when: the request ends
    connection.close_if_unusable_or_obsolete()
    # then: the broken connection is closed, and the next request opens a working one
    assert connection.connection is None
    request_served()
    assert connection.connection is not None


def test_the_idle_limit_is_read_from_the_options_and_not_handed_to_libpq(monkeypatch):
    # given: a limit set in the database's OPTIONS
    monkeypatch.setitem(connection.settings_dict["OPTIONS"], "health_check_after_idle", 0.25)
    # then: the backend uses it, and the driver never sees it
    assert connection.health_check_after_idle == 0.25
    assert "health_check_after_idle" not in connection.get_connection_params()


def kill_params() -> dict[str, object]:
    params = connection.get_connection_params()
    return {key: params[key] for key in ("dbname", "user", "host", "port", "password") if key in params}
