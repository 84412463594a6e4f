"""Reads of the inbox: a person sees only their own messages, whatever their roles."""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from wenming.core.errors import NotFoundError
from wenming.notifications.models import Notification


def recipient_q(user: Any) -> Q:
    """Messages keyed to the account, or to the volunteer record the account is linked to."""
    return Q(recipient_user=user) | Q(recipient_volunteer__user=user)


def notification_list(*, user: Any, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's messages, newest first; an anonymous or inactive user has none."""
    if not (user.is_authenticated and user.is_active):
        return Notification.objects.none()
    notifications = Notification.objects.filter(recipient_q(user))
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-id")


def notification_get(*, user: Any, notification_id: int) -> Notification:
    """One of the user's messages; another person's is reported exactly like a missing one."""
    notification = notification_list(user=user).filter(pk=notification_id).first()
    if notification is None:
        raise NotFoundError(_("消息不存在。"), field="id")
    return notification


def notification_unread_count(*, user: Any) -> int:
    return notification_list(user=user, unread_only=True).count()
