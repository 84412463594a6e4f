"""Outbound delivery of notifications, run after the sending transaction has committed.

A drain (notification_deliveries_drain) sends every delivery not tried yet; the senders queue one
when none of theirs is still to start (wenming.notifications.services.deliveries_drain_request).

Each delivery is sent at most once: only a pending delivery is claimed, by a conditional UPDATE
(pending → sending), so a task that runs twice, or two workers on the same ids, send nothing twice.
A failure is recorded on its own delivery and never stops the others; where the task backend can
defer (the database queue), a failed delivery is tried again later, up to MAX_ATTEMPTS times.
"""

import datetime as dt
import logging
from collections.abc import Iterable

from django.db.models import F, QuerySet
from django.utils import timezone
from django_tasks import task

from wenming.core.masking import mask_text
from wenming.notifications.channels import channel_load
from wenming.notifications.models import DeliveryStatus, NotificationDelivery

logger = logging.getLogger("wenming.notifications")

MAX_ATTEMPTS = 3
RETRY_DELAYS = (dt.timedelta(minutes=1), dt.timedelta(minutes=10))  # after the first and second failure
ERROR_TEXT_LENGTH = 2000


DRAIN_BATCH = 100  # deliveries read at a time by a drain
OUTCOMES = ("sent", "failed", "retrying", "skipped")


def pending_deliveries() -> QuerySet[NotificationDelivery]:
    """Deliveries waiting to be sent, with what a channel reads of their notification."""
    return NotificationDelivery.objects.filter(status=DeliveryStatus.PENDING).select_related(
        "notification__recipient_user", "notification__recipient_volunteer"
    )


@task()
def notification_deliveries_drain() -> dict[str, int]:
    """Send every delivery never tried yet; returns how many ended in each outcome.

    Whatever committed before the drain started is sent: it reads batch after batch until none is
    left (a delivery committed meanwhile may go with it, or with the next drain). Retries are not
    its business: a failed delivery waits for its own retry task (notification_deliver).
    """
    outcomes = dict.fromkeys(OUTCOMES, 0)
    never_tried = pending_deliveries().filter(attempts=0).order_by("created_at", "pk")
    while batch := list(never_tried[:DRAIN_BATCH]):
        for delivery in batch:
            outcomes[delivery_attempt(delivery)] += 1
    return outcomes


@task()
def notification_deliver(delivery_ids: list[int]) -> dict[str, int]:
    """Send the pending deliveries among `delivery_ids`; returns how many ended in each outcome."""
    outcomes = dict.fromkeys(OUTCOMES, 0)
    for delivery in pending_deliveries().filter(pk__in=delivery_ids).order_by("pk"):
        outcomes[delivery_attempt(delivery)] += 1
    outcomes["skipped"] += len(set(delivery_ids)) - sum(outcomes.values())
    return outcomes


def delivery_attempt(delivery: NotificationDelivery) -> str:
    """Claim one delivery, send it through its channel and record the outcome."""
    claimed = NotificationDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.SENDING, attempts=F("attempts") + 1
    )
    if not claimed:
        return "skipped"  # sent, failed or being sent by another run
    delivery.refresh_from_db(fields=["attempts"])
    try:
        channel_load(delivery.channel).deliver(notification=delivery.notification, address=delivery.address)
    except Exception as error:
        return delivery_failure_record(delivery, error)
    NotificationDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    return "sent"


def delivery_failure_record(delivery: NotificationDelivery, error: Exception) -> str:
    # The error text may quote the address or the message: masked before it is stored or logged.
    error_text = f"{type(error).__name__}: {error}".replace(delivery.address, delivery.address_masked)
    error_text = mask_text(error_text)[:ERROR_TEXT_LENGTH]
    retrying = delivery.attempts < MAX_ATTEMPTS and deferral_supported()
    NotificationDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.PENDING if retrying else DeliveryStatus.FAILED, last_error=error_text
    )
    logger.warning(
        "notification %s via %s to %s failed (attempt %s): %s",
        delivery.notification_id,
        delivery.channel,
        delivery.address_masked,
        delivery.attempts,
        error_text,
    )
    if retrying:
        delay = RETRY_DELAYS[min(delivery.attempts, len(RETRY_DELAYS)) - 1]
        retry_enqueue([delivery.pk], run_after=timezone.now() + delay)
        return "retrying"
    return "failed"


def deferral_supported() -> bool:
    """Whether the task backend can run a task later (the immediate backend of the tests cannot)."""
    return bool(notification_deliver.get_backend().supports_defer)


def retry_enqueue(delivery_ids: Iterable[int], *, run_after: dt.datetime) -> None:
    notification_deliver.using(run_after=run_after).enqueue(list(delivery_ids))
