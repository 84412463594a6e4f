"""The projects tests use the API tests' county: a team and a contact unit at every scope."""

from tests.api.conftest import api_county

__all__ = ["api_county"]
