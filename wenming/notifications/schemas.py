import datetime as dt

from ninja import Schema

from wenming.notifications.models import Notification


class NotificationOut(Schema):
    """A message of the caller's inbox."""

    id: int
    kind: str
    kind_display: str
    title: str
    body: str
    url: str
    related_label: str
    created_at: dt.datetime
    read_at: dt.datetime | None
    is_read: bool

    @staticmethod
    def resolve_kind_display(notification: Notification) -> str:
        return str(notification.get_kind_display())


class MarkedReadOut(Schema):
    marked_read: int
