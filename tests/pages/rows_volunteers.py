"""Page-matrix rows of the volunteer pages (merged by tests/pages/test_page_matrix.py).

The volunteer of the detail, edit and review rows is the own village's (a member of the own team,
the volunteer user themself). The review rows POST an empty note for an active volunteer: a refusal
shown on the queue (302), never a write (their effects are tested in tests/volunteers/).
"""

from typing import Any

ANONYMOUS = "anonymous"

LIST_READERS = {ANONYMOUS: 302, "county_admin": 200, "township_admin": 200, "station_admin": 200, "team_leader": 200}
ADMINS = {ANONYMOUS: 302, "county_admin": 200, "township_admin": 200, "station_admin": 200}


def _own_volunteer(api_county: Any) -> dict[str, Any]:
    return {"volunteer_id": api_county.targets["volunteers"]["own"]}


PAGES: dict[str, Any] = {
    # public: the phone registration page; the result page only in the session that registered
    "volunteers:register": ("get", {"*": 200}),
    "volunteers:register_done": ("get", {"*": 302}),
    "volunteers:list": ("get", {**LIST_READERS, "*": 403}),
    "volunteers:export": ("get", {**LIST_READERS, "*": 403}),
    "volunteers:pending": ("get", {**ADMINS, "*": 403}),
    "volunteers:create": ("get", {**ADMINS, "*": 403}),
    "volunteers:detail": ("get", {**LIST_READERS, "volunteer": 200, "*": 404}, _own_volunteer),
    "volunteers:edit": ("get", {**ADMINS, "team_leader": 403, "volunteer": 403, "*": 404}, _own_volunteer),
    "volunteers:approve": ("post", {ANONYMOUS: 302, **dict.fromkeys(ADMINS, 302), "*": 403}, _own_volunteer),
    "volunteers:reject": ("post", {ANONYMOUS: 302, **dict.fromkeys(ADMINS, 302), "*": 403}, _own_volunteer),
}
