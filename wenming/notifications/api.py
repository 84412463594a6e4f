from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from wenming.core.pagination import BoundedPageNumberPagination
from wenming.notifications import selectors
from wenming.notifications.models import Notification
from wenming.notifications.schemas import MarkedReadOut, NotificationOut
from wenming.notifications.services import notification_mark_read, notifications_mark_all_read

router = Router(tags=["notifications"])


@router.get("", response=list[NotificationOut], url_name="notification_list")
@paginate(BoundedPageNumberPagination, page_size=50)
def notification_list_api(request: HttpRequest, unread: bool = False) -> QuerySet[Notification]:
    """The caller's own messages, newest first; `unread=true` for the unread ones only."""
    return selectors.notification_list(user=request.user, unread_only=unread)


@router.post("/read-all", response=MarkedReadOut, url_name="notifications_read_all")
def notifications_read_all_api(request: HttpRequest) -> dict[str, int]:
    return {"marked_read": notifications_mark_all_read(acting_user=request.user)}


@router.post("/{notification_id}/read", response=NotificationOut, url_name="notification_read")
def notification_read_api(request: HttpRequest, notification_id: int) -> Notification:
    return notification_mark_read(notification_id=notification_id, acting_user=request.user)
