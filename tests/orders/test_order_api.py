"""The orders API: staff entry, the steps, history, statistics, and the city app's door by API key."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.api.conftest import client_as
from tests.orders.order_builders import INSIDE, OUTSIDE, county_settings_make, order_move, order_place
from wenming.orders import services
from wenming.orders.models import ApiClient, OrderChannel, OrderEvent, OrderStatus, ServiceOrder
from wenming.regions.roles import Role

API = "/api/v1/orders"
CITY = "/api/city/v1"


@pytest.fixture
def county_ready(county):
    county_settings_make(county)
    return county


def _body(county, **overrides):
    starts = timezone.now() + dt.timedelta(days=1)
    body = {
        "channel": "phone",
        "region_code": county.village.code,
        "category_id": county.team.category_id,
        "description": "帮老人打扫院子",
        "address": "东兴村二组",
        "latitude": float(INSIDE[0]),
        "longitude": float(INSIDE[1]),
        "desired_at": starts.isoformat(),
        "desired_end_at": (starts + dt.timedelta(hours=2)).isoformat(),
        "people_needed": 3,
        "requester_name": "钱大爷",
        "requester_phone": "13712345678",
    }
    body.update(overrides)
    return body


def test_staff_enter_an_order_and_take_it_through_the_steps(county_ready):
    county = county_ready
    staff = client_as(county.users[Role.STATION_ADMIN])
    leader = client_as(county.users[Role.TEAM_LEADER])
    # when
    created = staff.post(API, _body(county), content_type="application/json")
    # then
    assert created.status_code == 201, created.content
    order = created.json()
    assert order["status"] == "submitted"
    assert order["requester_phone"] == "137****5678"
    assert order["service_code"] == "theory"
    order_id = order["id"]
    steps = [
        (staff, "review", {}),
        (staff, "dispatch", {"team_id": county.team.pk}),
        (leader, "accept", {}),
        (leader, "members", {"volunteer_ids": [county.volunteers["own"].pk]}),
        (leader, "start", {}),
        (
            leader,
            "complete",
            {"report": "打扫完毕", "hours": [{"volunteer_id": county.volunteers["own"].pk, "hours": "2"}]},
        ),
        (staff, "rate", {"rating": 4, "comment": "电话回访：满意"}),
        (staff, "close", {}),
    ]
    for browser, step, body in steps:
        response = browser.post(f"{API}/{order_id}/{step}", body, content_type="application/json")
        assert response.status_code == 200, (step, response.content)
    detail = staff.get(f"{API}/{order_id}").json()
    assert (detail["status"], detail["rating"], detail["proposed_hours"]) == ("closed", 4, "2.00")
    assert [a["volunteer_name"] for a in detail["assignments"]] == ["张东兴"]
    events = staff.get(f"{API}/{order_id}/events").json()
    assert [e["to_status"] for e in events] == [
        "submitted",
        "under_review",
        "dispatched",
        "accepted",
        "in_service",
        "completed",
        "rated",
        "closed",
    ]
    assert events[3]["actor_name"] == "队长"
    assert events[3]["team_name"] == "东兴村理论宣讲队"


@pytest.mark.parametrize(
    ("overrides", "status", "message", "field"),
    [
        ({"category_id": 999999}, 400, "服务类别不存在或未在铁力市开放。", "category_id"),
        (
            {"latitude": float(OUTSIDE[0]), "longitude": float(OUTSIDE[1])},
            400,
            "服务地址不在铁力市范围内，请核对地图位置。",
            "latitude",
        ),
        (
            {"desired_at": "2020-01-01T09:00:00+08:00", "desired_end_at": None},
            400,
            "期望时间已经过去，请选择以后的时间。",
            "desired_at",
        ),
        ({"people_needed": 0}, 400, "需要人数须在 1 到 200 人之间。", "people_needed"),
        ({"region_code": "999999"}, 400, "行政区划不存在。", "region_code"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_written(county_ready, overrides, status, message, field):
    response = client_as(county_ready.users[Role.STATION_ADMIN]).post(
        API, _body(county_ready, **overrides), content_type="application/json"
    )
    assert response.status_code == status, response.content
    assert (response.json()["message"], response.json()["field"]) == (message, field)
    assert (ServiceOrder.objects.count(), OrderEvent.objects.count()) == (0, 0)


def test_a_decline_without_reason_and_a_rating_too_early_are_refused(county_ready):
    county = county_ready
    order = order_move(county, order_place(county), OrderStatus.DISPATCHED)
    leader = client_as(county.users[Role.TEAM_LEADER])
    response = leader.post(f"{API}/{order.pk}/decline", {}, content_type="application/json")
    assert response.status_code == 400
    assert (response.json()["message"], response.json()["field"]) == ("拒单时请说明原因。", "reason")
    rate = client_as(county.users[Role.STATION_ADMIN]).post(
        f"{API}/{order.pk}/rate", {"rating": 5}, content_type="application/json"
    )
    assert rate.status_code == 400
    assert rate.json() == {
        "code": "order_illegal_transition",
        "message": "订单当前状态为“已派单”，不能评价。",
        "field": "status",
    }
    assert OrderEvent.objects.filter(order=order).count() == 3


def test_the_statistics_of_a_county_and_period(county_ready):
    county = county_ready
    # given: three orders, one closed with 5 stars, one rated 2, one waiting and overdue
    first = order_move(county, order_place(county), OrderStatus.CLOSED)
    second = order_move(county, order_place(county, channel=OrderChannel.WALK_IN), OrderStatus.RATED, rating=2)
    waiting = order_place(county)
    services.order_deadline_check(
        order_id=waiting.pk,
        expected_status=waiting.status,
        expected_deadline_at=waiting.deadline_at.isoformat(),
        now=waiting.deadline_at + dt.timedelta(minutes=1),
    )
    today = timezone.localdate()
    # when
    response = client_as(county.users[Role.COUNTY_ADMIN]).get(
        f"{API}/statistics", {"region_code": county.county.code, "date_from": today, "date_until": today}
    )
    # then
    assert response.status_code == 200, response.content
    figures = response.json()
    assert (figures["received"], figures["handled"], figures["completed"], figures["open"]) == (3, 3, 2, 1)
    assert figures["by_channel"] == {"web": 0, "city_app": 0, "phone": 2, "walk_in": 1}
    assert figures["by_category"] == [{"code": "theory", "name": "理论宣讲", "count": 3}]
    assert (figures["overdue"], figures["rated"], figures["average_rating"], figures["satisfied_share"]) == (
        1,
        2,
        3.5,
        0.5,
    )
    assert figures["response"]["count"] == 2
    assert figures["completion"]["count"] == 2
    assert figures["completion"]["median_hours"] == 0.0
    assert ServiceOrder.objects.get(pk=first.pk).status == OrderStatus.CLOSED
    assert ServiceOrder.objects.get(pk=second.pk).rating == 2
    # a later period holds nothing
    later = client_as(county.users[Role.COUNTY_ADMIN]).get(
        f"{API}/statistics", {"date_from": today + dt.timedelta(days=1)}
    )
    assert later.json()["received"] == 0
    # residents have no statistics
    assert client_as(county.users[Role.RESIDENT]).get(f"{API}/statistics").status_code == 403


def test_the_list_costs_the_same_queries_for_more_orders(county_ready, django_assert_max_num_queries):
    county = county_ready
    for _index in range(3):
        order_place(county)
    browser = client_as(county.users[Role.COUNTY_ADMIN])
    browser.get(API)
    with django_assert_max_num_queries(6):
        response = browser.get(API)
    assert response.json()["count"] == 3


# -- the city app --------------------------------------------------------------------------------


@pytest.fixture
def city_key(county_ready):
    response = client_as(county_ready.users[Role.COUNTY_ADMIN]).post(
        f"{API}/api-clients",
        {"name": "伊春城市App", "region_code": county_ready.county.code},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    key = response.json()["key"]
    client = ApiClient.objects.get()
    assert key not in (client.key_hash, client.key_prefix)
    assert key.startswith(f"wm_{client.key_prefix}_")
    listed = client_as(county_ready.users[Role.COUNTY_ADMIN]).get(f"{API}/api-clients").json()
    assert "key" not in listed[0]
    return key


def _city_body(county, **overrides):
    body = {
        "service_code": "theory",
        "description": "社区老人想听政策宣讲",
        "address": "东兴村文化广场",
        "latitude": float(INSIDE[0]),
        "longitude": float(INSIDE[1]),
        "coordinate_system": "wgs84",
        "requester_name": "孙阿姨",
        "requester_phone": "13612345678",
    }
    body.update(overrides)
    return body


def test_the_city_app_places_and_follows_an_order_with_its_key(county_ready, city_key, client):
    # when
    response = client.post(
        f"{CITY}/orders", _city_body(county_ready), content_type="application/json", HTTP_X_API_KEY=city_key
    )
    # then
    assert response.status_code == 201, response.content
    number = response.json()["number"]
    order = ServiceOrder.objects.get(number=number)
    assert (order.channel, order.api_client.name, order.region) == (
        OrderChannel.CITY_APP,
        "伊春城市App",
        county_ready.county,
    )
    assert order.events.get().reason == "点单（伊春城市App）"
    followed = client.get(f"{CITY}/orders/{number}", HTTP_X_API_KEY=city_key)
    assert followed.status_code == 200
    assert [e["to_status"] for e in followed.json()["events"]] == ["submitted"]
    assert client.get(f"{CITY}/orders", HTTP_X_API_KEY=city_key).json()["count"] == 1
    services_list = client.get(f"{CITY}/services", HTTP_X_API_KEY=city_key).json()
    assert [s["code"] for s in services_list] == ["theory"]


@pytest.mark.parametrize("key", [None, "", "wm_000000000000_forged", "not-a-key"])
def test_a_missing_or_wrong_api_key_is_refused_and_nothing_is_written(county_ready, city_key, client, key):
    headers = {} if key is None else {"HTTP_X_API_KEY": key}
    response = client.post(f"{CITY}/orders", _city_body(county_ready), content_type="application/json", **headers)
    assert response.status_code == 401
    assert response.json() == {
        "code": "invalid_api_key",
        "message": "缺少接口密钥或密钥无效（请求头 X-Api-Key）。",
        "field": None,
    }
    assert ServiceOrder.objects.count() == 0


def test_a_switched_off_client_is_refused(county_ready, city_key, client):
    ApiClient.objects.update(is_active=False)
    response = client.post(
        f"{CITY}/orders", _city_body(county_ready), content_type="application/json", HTTP_X_API_KEY=city_key
    )
    assert response.status_code == 401


def test_the_city_app_point_outside_its_counties_is_refused(county_ready, city_key, client):
    response = client.post(
        f"{CITY}/orders",
        _city_body(county_ready, latitude=float(OUTSIDE[0]), longitude=float(OUTSIDE[1])),
        content_type="application/json",
        HTTP_X_API_KEY=city_key,
    )
    assert response.status_code == 400
    assert response.json()["code"] == "address_outside_county"
    assert ServiceOrder.objects.count() == 0


def test_only_county_admins_make_api_clients(county_ready):
    response = client_as(county_ready.users[Role.TOWNSHIP_ADMIN]).post(
        f"{API}/api-clients",
        {"name": "某App", "region_code": county_ready.county.code},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert ApiClient.objects.count() == 0


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("/api/v1/orders/statistics", "date_from=0001-01-01", "date_from"),
        ("/api/v1/orders/statistics", "date_until=9999-12-31", "date_until"),
        ("/api/v1/orders/statistics", "date_from=2026-05-02&date_until=2026-05-01", "date_until"),
        ("/api/v1/orders", "submitted_until=9999-12-31", "submitted_until"),
        ("/api/v1/orders", "submitted_from=1899-12-31", "submitted_from"),
    ],
)
def test_an_impossible_period_is_a_clear_400(county, path, query, field):
    answer = client_as(county.users[Role.COUNTY_ADMIN]).get(f"{path}?{query}")
    assert answer.status_code == 400, answer.content
    assert answer.json()["field"] == field and answer.json()["message"]
