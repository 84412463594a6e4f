"""The home page and the list of open activities: categories, "near me" with distances, pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.activities_mobile.conftest import HTMX, activity_make
from wenming.activities.services import signup_create
from wenming.core.geo import wgs84_to_gcj02
from wenming.regions.roles import Role
from wenming.teams.models import TeamCategory

pytestmark = pytest.mark.django_db

# Tieli's seat, and a point about 2.2 km north of it.
SEAT = (Decimal("46.980000"), Decimal("128.040000"))
NORTH = (Decimal("47.000000"), Decimal("128.040000"))


def test_home_shows_the_next_commitments_and_links(county, phone):
    soon = activity_make(county, title="敬老院义诊", starts_at=timezone.now() + dt.timedelta(days=1))
    activity_make(county, title="没有报名的活动")
    signup_create(activity_id=soon.pk, acting_user=county.users[Role.VOLUNTEER])
    response = phone.get(reverse("activities:mobile_home"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "你好，张东兴" in page
    assert "敬老院义诊" in page
    assert "没有报名的活动" not in page
    assert reverse("activities:activities") in page
    assert reverse("activities:my_hours") in page
    assert reverse("activities:calendar_settings") in page
    assert "/certificates/mine/" in page


def test_list_shows_open_activities_soonest_first(county, phone):
    later = activity_make(county, title="晚的活动", starts_at=timezone.now() + dt.timedelta(days=5))
    sooner = activity_make(county, title="早的活动", starts_at=timezone.now() + dt.timedelta(days=1))
    activity_make(county, title="草稿活动", publish=False)
    page = phone.get(reverse("activities:activities")).content.decode()
    assert page.index(f'id="activity-{sooner.pk}"') < page.index(f'id="activity-{later.pk}"')
    assert "草稿活动" not in page
    assert "余 5 个名额" in page


def test_category_chips_filter_the_list(county, phone):
    culture = TeamCategory.objects.create(code="culture", name="文化服务", position=2)
    activity_make(county, title="理论宣讲活动", category=county.team.category)
    activity_make(county, title="文化服务活动", category=culture)
    everything = phone.get(reverse("activities:activities")).content.decode()
    assert "文化服务活动" in everything and "理论宣讲活动" in everything
    assert f"?category={culture.pk}" in everything
    filtered = phone.get(reverse("activities:activities"), {"category": culture.pk}).content.decode()
    assert "文化服务活动" in filtered
    assert "理论宣讲活动" not in filtered


def test_htmx_asks_for_the_results_only(county, phone):
    activity_make(county)
    response = phone.get(reverse("activities:activities"), headers=HTMX)
    page = response.content.decode()
    assert 'id="activity-results-inner"' in page
    assert "<html" not in page
    assert "HX-Request" in response["Vary"]


def test_near_me_lists_nearby_activities_with_their_distance(county, phone):
    activity_make(county, title="附近的活动", latitude=NORTH[0], longitude=NORTH[1])
    activity_make(county, title="没有坐标的活动")
    activity_make(county, title="远处的活动", latitude=Decimal("47.500000"), longitude=Decimal("128.040000"))
    response = phone.get(
        reverse("activities:activities"), {"latitude": SEAT[0], "longitude": SEAT[1], "coordinate_system": "wgs84"}
    )
    page = response.content.decode()
    assert "附近的活动" in page
    assert "2.2 公里" in page
    assert "没有坐标的活动" not in page
    assert "远处的活动" not in page
    assert 'id="near-note"' in page


def test_near_me_accepts_gcj02_and_a_wider_radius(county, phone):
    activity_make(county, title="远处的活动", latitude=Decimal("47.150000"), longitude=Decimal("128.040000"))
    latitude, longitude = wgs84_to_gcj02(float(SEAT[0]), float(SEAT[1]))
    query = {"latitude": latitude, "longitude": longitude, "coordinate_system": "gcj02"}
    assert "远处的活动" not in phone.get(reverse("activities:activities"), query).content.decode()
    wide = phone.get(reverse("activities:activities"), {**query, "radius_km": 20}).content.decode()
    assert "远处的活动" in wide
    assert "18.9 公里" in wide


@pytest.mark.parametrize(
    "query",
    [
        {"latitude": "north", "longitude": "128"},
        {"latitude": "95", "longitude": "128"},
        {"latitude": "nan", "longitude": "128"},
        {"latitude": "46.98", "longitude": "128.04", "coordinate_system": "bd09"},
    ],
)
def test_a_malformed_point_says_so_and_lists_everything(county, phone, query):
    activity_make(county, title="防诈骗宣讲")
    response = phone.get(reverse("activities:activities"), query)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="near-error"' in page
    assert "防诈骗宣讲" in page


def test_the_list_is_paginated(county, phone):
    start = timezone.now() + dt.timedelta(days=1)
    for number in range(12):
        activity_make(county, title=f"活动{number:02d}", starts_at=start + dt.timedelta(hours=4 * number))
    first = phone.get(reverse("activities:activities")).content.decode()
    second = phone.get(reverse("activities:activities"), {"page": 2}).content.decode()
    assert "活动09" in first and "活动10" not in first
    assert "活动10" in second and "活动11" in second and "活动00" not in second
    assert "第 1 / 2 页" in first
    assert "page=2" in first


@pytest.mark.parametrize("count", [1, 8])
def test_list_query_count_is_pinned(county, phone, django_assert_num_queries, count):
    start = timezone.now() + dt.timedelta(days=1)
    for number in range(count):
        activity_make(
            county,
            title=f"活动{number}",
            category=county.team.category,
            starts_at=start + dt.timedelta(hours=4 * number),
        )
    # session, user, volunteer, role assignments (header), count, page, category chips,
    # and the idle-timeout session save (savepoint, update, release)
    with django_assert_num_queries(10):
        response = phone.get(reverse("activities:activities"))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 8])
def test_near_list_query_count_is_pinned(county, phone, django_assert_num_queries, count):
    for number in range(count):
        activity_make(county, title=f"活动{number}", latitude=NORTH[0], longitude=NORTH[1])
    # as above, with one query for the nearby activities in place of count and page
    with django_assert_num_queries(9):
        response = phone.get(reverse("activities:activities"), {"latitude": SEAT[0], "longitude": SEAT[1]})
    assert response.status_code == 200
    assert response.content.decode().count("2.2 公里") == count


@pytest.mark.parametrize("count", [1, 6])
def test_home_query_count_is_pinned(county, phone, django_assert_num_queries, count):
    start = timezone.now() + dt.timedelta(days=1)
    for number in range(count):
        activity = activity_make(county, title=f"活动{number}", starts_at=start + dt.timedelta(hours=4 * number))
        signup_create(activity_id=activity.pk, acting_user=county.users[Role.VOLUNTEER])
    # session, user, volunteer, role assignments, commitments, session save (3)
    with django_assert_num_queries(8):
        assert phone.get(reverse("activities:mobile_home")).status_code == 200
