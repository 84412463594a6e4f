"""Permission-matrix rows of the notifications endpoints (merged by tests/api/test_permission_matrix.py).

A row is any object with `check(api_county, role, scope, path)`; see the row kinds there.

Messages are personal, not regional, so the scopes read as whose message the target is:
"own" is the caller's own (for the volunteer, sent to their volunteer record), "sibling" another
user's, "parent" a volunteer record without an account. Every role sees only "own".
"""

from dataclasses import dataclass
from typing import Any

from tests.api.conftest import ApiCounty, client_as
from wenming.notifications.models import Notification
from wenming.regions.roles import Role

API = "/api/v1"


def target_make(api_county: ApiCounty, role: str, scope: str) -> Notification:
    """A message to the caller ("own"), to someone else ("sibling") or to an account-less volunteer ("parent")."""
    county = api_county.county
    recipient: dict[str, Any]
    if scope == "own":
        if role == Role.VOLUNTEER:
            recipient = {"recipient_volunteer": county.volunteers["own"]}
        else:
            recipient = {"recipient_user": api_county.users[role]}
    elif scope == "sibling":
        other = Role.RESIDENT if role != Role.RESIDENT else Role.VIEWER
        recipient = {"recipient_user": api_county.users[other]}
    else:
        recipient = {"recipient_volunteer": county.volunteers["township"]}
    return Notification.objects.create(kind="general", title=f"{scope}的消息", body="", **recipient)


@dataclass(frozen=True)
class OwnListRow:
    """The list holds the caller's own messages and no one else's."""

    def check(self, api_county: ApiCounty, role: str, scope: str, path: str) -> None:
        target = target_make(api_county, role, scope)
        response = client_as(api_county.users[role]).get(path)
        assert response.status_code == 200, response.content
        seen = {item["id"] for item in response.json()["items"]}
        assert (target.pk in seen) is (scope == "own")


@dataclass(frozen=True)
class OwnReadRow:
    """Marking read: 200 for the caller's own message, 404 not_found (and unchanged) for any other."""

    def check(self, api_county: ApiCounty, role: str, scope: str, path: str) -> None:
        target = target_make(api_county, role, scope)
        response = client_as(api_county.users[role]).post(path.replace("{notification_id}", str(target.pk)))
        target.refresh_from_db()
        if scope == "own":
            assert response.status_code == 200, response.content
            assert target.read_at is not None
        else:
            assert response.status_code == 404, response.content
            assert response.json()["code"] == "not_found"
            assert target.read_at is None


@dataclass(frozen=True)
class OwnReadAllRow:
    """Marking all read touches the caller's own messages only."""

    def check(self, api_county: ApiCounty, role: str, scope: str, path: str) -> None:
        target = target_make(api_county, role, scope)
        response = client_as(api_county.users[role]).post(path)
        assert response.status_code == 200, response.content
        assert response.json() == {"marked_read": 1 if scope == "own" else 0}
        target.refresh_from_db()
        assert (target.read_at is not None) is (scope == "own")


ROWS: dict[tuple[str, str], Any] = {
    ("get", f"{API}/notifications"): OwnListRow(),
    ("post", f"{API}/notifications/{{notification_id}}/read"): OwnReadRow(),
    ("post", f"{API}/notifications/read-all"): OwnReadAllRow(),
}
