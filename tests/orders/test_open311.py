"""Open311 GeoReport v2: an existing client lists the services, files a request and follows it."""

import pytest

from tests.api.conftest import client_as
from tests.orders.order_builders import INSIDE, OUTSIDE, county_settings_make
from wenming.orders.models import OrderChannel, OrderEvent, ServiceOrder
from wenming.orders.services import api_client_create, order_review_start
from wenming.projects.models import Brand, Project
from wenming.regions.roles import Role

OPEN311 = "/open311/v2"


@pytest.fixture
def api_key(county):
    county_settings_make(county)
    _client, key = api_client_create(
        name="Open311客户端", region=county.county, acting_user=county.users[Role.COUNTY_ADMIN]
    )
    return key


def _request(key, **overrides):
    body = {
        "api_key": key,
        "service_code": "theory",
        "lat": str(INSIDE[0]),
        "long": str(INSIDE[1]),
        "address_string": "东兴村三组",
        "description": "想请志愿者讲讲医保政策",
        "first_name": "大娘",
        "last_name": "赵",
        "phone": "13912345678",
    }
    body.update(overrides)
    return body


def test_an_open311_client_lists_services_posts_a_request_and_gets_it_back(county, api_key, client):
    brand = Brand.objects.create(region=county.county, name="爱撒骊城")
    project = Project.objects.create(region=county.county, brand=brand, name="文化惠民", category=county.team.category)
    # list services
    services = client.get(f"{OPEN311}/services.json", {"jurisdiction_id": county.county.code})
    assert services.status_code == 200
    assert services.json() == [
        {
            "service_code": "theory",
            "service_name": "理论宣讲",
            "description": "",
            "metadata": False,
            "type": "realtime",
            "keywords": "",
            "group": "志愿服务类别",
        },
        {
            "service_code": f"project-{project.pk}",
            "service_name": "文化惠民",
            "description": "",
            "metadata": False,
            "type": "realtime",
            "keywords": "",
            "group": "爱撒骊城",
        },
    ]
    definition = client.get(f"{OPEN311}/services/theory.json", {"jurisdiction_id": county.county.code})
    assert definition.json() == {"service_code": "theory", "attributes": []}
    # post a request (form-encoded, as GeoReport v2 clients send it)
    posted = client.post(f"{OPEN311}/requests.json", _request(api_key))
    assert posted.status_code == 201, posted.content
    [receipt] = posted.json()
    number = receipt["service_request_id"]
    order = ServiceOrder.objects.get(number=number)
    assert (order.channel, order.requester_name, order.region, order.category) == (
        OrderChannel.CITY_APP,
        "赵大娘",
        county.county,
        county.team.category,
    )
    # get it back, alone and in the list
    one = client.get(f"{OPEN311}/requests/{number}.json", {"api_key": api_key})
    assert one.status_code == 200
    [request] = one.json()
    assert (request["service_request_id"], request["status"], request["service_code"], request["lat"]) == (
        number,
        "open",
        "theory",
        float(INSIDE[0]),
    )
    assert request["status_notes"] == "已点单"
    listed = client.get(f"{OPEN311}/requests.json", {"api_key": api_key, "status": "open"})
    assert [item["service_request_id"] for item in listed.json()] == [number]
    closed = client.get(f"{OPEN311}/requests.json", {"api_key": api_key, "status": "closed"})
    assert closed.json() == []
    by_code = client.get(f"{OPEN311}/requests.json", {"api_key": api_key, "service_code": f"project-{project.pk}"})
    assert by_code.json() == []
    # the order moves on; the client sees it
    order_review_start(order_id=order.pk, acting_user=county.users[Role.COUNTY_ADMIN])
    assert client.get(f"{OPEN311}/requests/{number}.json", {"api_key": api_key}).json()[0]["status_notes"] == "审核中"


@pytest.mark.parametrize(
    ("overrides", "status", "description"),
    [
        ({"api_key": ""}, 403, "api_key 缺失或无效。"),
        ({"api_key": "wm_abcdef123456_forged"}, 403, "api_key 缺失或无效。"),
        ({"service_code": "no-such"}, 400, "服务类别不存在或未在铁力市开放。（service_code）"),
        ({"service_code": ""}, 400, "缺少 service_code。"),
        (
            {"lat": str(OUTSIDE[0]), "long": str(OUTSIDE[1])},
            400,
            "服务地址不在本客户端可点单的县（市、区）范围内，请核对地图位置。（lat）",
        ),
        ({"lat": "north"}, 400, "参数无效：lat"),
        ({"description": ""}, 400, "请填写需求描述。（description）"),
    ],
)
def test_bad_requests_get_open311_errors_and_write_nothing(county, api_key, client, overrides, status, description):
    response = client.post(f"{OPEN311}/requests.json", _request(api_key, **overrides))
    assert response.status_code == status, response.content
    assert response.json() == [{"code": status, "description": description}]
    assert (ServiceOrder.objects.count(), OrderEvent.objects.count()) == (0, 0)


def test_requests_of_other_clients_are_not_found(county, api_key, client):
    posted = client.post(f"{OPEN311}/requests.json", _request(api_key)).json()[0]["service_request_id"]
    _other, other_key = api_client_create(
        name="另一个客户端", region=county.county, acting_user=county.users[Role.COUNTY_ADMIN]
    )
    response = client.get(f"{OPEN311}/requests/{posted}.json", {"api_key": other_key})
    assert response.status_code == 404
    assert response.json() == [{"code": 404, "description": "service_request_id 不存在。"}]
    assert client.get(f"{OPEN311}/requests.json").status_code == 403


def test_an_address_only_request_lands_in_the_clients_county(county, api_key, client):
    body = _request(api_key)
    del body["lat"], body["long"]
    response = client.post(f"{OPEN311}/requests.json", body)
    assert response.status_code == 201, response.content
    order = ServiceOrder.objects.get()
    assert (order.region, order.latitude) == (county.county, None)


def test_the_staff_api_session_is_not_an_open311_key(county, api_key):
    browser = client_as(county.users[Role.COUNTY_ADMIN])
    response = browser.post(f"{OPEN311}/requests.json", _request(""))
    assert response.status_code == 403


@pytest.mark.parametrize("start", ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59+08:00", "2026-13-01T00:00:00Z", "x"])
def test_an_impossible_start_date_is_an_open311_error(county, api_key, client, start):
    response = client.get(f"{OPEN311}/requests.json", {"api_key": api_key, "start_date": start})
    assert response.status_code == 400, response.content
    assert response.json() == [{"code": 400, "description": "start_date 须为 ISO 8601 时间。"}]
