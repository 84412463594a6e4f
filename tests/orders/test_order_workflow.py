"""The state machine: one event per step, the team's side, hours to the ledger, illegal steps refused."""

from decimal import Decimal

import pytest

from tests.orders.order_builders import county_settings_make, order_move, order_place, statuses
from wenming.core.errors import DomainError, NotFoundError, PermissionDeniedError
from wenming.ledger.models import EntryStatus, HoursEntry, SourceKind
from wenming.notifications.models import Notification
from wenming.orders import services
from wenming.orders.models import OrderEvent, OrderStatus, ServiceOrder, Tier
from wenming.regions.roles import Role
from wenming.teams.models import Membership


@pytest.fixture
def order(county):
    county_settings_make(county)
    return order_place(county)


def _snapshot(order):
    order = ServiceOrder.objects.get(pk=order.pk)
    return (order.status, order.tier, order.assigned_team_id, order.rating, order.deadline_at, order.events.count())


def test_the_main_path_writes_one_event_per_step_with_who_why_tier_and_team(county, order):
    # when
    order = order_move(county, order, OrderStatus.CLOSED)
    # then
    assert order.status == OrderStatus.CLOSED
    assert order.deadline_at is None
    assert statuses(order) == [
        ("", "submitted"),
        ("submitted", "under_review"),
        ("under_review", "dispatched"),
        ("dispatched", "accepted"),
        ("accepted", "in_service"),
        ("in_service", "completed"),
        ("completed", "rated"),
        ("rated", "closed"),
    ]
    events = list(order.events.order_by("occurred_at", "pk"))
    staff, leader = county.users[Role.STATION_ADMIN], county.users[Role.TEAM_LEADER]
    assert [event.actor for event in events] == [staff, staff, staff, leader, leader, leader, staff, staff]
    assert {event.tier for event in events} == {Tier.STATION}
    assert events[2].team == county.team
    assert events[2].reason == "派单至东兴村理论宣讲队"
    assert events[5].reason == "已上门为老人理发"
    assert events[6].reason == "5 星：很满意"
    assert (order.rating, order.rating_comment, order.assigned_team) == (5, "很满意", county.team)


def test_dispatch_tells_the_team_leader(county, order):
    order_move(county, order, OrderStatus.DISPATCHED)
    titles = list(
        Notification.objects.filter(recipient_user=county.users[Role.TEAM_LEADER]).values_list("title", flat=True)
    )
    assert titles == [f"新派单：{order.number}"]


def test_completion_proposes_the_assigned_members_hours_to_the_ledger(county, order):
    # given
    order = order_move(county, order, OrderStatus.IN_SERVICE)
    leader = county.users[Role.TEAM_LEADER]
    member = county.volunteers["own"]
    assignments = services.order_members_assign(order_id=order.pk, volunteer_ids=[member.pk], acting_user=leader)
    assert [a.volunteer for a in assignments] == [member]
    # when
    order = services.order_complete(
        order_id=order.pk, report="理发两人次", hours=[(member.pk, Decimal("2.5"))], acting_user=leader
    )
    # then
    entry = HoursEntry.objects.get(order=order)
    assert (entry.volunteer, entry.hours, entry.status, entry.source_kind) == (
        member,
        Decimal("2.50"),
        EntryStatus.PENDING,
        SourceKind.ORDER,
    )
    assert entry.content == f"点单服务：理论宣讲（{order.number}）"
    assert order.proposed_hours == Decimal("2.50")


def test_hours_only_for_assigned_members_and_nothing_written_when_refused(county, order):
    order = order_move(county, order, OrderStatus.IN_SERVICE)
    before = _snapshot(order)
    with pytest.raises(DomainError) as caught:
        services.order_complete(
            order_id=order.pk,
            report="完成",
            hours=[(county.volunteers["own"].pk, Decimal(2))],
            acting_user=county.users[Role.TEAM_LEADER],
        )
    assert caught.value.message == "只能为指派服务的队员申报时长。"
    assert _snapshot(order) == before
    assert HoursEntry.objects.count() == 0


def test_only_team_members_are_assigned(county, order):
    order = order_move(county, order, OrderStatus.ACCEPTED)
    with pytest.raises(DomainError) as caught:
        services.order_members_assign(
            order_id=order.pk,
            volunteer_ids=[county.volunteers["sibling"].pk],
            acting_user=county.users[Role.TEAM_LEADER],
        )
    assert caught.value.message == "只能指派本队在册的队员。"


@pytest.mark.parametrize(
    ("status", "step", "message"),
    [
        (OrderStatus.SUBMITTED, "rate", "订单当前状态为“已点单”，不能评价。"),
        (OrderStatus.IN_SERVICE, "rate", "订单当前状态为“服务中”，不能评价。"),
        (OrderStatus.SUBMITTED, "dispatch", "订单当前状态为“已点单”，不能派单。"),
        (OrderStatus.IN_SERVICE, "accept", "订单当前状态为“服务中”，不能接单。"),
        (OrderStatus.CLOSED, "cancel", "订单当前状态为“已办结”，不能取消。"),
        (OrderStatus.RATED, "start", "订单当前状态为“已评价”，不能开始服务。"),
    ],
)
def test_an_illegal_transition_is_refused_and_nothing_changes(county, order, status, step, message):
    # given
    order = order_move(county, order, status) if status != OrderStatus.SUBMITTED else order
    staff, leader = county.users[Role.STATION_ADMIN], county.users[Role.TEAM_LEADER]
    attempts = {
        "rate": lambda: services.order_rate(order_id=order.pk, rating=5, acting_user=staff),
        "dispatch": lambda: services.order_dispatch(order_id=order.pk, team_id=county.team.pk, acting_user=staff),
        "accept": lambda: services.order_accept(order_id=order.pk, acting_user=leader),
        "cancel": lambda: services.order_cancel(order_id=order.pk, reason="不需要了", acting_user=staff),
        "start": lambda: services.order_start(order_id=order.pk, acting_user=leader),
    }
    before = _snapshot(order)
    # when
    with pytest.raises((DomainError, PermissionDeniedError)) as caught:
        attempts[step]()
    # then
    assert str(caught.value.message) == message
    assert caught.value.code == "order_illegal_transition"
    assert _snapshot(order) == before


def test_a_decline_needs_a_reason_and_then_returns_the_order_to_the_queue(county, order):
    order = order_move(county, order, OrderStatus.DISPATCHED)
    leader = county.users[Role.TEAM_LEADER]
    before = _snapshot(order)
    # when: no reason
    with pytest.raises(DomainError) as caught:
        services.order_decline(order_id=order.pk, reason="  ", acting_user=leader)
    # then
    assert (caught.value.message, caught.value.field) == ("拒单时请说明原因。", "reason")
    assert _snapshot(order) == before
    # when: with a reason
    order = services.order_decline(order_id=order.pk, reason="队员都在外地", acting_user=leader)
    # then: back to the queue; the same team cannot be made to take it
    assert (order.status, order.assigned_team) == (OrderStatus.DECLINED, None)
    event = order.events.latest("occurred_at", "pk")
    assert (event.reason, event.team, event.actor) == ("队员都在外地", county.team, leader)
    with pytest.raises(DomainError) as refused:
        services.order_dispatch(order_id=order.pk, team_id=county.team.pk, acting_user=county.users[Role.STATION_ADMIN])
    assert refused.value.message == "该队伍已拒绝过这个订单，不能再派给它。"


def test_a_reject_needs_a_reason(county, order):
    with pytest.raises(DomainError) as caught:
        services.order_reject(order_id=order.pk, reason="", acting_user=county.users[Role.STATION_ADMIN])
    assert caught.value.message == "驳回点单时请说明原因。"
    order = services.order_reject(
        order_id=order.pk, reason="不属于志愿服务范围", acting_user=county.users[Role.STATION_ADMIN]
    )
    assert statuses(order)[-1] == ("submitted", "rejected")


def test_tiers_township_admin_waits_for_escalation_and_station_admin_cannot_dispatch_above(county, order):
    township_admin, station_admin = county.users[Role.TOWNSHIP_ADMIN], county.users[Role.STATION_ADMIN]
    before = _snapshot(order)
    with pytest.raises(PermissionDeniedError) as caught:
        services.order_review_start(order_id=order.pk, acting_user=township_admin)
    assert caught.value.message == "该订单当前在“站”层级办理，只有该层级或县级中心的管理员可以受理审核。"
    services.order_review_start(order_id=order.pk, acting_user=station_admin)
    with pytest.raises(PermissionDeniedError):
        services.order_dispatch(
            order_id=order.pk, team_id=county.team.pk, tier=Tier.INSTITUTE, acting_user=station_admin
        )
    # the county admin dispatches at any tier
    order = services.order_dispatch(
        order_id=order.pk, team_id=county.team.pk, tier=Tier.CENTER, acting_user=county.users[Role.COUNTY_ADMIN]
    )
    assert order.tier == Tier.CENTER
    assert before[0] == OrderStatus.SUBMITTED


def test_a_team_leader_answers_only_for_their_own_team(county, order):
    order = order_move(county, order, OrderStatus.DISPATCHED)
    with pytest.raises(PermissionDeniedError) as caught:
        services.order_accept(order_id=order.pk, acting_user=county.users[Role.STATION_ADMIN])
    assert caught.value.message == "只有承接队伍的队长可以接单。"
    with pytest.raises(NotFoundError):
        services.order_accept(order_id=order.pk, acting_user=county.users[Role.RESIDENT])


def test_dispatch_to_a_site_lets_a_team_based_there_accept(county, order):
    staff = county.users[Role.STATION_ADMIN]
    services.order_review_start(order_id=order.pk, acting_user=staff)
    order = services.order_dispatch(order_id=order.pk, site_id=county.station.pk, acting_user=staff)
    assert (order.assigned_site, order.assigned_team, order.tier) == (county.station, None, Tier.STATION)
    order = services.order_accept(order_id=order.pk, acting_user=county.users[Role.TEAM_LEADER])
    assert order.assigned_team == county.team


def test_the_requester_rates_and_reopens_after_a_bad_rating(county):
    county_settings_make(county)
    resident = county.users[Role.RESIDENT]
    order = services.order_submit(
        acting_user=resident,
        channel="web",
        region=county.village,
        category_id=county.team.category_id,
        description="帮忙修水管",
        address="东兴村五组",
        requester_phone="13900002222",
    )
    order = order_move(county, order, OrderStatus.COMPLETED)
    # a good rating cannot be re-opened
    with pytest.raises(DomainError):
        services.order_reopen(order_id=order.pk, reason="再来一次", acting_user=resident)
    order = services.order_rate(order_id=order.pk, rating=2, comment="没修好", acting_user=resident)
    assert order.events.latest("occurred_at", "pk").actor == resident
    order = services.order_reopen(order_id=order.pk, reason="水管仍漏水", acting_user=resident)
    assert (order.status, order.rating, order.assigned_team) == (OrderStatus.UNDER_REVIEW, None, None)
    assert statuses(order)[-2:] == [("completed", "rated"), ("rated", "under_review")]


def test_a_rating_must_be_one_to_five(county, order):
    order = order_move(county, order, OrderStatus.COMPLETED)
    with pytest.raises(DomainError) as caught:
        services.order_rate(order_id=order.pk, rating=6, acting_user=county.users[Role.STATION_ADMIN])
    assert caught.value.message == "评分须为 1 到 5 星。"
    assert ServiceOrder.objects.get(pk=order.pk).status == OrderStatus.COMPLETED


def test_the_requester_cancels_before_acceptance_only(county):
    county_settings_make(county)
    resident = county.users[Role.RESIDENT]
    order = services.order_submit(
        acting_user=resident,
        channel="web",
        region=county.village,
        category_id=county.team.category_id,
        description="陪老人去医院",
        address="东兴村一组",
        requester_phone="13900003333",
    )
    order = order_move(county, order, OrderStatus.ACCEPTED)
    with pytest.raises(DomainError):
        services.order_cancel(order_id=order.pk, reason="不去了", acting_user=resident)
    order = services.order_cancel(order_id=order.pk, reason="老人住院了", acting_user=county.users[Role.STATION_ADMIN])
    assert order.status == OrderStatus.CANCELLED
    assert order.deadline_at is None


def test_leaving_the_team_does_not_break_the_history(county, order):
    order = order_move(county, order, OrderStatus.ACCEPTED)
    Membership.objects.filter(team=county.team).update(left_on="2024-01-01")
    assert OrderEvent.objects.filter(order=order).count() == 4
