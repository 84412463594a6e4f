"""Inbox rows written straight to the table, for tests about reading them (not about sending)."""

import datetime as dt
from typing import Any

from django.utils import timezone

from wenming.notifications.models import Notification


def notification_make(
    *, user: Any = None, volunteer: Any = None, title: str = "通知", minutes_ago: int = 0
) -> Notification:
    notification = Notification.objects.create(
        recipient_user=user, recipient_volunteer=volunteer, kind="general", title=title, body="正文"
    )
    if minutes_ago:
        created_at = timezone.now() - dt.timedelta(minutes=minutes_ago)
        Notification.objects.filter(pk=notification.pk).update(created_at=created_at)
        notification.created_at = created_at
    return notification
