"""Deadlines: escalation a tier up when no one accepts, overdue flags, expiry; each check runs once."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.orders.order_builders import county_settings_make, order_move, order_place, statuses
from wenming.orders import services
from wenming.orders.models import OrderStatus, ServiceOrder, Tier
from wenming.orders.selectors import orders_overdue
from wenming.regions.roles import Role


@pytest.fixture
def order(county):
    county_settings_make(county, acceptance_hours=6)
    return order_place(county)


def _check(order, now):
    order = ServiceOrder.objects.get(pk=order.pk)
    return services.order_deadline_check(
        order_id=order.pk, expected_status=order.status, expected_deadline_at=order.deadline_at.isoformat(), now=now
    )


def test_an_order_not_accepted_in_time_returns_to_the_queue_one_tier_up(county, order):
    # given
    order = order_move(county, order, OrderStatus.DISPATCHED)
    assert round((order.deadline_at - timezone.now()).total_seconds() / 3600) == 6
    scheduled = (order.status, order.deadline_at.isoformat())
    later = order.deadline_at + dt.timedelta(minutes=1)
    # when
    outcome = services.order_deadline_check(
        order_id=order.pk, expected_status=scheduled[0], expected_deadline_at=scheduled[1], now=later
    )
    # then
    order.refresh_from_db()
    assert outcome == "escalated"
    assert (order.status, order.tier, order.assigned_team, order.escalation_count) == (
        OrderStatus.UNDER_REVIEW,
        Tier.INSTITUTE,
        None,
        1,
    )
    event = order.events.latest("occurred_at", "pk")
    assert (event.from_status, event.to_status, event.actor, event.tier, event.team) == (
        "dispatched",
        "under_review",
        None,
        Tier.INSTITUTE,
        county.team,
    )
    assert event.reason == "超过接单时限（6 小时）无人接单，退回重新派单，由“站”升级到“所”。"
    # and: the same check again does nothing (the order moved on)
    again = services.order_deadline_check(
        order_id=order.pk, expected_status=scheduled[0], expected_deadline_at=scheduled[1], now=later
    )
    assert again == "moved_on"
    assert order.events.count() == 4
    # and: the township admin now handles it
    services.order_dispatch(order_id=order.pk, team_id=county.team.pk, acting_user=county.users[Role.TOWNSHIP_ADMIN])


def test_a_check_before_the_deadline_does_nothing(county, order):
    order = order_move(county, order, OrderStatus.DISPATCHED)
    assert _check(order, timezone.now()) == "not_due"
    assert ServiceOrder.objects.get(pk=order.pk).status == OrderStatus.DISPATCHED


def test_at_the_center_the_order_stays_there_and_counts_another_escalation(county, order):
    services.order_review_start(order_id=order.pk, acting_user=county.users[Role.STATION_ADMIN])
    order = services.order_dispatch(
        order_id=order.pk, team_id=county.team.pk, tier=Tier.CENTER, acting_user=county.users[Role.COUNTY_ADMIN]
    )
    assert _check(order, order.deadline_at + dt.timedelta(seconds=1)) == "escalated"
    order.refresh_from_db()
    assert (order.tier, order.escalation_count) == (Tier.CENTER, 1)
    assert order.events.latest("occurred_at", "pk").reason == "超过接单时限（6 小时）无人接单，退回中心重新派单。"


def test_review_overdue_is_flagged_once_and_listed_for_those_responsible(county, order):
    later = order.deadline_at + dt.timedelta(hours=1)
    assert _check(order, later) == "overdue"
    assert _check(order, later) == "already_overdue"
    order.refresh_from_db()
    assert (order.status, order.is_overdue) == (OrderStatus.SUBMITTED, True)
    # the history says so once, by the system, the status unchanged
    placed, overdue = order.events.order_by("occurred_at", "pk")
    assert (overdue.kind, overdue.from_status, overdue.to_status, overdue.actor) == (
        "overdue",
        "submitted",
        "submitted",
        None,
    )
    assert "已超过期限" in overdue.reason and placed.kind == "transition"
    # the station admin (its tier) and the county admin are responsible; the township admin is not yet
    assert list(orders_overdue(user=county.users[Role.STATION_ADMIN])) == [order]
    assert list(orders_overdue(user=county.users[Role.COUNTY_ADMIN])) == [order]
    assert list(orders_overdue(user=county.users[Role.TOWNSHIP_ADMIN])) == []
    # the next step clears the flag and starts a new clock
    order = services.order_review_start(order_id=order.pk, acting_user=county.users[Role.STATION_ADMIN])
    assert order.is_overdue is False


def test_an_order_whose_desired_time_has_passed_expires(county, order):
    order = order_move(county, order, OrderStatus.DISPATCHED)
    after_window = order.desired_end_at + dt.timedelta(minutes=1)
    assert _check(order, after_window) == "expired"
    order.refresh_from_db()
    assert statuses(order)[-1] == ("dispatched", "expired")
    assert order.events.latest("occurred_at", "pk").actor is None


def test_the_sweep_checks_every_order_whose_clock_ran_out(county, order):
    dispatched = order_move(county, order_place(county), OrderStatus.DISPATCHED)
    later = dispatched.deadline_at + dt.timedelta(hours=19)  # past the review deadline of `order` too
    outcomes = services.orders_deadlines_sweep(now=later)
    assert outcomes == {"overdue": 1, "escalated": 1}
    assert services.orders_deadlines_sweep(now=later) == {}
    assert ServiceOrder.objects.get(pk=dispatched.pk).tier == Tier.INSTITUTE


def test_the_housekeeping_command_runs_the_sweep_and_says_what_it_did(county, order, monkeypatch):
    from io import StringIO

    from django.core.management import call_command

    dispatched = order_move(county, order_place(county), OrderStatus.DISPATCHED)
    later = dispatched.deadline_at + dt.timedelta(hours=19)
    monkeypatch.setattr(timezone, "now", lambda: later)
    out = StringIO()
    call_command("orders_housekeeping", stdout=out)
    assert out.getvalue().strip() == "checked 2 · escalated 1 · overdue 1"
    assert ServiceOrder.objects.get(pk=dispatched.pk).tier == Tier.INSTITUTE
    out = StringIO()
    call_command("orders_housekeeping", stdout=out)
    assert out.getvalue().strip() == "checked 0"
