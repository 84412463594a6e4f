"""Django's PostgreSQL backend, health-checking a kept connection only after it has been idle.

With CONN_HEALTH_CHECKS Django sends `SELECT 1` before the first query of every request that
reuses a connection: one more round trip on every request, which on a sign-up is a tenth of its
round trips and on a check-in a quarter (ADR 0006). A connection that answered a moment ago is
as good as checked, so this backend checks only one that has not completed a request without
error for `HEALTH_CHECK_AFTER_IDLE` seconds (OPTIONS["health_check_after_idle"]; PgBouncer's
`server_check_delay` does the same, 30 s by default there). A database restarted within that
window fails at most one request per worker, which closes the broken connection as before.

It also gives the fixed statements of the busiest paths (`prepared_cursor`, used through
`wenming.core.sql.hot_cursor`) a cursor that binds its parameters on the server, so that psycopg
prepares each of them once per connection: PostgreSQL then skips parsing and planning them on every
sign-up and check-in (ADR 0006). Django's own cursors keep binding on the client and never prepare,
as Django's default is. A deployment behind a pooler that cannot keep prepared statements (PgBouncer
in transaction mode before 1.21) sets OPTIONS["prepare_hot_statements"] to False.
"""

import time
from typing import Any

import psycopg
from django.db.backends.postgresql import base
from django.db.backends.postgresql.operations import DatabaseOperations as PostgresOperations
from psycopg.pq import Format

HEALTH_CHECK_AFTER_IDLE = 5.0  # seconds


class DatabaseOperations(PostgresOperations):
    def last_executed_query(self, cursor: Any, sql: str, params: Any) -> str:
        """A hot statement's text for the query log, as Django gives a client-binding cursor's."""
        if isinstance(cursor, psycopg.ClientCursor):
            return super().last_executed_query(cursor, sql, params)  # type: ignore[no-any-return]
        try:
            return self.compose_sql(sql, params)  # type: ignore[no-any-return]
        except psycopg.errors.DataError:
            return None  # type: ignore[return-value]  # as Django answers a value it cannot show


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.used_since_request_began = False
        self.proven_at = float("-inf")  # when this connection last completed a request without error

    @property
    def health_check_after_idle(self) -> float:
        return float(self.settings_dict["OPTIONS"].get("health_check_after_idle", HEALTH_CHECK_AFTER_IDLE))

    def get_connection_params(self) -> dict[str, Any]:
        params = super().get_connection_params()
        params.pop("health_check_after_idle", None)  # ours, not libpq's
        params.pop("prepare_hot_statements", None)
        return params

    @property
    def prepares_hot_statements(self) -> bool:
        options = self.settings_dict["OPTIONS"]
        # With server_side_binding every ORM cursor binds on the server: the deployment decides alone.
        return bool(options.get("prepare_hot_statements", True)) and options.get("server_side_binding") is not True

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        connection = super().get_new_connection(conn_params)
        if self.prepares_hot_statements and connection.prepare_threshold is None:
            # Only server-binding cursors prepare (Django's client-binding ones never do): the first
            # execution of a hot statement prepares it for the connection's life.
            connection.prepare_threshold = 0
        return connection

    def prepared_cursor(self) -> Any:
        """A cursor (Django's wrapper: query logging and execute wrappers as usual) whose statements
        are prepared on this connection; Django's usual cursor when hot statements are not prepared."""
        if not self.prepares_hot_statements:
            return self.cursor()
        self.close_if_health_check_failed()
        self.ensure_connection()
        with self.wrap_database_errors:
            self.used_since_request_began = True
            cursor = psycopg.Cursor(self.connection)
            # As Django's create_cursor: the time zone of the answers' datetimes.
            django_base: Any = base  # django-stubs does not declare these module names
            loader = self.connection.adapters.get_loader(django_base.TIMESTAMPTZ_OID, Format.TEXT)
            if self.timezone != loader.timezone:
                django_base.register_tzloader(self.timezone, cursor)
            return self._prepare_cursor(cursor)  # type: ignore[attr-defined]

    def connect(self) -> None:
        super().connect()
        self.proven_at = time.monotonic()  # new connections are healthy

    def create_cursor(self, name: str | None = None) -> Any:
        self.used_since_request_began = True
        return super().create_cursor(name)

    def close_if_unusable_or_obsolete(self) -> None:
        """At a request's start and end: Django's checks, then whether the next request may skip its
        health check (the connection served a request without error a moment ago)."""
        if self.connection is not None and self.used_since_request_began and not self.errors_occurred:
            self.proven_at = time.monotonic()
        self.used_since_request_began = False
        super().close_if_unusable_or_obsolete()
        if self.connection is not None and time.monotonic() - self.proven_at < self.health_check_after_idle:
            self.health_check_done = True
