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
        if database["ENGINE"] == "django.db.backends.sqlite3" and not test.get("NAME"):
            test["NAME"] = str(tmp_path_factory.mktemp("database") / f"test_{alias}.sqlite3")


@pytest.fixture
def county(db: Any) -> Any:
    """Heilongjiang → Yichun → Tieli → 铁力镇 → two villages, with a station and users per role."""
    return build_small_county()


@pytest.fixture
def today() -> dt.date:
    return dt.date(2024, 1, 5)


@pytest.fixture(autouse=True)
def default_language() -> Any:
    """Each test starts in the default language: a request in English leaves English active in the thread."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
