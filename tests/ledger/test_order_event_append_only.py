"""The order event log is append-only like the hours ledger: code and triggers both refuse changes."""

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from wenming.core.append_only import AppendOnlyError
from wenming.core.errors import DomainError
from wenming.orders.models import OrderChannel, OrderEvent, OrderStatus, ServiceOrder
from wenming.regions.roles import Role


@pytest.fixture
def event(county):  # type: ignore[no-untyped-def]
    submitted_at = timezone.make_aware(dt.datetime(2024, 1, 5, 9, 30))
    order = ServiceOrder.objects.create(
        region=county.village,
        number="SO202401050001",
        requester=county.users[Role.RESIDENT],
        requester_name="赵大娘",
        requester_phone="13812345678",
        channel=OrderChannel.WEB,
        category=county.team.category,
        description="家中老人需要理发",
        address="东兴村三组",
        submitted_at=submitted_at,
    )
    return OrderEvent.objects.create(
        order=order,
        from_status="",
        to_status=OrderStatus.SUBMITTED,
        actor=county.users[Role.RESIDENT],
        occurred_at=submitted_at,
    )


def test_save_of_existing_event_is_refused(event):
    event.reason = "改写历史"
    with pytest.raises(DomainError):
        event.save()
    assert OrderEvent.objects.get(pk=event.pk).reason == ""


def test_delete_of_an_event_is_refused_in_code(event):
    # the instance delete goes through Django's collector, not the queryset: the model refuses it itself
    with pytest.raises(AppendOnlyError) as caught:
        event.delete()
    assert str(caught.value) == "订单事件只能追加。"
    assert OrderEvent.objects.filter(pk=event.pk).exists()


def test_queryset_update_and_delete_are_refused(event):
    with pytest.raises(DomainError):
        OrderEvent.objects.filter(pk=event.pk).update(reason="改写历史")
    with pytest.raises(DomainError):
        OrderEvent.objects.filter(pk=event.pk).delete()
    assert OrderEvent.objects.get(pk=event.pk).reason == ""


def test_raw_sql_update_is_refused_by_trigger(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE orders_orderevent SET reason = 'x' WHERE id = %s", [event.pk])
    assert OrderEvent.objects.get(pk=event.pk).reason == ""


def test_raw_sql_delete_is_refused_by_trigger(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM orders_orderevent WHERE id = %s", [event.pk])
    assert OrderEvent.objects.filter(pk=event.pk).count() == 1


def test_event_must_change_status(event):
    with pytest.raises(DatabaseError), transaction.atomic():
        OrderEvent.objects.create(
            order=event.order,
            from_status=OrderStatus.SUBMITTED,
            to_status=OrderStatus.SUBMITTED,
            occurred_at=event.occurred_at,
        )
    assert OrderEvent.objects.count() == 1
