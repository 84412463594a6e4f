"""Redeeming goods: the rules, every bad input refused with nothing changed, cancellation and hand-over."""

import pytest
from django.core.exceptions import ValidationError

from tests.points.builders import balance_give, item_make
from wenming.accounts.models import AuditEvent
from wenming.core.errors import DomainError, NotFoundError, PermissionDeniedError
from wenming.notifications.models import Notification
from wenming.points.models import (
    PointsEntry,
    PointsEntryKind,
    Redemption,
    RedemptionStatus,
    ShopItem,
    StockChange,
    StockChangeKind,
)
from wenming.points.selectors import PointsStanding, points_standing
from wenming.points.services import redemption_cancel, redemption_create, redemption_hand_over
from wenming.regions.roles import Role
from wenming.volunteers.models import VolunteerStatus


def _redeem(county, item, quantity=1, volunteer_key="own"):
    volunteer = county.volunteers[volunteer_key]
    return redemption_create(
        volunteer=volunteer, item_id=item.pk, quantity=quantity, acting_user=county.users[Role.VOLUNTEER]
    )


def _nothing_changed(county, item, *, stock, balance):
    assert ShopItem.objects.get(pk=item.pk).stock == stock
    assert Redemption.objects.count() == 0
    assert PointsEntry.objects.exclude(kind=PointsEntryKind.ADJUSTMENT).count() == 0
    assert StockChange.objects.exclude(kind=StockChangeKind.INITIAL).count() == 0
    assert points_standing(volunteer=county.volunteers["own"]).balance == balance


def test_redeem_spends_points_takes_stock_and_gives_a_pickup_code(county):
    # given
    balance_give(county, 100)
    item = item_make(county, price=20, stock=10)
    # when
    redemption = _redeem(county, item, quantity=3)
    # then
    assert (redemption.status, redemption.quantity, redemption.points, redemption.item_name) == (
        RedemptionStatus.PENDING,
        3,
        60,
        "洗衣液",
    )
    assert len(redemption.pickup_code) == 8 and redemption.pickup_code.isdigit()
    assert redemption.region == county.village
    assert ShopItem.objects.get(pk=item.pk).stock == 7
    assert points_standing(volunteer=county.volunteers["own"]) == PointsStanding(
        earned=0, redeemed=60, adjusted=100, balance=40
    )
    entry = PointsEntry.objects.get(kind=PointsEntryKind.REDEMPTION)
    assert (entry.points, entry.redemption, entry.reason) == (-60, redemption, "兑换 洗衣液 ×3")
    change = StockChange.objects.get(kind=StockChangeKind.REDEMPTION)
    assert (change.change, change.stock_after, change.redemption) == (-3, 7, redemption)


def test_redeem_with_too_few_points_is_refused(county):
    balance_give(county, 39)
    item = item_make(county, price=20, stock=10)
    with pytest.raises(DomainError) as refusal:
        _redeem(county, item, quantity=2)
    assert (refusal.value.code, refusal.value.field) == ("not_enough_points", "quantity")
    assert str(refusal.value.message) == "爱心积分不足：需要 40 分，当前余额 39 分。"
    _nothing_changed(county, item, stock=10, balance=39)


def test_redeem_more_than_the_stock_is_refused(county):
    balance_give(county, 1000)
    item = item_make(county, price=20, stock=2)
    with pytest.raises(DomainError) as refusal:
        _redeem(county, item, quantity=3)
    assert (refusal.value.code, str(refusal.value.message)) == ("out_of_stock", "库存不足：该物品只剩 2 件。")
    _nothing_changed(county, item, stock=2, balance=1000)


def test_redeem_of_an_inactive_item_is_refused(county):
    balance_give(county, 100)
    item = item_make(county, is_active=False)
    with pytest.raises(DomainError) as refusal:
        _redeem(county, item)
    assert (refusal.value.code, str(refusal.value.message)) == ("item_inactive", "该物品已下架，不能兑换。")
    _nothing_changed(county, item, stock=10, balance=100)


@pytest.mark.parametrize("quantity", [0, -1, 100, 10**12, "abc", "", "1\x00", None, True, 2.5])
def test_redeem_quantity_must_be_1_to_99(county, quantity):
    balance_give(county, 100)
    item = item_make(county)
    with pytest.raises(ValidationError) as refusal:
        _redeem(county, item, quantity=quantity)
    assert refusal.value.message_dict == {"quantity": ["兑换数量必须是 1 到 99 之间的整数。"]}
    _nothing_changed(county, item, stock=10, balance=100)


def test_redeem_in_another_villages_shop_is_refused_as_missing(county):
    balance_give(county, 100)
    item = item_make(county, region=county.sibling_village)
    with pytest.raises(NotFoundError):
        _redeem(county, item)
    _nothing_changed(county, item, stock=10, balance=100)


def test_redeem_in_the_townships_and_countys_shops_is_allowed(county):
    balance_give(county, 100)
    township_item = item_make(county, name="毛巾", region=county.township)
    county_item = item_make(county, name="雨伞", region=county.county)
    assert _redeem(county, township_item).region == county.township
    assert _redeem(county, county_item).region == county.county


def test_redeem_with_someone_elses_points_is_refused(county):
    balance_give(county, 100, volunteer_key="sibling")
    item = item_make(county, region=county.township)
    with pytest.raises(PermissionDeniedError):
        _redeem(county, item, volunteer_key="sibling")
    assert Redemption.objects.count() == 0


def test_suspended_volunteer_cannot_redeem(county):
    balance_give(county, 100)
    item = item_make(county)
    type(county.volunteers["own"]).objects.filter(pk=county.volunteers["own"].pk).update(
        status=VolunteerStatus.SUSPENDED
    )
    with pytest.raises(DomainError) as refusal:
        _redeem(county, item)
    assert refusal.value.code == "volunteer_not_active"
    _nothing_changed(county, item, stock=10, balance=100)


def test_volunteer_cancels_own_redemption_points_and_stock_return(county):
    # given
    balance_give(county, 100)
    item = item_make(county, price=20, stock=10)
    redemption = _redeem(county, item, quantity=2)
    # when
    redemption_cancel(redemption_id=redemption.pk, acting_user=county.users[Role.VOLUNTEER])
    # then
    redemption.refresh_from_db()
    assert (redemption.status, redemption.cancel_reason) == (RedemptionStatus.CANCELLED, "本人取消")
    assert ShopItem.objects.get(pk=item.pk).stock == 10
    assert points_standing(volunteer=county.volunteers["own"]) == PointsStanding(
        earned=0, redeemed=0, adjusted=100, balance=100
    )
    reversal = PointsEntry.objects.get(kind=PointsEntryKind.REDEMPTION_REVERSAL)
    assert (reversal.points, reversal.redemption) == (40, redemption)
    assert StockChange.objects.get(kind=StockChangeKind.RETURN).stock_after == 10
    assert Notification.objects.filter(title="积分兑换已取消").count() == 0


def test_staff_cancel_needs_a_reason_and_tells_the_volunteer(county):
    balance_give(county, 100)
    redemption = _redeem(county, item_make(county))
    admin = county.users[Role.STATION_ADMIN]
    with pytest.raises(ValidationError) as refusal:
        redemption_cancel(redemption_id=redemption.pk, reason=" ", acting_user=admin)
    assert refusal.value.message_dict == {"reason": ["请填写取消原因。"]}
    assert Redemption.objects.get(pk=redemption.pk).status == RedemptionStatus.PENDING
    redemption_cancel(redemption_id=redemption.pk, reason="物品破损", acting_user=admin)
    assert Redemption.objects.get(pk=redemption.pk).cancel_reason == "物品破损"
    assert Notification.objects.filter(title="积分兑换已取消").count() == 1


def test_cancel_twice_is_refused_and_gives_back_once(county):
    balance_give(county, 100)
    redemption = _redeem(county, item_make(county))
    redemption_cancel(redemption_id=redemption.pk, acting_user=county.users[Role.VOLUNTEER])
    with pytest.raises(DomainError) as refusal:
        redemption_cancel(redemption_id=redemption.pk, acting_user=county.users[Role.VOLUNTEER])
    assert refusal.value.code == "redemption_not_pending"
    assert PointsEntry.objects.filter(kind=PointsEntryKind.REDEMPTION_REVERSAL).count() == 1
    assert points_standing(volunteer=county.volunteers["own"]).balance == 100


def test_hand_over_by_the_shops_staff(county):
    balance_give(county, 100)
    redemption = _redeem(county, item_make(county))
    redemption_hand_over(redemption_id=redemption.pk, acting_user=county.users[Role.STATION_ADMIN])
    redemption.refresh_from_db()
    assert redemption.status == RedemptionStatus.HANDED_OVER
    assert redemption.handed_over_by == county.users[Role.STATION_ADMIN]
    # handed over: no longer cancellable, the points stay spent
    with pytest.raises(DomainError):
        redemption_cancel(redemption_id=redemption.pk, acting_user=county.users[Role.VOLUNTEER])
    assert points_standing(volunteer=county.volunteers["own"]).balance == 80


def test_volunteer_cannot_hand_over_to_themselves(county):
    balance_give(county, 100)
    redemption = _redeem(county, item_make(county))
    with pytest.raises(PermissionDeniedError):
        redemption_hand_over(redemption_id=redemption.pk, acting_user=county.users[Role.VOLUNTEER])
    assert Redemption.objects.get(pk=redemption.pk).status == RedemptionStatus.PENDING


def test_other_villages_staff_do_not_find_the_redemption(county):
    balance_give(county, 100)
    redemption = _redeem(county, item_make(county))
    with pytest.raises(NotFoundError):
        redemption_hand_over(redemption_id=redemption.pk, acting_user=county.users[Role.TEAM_LEADER])
    assert Redemption.objects.get(pk=redemption.pk).status == RedemptionStatus.PENDING
    assert AuditEvent.objects.count() == 1  # the adjustment that gave the points
