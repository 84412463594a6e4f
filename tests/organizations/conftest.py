"""Units fixtures: the API tests' county (a contact unit at every scope) and a temporary MEDIA_ROOT."""

from typing import Any

import pytest

from tests.api.conftest import api_county

__all__ = ["api_county"]


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> Any:
    """Every upload of these tests goes to a temporary directory, never into var/media."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"
