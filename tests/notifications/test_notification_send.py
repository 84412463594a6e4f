"""notification_send: inbox rows in the caller's transaction, deliveries handed over only after commit."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from tests.notifications.channels import LOG, RECORDING, RecordingChannel
from wenming.notifications import services, tasks
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


def test_a_drain_sends_every_pending_delivery_batch_after_batch(
    county, channels, monkeypatch, django_capture_on_commit_callbacks
):
    # given: 3 recipients, 2 channels, a drain that reads 4 deliveries at a time
    channels(LOG, RECORDING)
    monkeypatch.setattr(tasks, "DRAIN_BATCH", 4)
    recipients = [county.volunteers["own"], county.volunteers["sibling"], county.volunteers["township"]]
    # when: the send commits
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send_to(recipients)
    # then: one drain sent all six
    assert len(callbacks) == 1
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


@pytest.fixture
def database_queue(settings):
    """The embedded database queue of production (the tests otherwise run tasks where enqueued)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # the handler is reset


def queued_drains():
    from django_tasks_db.models import DBTaskResult

    return list(DBTaskResult.objects.filter(task_path="wenming.notifications.tasks.notification_deliveries_drain"))


@pytest.mark.django_db(transaction=True)
def test_with_the_database_queue_the_drain_commits_or_rolls_back_with_the_notifications(
    county, channels, database_queue
):
    # given: a first send, rolled back
    channels(RECORDING)
    with pytest.raises(RuntimeError), transaction.atomic():
        send_to([county.volunteers["sibling"]])
        # then: its drain is queued in its transaction (an outbox), not after it
        assert len(queued_drains()) == 1
        raise RuntimeError
    assert queued_drains() == []
    # when: a second send commits
    started = timezone.now()
    with transaction.atomic():
        (committed,) = send_to([county.volunteers["own"]])
    # then: one drain queued, to start a moment later; nothing sent yet (a worker sends it)
    (queued,) = queued_drains()
    assert queued.args_kwargs == {"args": [], "kwargs": {}}
    assert started + services.DRAIN_DELAY <= queued.run_after <= timezone.now() + services.DRAIN_DELAY
    assert RecordingChannel.sent == []
    # when: the worker runs it
    assert tasks.notification_deliveries_drain.call() == {"sent": 1, "failed": 0, "retrying": 0, "skipped": 0}
    # then: the committed delivery only is sent
    assert RecordingChannel.sent == [(committed.pk, "13812340001")]


@pytest.mark.django_db(transaction=True)
def test_senders_share_a_drain_still_to_start_and_queue_one_when_it_may_have_started(county, channels, database_queue):
    # given: a committed send, which queued a drain
    channels(RECORDING)
    with transaction.atomic():
        send_to([county.volunteers["own"]])
    assert len(queued_drains()) == 1
    # when: more sends commit before that drain starts
    for _ in range(5):
        with transaction.atomic():
            send_to([county.volunteers["sibling"]])
    # then: no more task rows (the queued drain will send theirs too)
    assert len(queued_drains()) == 1
    # when: the queued drain's start is near, and another send commits
    services.drain_schedule.starts_at = timezone.now() + services.DRAIN_HORIZON / 2
    with transaction.atomic():
        send_to([county.volunteers["township"]])
    # then: it queued a drain of its own, which starts after it committed
    assert len(queued_drains()) == 2
    # when: every queued drain runs
    outcomes = [tasks.notification_deliveries_drain.call() for _ in queued_drains()]
    # then: each delivery was sent once
    assert sum(outcome["sent"] for outcome in outcomes) == 7
    assert len(RecordingChannel.sent) == 7
    assert set(NotificationDelivery.objects.values_list("status", flat=True)) == {"sent"}


@pytest.mark.django_db(transaction=True)
def test_a_sender_that_commits_after_the_shared_drain_may_have_started_queues_one_as_it_commits(
    county, channels, database_queue
):
    # given: a drain queued by an earlier send
    channels(RECORDING)
    with transaction.atomic():
        send_to([county.volunteers["own"]])
    assert len(queued_drains()) == 1
    # when: a send counts on that drain, but its transaction commits only after the drain started
    with transaction.atomic():
        send_to([county.volunteers["sibling"]])
        assert len(queued_drains()) == 1
        services.drain_schedule.starts_at = timezone.now() - dt.timedelta(seconds=1)
    # then: its commit queued a drain at once
    assert len(queued_drains()) == 2
    assert services.drain_schedule.starts_at > timezone.now()


def test_the_drain_command_sends_what_was_left_pending(county, channels, django_capture_on_commit_callbacks):
    # given: deliveries whose drain was lost (the process died after the commit)
    channels(RECORDING)
    with django_capture_on_commit_callbacks(execute=False):
        send_to([county.volunteers["own"], county.volunteers["sibling"]])
    assert RecordingChannel.sent == []
    # when
    out = io.StringIO()
    call_command("notifications_drain", stdout=out)
    # then
    assert len(RecordingChannel.sent) == 2
    assert out.getvalue().startswith("sent 2 · failed 0")
