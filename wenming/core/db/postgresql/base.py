"""Django's PostgreSQL backend, health-checking a kept connection only after it has been idle.

With CONN_HEALTH_CHECKS Django sends `SELECT 1` before the first query of every request that
reuses a connection: one more round trip on every request, which on a sign-up is a tenth of its
round trips and on a check-in a quarter (ADR 0006). A connection that answered a moment ago is
as good as checked, so this backend checks only one that has not completed a request without
error for `HEALTH_CHECK_AFTER_IDLE` seconds (OPTIONS["health_check_after_idle"]; PgBouncer's
`server_check_delay` does the same, 30 s by default there). A database restarted within that
window fails at most one request per worker, which closes the broken connection as before.
"""

import time
from typing import Any

from django.db.backends.postgresql import base

HEALTH_CHECK_AFTER_IDLE = 5.0  # seconds


class DatabaseWrapper(base.DatabaseWrapper):
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
        return params

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
