"""Two dispatchers acting on the same order at once: exactly one wins, on SQLite and PostgreSQL.

Real threads with their own connections: PostgreSQL serialises them on the order's row lock,
SQLite queues the IMMEDIATE transactions; the second finds the order dispatched and is refused.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from tests.factories import build_small_county
from tests.orders.order_builders import county_settings_make, order_place
from wenming.core.errors import DomainError
from wenming.orders import services
from wenming.orders.models import OrderEvent, OrderStatus, ServiceOrder
from wenming.regions.roles import Role
from wenming.teams.models import Team

ROUNDS = 5


@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_at_once_exactly_one_wins():
    # given
    county = build_small_county()
    county_settings_make(county)
    other_team = Team.objects.create(
        region=county.village,
        name="东兴村医疗健康队",
        category=county.team.category,
        home_site=county.station,
        founded_on=county.team.founded_on,
    )
    dispatchers = [(county.users[Role.COUNTY_ADMIN], county.team.pk), (county.users[Role.STATION_ADMIN], other_team.pk)]
    for _round in range(ROUNDS):
        order = order_place(county)
        services.order_review_start(order_id=order.pk, acting_user=county.users[Role.STATION_ADMIN])
        barrier = threading.Barrier(len(dispatchers))

        def dispatch(dispatcher, order_id=order.pk, barrier=barrier):
            user, team_id = dispatcher
            try:
                barrier.wait()
                services.order_dispatch(order_id=order_id, team_id=team_id, acting_user=user)
                return "won"
            except DomainError as error:
                return error.code
            finally:
                connections.close_all()

        # when
        with ThreadPoolExecutor(max_workers=len(dispatchers)) as pool:
            outcomes = sorted(pool.map(dispatch, dispatchers))
        # then
        assert outcomes == ["order_illegal_transition", "won"]
        order = ServiceOrder.objects.get(pk=order.pk)
        assert order.status == OrderStatus.DISPATCHED
        events = OrderEvent.objects.filter(order=order, to_status=OrderStatus.DISPATCHED)
        assert events.count() == 1
        assert events.get().team_id == order.assigned_team_id
