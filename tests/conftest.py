"""Shared fixtures: a small two-village county and users of every role scoped inside it."""

import datetime as dt

import pytest

from tests.factories import build_small_county


@pytest.fixture
def county(db):  # type: ignore[no-untyped-def]
    """Heilongjiang → Yichun → Tieli → 铁力镇 → two villages, with a station and users per role."""
    return build_small_county()


@pytest.fixture
def today() -> dt.date:
    return dt.date(2024, 1, 5)
