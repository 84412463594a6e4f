"""The points pages and API: redeem from the shop page, exports (masked unless audited), query counts,
and bad API input refused with the error body and nothing changed."""

import io

import openpyxl
import pytest
from django.urls import reverse

from tests.api.conftest import client_as
from tests.points.builders import balance_give, item_make, points_in_every_scope
from wenming.accounts.models import AuditAction, AuditEvent
from wenming.points.models import Redemption, ShopItem
from wenming.regions.roles import Role

API = "/api/v1/points"
JSON = "application/json"


def _sheet(response):
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_shop_page_highlights_affordable_items_and_redeems_after_confirm(county):
    balance_give(county, 30)
    cheap = item_make(county, name="肥皂", price=20, stock=3)
    dear = item_make(county, name="电饭煲", price=200, stock=1)
    browser = client_as(county.users[Role.VOLUNTEER])
    page = browser.get(reverse("points:shop")).content.decode()
    assert f'id="item-{cheap.pk}"' in page and "affordable" in page.split(f'id="item-{cheap.pk}"')[0][-80:]
    assert "affordable" not in page.split(f'id="item-{dear.pk}"')[0][-80:]
    assert 'data-confirm="确认用积分兑换「肥皂」？每件 20 积分。"' in page
    response = browser.post(reverse("points:redeem", kwargs={"item_id": cheap.pk}), {"quantity": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("points:redemptions")
    redemption = Redemption.objects.get()
    mine = browser.get(reverse("points:redemptions")).content.decode()
    assert redemption.pickup_code in mine
    home = browser.get(reverse("points:home")).content.decode()
    assert '<dd class="m-big" id="points-balance">10</dd>' in home


def test_shop_page_refusal_shows_the_reason_and_changes_nothing(county):
    balance_give(county, 10)
    item = item_make(county, price=20, stock=3)
    browser = client_as(county.users[Role.VOLUNTEER])
    response = browser.post(reverse("points:redeem", kwargs={"item_id": item.pk}), {"quantity": "1"}, follow=True)
    assert "爱心积分不足：需要 20 分，当前余额 10 分。" in response.content.decode()
    assert Redemption.objects.count() == 0
    assert ShopItem.objects.get(pk=item.pk).stock == 3


def test_redemptions_export_matches_filters_and_masks_phones(api_county):
    made = points_in_every_scope(api_county)
    admin = api_county.users[Role.COUNTY_ADMIN]
    browser = client_as(admin)
    code = made["own"]["redemption"].pickup_code
    response = browser.get(reverse("points:manage_redemptions_export"), {"pickup_code": code})
    rows = _sheet(response)
    assert len(rows) == 2
    assert rows[1][1:5] == ["张东兴", made["own"]["volunteer"].volunteer_number, "138****0001", "东兴村的毛巾"]
    assert AuditEvent.objects.filter(action=AuditAction.PERSONAL_DATA_EXPORTED).count() == 0


def test_unmasked_redemptions_export_is_audited(api_county):
    points_in_every_scope(api_county)
    browser = client_as(api_county.users[Role.COUNTY_ADMIN])
    response = browser.get(
        reverse("points:manage_redemptions_export"), {"status": "pending", "unmasked": "on", "reason": "核对领取人"}
    )
    rows = _sheet(response)
    assert sorted(row[3] for row in rows[1:]) == ["13812340001", "13812340002", "13812340003"]
    event = AuditEvent.objects.get(action=AuditAction.PERSONAL_DATA_EXPORTED)
    assert event.reason == "积分兑换记录：核对领取人"


def test_station_admin_may_not_export_unmasked(api_county):
    points_in_every_scope(api_county)
    browser = client_as(api_county.users[Role.STATION_ADMIN])
    response = browser.get(reverse("points:manage_redemptions_export"), {"unmasked": "on", "reason": "核对"})
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action=AuditAction.PERSONAL_DATA_EXPORTED).count() == 0


def test_items_export_matches_the_filter(api_county):
    points_in_every_scope(api_county)
    browser = client_as(api_county.users[Role.STATION_ADMIN])
    rows = _sheet(browser.get(reverse("points:manage_items_export"), {"search": "毛巾"}))
    assert rows[1:] == [["东兴村的毛巾", "东兴村", 10, 19, "东兴村新时代文明实践站", "是", ""]]


def test_api_redemptions_export_masks_phones(api_county):
    points_in_every_scope(api_county)
    response = client_as(api_county.users[Role.TOWNSHIP_ADMIN]).get(f"{API}/redemptions/export")
    rows = _sheet(response)
    assert sorted(row[3] for row in rows[1:]) == ["138****0001", "138****0002", "138****0003"]


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"quantity": 0}, "quantity", "兑换数量必须是 1 到 99 之间的整数。"),
        ({"quantity": -4}, "quantity", "兑换数量必须是 1 到 99 之间的整数。"),
        ({"quantity": 100000}, "quantity", "兑换数量必须是 1 到 99 之间的整数。"),
    ],
)
def test_api_redeem_bad_quantity_is_refused(county, body, field, message):
    balance_give(county, 100)
    item = item_make(county)
    response = client_as(county.users[Role.VOLUNTEER]).post(f"{API}/items/{item.pk}/redeem", body, content_type=JSON)
    assert response.status_code == 400
    assert (response.json()["field"], response.json()["message"]) == (field, message)
    assert Redemption.objects.count() == 0
    assert ShopItem.objects.get(pk=item.pk).stock == 10


@pytest.mark.parametrize(
    "body",
    [
        {"region_code": "230781100201", "name": "洗\x00衣液", "points_price": 5},
        {"region_code": "230781100201", "name": "", "points_price": 5},
        {"region_code": "230781100201", "name": "洗衣液", "points_price": 10**20},
        {"region_code": "\x00", "name": "洗衣液", "points_price": 5},
        {"region_code": "230781100201", "name": "洗衣液", "points_price": 0},
    ],
)
def test_api_item_create_junk_is_refused_with_the_error_body(county, body):
    response = client_as(county.users[Role.COUNTY_ADMIN]).post(f"{API}/items", body, content_type=JSON)
    assert 400 <= response.status_code < 500
    assert set(response.json()) >= {"code", "message", "field"}
    assert ShopItem.objects.count() == 0


def test_api_items_list_query_count_is_pinned(api_county, django_assert_num_queries):
    points_in_every_scope(api_county)
    browser = client_as(api_county.users[Role.COUNTY_ADMIN])
    browser.get(f"{API}/items")
    # session, user, assignments, count, page
    with django_assert_num_queries(5):
        response = browser.get(f"{API}/items")
    assert response.json()["count"] == 3


def test_api_redemptions_list_query_count_is_pinned(api_county, django_assert_num_queries):
    points_in_every_scope(api_county)
    browser = client_as(api_county.users[Role.COUNTY_ADMIN])
    browser.get(f"{API}/redemptions")  # the first request of a session also saves it
    with django_assert_num_queries(5):
        response = browser.get(f"{API}/redemptions")
    assert response.json()["count"] == 3


def test_manage_redemptions_page_query_count_is_pinned(api_county, django_assert_num_queries):
    points_in_every_scope(api_county)
    browser = client_as(api_county.users[Role.COUNTY_ADMIN])
    browser.get(reverse("points:manage_redemptions"))
    with django_assert_num_queries(5):
        response = browser.get(reverse("points:manage_redemptions"))
    assert response.content.decode().count('<tr id="redemption-') == 3


def test_manage_items_page_query_count_is_pinned(api_county, django_assert_num_queries):
    points_in_every_scope(api_county)
    browser = client_as(api_county.users[Role.COUNTY_ADMIN])
    browser.get(reverse("points:manage"))
    # session, user, assignments, count, page, the new good's region choices
    with django_assert_num_queries(6):
        response = browser.get(reverse("points:manage"))
    assert response.content.decode().count('<tr id="item-') == 3


def test_points_home_query_count_is_pinned(county, django_assert_num_queries):
    balance_give(county, 30)
    browser = client_as(county.users[Role.VOLUNTEER])
    browser.get(reverse("points:home"))
    # session, user, volunteer; standing (hours by day, ledger sums), by month (hours by day, ledger by
    # month), rate, entries count and page; no more with more entries
    with django_assert_num_queries(11):
        response = browser.get(reverse("points:home"))
    assert response.status_code == 200
