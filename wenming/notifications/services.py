"""Writes of the inbox: sending a notification and marking messages read.

A notification is written in the caller's transaction, together with one pending delivery per
outbound channel; the deliveries reach a worker only once that transaction has committed, so a
rolled-back sign-up never sends an SMS (deliveries_drain_request).
"""

import datetime as dt
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from wenming.accounts.models import User
from wenming.core.queue import enqueue_with_transaction
from wenming.core.sql import family_insert, rows_insert, writer_turn
from wenming.notifications.channels import channels_configured
from wenming.notifications.models import DeliveryStatus, Notification, NotificationDelivery, NotificationKind
from wenming.notifications.selectors import notification_get, notification_list
from wenming.notifications.tasks import notification_deliveries_drain
from wenming.volunteers.models import Volunteer

TITLE_LENGTH = Notification._meta.get_field("title").max_length or 120
NOTIFICATION_COLUMNS = (
    "recipient_user_id",
    "recipient_volunteer_id",
    "kind",
    "title",
    "body",
    "url",
    "related_label",
    "created_at",
)
DELIVERY_COLUMNS = ("notification_id", "channel", "address", "status", "attempts", "last_error", "created_at")


# A drain queued by this process starts DRAIN_DELAY after it was queued, never earlier (run_after),
# and sends whatever committed before it started. A sender whose transaction will commit before
# then (within DRAIN_HORIZON) needs no drain of its own; DRAIN_MARGIN allows for the worker's clock.
DRAIN_DELAY = dt.timedelta(seconds=2)
DRAIN_HORIZON = dt.timedelta(seconds=1)
DRAIN_MARGIN = dt.timedelta(milliseconds=500)


@dataclass
class DrainSchedule:
    """When the drain this process queued last will start (at the earliest); None: none queued."""

    starts_at: dt.datetime | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def covers(self, moment: dt.datetime) -> bool:
        """Whether a commit at `moment` is seen by the drain already queued."""
        return self.starts_at is not None and moment < self.starts_at - DRAIN_MARGIN

    def queued(self, starts_at: dt.datetime) -> None:
        with self.lock:
            if self.starts_at is None or starts_at > self.starts_at:
                self.starts_at = starts_at


drain_schedule = DrainSchedule()


def deliveries_drain_request() -> None:
    """See that the deliveries the caller's transaction wrote are sent once it has committed.

    With the database queue a sign-up queues no task row of its own (a task row per notification
    was the largest single cost of a sign-up, ADR 0006): a drain queued by this process, still to
    start after the caller commits, sends them too. When none is, one is queued in the caller's
    transaction (an outbox: it commits with the deliveries or not at all) to start DRAIN_DELAY
    later. Should the caller commit later than it expected, the commit queues one at once. A
    delivery whose drain was lost with its process after the commit is sent by the next drain, or
    by `wenming notifications_drain`. A queue that cannot defer (the tests' immediate backend) gets
    a drain for every transaction, run as it commits.
    """
    if not notification_deliveries_drain.get_backend().supports_defer:
        enqueue_with_transaction(notification_deliveries_drain)
        return
    now = timezone.now()
    if drain_schedule.covers(now + DRAIN_HORIZON):
        transaction.on_commit(_drain_if_committed_late, robust=True)
    else:
        _drain_queue(now)


def _drain_queue(now: dt.datetime) -> None:
    """Queue a drain to start DRAIN_DELAY from now: with the caller's transaction, or at once
    outside one; this process counts on it once it is committed."""
    starts_at = now + DRAIN_DELAY
    with writer_turn():  # outside a transaction, one INSERT in the writer queue (inside: nothing)
        enqueue_with_transaction(notification_deliveries_drain.using(run_after=starts_at))
    transaction.on_commit(partial(drain_schedule.queued, starts_at))  # outside a transaction: now


def _drain_if_committed_late() -> None:
    now = timezone.now()
    if not drain_schedule.covers(now):
        _drain_queue(now)


@dataclass
class Recipient:
    """One person: their account, their volunteer record, or both (with its `phone` and `user_id` loaded)."""

    user: User | None = None
    volunteer: Volunteer | None = None


def recipients_merge(recipients: Iterable[User | Volunteer | Recipient]) -> list[Recipient]:
    """One recipient per person: a volunteer record and its own account are the same person.

    Volunteer records are read again with their accounts (one query): the caller's instance may
    predate the link to an account, and a record deleted meanwhile has no inbox. A caller that has
    just read the record under its lock in this transaction passes a Recipient, taken as it is.
    """
    everyone = list(recipients)
    given = [item for item in everyone if isinstance(item, Recipient)]
    items: list[User | Volunteer] = [item for item in everyone if not isinstance(item, Recipient)]
    for item in items:
        if not isinstance(item, User | Volunteer):
            raise TypeError(f"a recipient is a User or a Volunteer, not {type(item).__name__}")
    if given and items:
        raise TypeError("pass either Recipients or Users and Volunteers, not both")
    if given:
        return given
    volunteer_ids = [item.pk for item in items if isinstance(item, Volunteer)]
    volunteers = Volunteer.objects.select_related("user").in_bulk(volunteer_ids) if volunteer_ids else {}
    merged: list[Recipient] = []
    by_user: dict[int, Recipient] = {}
    by_volunteer: dict[int, Recipient] = {}
    for item in items:
        if isinstance(item, User):
            recipient = by_user.get(item.pk)
            if recipient is None:
                recipient = by_user[item.pk] = Recipient(user=item)
                merged.append(recipient)
            continue
        volunteer = volunteers.get(item.pk)
        if volunteer is None or volunteer.pk in by_volunteer:
            continue
        recipient = by_user.get(volunteer.user_id) if volunteer.user_id is not None else None
        if recipient is None:
            recipient = Recipient(user=volunteer.user)
            merged.append(recipient)
            if volunteer.user_id is not None:
                by_user[volunteer.user_id] = recipient
        recipient.volunteer = volunteer
        by_volunteer[volunteer.pk] = recipient
    return merged


def related_label_of(related: models.Model | None) -> str:
    """`activities.activity:12`: which record a message is about."""
    return f"{related._meta.label_lower}:{related.pk}" if related is not None else ""


def url_is_safe(url: str) -> bool:
    """A path of this site ("/activities/12/") or an https address: never javascript: or a bare host."""
    # Browsers read "/\\host" like "//host": another site.
    return (url.startswith("/") and not url.startswith(("//", "/\\"))) or url.startswith("https://")


def notification_send(
    *,
    recipients: Iterable[User | Volunteer | Recipient],
    kind: str,
    title: str,
    body: str,
    url: str = "",
    related: models.Model | None = None,
) -> list[Notification]:
    """Put a message in each recipient's inbox and queue it on every channel once the caller commits.

    Bad arguments are refused before anything is written. The writes join the caller's transaction
    without a savepoint of their own (two round trips fewer on every sign-up): if they fail, the
    caller's transaction fails with them.
    """
    now = timezone.now()
    notifications = notifications_draft(
        recipients=recipients, kind=kind, title=title, body=body, url=url, related=related, now=now
    )
    with transaction.atomic(savepoint=False):
        return _notifications_write(notifications, now)


def notifications_draft(
    *,
    recipients: Iterable[User | Volunteer | Recipient],
    kind: str,
    title: str,
    body: str,
    url: str = "",
    related: models.Model | None = None,
    now: dt.datetime,
) -> list[Notification]:
    """The messages notification_send writes, one per recipient, not yet written; bad arguments are
    refused here. A caller that writes them in a statement of its own (the sign-up, ADR 0006) takes
    their rows (`notification_row`) and deliveries (`deliveries_draft`), then calls
    `deliveries_drain_request`."""
    if kind not in NotificationKind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    if url and not url_is_safe(url):
        raise ValueError(f"a notification links to a path of the site or an https address, not {url!r}")
    label = related_label_of(related)
    title = str(title)
    if len(title) > TITLE_LENGTH:  # a long activity name must not make the sign-up fail
        title = title[: TITLE_LENGTH - 1] + "…"
    return [
        Notification(
            recipient_user=recipient.user,
            recipient_volunteer=recipient.volunteer,
            kind=kind,
            title=title,
            body=str(body),
            url=url,
            related_label=label,
            created_at=now,
        )
        for recipient in recipients_merge(recipients)
    ]


def notification_row(notification: Notification) -> list[Any]:
    """The message's values in NOTIFICATION_COLUMNS order."""
    return [getattr(notification, column) for column in NOTIFICATION_COLUMNS]


def deliveries_draft(notifications: list[Notification], now: dt.datetime) -> list[tuple[Notification, tuple[Any, ...]]]:
    """(The message, the values of its pending delivery in DELIVERY_COLUMNS order after the message's
    id) for every configured channel that can reach its recipient."""
    return [
        (notification, (path, address, DeliveryStatus.PENDING, 0, "", now))
        for path, channel in channels_configured()
        for notification in notifications
        if (address := channel.address_for(notification))
    ]


def _notifications_write(notifications: list[Notification], now: dt.datetime) -> list[Notification]:
    # Hand-written INSERTs (wenming.core.sql): every sign-up sends one of these. One message (the
    # usual case) and its deliveries are one statement on PostgreSQL; several, one INSERT per table.
    deliveries = deliveries_draft(notifications, now)
    rows = [notification_row(notification) for notification in notifications]
    if len(notifications) == 1:
        link, *columns = DELIVERY_COLUMNS
        children = [delivery for _, delivery in deliveries]
        ids = [
            family_insert(Notification, NOTIFICATION_COLUMNS, rows[0], NotificationDelivery, link, columns, children)
        ]
    else:
        ids = rows_insert(Notification, NOTIFICATION_COLUMNS, rows)
    for notification, pk in zip(notifications, ids, strict=True):
        notification.pk = pk
        notification._state.adding = False
    if len(notifications) > 1 and deliveries:
        rows_insert(NotificationDelivery, DELIVERY_COLUMNS, [(n.pk, *delivery) for n, delivery in deliveries])
    if deliveries:
        deliveries_drain_request()
    return notifications


def notification_mark_read(*, notification_id: int, acting_user: Any) -> Notification:
    """Mark one of the user's own messages read (again is harmless); another's is not found."""
    notification = notification_get(user=acting_user, notification_id=notification_id)
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
        notification.refresh_from_db(fields=["read_at"])
    return notification


def notifications_mark_all_read(*, acting_user: Any) -> int:
    """Mark every unread message of the user read; returns how many were unread."""
    return notification_list(user=acting_user, unread_only=True).update(read_at=timezone.now())
