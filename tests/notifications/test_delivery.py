"""notification_deliver: each delivery sent at most once, failures recorded per delivery, phones masked."""

import datetime as dt
import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.utils import timezone

from tests.notifications.channels import FAILING, FLAKY, LOG, RECORDING, FlakyChannel, RecordingChannel
from wenming.notifications import tasks
from wenming.notifications.channels import ChannelError, SmsGatewayChannel
from wenming.notifications.models import (
    DeliveryStatus,
    Notification,
    NotificationDelivery,
    NotificationKind,
    address_mask,
)
from wenming.notifications.services import notification_send
from wenming.notifications.tasks import notification_deliver


def send_and_deliver(recipients, capture, title="活动提醒：明天9:00理论宣讲"):
    with capture(execute=True):
        return notification_send(recipients=recipients, kind=NotificationKind.ACTIVITY_REMINDER, title=title, body="")


def statuses() -> dict[tuple[str, str], tuple[str, int]]:
    return {(d.channel, d.address): (d.status, d.attempts) for d in NotificationDelivery.objects.order_by("pk")}


def test_log_channel_writes_one_line_with_the_phone_masked(
    county, channels, caplog, django_capture_on_commit_callbacks
):
    # given
    channels(LOG)
    caplog.set_level(logging.INFO, logger="wenming.notifications")
    # when: a title quoting a phone number, too
    (notification,) = send_and_deliver(
        [county.volunteers["own"]], django_capture_on_commit_callbacks, title="请联系站长13912345678"
    )
    # then
    lines = [record.getMessage() for record in caplog.records if record.name == "wenming.notifications"]
    assert lines == [f"notification {notification.pk} (activity_reminder) to 138****0001: 请联系站长139****5678"]
    assert "13812340001" not in caplog.text
    assert "13912345678" not in caplog.text
    delivery = NotificationDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.address) == ("sent", 1, "13812340001")


def test_a_failing_channel_is_marked_failed_and_the_others_still_send(
    county, channels, caplog, django_capture_on_commit_callbacks
):
    # given
    channels(FAILING, RECORDING)
    caplog.set_level(logging.INFO, logger="wenming.notifications")
    # when
    notifications = send_and_deliver(
        [county.volunteers["own"], county.volunteers["sibling"]], django_capture_on_commit_callbacks
    )
    # then
    assert statuses() == {
        (FAILING, "13812340001"): ("failed", 1),
        (FAILING, "13812340002"): ("failed", 1),
        (RECORDING, "13812340001"): ("sent", 1),
        (RECORDING, "13812340002"): ("sent", 1),
    }
    assert RecordingChannel.sent == [(notifications[0].pk, "13812340001"), (notifications[1].pk, "13812340002")]
    failed = NotificationDelivery.objects.filter(status=DeliveryStatus.FAILED).order_by("pk")
    assert [d.last_error for d in failed] == [
        "ChannelError: gateway refused 138****0001",
        "ChannelError: gateway refused 138****0002",
    ]
    assert all(d.sent_at is None for d in failed)
    assert "13812340001" not in caplog.text


def test_running_the_task_again_sends_nothing_twice(county, channels, django_capture_on_commit_callbacks):
    # given: delivered once
    channels(RECORDING, FAILING)
    send_and_deliver([county.volunteers["own"]], django_capture_on_commit_callbacks)
    ids = list(NotificationDelivery.objects.values_list("pk", flat=True))
    before = statuses()
    # when: the task is retried with the same ids
    result = notification_deliver.enqueue(ids)
    # then
    assert result.return_value == {"sent": 0, "failed": 0, "retrying": 0, "skipped": 2}
    assert len(RecordingChannel.sent) == 1
    assert statuses() == before


def test_a_delivery_claimed_by_another_run_is_left_to_it(county, channels, django_capture_on_commit_callbacks):
    # given: another worker has claimed the delivery and is sending it
    channels(RECORDING)
    with django_capture_on_commit_callbacks(execute=False):
        notification_send(recipients=[county.volunteers["own"]], kind="general", title="通知", body="")
    delivery = NotificationDelivery.objects.get()
    NotificationDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.SENDING, attempts=1)
    # when
    result = notification_deliver.enqueue([delivery.pk])
    # then
    assert result.return_value == {"sent": 0, "failed": 0, "retrying": 0, "skipped": 1}
    assert RecordingChannel.sent == []
    assert statuses() == {(RECORDING, "13812340001"): ("sending", 1)}


def test_a_delivery_that_lost_the_claim_race_is_skipped(county, channels, django_capture_on_commit_callbacks):
    # given: the task loaded the delivery as pending, then another run claimed it first
    channels(RECORDING)
    with django_capture_on_commit_callbacks(execute=False):
        notification_send(recipients=[county.volunteers["own"]], kind="general", title="通知", body="")
    delivery = NotificationDelivery.objects.select_related("notification").get()
    NotificationDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.SENT, sent_at=timezone.now())
    # when
    outcome = tasks.delivery_attempt(delivery)
    # then
    assert outcome == "skipped"
    assert RecordingChannel.sent == []


def test_a_failure_is_tried_again_later_where_the_backend_can_defer(
    county, channels, monkeypatch, django_capture_on_commit_callbacks
):
    # given: a backend that defers, and a channel that times out once
    channels(FLAKY)
    scheduled: list[tuple[list[int], dt.datetime]] = []
    monkeypatch.setattr(tasks, "deferral_supported", lambda: True)
    monkeypatch.setattr(tasks, "retry_enqueue", lambda ids, *, run_after: scheduled.append((list(ids), run_after)))
    started = timezone.now()
    # when
    (notification,) = send_and_deliver([county.volunteers["own"]], django_capture_on_commit_callbacks)
    # then: back to pending, retried in a minute
    delivery = NotificationDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("pending", 1, "ChannelError: timed out")
    assert [ids for ids, _ in scheduled] == [[delivery.pk]]
    assert dt.timedelta(seconds=59) < scheduled[0][1] - started < dt.timedelta(seconds=70)
    # when: the deferred run comes
    result = notification_deliver.enqueue([delivery.pk])
    # then
    assert result.return_value == {"sent": 1, "failed": 0, "retrying": 0, "skipped": 0}
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 2, "")
    assert FlakyChannel.sent == [notification.pk]


def test_a_delivery_fails_for_good_after_the_last_attempt(
    county, channels, monkeypatch, django_capture_on_commit_callbacks
):
    # given
    channels(FAILING)
    scheduled: list[list[int]] = []
    monkeypatch.setattr(tasks, "deferral_supported", lambda: True)
    monkeypatch.setattr(tasks, "retry_enqueue", lambda ids, *, run_after: scheduled.append(list(ids)))
    send_and_deliver([county.volunteers["own"]], django_capture_on_commit_callbacks)
    delivery = NotificationDelivery.objects.get()
    # when
    for _ in range(tasks.MAX_ATTEMPTS + 1):
        notification_deliver.enqueue([delivery.pk])
    # then
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", tasks.MAX_ATTEMPTS)
    assert scheduled == [[delivery.pk]] * (tasks.MAX_ATTEMPTS - 1)


def test_the_immediate_test_backend_cannot_defer():
    assert tasks.deferral_supported() is False


@pytest.mark.parametrize(
    ("recipient", "address"),
    [("volunteer", "13812340001"), ("user_with_phone", "13700001111"), ("user_without_phone", None)],
)
def test_the_sms_address_is_the_volunteer_phone_then_the_account_phone(county, recipient, address):
    user = county.users["resident"]
    if recipient == "user_with_phone":
        user.phone = "13700001111"
    notification = Notification(
        recipient_volunteer=county.volunteers["own"] if recipient == "volunteer" else None,
        recipient_user=None if recipient == "volunteer" else user,
    )
    assert SmsGatewayChannel().address_for(notification) == address


def test_the_sms_gateway_without_a_url_fails_and_sends_nothing(county, settings):
    settings.WENMING_SMS_GATEWAY_URL = ""
    with pytest.raises(ChannelError, match="WENMING_SMS_GATEWAY_URL"):
        SmsGatewayChannel().deliver(notification=Notification(title="通知"), address="13812340001")


class GatewayHandler(BaseHTTPRequestHandler):
    received: list[tuple[str, dict]] = []
    answer = 200

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        self.received.append((self.headers.get("Authorization", ""), json.loads(self.rfile.read(length))))
        self.send_response(self.answer)
        self.end_headers()

    def log_message(self, *args: object) -> None:  # keep the test output quiet
        pass


@pytest.fixture
def gateway(settings):
    GatewayHandler.received = []
    GatewayHandler.answer = 200
    server = HTTPServer(("127.0.0.1", 0), GatewayHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WENMING_SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.WENMING_SMS_GATEWAY_TOKEN = "secret-token"
    yield GatewayHandler
    server.shutdown()
    server.server_close()


def test_the_sms_gateway_posts_the_message_as_json(county, channels, gateway, django_capture_on_commit_callbacks):
    # given
    channels("wenming.notifications.channels.SmsGatewayChannel")
    # when
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = notification_send(
            recipients=[county.volunteers["own"]], kind="activity_changed", title="活动变更", body="地点改为村部"
        )
    # then
    assert gateway.received == [
        (
            "Bearer secret-token",
            {"phone": "13812340001", "message": "活动变更：地点改为村部", "reference": str(notification.pk)},
        )
    ]
    assert NotificationDelivery.objects.get().status == "sent"


def test_an_sms_gateway_error_answer_is_a_failed_delivery(
    county, channels, gateway, django_capture_on_commit_callbacks
):
    # given
    channels("wenming.notifications.channels.SmsGatewayChannel")
    gateway.answer = 503
    # when
    send_and_deliver([county.volunteers["own"]], django_capture_on_commit_callbacks)
    # then
    delivery = NotificationDelivery.objects.get()
    assert delivery.status == "failed"
    assert delivery.last_error == "ChannelError: SMS gateway answered 503"


@pytest.mark.parametrize(
    ("address", "shown"),
    [
        ("13812340001", "138****0001"),
        ("+8613812340001", "+86*******0001"),
        ("0458-1234567", "045*****4567"),
        ("user:7", "user:7"),
        ("volunteer:12", "volunteer:12"),
    ],
)
def test_every_address_but_an_inbox_key_is_masked(address, shown):
    assert address_mask(address) == shown


def test_a_failure_quoting_an_international_number_is_stored_masked(
    county, channels, django_capture_on_commit_callbacks
):
    # given
    channels(FAILING)
    volunteer = county.volunteers["own"]
    volunteer.__class__.objects.filter(pk=volunteer.pk).update(phone="+8613812340001")
    # when
    send_and_deliver([volunteer], django_capture_on_commit_callbacks)
    # then
    assert NotificationDelivery.objects.get().last_error == "ChannelError: gateway refused +86*******0001"
