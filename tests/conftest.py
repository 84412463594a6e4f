"""Shared fixtures: a small two-village county and users of every role scoped inside it."""

import datetime as dt
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

from tests.factories import build_small_county

# No example database in the work tree, and no deadline: CI machines are slow and shared.
hypothesis_settings.register_profile("wenming", database=None, deadline=None)
hypothesis_settings.load_profile("wenming")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Run SQLite test databases in a file, as production does, not in shared-cache memory.

    An in-memory database ignores WAL and reports "table is locked" at once instead of letting
    IMMEDIATE transactions queue, so the concurrency tests would test nothing real. The temporary
    directory is per xdist worker, so workers never share a file.
    """
    from django.conf import settings

    for alias, database in settings.DATABASES.items():
        test = database.setdefault("TEST", {})
        # pytest-django names the file after NAME for an engine it does not know as SQLite's (ours
        # subclasses it): the temporary directory, already one per xdist worker, replaces that too.
        if database["ENGINE"].endswith("sqlite3"):
            test["NAME"] = str(tmp_path_factory.mktemp("database") / f"test_{alias}.sqlite3")


@pytest.fixture
def county(db: Any) -> Any:
    """Heilongjiang → Yichun → Tieli → 铁力镇 → two villages, with a station and users per role."""
    return build_small_county()


@pytest.fixture
def today() -> dt.date:
    return dt.date(2024, 1, 5)


@pytest.fixture(autouse=True)
def no_drain_queued() -> None:
    """Each test starts with no notification drain queued by its process (a module-level schedule)."""
    from wenming.notifications.services import drain_schedule

    drain_schedule.starts_at = None


@pytest.fixture(autouse=True)
def default_language() -> Any:
    """Each test starts in the default language: a request in English leaves English active in the thread."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


APPEND_ONLY_TABLES = (
    "ledger_hoursentry",
    "orders_orderevent",
    "accounts_auditevent",
    "points_pointsentry",
    "points_stockchange",
)


def _is_transactional(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    return bool((marker and marker.kwargs.get("transaction")) or names & {"transactional_db", "live_server"})


@pytest.fixture(autouse=True)
def append_only_triggers_on_sqlite(request: pytest.FixtureRequest, django_db_blocker: Any) -> Any:
    """Let a transactional test on SQLite end even when it appended to the ledger.

    Django empties the tables after a transactional test with DELETE on SQLite (TRUNCATE on
    PostgreSQL, which the triggers leave alone), and the append-only triggers refuse that DELETE.
    So after such a test the SQLite triggers are dropped for the flush, and every test that uses
    the database puts them back first: no test ever runs without them.
    """
    from django.db import connection

    from wenming.core.append_only import append_only_triggers_create, append_only_triggers_drop

    uses_database = request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(
        request.fixturenames
    )
    if uses_database:
        with django_db_blocker.unblock():
            if connection.vendor == "sqlite":
                for table in APPEND_ONLY_TABLES:  # IF NOT EXISTS: cheap when they stand
                    append_only_triggers_create(connection, table)
    yield
    if uses_database and _is_transactional(request):
        with django_db_blocker.unblock():
            if connection.vendor == "sqlite":
                for table in APPEND_ONLY_TABLES:
                    append_only_triggers_drop(connection, table)
