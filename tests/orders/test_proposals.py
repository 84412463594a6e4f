"""Dispatch proposals from the database (orders.proposals): ranked teams with their reasons, a batch at the
lowest total cost, automatic dispatch per category, and the API and order page that show them."""

import datetime as dt
import logging
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from tests.api.conftest import client_as
from tests.orders.order_builders import INSIDE, county_settings_make, order_move, order_place, statuses
from wenming.core.errors import DomainError, NotFoundError, PermissionDeniedError
from wenming.orders import proposals, services
from wenming.orders.models import CountyOrderSetting, OrderEvent, OrderStatus, ServiceOrder
from wenming.regions.roles import Role
from wenming.sites.models import Site
from wenming.teams.models import Team, TeamCategory

LATITUDE, LONGITUDE = INSIDE
# 0.001° of latitude is 111.195 m on the engine's sphere: 111 m, walking 145 m in 2 minutes.
NEAR = Decimal("0.001000")


def _site_at(site: Site, latitude: Decimal, longitude: Decimal = LONGITUDE) -> None:
    Site.objects.filter(pk=site.pk).update(latitude=latitude, longitude=longitude)


@pytest.fixture
def teams(county: Any) -> dict[str, Team]:
    """The own team 111 m north of the order's point, a team of the same category 1 km north, and a team of
    another category standing right on the point (nearest, but it does not serve the category)."""
    county_settings_make(county)
    _site_at(county.station, LATITUDE + NEAR)
    _site_at(county.sibling_station, LATITUDE + Decimal("0.009000"))
    _site_at(county.institute, LATITUDE)
    farther = Team.objects.create(
        region=county.sibling_village,
        name="西林村理论宣讲队",
        category=county.team.category,
        home_site=county.sibling_station,
        founded_on=dt.date(2022, 6, 1),
    )
    health, _created = TeamCategory.objects.get_or_create(code="health", defaults={"name": "医疗健康"})
    other = Team.objects.create(
        region=county.township,
        name="铁力镇医疗健康队",
        category=health,
        home_site=county.institute,
        founded_on=dt.date(2021, 3, 1),
    )
    return {"near": county.team, "far": farther, "other": other}


def _queued(county: Any, **overrides: Any) -> ServiceOrder:
    return order_move(county, order_place(county, **overrides), OrderStatus.UNDER_REVIEW)


def test_proposals_rank_the_nearer_matching_team_first_and_say_why(county, teams):
    # given
    order = _queued(county)
    # when
    ranked = proposals.order_proposals(order_id=order.pk, acting_user=county.users[Role.COUNTY_ADMIN])
    # then
    assert [(proposal.rank, proposal.team_id) for proposal in ranked] == [(1, teams["near"].pk), (2, teams["far"].pk)]
    first = ranked[0]
    assert round(first.reason.distance_metres) == 111
    assert (first.reason.cost.distance, first.reason.cost.load, first.reason.cost.rating) == (111, 0, 100)
    assert first.explanation == (
        "第 1 名，队伍（本批可接 5 单）：服务类别相符；直线距离 111 米，步行约 145 米、2 分钟；无技能要求；"
        "当前可接单；近 30 天已服务 0 单；尚无评分。综合代价 211（距离 111 + 负荷 0 + 评分 100 + 技能 0）。"
    )
    assert round(ranked[1].reason.distance_metres) == 1001


def test_orders_served_lately_count_as_load_in_the_reason(county, teams):
    # given: the near team served three orders lately (3 × 100 m of load)
    for _ in range(3):
        order_move(county, order_place(county), OrderStatus.COMPLETED)
    order = _queued(county)
    # when
    ranked = proposals.order_proposals(order_id=order.pk, acting_user=county.users[Role.COUNTY_ADMIN])
    # then: 111 + 300 load + 100 unrated against 1001 + 100
    assert [proposal.team_id for proposal in ranked] == [teams["near"].pk, teams["far"].pk]
    assert ranked[0].reason.recent_load == 3
    assert ranked[0].reason.cost.load == 300
    assert ranked[0].reason.capacity == proposals.TEAM_OPEN_ORDER_LIMIT


def test_a_team_that_declined_is_not_proposed(county, teams):
    # given
    order = order_move(county, order_place(county), OrderStatus.DISPATCHED)
    services.order_decline(order_id=order.pk, reason="人手不足", acting_user=county.users[Role.TEAM_LEADER])
    # when
    ranked = proposals.order_proposals(order_id=order.pk, acting_user=county.users[Role.COUNTY_ADMIN])
    # then
    assert [proposal.team_id for proposal in ranked] == [teams["far"].pk]


def test_a_team_at_its_open_order_limit_is_not_proposed(county, teams, monkeypatch):
    # given: the near team holds one open order and may hold one
    monkeypatch.setattr(proposals, "TEAM_OPEN_ORDER_LIMIT", 1)
    order_move(county, order_place(county), OrderStatus.ACCEPTED)
    order = _queued(county)
    # when
    ranked = proposals.order_proposals(order_id=order.pk, acting_user=county.users[Role.COUNTY_ADMIN])
    # then
    assert [proposal.team_id for proposal in ranked] == [teams["far"].pk]


def test_a_station_admin_is_proposed_only_the_teams_they_may_dispatch_to(county, teams):
    order = _queued(county)
    ranked = proposals.order_proposals(order_id=order.pk, acting_user=county.users[Role.STATION_ADMIN])
    assert [proposal.team_id for proposal in ranked] == [teams["near"].pk]


def test_proposals_are_refused_to_those_who_may_not_dispatch(county, teams):
    order = _queued(county)
    # the township admin reads the station-tier order but does not dispatch it
    with pytest.raises(PermissionDeniedError):
        proposals.order_proposals(order_id=order.pk, acting_user=county.users[Role.TOWNSHIP_ADMIN])
    # a volunteer does not even see it
    with pytest.raises(NotFoundError):
        proposals.order_proposals(order_id=order.pk, acting_user=county.users[Role.VOLUNTEER])


def test_proposals_are_refused_for_an_order_not_waiting_for_dispatch(county, teams):
    order = order_place(county)
    with pytest.raises(DomainError) as refusal:
        proposals.order_proposals(order_id=order.pk, acting_user=county.users[Role.COUNTY_ADMIN])
    assert refusal.value.code == "order_not_dispatchable"


def test_an_order_without_a_map_point_has_no_proposals(county, teams):
    order = _queued(county, latitude=None, longitude=None)
    assert proposals.order_proposals(order_id=order.pk, acting_user=county.users[Role.COUNTY_ADMIN]) == []


def test_order_proposals_take_a_few_queries_however_many_teams(county, teams, django_assert_max_num_queries):
    # given: twenty more teams of the category
    for number in range(20):
        Team.objects.create(
            region=county.sibling_village,
            name=f"西林村第{number}宣讲队",
            category=county.team.category,
            home_site=county.sibling_station,
            founded_on=dt.date(2022, 6, 1),
        )
    order = _queued(county)
    admin = county.users[Role.COUNTY_ADMIN]
    admin.refresh_from_db()
    # when / then: the order, the user's roles, the county, the teams with their figures
    with django_assert_max_num_queries(6):
        ranked = proposals.order_proposals(order_id=order.pk, acting_user=admin, limit=30)
    assert len(ranked) == 22


def test_the_batch_proposal_assigns_at_the_best_total_and_dispatches_nothing(county, teams, monkeypatch):
    # given: one order each team can take; the first order sits between the teams, the second at the near one.
    # First come, nearest free would give the first to the near team (89 m) and send the far one 1112 m;
    # the best total gives the first to the far team (890 m) and the second to the near one (0 m).
    monkeypatch.setattr(proposals, "TEAM_OPEN_ORDER_LIMIT", 1)
    between = _queued(county, latitude=LATITUDE + Decimal("0.001800"))
    at_near = _queued(county, latitude=LATITUDE + NEAR)
    # when
    batch = proposals.orders_batch_assign(acting_user=county.users[Role.COUNTY_ADMIN])
    # then
    assert [(item.order_id, item.team_id) for item in batch.items] == [
        (between.pk, teams["far"].pk),
        (at_near.pk, teams["near"].pk),
    ]
    assert (batch.cost.distance, batch.cost.load, batch.cost.rating, batch.cost.unserved) == (801, 0, 200, 0)
    assert batch.unserved == []
    assert set(ServiceOrder.objects.values_list("status", flat=True)) == {OrderStatus.UNDER_REVIEW}


def test_the_batch_leaves_an_order_unserved_rather_than_give_it_back_to_the_team_that_declined(county, teams):
    # given: the far team is gone, and the near one declined the order
    Team.objects.filter(pk=teams["far"].pk).update(is_active=False, status="suspended")
    order = order_move(county, order_place(county), OrderStatus.DISPATCHED)
    services.order_decline(order_id=order.pk, reason="人手不足", acting_user=county.users[Role.TEAM_LEADER])
    # when
    batch = proposals.orders_batch_assign(acting_user=county.users[Role.COUNTY_ADMIN], order_ids=[order.pk])
    # then
    assert batch.unserved == [order.pk]
    assert batch.cost.unserved == proposals.dispatch.DEFAULT_UNSERVED_PENALTY


def test_a_batch_naming_an_order_the_user_may_not_dispatch_is_refused(county, teams):
    order = _queued(county)
    with pytest.raises(PermissionDeniedError):
        proposals.orders_batch_assign(acting_user=county.users[Role.TOWNSHIP_ADMIN], order_ids=[order.pk])
    with pytest.raises(NotFoundError):
        proposals.orders_batch_assign(acting_user=county.users[Role.RESIDENT], order_ids=[order.pk])


def _auto(county: Any, *codes: str) -> None:
    CountyOrderSetting.objects.filter(county=county.county).update(auto_dispatch_categories=list(codes))


def test_auto_dispatch_sends_a_new_order_to_the_top_team_as_the_system(county, teams):
    # given
    _auto(county, "theory")
    # when
    order = order_place(county)
    # then
    order.refresh_from_db()
    assert (order.status, order.assigned_team_id) == (OrderStatus.DISPATCHED, teams["near"].pk)
    assert statuses(order) == [
        ("", OrderStatus.SUBMITTED),
        (OrderStatus.SUBMITTED, OrderStatus.UNDER_REVIEW),
        (OrderStatus.UNDER_REVIEW, OrderStatus.DISPATCHED),
    ]
    last = order.events.order_by("occurred_at", "pk").last()
    assert last is not None
    assert (last.actor_id, last.team_id) == (None, teams["near"].pk)
    assert last.reason == "自动派单：东兴村理论宣讲队，直线距离 111 米，综合代价 211。"


def test_auto_dispatch_sends_a_declined_order_to_the_next_team(county, teams):
    # given
    order = order_move(county, order_place(county), OrderStatus.DISPATCHED)
    _auto(county, "theory")
    # when
    services.order_decline(order_id=order.pk, reason="人手不足", acting_user=county.users[Role.TEAM_LEADER])
    # then
    order.refresh_from_db()
    assert (order.status, order.assigned_team_id) == (OrderStatus.DISPATCHED, teams["far"].pk)
    assert statuses(order)[-2:] == [
        (OrderStatus.DISPATCHED, OrderStatus.DECLINED),
        (OrderStatus.DECLINED, OrderStatus.DISPATCHED),
    ]


def test_auto_dispatch_off_or_for_another_category_does_nothing(county, teams):
    _auto(county, "health")
    order = order_place(county)
    order.refresh_from_db()
    assert (order.status, order.assigned_team_id) == (OrderStatus.SUBMITTED, None)
    assert statuses(order) == [("", OrderStatus.SUBMITTED)]


def test_auto_dispatch_with_no_team_in_reach_leaves_the_order_queued(county, teams):
    _auto(county, "theory")
    Team.objects.exclude(pk=teams["other"].pk).update(is_active=False, status="suspended")
    order = order_place(county)
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED
    assert OrderEvent.objects.filter(order=order).count() == 1


def test_a_failing_engine_leaves_the_order_queued_and_logs(county, teams, monkeypatch, caplog):
    # given
    _auto(county, "theory")

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("engine down")

    monkeypatch.setattr(proposals.dispatch, "rank", broken)
    # when
    with caplog.at_level(logging.ERROR, logger="wenming.orders.proposals"):
        order = order_place(county)
    # then
    order.refresh_from_db()
    assert (order.status, order.assigned_team_id) == (OrderStatus.SUBMITTED, None)
    assert statuses(order) == [("", OrderStatus.SUBMITTED)]
    assert f"auto-dispatch of order {order.pk} failed" in caplog.text


def test_a_failing_dispatch_after_the_review_rolls_back_the_review_too(county, teams, monkeypatch):
    _auto(county, "theory")

    def refused(**kwargs: Any) -> Any:
        raise DomainError("refused")

    monkeypatch.setattr(services, "order_dispatch", refused)
    order = order_place(county)
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED
    assert statuses(order) == [("", OrderStatus.SUBMITTED)]


# -- the API ---------------------------------------------------------------------------------------


def test_the_proposals_endpoint_returns_the_ranking_with_reasons(county, teams):
    order = _queued(county)
    response = client_as(county.users[Role.COUNTY_ADMIN]).get(f"/api/v1/orders/{order.pk}/proposals", {"limit": 1})
    assert response.status_code == 200, response.content
    [first] = response.json()
    assert (first["rank"], first["team_id"], first["team_name"]) == (1, teams["near"].pk, "东兴村理论宣讲队")
    assert first["reason"]["cost"] == {
        "distance": 111.0,
        "load": 0.0,
        "rating": 100.0,
        "skill": 0.0,
        "unserved": 0.0,
        "total": 211.0,
    }
    assert (first["reason"]["recent_load"], first["reason"]["rating"], first["reason"]["capacity"]) == (0, None, 5)
    assert first["explanation"].startswith("第 1 名，队伍（本批可接 5 单）：服务类别相符；直线距离 111 米")


def test_the_proposals_endpoint_refuses_the_township_admin_and_hides_from_a_resident(county, teams):
    order = _queued(county)
    path = f"/api/v1/orders/{order.pk}/proposals"
    assert client_as(county.users[Role.TOWNSHIP_ADMIN]).get(path).status_code == 403
    assert client_as(county.users[Role.RESIDENT]).get(path).status_code == 404


def test_the_batch_endpoint_proposes_every_queued_order_the_user_may_dispatch(county, teams):
    first, second = _queued(county), _queued(county)
    response = client_as(county.users[Role.COUNTY_ADMIN]).post(
        "/api/v1/orders/batch-proposals", {}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert [(item["order_id"], item["team_id"]) for item in body["items"]] == [
        (first.pk, teams["near"].pk),
        (second.pk, teams["near"].pk),
    ]
    # the second order the near team takes in this batch costs 100 m more load
    assert (body["cost"]["distance"], body["cost"]["load"], body["unserved"]) == (222.0, 100.0, [])


def test_the_settings_endpoint_sets_the_auto_dispatch_categories(county, teams):
    admin = client_as(county.users[Role.COUNTY_ADMIN])
    response = admin.put(
        "/api/v1/orders/settings", {"auto_dispatch_categories": ["theory"]}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["auto_dispatch_categories"] == ["theory"]
    assert admin.get("/api/v1/orders/settings").json()["auto_dispatch_categories"] == ["theory"]


def test_the_settings_endpoint_refuses_an_unknown_category_and_changes_nothing(county, teams):
    response = client_as(county.users[Role.COUNTY_ADMIN]).put(
        "/api/v1/orders/settings", {"auto_dispatch_categories": ["nonsense"]}, content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "unknown_category"
    assert CountyOrderSetting.objects.get(county=county.county).auto_dispatch_categories == []


# -- the order page --------------------------------------------------------------------------------


def test_the_order_page_shows_the_proposals_with_a_button_that_dispatches(county, teams):
    # given
    order = _queued(county)
    browser = client_as(county.users[Role.COUNTY_ADMIN])
    # when
    page = browser.get(reverse("orders:detail", args=[order.pk]))
    # then
    content = page.content.decode()
    assert page.status_code == 200
    assert 'id="order-proposals"' in content
    assert content.count("派给该队") == 2
    assert f'name="team_id" value="{teams["near"].pk}"' in content
    assert "第 1 名，队伍（本批可接 5 单）：服务类别相符；直线距离 111 米" in content
    # when the first button is pressed
    response = browser.post(
        reverse("orders:dispatch", args=[order.pk]), {"team_id": teams["near"].pk, "reason": "采纳派单推荐第 1 名"}
    )
    # then
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.status, order.assigned_team_id) == (OrderStatus.DISPATCHED, teams["near"].pk)
    assert order.events.order_by("occurred_at", "pk").last().reason == "采纳派单推荐第 1 名"


def test_the_order_page_shows_no_proposals_to_those_who_may_not_dispatch(county, teams):
    order = _queued(county)
    page = client_as(county.users[Role.TOWNSHIP_ADMIN]).get(reverse("orders:detail", args=[order.pk]))
    assert page.status_code == 200
    assert 'id="order-proposals"' not in page.content.decode()
    submitted = order_place(county)
    page = client_as(county.users[Role.COUNTY_ADMIN]).get(reverse("orders:detail", args=[submitted.pk]))
    assert 'id="order-proposals"' not in page.content.decode()


def test_auto_dispatch_after_an_escalation_passes_over_the_team_that_let_it_lapse(county, teams):
    # given: dispatched by a person to the near team, which does not answer in time
    order = order_move(county, order_place(county), OrderStatus.DISPATCHED)
    _auto(county, "theory")
    assert order.deadline_at is not None
    # when
    outcome = services.order_deadline_check(
        order_id=order.pk,
        expected_status=OrderStatus.DISPATCHED,
        expected_deadline_at=order.deadline_at.isoformat(),
        now=order.deadline_at + dt.timedelta(minutes=1),
    )
    # then
    assert outcome == "escalated"
    order.refresh_from_db()
    assert (order.status, order.assigned_team_id) == (OrderStatus.DISPATCHED, teams["far"].pk)
    # (in writing order: the check ran with a clock a minute ahead, the system dispatched at the real time)
    written = list(order.events.order_by("pk").values_list("from_status", "to_status", "actor_id"))
    assert written[-2:] == [
        (OrderStatus.DISPATCHED, OrderStatus.UNDER_REVIEW, None),
        (OrderStatus.UNDER_REVIEW, OrderStatus.DISPATCHED, None),
    ]
