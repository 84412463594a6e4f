"""Builders for the order tests: the small county's order settings and orders moved to a given state."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tests.factories import SmallCounty
from wenming.orders import services
from wenming.orders.models import CountyOrderSetting, OrderChannel, OrderStatus, ServiceOrder
from wenming.regions.roles import Role

# Tieli's seat is at about 46.98°N 128.04°E: the box of its area, and a point in it (WGS-84).
TIELI_AREA = {
    "area_south": Decimal("46.500000"),
    "area_north": Decimal("47.500000"),
    "area_west": Decimal("127.500000"),
    "area_east": Decimal("129.000000"),
}
INSIDE = (Decimal("46.980000"), Decimal("128.040000"))
OUTSIDE = (Decimal("45.750000"), Decimal("126.630000"))  # Harbin


def county_settings_make(county: SmallCounty, **hours: int) -> CountyOrderSetting:
    return CountyOrderSetting.objects.create(county=county.county, **TIELI_AREA, **hours)


def order_fields(county: SmallCounty, **overrides: Any) -> dict[str, Any]:
    starts = timezone.now() + dt.timedelta(days=2)
    fields: dict[str, Any] = {
        "channel": OrderChannel.PHONE,
        "region": county.village,
        "category_id": county.team.category_id,
        "description": "家中老人需要理发",
        "address": "东兴村三组12号",
        "latitude": INSIDE[0],
        "longitude": INSIDE[1],
        "desired_at": starts,
        "desired_end_at": starts + dt.timedelta(hours=3),
        "people_needed": 2,
        "requester_name": "赵大娘",
        "requester_phone": "13912345678",
    }
    fields.update(overrides)
    return fields


def order_place(county: SmallCounty, *, acting_user: Any = None, **overrides: Any) -> ServiceOrder:
    """A phone order entered by the station admin of the own village (tier: station)."""
    user = acting_user or county.users[Role.STATION_ADMIN]
    return services.order_submit(acting_user=user, **order_fields(county, **overrides))


STEPS = (
    OrderStatus.UNDER_REVIEW,
    OrderStatus.DISPATCHED,
    OrderStatus.ACCEPTED,
    OrderStatus.IN_SERVICE,
    OrderStatus.COMPLETED,
    OrderStatus.RATED,
    OrderStatus.CLOSED,
)


def order_move(county: SmallCounty, order: ServiceOrder, status: str, *, rating: int = 5) -> ServiceOrder:
    """Take an order along the main path up to `status`, through the services, as the right people."""
    staff = county.users[Role.STATION_ADMIN]
    leader = county.users[Role.TEAM_LEADER]
    for step in STEPS[: STEPS.index(OrderStatus(status)) + 1]:
        order_id = order.pk
        if step == OrderStatus.UNDER_REVIEW:
            order = services.order_review_start(order_id=order_id, acting_user=staff)
        elif step == OrderStatus.DISPATCHED:
            order = services.order_dispatch(order_id=order_id, team_id=county.team.pk, acting_user=staff)
        elif step == OrderStatus.ACCEPTED:
            order = services.order_accept(order_id=order_id, acting_user=leader)
        elif step == OrderStatus.IN_SERVICE:
            order = services.order_start(order_id=order_id, acting_user=leader)
        elif step == OrderStatus.COMPLETED:
            order = services.order_complete(order_id=order_id, report="已上门为老人理发", acting_user=leader)
        elif step == OrderStatus.RATED:
            order = services.order_rate(order_id=order_id, rating=rating, comment="很满意", acting_user=staff)
        elif step == OrderStatus.CLOSED:
            order = services.order_close(order_id=order_id, acting_user=staff)
    return order


def statuses(order: ServiceOrder) -> list[tuple[str, str]]:
    return list(order.events.order_by("occurred_at", "pk").values_list("from_status", "to_status"))
