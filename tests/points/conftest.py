"""Points fixtures: the small county (tests/conftest.py), the API tests' county, and the append-only
triggers of the points tables on SQLite around transactional tests (as tests/conftest.py does for the
hours ledger)."""

from typing import Any

import pytest

from tests.api.conftest import api_county

__all__ = ["api_county"]

POINTS_APPEND_ONLY_TABLES = ("points_pointsentry", "points_stockchange")


@pytest.fixture(autouse=True)
def points_append_only_triggers_on_sqlite(request: pytest.FixtureRequest, django_db_blocker: Any) -> Any:
    """Triggers stand in every test; after a transactional one they are dropped for SQLite's DELETE flush."""
    from django.db import connection

    from wenming.core.append_only import append_only_triggers_create, append_only_triggers_drop

    names = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    uses_database = marker or {"db", "transactional_db"} & names
    is_transactional = bool((marker and marker.kwargs.get("transaction")) or "transactional_db" in names)
    if uses_database:
        with django_db_blocker.unblock():
            if connection.vendor == "sqlite":
                for table in POINTS_APPEND_ONLY_TABLES:
                    append_only_triggers_create(connection, table)
    yield
    if uses_database and is_transactional:
        with django_db_blocker.unblock():
            if connection.vendor == "sqlite":
                for table in POINTS_APPEND_ONLY_TABLES:
                    append_only_triggers_drop(connection, table)


@pytest.fixture
def county(county: Any) -> Any:
    """The small county with its volunteers re-read: the factory links the volunteer's login afterwards."""
    for volunteer in county.volunteers.values():
        volunteer.refresh_from_db()
    return county
