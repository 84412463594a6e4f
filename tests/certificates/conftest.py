"""Certificate fixtures: the small county (tests/conftest.py) plus the API tests' county for the pages."""

from typing import Any

import pytest

from tests.api.conftest import api_county

__all__ = ["api_county"]


@pytest.fixture
def county(county: Any) -> Any:
    """The small county with its volunteers re-read: the factory links the volunteer's login afterwards."""
    for volunteer in county.volunteers.values():
        volunteer.refresh_from_db()
    return county
