"""Goods, stock and admins' adjustments: who may, what is recorded, and bad input refused unchanged."""

import pytest
from django.core.exceptions import ValidationError

from tests.points.builders import balance_give, item_make
from wenming.accounts.models import AuditAction, AuditEvent
from wenming.core.errors import DomainError, NotFoundError, PermissionDeniedError
from wenming.points.models import PointsEntry, ShopItem, StockChange, StockChangeKind
from wenming.points.selectors import points_standing, shop_item_list
from wenming.points.services import points_adjust, shop_item_create, shop_item_restock, shop_item_update
from wenming.regions.roles import Role


def test_item_create_records_its_first_stock(county):
    item = item_make(county, stock=5)
    change = StockChange.objects.get(item=item)
    assert (change.kind, change.change, change.stock_after, change.acting_user) == (
        StockChangeKind.INITIAL,
        5,
        5,
        county.users[Role.COUNTY_ADMIN],
    )


@pytest.mark.parametrize(
    ("field", "values", "message"),
    [
        ("points_price", {"points_price": 0}, "兑换所需积分必须是 1 到 1000000 之间的整数。"),
        ("points_price", {"points_price": -3}, "兑换所需积分必须是 1 到 1000000 之间的整数。"),
        ("points_price", {"points_price": 10**15}, "兑换所需积分必须是 1 到 1000000 之间的整数。"),
        ("stock", {"stock": -1}, "库存必须是 0 到 1000000 之间的整数。"),
        ("name", {"name": "  "}, "请填写物品名称。"),
        ("name", {"name": "洗衣\x00液"}, "物品名称含有无效字符。"),
        ("name", {"name": "长" * 101}, "物品名称不能超过 100 个字。"),
    ],
)
def test_item_create_refuses_bad_input(county, field, values, message):
    arguments = {"region": county.village, "name": "洗衣液", "points_price": 20, "stock": 3, **values}
    with pytest.raises(ValidationError) as refusal:
        shop_item_create(**arguments, acting_user=county.users[Role.COUNTY_ADMIN])
    assert refusal.value.message_dict == {field: [message]}
    assert ShopItem.objects.count() == 0
    assert StockChange.objects.count() == 0


def test_item_name_is_unique_per_shop(county):
    item_make(county)
    with pytest.raises(ValidationError) as refusal:
        item_make(county)
    assert refusal.value.message_dict == {"name": ["该爱心超市已有同名物品。"]}
    assert ShopItem.objects.count() == 1
    assert item_make(county, region=county.sibling_village).name == "洗衣液"


@pytest.mark.parametrize("role", [Role.TEAM_LEADER, Role.VOLUNTEER, Role.VIEWER, Role.RESIDENT])
def test_only_admins_open_goods(county, role):
    with pytest.raises(PermissionDeniedError):
        shop_item_create(region=county.village, name="洗衣液", points_price=20, acting_user=county.users[role])
    assert ShopItem.objects.count() == 0


def test_station_admin_cannot_open_goods_in_the_sibling_village(county):
    with pytest.raises(PermissionDeniedError):
        shop_item_create(
            region=county.sibling_village, name="洗衣液", points_price=20, acting_user=county.users[Role.STATION_ADMIN]
        )
    assert ShopItem.objects.count() == 0


def test_item_update_changes_price_and_sale(county):
    item = item_make(county, price=20)
    shop_item_update(item_id=item.pk, points_price=25, is_active=False, acting_user=county.users[Role.STATION_ADMIN])
    item.refresh_from_db()
    assert (item.points_price, item.is_active) == (25, False)


def test_restock_and_write_off_are_recorded(county):
    item = item_make(county, stock=5)
    admin = county.users[Role.STATION_ADMIN]
    shop_item_restock(item_id=item.pk, change=7, acting_user=admin)
    shop_item_restock(item_id=item.pk, change=-2, reason="过期", acting_user=admin)
    assert ShopItem.objects.get(pk=item.pk).stock == 10
    assert list(StockChange.objects.order_by("id").values_list("kind", "change", "stock_after", "reason")) == [
        ("initial", 5, 5, ""),
        ("restock", 7, 12, ""),
        ("write_off", -2, 10, "过期"),
    ]


def test_write_off_beyond_the_stock_or_without_reason_is_refused(county):
    item = item_make(county, stock=5)
    admin = county.users[Role.STATION_ADMIN]
    with pytest.raises(DomainError) as refusal:
        shop_item_restock(item_id=item.pk, change=-6, reason="盘点", acting_user=admin)
    assert str(refusal.value.message) == "核减数量超过现有库存（5 件）。"
    with pytest.raises(ValidationError) as missing:
        shop_item_restock(item_id=item.pk, change=-1, acting_user=admin)
    assert missing.value.message_dict == {"reason": ["请填写核减原因。"]}
    with pytest.raises(ValidationError) as zero:
        shop_item_restock(item_id=item.pk, change=0, acting_user=admin)
    assert list(zero.value.message_dict) == ["change"]
    assert ShopItem.objects.get(pk=item.pk).stock == 5
    assert StockChange.objects.count() == 1


def test_restock_by_another_villages_staff_is_not_found(county):
    item = item_make(county, region=county.sibling_village, stock=5)
    with pytest.raises(NotFoundError):
        shop_item_restock(item_id=item.pk, change=3, acting_user=county.users[Role.STATION_ADMIN])
    assert ShopItem.objects.get(pk=item.pk).stock == 5


def test_viewer_sees_goods_but_may_not_restock(county):
    item = item_make(county, stock=5)
    with pytest.raises(PermissionDeniedError):
        shop_item_restock(item_id=item.pk, change=3, acting_user=county.users[Role.VIEWER])
    assert ShopItem.objects.get(pk=item.pk).stock == 5


def test_volunteer_sees_the_active_goods_of_their_shops_only(county):
    own = item_make(county, name="洗衣液")
    township = item_make(county, name="毛巾", region=county.township)
    item_make(county, name="雨伞", region=county.sibling_village)
    item_make(county, name="下架品", is_active=False)
    seen = list(shop_item_list(user=county.users[Role.VOLUNTEER]))
    assert seen == [township, own]  # same price: by name


def test_adjustment_is_audited_and_counts_in_the_balance(county):
    # when
    points_adjust(
        volunteer=county.volunteers["own"],
        points=30,
        reason="补录纸质记录",
        acting_user=county.users[Role.TOWNSHIP_ADMIN],
    )
    # then
    assert points_standing(volunteer=county.volunteers["own"]).balance == 30
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.region) == (
        AuditAction.POINTS_ADJUSTED,
        county.users[Role.TOWNSHIP_ADMIN],
        county.village,
    )
    assert event.reason == f"调整 {county.volunteers['own'].volunteer_number} 的爱心积分 +30：补录纸质记录"


def test_deduction_below_zero_is_refused(county):
    balance_give(county, 10)
    with pytest.raises(DomainError) as refusal:
        points_adjust(
            volunteer=county.volunteers["own"], points=-11, reason="误录", acting_user=county.users[Role.COUNTY_ADMIN]
        )
    assert str(refusal.value.message) == "扣减后积分余额不能为负数：当前余额 10 分。"
    assert PointsEntry.objects.count() == 1
    assert AuditEvent.objects.count() == 1


@pytest.mark.parametrize(
    ("points", "reason", "field"),
    [(0, "误录", "points"), (100_001, "误录", "points"), (5, "", "reason"), ("x", "误录", "points")],
)
def test_adjustment_bad_input_is_refused(county, points, reason, field):
    with pytest.raises(ValidationError) as refusal:
        points_adjust(
            volunteer=county.volunteers["own"],
            points=points,
            reason=reason,
            acting_user=county.users[Role.COUNTY_ADMIN],
        )
    assert list(refusal.value.message_dict) == [field]
    assert PointsEntry.objects.count() == 0
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize("role", [Role.TEAM_LEADER, Role.VOLUNTEER, Role.VIEWER])
def test_only_admins_of_the_volunteers_region_adjust(county, role):
    with pytest.raises(PermissionDeniedError):
        points_adjust(volunteer=county.volunteers["own"], points=5, reason="奖励", acting_user=county.users[role])
    with pytest.raises(PermissionDeniedError):
        points_adjust(
            volunteer=county.volunteers["sibling"],
            points=5,
            reason="奖励",
            acting_user=county.users[Role.STATION_ADMIN],
        )
    assert PointsEntry.objects.count() == 0
