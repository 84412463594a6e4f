"""Every page of the URL conf (outside the admin and the API) has a row here: who gets what.

The admin is covered by tests/admin and the API by tests/api/test_permission_matrix.py; a new
page without a row in PAGES fails test_every_page_has_a_row.
"""

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.api.conftest import client_as
from wenming.regions.roles import Role

ANONYMOUS = "anonymous"
EVERY_ROLE = [ANONYMOUS, *[role.value for role in Role]]

# url name → (method, {role: expected status}); a missing role expects the default in "*".
PAGES: dict[str, tuple[str, dict[str, int]]] = {
    "home": ("get", {ANONYMOUS: 302, "*": 200}),
    "accounts:login": ("get", {ANONYMOUS: 200, "*": 302}),  # a logged-in user goes home
    "accounts:logout": ("post", {"*": 302}),
    "set_language": ("post", {"*": 302}),
}


def page_names(patterns: list[Any], namespace: str = "", prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith(("admin/", "api/")):
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
@pytest.mark.parametrize("role", EVERY_ROLE)
def test_page_answers_each_role(api_county, client, name, role):
    from django.urls import reverse

    method, expected = PAGES[name]
    browser = client if role == ANONYMOUS else client_as(api_county.users[role])
    response = getattr(browser, method)(reverse(name), {"language": "zh-hans"} if name == "set_language" else {})
    assert response.status_code == expected.get(role, expected["*"])
