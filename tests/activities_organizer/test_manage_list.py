"""The organizer's list: only what the user may manage, filtered by status, paginated, fixed query count."""

import pytest
from django.urls import reverse

from tests.activities_organizer.conftest import activity_make, sibling_activity_make
from tests.api.conftest import client_as
from wenming.activities.models import ActivityStatus
from wenming.activities.views.organizer import ACTIVITIES_PER_PAGE
from wenming.regions.roles import Role

pytestmark = pytest.mark.django_db

LIST = reverse("activities:manage_list")


def test_list_shows_the_activities_the_user_manages(county, browsers, sibling_admin):
    own = activity_make(county, title="东兴村活动")
    other = sibling_activity_make(county)
    assert [a.pk for a in browsers[Role.STATION_ADMIN].get(LIST).context["page"].object_list] == [own.pk]
    assert [a.pk for a in browsers[Role.TEAM_LEADER].get(LIST).context["page"].object_list] == [own.pk]
    assert [a.pk for a in client_as(sibling_admin).get(LIST).context["page"].object_list] == [other.pk]
    township = {a.pk for a in browsers[Role.TOWNSHIP_ADMIN].get(LIST).context["page"].object_list}
    assert township == {own.pk, other.pk}
    assert reverse("activities:manage_create") in browsers[Role.STATION_ADMIN].get(LIST).content.decode()


def test_list_filters_by_status(county, browsers):
    draft = activity_make(county, publish=False, title="草稿活动")
    published = activity_make(county, title="已发布活动")
    browser = browsers[Role.STATION_ADMIN]
    assert [a.pk for a in browser.get(LIST, {"status": ActivityStatus.DRAFT}).context["page"].object_list] == [draft.pk]
    assert [a.pk for a in browser.get(LIST, {"status": "published"}).context["page"].object_list] == [published.pk]
    assert len(browser.get(LIST, {"status": "nonsense"}).context["page"].object_list) == 2


def test_list_is_paginated(county, browsers):
    for number in range(ACTIVITIES_PER_PAGE + 1):
        activity_make(county, publish=False, title=f"活动{number}", starts_in_hours=48 + number)
    browser = browsers[Role.STATION_ADMIN]
    first = browser.get(LIST)
    assert len(first.context["page"].object_list) == ACTIVITIES_PER_PAGE
    assert first.context["page"].object_list[0].title == f"活动{ACTIVITIES_PER_PAGE}"  # latest start first
    second = browser.get(LIST, {"page": 2})
    assert [a.title for a in second.context["page"].object_list] == ["活动0"]


@pytest.mark.parametrize("count", [1, 6])
def test_list_query_count_does_not_grow_with_the_rows(county, browsers, django_assert_num_queries, count):
    for number in range(count):
        activity_make(county, publish=number % 2 == 0, title=f"活动{number}")
    browser = browsers[Role.TEAM_LEADER]
    browser.get(LIST)  # the session is warm
    # session, user, role assignments, page count, page rows (the warm session is not saved again)
    with django_assert_num_queries(5):
        response = browser.get(LIST)
    assert response.status_code == 200
