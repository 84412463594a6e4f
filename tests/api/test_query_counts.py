"""Pinned query counts for the list endpoints: no query per row (select_related), whatever the row count.

Each request costs three queries of its own: the session, the user and the user's role assignments (no
session write: core.middleware.IdleSessionMiddleware refreshes a warm session once a minute). The list
itself is one query; the paginated volunteers two (the count and the page).
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import client_as
from tests.factories import volunteer_make
from wenming.regions.roles import Role
from wenming.sites.models import Site, SiteKind
from wenming.teams.models import Team

LISTS = {
    "/api/v1/regions": 4,
    "/api/v1/sites": 4,
    "/api/v1/teams": 4,
    "/api/v1/volunteers": 5,
    "/api/v1/volunteers?region_code=230781100&status=active&search=张": 5,
}


def grow(api_county) -> None:
    """More rows of every kind under the same township, each with its own related rows."""
    county = api_county.county
    for number in range(5):
        site = Site.objects.create(
            region=county.sibling_village, kind=SiteKind.SERVICE_POST, name=f"服务点{number}", parent=None
        )
        volunteer = volunteer_make(county.sibling_village, f"新志愿者{number}", 10 + number)
        Team.objects.create(
            region=county.sibling_village,
            name=f"新队伍{number}",
            category=county.team.category,
            home_site=site,
            leader=volunteer,
            founded_on=dt.date(2023, 1, 1),
        )


@pytest.mark.parametrize(("path", "queries"), LISTS.items())
def test_list_endpoint_query_count_is_pinned(api_county, django_assert_num_queries, path, queries):
    client = client_as(api_county.users[Role.COUNTY_ADMIN])
    client.get(path)  # the session is warm
    with django_assert_num_queries(queries):
        response = client.get(path)
    assert response.status_code == 200


@pytest.mark.parametrize("path", LISTS)
def test_list_endpoint_query_count_does_not_grow_with_rows(api_county, path):
    client = client_as(api_county.users[Role.COUNTY_ADMIN])
    client.get(path)  # the session is warm
    with CaptureQueriesContext(connection) as before:
        small = client.get(path).json()
    grow(api_county)
    with CaptureQueriesContext(connection) as after:
        large = client.get(path).json()
    assert len(after.captured_queries) == len(before.captured_queries)
    if path == "/api/v1/sites" or path == "/api/v1/teams":
        assert len(large) == len(small) + 5
