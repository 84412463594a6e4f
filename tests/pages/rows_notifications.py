"""Page-matrix rows of the notifications pages (merged by tests/pages/test_page_matrix.py).

The inbox is every logged-in user's own; marking a message read is for its recipient only (the
message below is sent to the volunteer's record), anyone else gets 404 like a missing message.
"""

from typing import Any

from wenming.notifications.models import Notification
from wenming.regions.roles import Role

ANONYMOUS = "anonymous"


def volunteers_message(api_county: Any) -> dict[str, Any]:
    notification = Notification.objects.create(
        recipient_volunteer=api_county.county.volunteers["own"], kind="general", title="通知", body=""
    )
    return {"notification_id": notification.pk}


PAGES: dict[str, Any] = {
    "notifications:inbox": ("get", {ANONYMOUS: 302, "*": 200}),
    "notifications:read": ("post", {ANONYMOUS: 302, Role.VOLUNTEER: 302, "*": 404}, volunteers_message),
    "notifications:read_all": ("post", {"*": 302}),  # to the login page, or back to the inbox
}
