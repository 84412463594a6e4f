"""Concurrent redemptions never overdraw the stock or a balance (row locks on PostgreSQL, IMMEDIATE on SQLite).

50 redemptions race for an item with 10 in stock; a volunteer's requests race for a balance that pays
only some of them. Ten threads (ten database connections) share each batch of 50 requests.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from tests.factories import build_small_county
from tests.points.builders import balance_give, item_make
from wenming.core.errors import DomainError
from wenming.points.models import PointsEntry, PointsEntryKind, Redemption, ShopItem, StockChange
from wenming.points.selectors import points_standing
from wenming.points.services import redemption_create
from wenming.regions.roles import Role
from wenming.volunteers.models import Volunteer

ATTEMPTS = 50
THREADS = 10


def _race(attempt_count: int, redeem) -> list[str]:  # type: ignore[no-untyped-def]
    """Run `redeem` attempt_count times on THREADS threads started together; the outcome codes."""
    start = threading.Barrier(THREADS)
    local = threading.local()

    def attempt(_: int) -> str:
        if not getattr(local, "started", False):
            local.started = True
            start.wait()
        try:
            redeem()
        except DomainError as refusal:
            return refusal.code
        finally:
            connection.close()  # each attempt its own connection: none is left open after the pool
        return "ok"

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return list(pool.map(attempt, range(attempt_count)))


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_redemptions_of_ten_in_stock_give_exactly_ten():
    # given: every volunteer-user pair redeems for itself; the own volunteer has points for all 50
    county = build_small_county()
    volunteer = Volunteer.objects.get(pk=county.volunteers["own"].pk)
    balance_give(county, 50 * 20)
    item = item_make(county, price=20, stock=10)
    user = county.users[Role.VOLUNTEER]
    # when
    outcomes = _race(
        ATTEMPTS, lambda: redemption_create(volunteer=volunteer, item_id=item.pk, quantity=1, acting_user=user)
    )
    # then
    assert sorted(outcomes) == ["ok"] * 10 + ["out_of_stock"] * 40
    assert ShopItem.objects.get(pk=item.pk).stock == 0
    assert Redemption.objects.count() == 10
    assert StockChange.objects.filter(kind="redemption").count() == 10
    assert points_standing(volunteer=volunteer).balance == 1000 - 10 * 20


@pytest.mark.django_db(transaction=True)
def test_concurrent_redemptions_beyond_the_balance_never_make_it_negative():
    # given: 130 points, an item of 20 in stock 50: six redemptions are paid, no more
    county = build_small_county()
    volunteer = Volunteer.objects.get(pk=county.volunteers["own"].pk)
    balance_give(county, 130)
    item = item_make(county, price=20, stock=50)
    user = county.users[Role.VOLUNTEER]
    # when
    outcomes = _race(
        ATTEMPTS, lambda: redemption_create(volunteer=volunteer, item_id=item.pk, quantity=1, acting_user=user)
    )
    # then
    assert sorted(outcomes) == ["not_enough_points"] * 44 + ["ok"] * 6
    assert points_standing(volunteer=volunteer).balance == 10
    assert PointsEntry.objects.filter(kind=PointsEntryKind.REDEMPTION).count() == 6
    assert ShopItem.objects.get(pk=item.pk).stock == 44
