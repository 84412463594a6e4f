"""notification_send: inbox rows in the caller's transaction, deliveries handed over only after commit."""

import pytest
from django.db import transaction

from tests.notifications.channels import LOG, RECORDING, RecordingChannel
from wenming.notifications import services
from wenming.notifications.models import DeliveryStatus, Notification, NotificationDelivery, NotificationKind
from wenming.notifications.services import notification_send
from wenming.regions.roles import Role
from wenming.volunteers.models import Volunteer


def send_to(recipients, title="报名成功：理论宣讲进乡村", **extra):
    return notification_send(
        recipients=recipients,
        kind=NotificationKind.SIGNUP_CONFIRMED,
        title=title,
        body="请于6月1日9:00到东兴村村部签到。",
        **extra,
    )


def test_send_writes_one_row_per_recipient_and_one_pending_delivery_per_channel_with_an_address(
    county, channels, django_capture_on_commit_callbacks
):
    # given
    channels(LOG, RECORDING)
    own, sibling = county.volunteers["own"], county.volunteers["sibling"]
    admin = county.users[Role.COUNTY_ADMIN]
    # when
    with django_capture_on_commit_callbacks() as callbacks:
        notifications = send_to([own, sibling, admin], url="/activities/12/")
    # then
    rows = {(n.recipient_user_id, n.recipient_volunteer_id) for n in Notification.objects.all()}
    assert rows == {(county.users[Role.VOLUNTEER].pk, own.pk), (None, sibling.pk), (admin.pk, None)}
    assert [n.pk for n in notifications] == sorted(Notification.objects.values_list("pk", flat=True))
    assert {(n.kind, n.title, n.url, n.read_at) for n in Notification.objects.all()} == {
        ("signup_confirmed", "报名成功：理论宣讲进乡村", "/activities/12/", None)
    }
    deliveries = set(NotificationDelivery.objects.values_list("channel", "address", "status", "attempts"))
    assert deliveries == {
        (LOG, "13812340001", "pending", 0),
        (LOG, "13812340002", "pending", 0),
        (LOG, f"user:{admin.pk}", "pending", 0),
        (RECORDING, "13812340001", "pending", 0),
        (RECORDING, "13812340002", "pending", 0),
        # the county admin's account has no phone: nothing for a channel that needs one
    }
    assert len(callbacks) == 1
    assert RecordingChannel.sent == []


def test_a_volunteer_and_their_own_account_get_a_single_row_keyed_to_both(county, channels):
    # given
    channels(RECORDING)
    user, volunteer = county.users[Role.VOLUNTEER], county.volunteers["own"]
    # when
    notifications = send_to([user, volunteer, volunteer, user])
    # then
    assert len(notifications) == 1
    notification = Notification.objects.get()
    assert (notification.recipient_user_id, notification.recipient_volunteer_id) == (user.pk, volunteer.pk)
    assert NotificationDelivery.objects.get().address == volunteer.phone


def test_the_related_record_is_named_by_label_and_id(county, channels):
    channels()
    (notification,) = send_to([county.volunteers["own"]], related=county.team)
    notification.refresh_from_db()
    assert notification.related_label == f"teams.team:{county.team.pk}"
    assert NotificationDelivery.objects.count() == 0


def test_deliveries_are_sent_only_when_the_callers_transaction_commits(county, channels):
    # given
    channels(RECORDING)
    volunteer = county.volunteers["own"]
    # when
    with transaction.atomic():
        send_to([volunteer])
        # then: written, but nothing handed to the queue yet
        assert NotificationDelivery.objects.get().status == DeliveryStatus.PENDING
        assert RecordingChannel.sent == []


def test_captured_callback_delivers_once_executed(county, channels, django_capture_on_commit_callbacks):
    # given
    channels(RECORDING)
    volunteer = county.volunteers["own"]
    # when
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = send_to([volunteer])
    # then
    delivery = NotificationDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 1, "")
    assert delivery.sent_at is not None
    assert RecordingChannel.sent == [(notification.pk, "13812340001")]


def test_nothing_is_written_or_delivered_when_the_transaction_rolls_back(
    county, channels, django_capture_on_commit_callbacks
):
    # given
    channels(LOG, RECORDING)

    class SignUpRefused(Exception):
        pass

    # when
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(SignUpRefused),
        transaction.atomic(),
    ):
        send_to([county.volunteers["own"], county.volunteers["sibling"]])
        raise SignUpRefused
    # then
    assert callbacks == []
    assert Notification.objects.count() == 0
    assert NotificationDelivery.objects.count() == 0
    assert RecordingChannel.sent == []


@pytest.mark.django_db(transaction=True)
def test_a_real_commit_delivers_and_a_real_rollback_does_not(county, channels):
    # given
    channels(RECORDING)
    # when: one sign-up commits, the other rolls back
    with transaction.atomic():
        (committed,) = send_to([county.volunteers["own"]])
    with pytest.raises(RuntimeError), transaction.atomic():
        send_to([county.volunteers["sibling"]])
        raise RuntimeError
    # then
    assert RecordingChannel.sent == [(committed.pk, "13812340001")]
    assert list(NotificationDelivery.objects.values_list("notification_id", "status")) == [(committed.pk, "sent")]


def test_large_sends_are_split_into_batches_of_deliveries(
    county, channels, monkeypatch, django_capture_on_commit_callbacks
):
    # given: 3 recipients, 2 channels, batches of 4
    channels(LOG, RECORDING)
    monkeypatch.setattr(services, "DELIVERY_BATCH", 4)
    recipients = [county.volunteers["own"], county.volunteers["sibling"], county.volunteers["township"]]
    # when
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send_to(recipients)
    # then
    assert len(callbacks) == 2
    assert set(NotificationDelivery.objects.values_list("status", flat=True)) == {"sent"}
    assert len(RecordingChannel.sent) == 3


@pytest.mark.parametrize("url", ["javascript:alert(1)", "//evil.example/", "/\\evil.example", "http://x.example/"])
def test_a_link_off_the_site_is_refused_and_nothing_is_written(county, channels, url):
    channels(LOG)
    with pytest.raises(ValueError, match="links to"):
        send_to([county.volunteers["own"]], url=url)
    assert Notification.objects.count() == 0


def test_an_unknown_kind_is_refused(county, channels):
    channels(LOG)
    with pytest.raises(ValueError, match="unknown notification kind"):
        notification_send(recipients=[county.volunteers["own"]], kind="party", title="？", body="")
    assert Notification.objects.count() == 0


def test_recipient_rows_cost_a_fixed_number_of_queries(county, channels, django_assert_num_queries):
    # given: volunteer records without their accounts loaded
    channels(LOG, RECORDING)
    volunteers = list(Volunteer.objects.all())
    # when / then: the volunteers with their accounts, notifications, deliveries (no savepoint of its own)
    with django_assert_num_queries(3):
        send_to(volunteers)


def test_a_title_too_long_for_the_inbox_is_shortened_not_refused(county, channels):
    channels()
    (notification,) = send_to([county.volunteers["own"]], title="活" * 130)
    notification.refresh_from_db()
    assert notification.title == "活" * 119 + "…"


@pytest.mark.django_db(transaction=True)
def test_with_the_database_queue_the_task_row_commits_or_rolls_back_with_the_notifications(county, channels, settings):
    # given: the embedded database queue of production (the tests otherwise run tasks where enqueued)
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # the handler is reset
    channels(RECORDING)
    # when: one send commits, the other rolls back
    with transaction.atomic():
        (committed,) = send_to([county.volunteers["own"]])
        # then: the task row is written in the same transaction (an outbox), not after it
        assert DBTaskResult.objects.count() == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        send_to([county.volunteers["sibling"]])
        raise RuntimeError
    # then: one queued task, for the committed delivery only; nothing sent yet (a worker sends it)
    (queued,) = DBTaskResult.objects.all()
    delivery = NotificationDelivery.objects.get()
    assert delivery.notification_id == committed.pk
    assert queued.args_kwargs == {"args": [[delivery.pk]], "kwargs": {}}
    assert queued.task_path == "wenming.notifications.tasks.notification_deliver"
    assert RecordingChannel.sent == []
