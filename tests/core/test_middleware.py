"""NUL characters never reach the database: the middleware tells NUL escapes in JSON from escaped backslashes."""

import pytest

from wenming.core.middleware import json_has_nul


@pytest.mark.parametrize(
    ("body", "has_nul"),
    [
        (rb'{"a": "x\u0000"}', True),
        (rb'{"a": "x\\u0000"}', False),
        (rb'{"a": "x\\\u0000"}', True),
        (rb'{"a": "x\U0000"}', True),
        (rb'{"a": "u0000"}', False),
    ],
)
def test_json_nul_escapes_are_told_from_escaped_backslashes(body, has_nul):
    assert json_has_nul(body) is has_nul
