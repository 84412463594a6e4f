"""Every page of the URL conf (outside the admin and the API) has a row here: who gets what.

The admin is covered by tests/admin and the API by tests/api/test_permission_matrix.py; a new
page without a row in PAGES fails test_every_page_has_a_row.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.api.conftest import client_as, rolled_back
from wenming.regions.roles import Role

ANONYMOUS = "anonymous"
EVERY_ROLE = [ANONYMOUS, *[role.value for role in Role]]

# url name → (method, {role: expected status}[, url kwargs from the api_county fixture]);
# a missing role expects the default in "*". Each area keeps its rows in tests/pages/rows_<area>.py.
Row = tuple[str, dict[str, int]] | tuple[str, dict[str, int], Callable[[Any], dict[str, Any]]]
PAGES: dict[str, Row] = {
    "home": ("get", {ANONYMOUS: 302, "*": 200}),
    "accounts:login": ("get", {ANONYMOUS: 200, "*": 302}),  # a logged-in user goes home
    "accounts:logout": ("post", {"*": 302}),
    "set_language": ("post", {"*": 302}),
}
for _area in (
    "activities",
    "organizer",
    "certificates",
    "notifications",
    "ops",
    "volunteers",
    "imports",
    "teams",
    "trainings",
    "organizations",
    "projects",
    "points",
    "orders",
):
    _rows = __import__(f"tests.pages.rows_{_area}", fromlist=["PAGES"]).PAGES
    assert not set(_rows) & set(PAGES), _area
    PAGES.update(_rows)


def page_names(patterns: list[Any], namespace: str = "", prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            # the admin and the APIs (session API, city app, Open311) have tests of their own
            if route.startswith(("admin/", "api/", "open311/")):
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= page_names(pattern.url_patterns, inner, route)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"the page at /{route} has no url name"
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_page_has_a_row():
    assert page_names(get_resolver().url_patterns) == set(PAGES)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_answers_each_role(api_county, name):
    from django.test import Client
    from django.urls import reverse

    method, expected = PAGES[name][:2]
    data = {"language": "zh-hans"} if name == "set_language" else {}
    # One county per page; each role's visit is rolled back before the next one.
    for role in EVERY_ROLE:
        with rolled_back(api_county):
            kwargs = PAGES[name][2](api_county) if len(PAGES[name]) == 3 else {}  # type: ignore[misc]
            browser = Client() if role == ANONYMOUS else client_as(api_county.users[role])
            response = getattr(browser, method)(reverse(name, kwargs=kwargs), data)
            assert response.status_code == expected.get(role, expected["*"]), (role, response.status_code)
