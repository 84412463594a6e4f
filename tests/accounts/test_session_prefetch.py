"""A known session's user is read in the same cache round trip as the session (accounts.sessions).

The shared cache here is the test cache (one process shares it with itself), switched to the
session store and the user cache that run with Redis.
"""

from typing import Any

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from wenming.accounts.models import RoleAssignment
from wenming.accounts.sessions import session_users
from wenming.regions.roles import Role

pytestmark = pytest.mark.django_db

BACKEND = "wenming.accounts.backends.CachedUserBackend"
INBOX = "/api/v1/notifications?unread=true"


@pytest.fixture
def shared_cache(monkeypatch: Any) -> Any:
    """Redis's settings over the test cache; counts the cache reads."""
    store = caches["default"]
    store.clear()
    reads: list[tuple[str, Any]] = []
    get, get_many = store.get, store.get_many
    inside: list[bool] = []  # the test cache answers get_many by a get per key: not a round trip

    def counted_get(key: str, *args: Any, **kwargs: Any) -> Any:
        if not inside:
            reads.append(("get", key))
        return get(key, *args, **kwargs)

    def counted_get_many(keys: list[str], *args: Any, **kwargs: Any) -> Any:
        reads.append(("get_many", len(keys)))
        inside.append(True)
        try:
            return get_many(keys, *args, **kwargs)
        finally:
            inside.pop()

    monkeypatch.setattr(store, "get", counted_get)
    monkeypatch.setattr(store, "get_many", counted_get_many)
    with override_settings(SESSION_ENGINE="wenming.accounts.sessions", WENMING_USER_CACHE_SECONDS=300):
        yield reads
    store.clear()


def logged_in(client: Any, user: Any) -> Any:
    client.force_login(user, backend=BACKEND)
    return client


def test_a_known_session_and_its_user_come_in_one_cache_read_and_no_query(
    county: Any, shared_cache: Any, client: Any
) -> None:
    # given: a township admin whose session and user this process has already read once
    admin = county.users[Role.TOWNSHIP_ADMIN]
    logged_in(client, admin)
    assert client.get(INBOX).status_code == 200
    shared_cache.clear()
    # when
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(INBOX)
    # then: one read of three keys (session, user, generation); no query for the session or the user
    assert answer.status_code == 200
    assert answer.wsgi_request.user.pk == admin.pk
    assert shared_cache == [("get_many", 3)], shared_cache
    tables = ("django_session", "accounts_user", "accounts_roleassignment")
    assert not [query["sql"] for query in queries if any(table in query["sql"] for table in tables)]


def test_a_withdrawn_role_reaches_the_very_next_request(county: Any, shared_cache: Any, client: Any) -> None:
    # given
    admin = county.users[Role.TOWNSHIP_ADMIN]
    logged_in(client, admin)
    assert client.get("/api/v1/volunteers").json()["count"] > 0
    # when
    RoleAssignment.objects.filter(user=admin).update(is_active=False)
    # then: the prefetched entry was dropped with the change; the user is read afresh
    assert client.get("/api/v1/volunteers").json()["count"] == 0


def test_a_logged_out_session_is_anonymous_even_though_the_process_knows_its_key(
    county: Any, shared_cache: Any, client: Any
) -> None:
    # given: a session this process has seen, then logged out
    admin = county.users[Role.TOWNSHIP_ADMIN]
    logged_in(client, admin)
    assert client.get("/api/v1/volunteers").status_code == 200
    stolen = client.cookies["sessionid"].value
    assert session_users.get(stolen) == str(admin.pk)
    client.post("/accounts/logout/")
    # when: the old cookie comes back
    client.cookies["sessionid"] = stolen
    # then
    assert client.get("/api/v1/volunteers").status_code == 401


def test_a_prefetched_user_is_used_only_for_the_user_the_session_names(
    county: Any, shared_cache: Any, client: Any
) -> None:
    # given: this process believes the session belongs to another user than the one it names
    admin = county.users[Role.TOWNSHIP_ADMIN]
    other = county.users[Role.COUNTY_ADMIN]
    logged_in(client, admin)
    key = client.cookies["sessionid"].value
    session_users.users[key] = str(other.pk)
    # when
    answer = client.get(INBOX)
    # then: the session is the authority
    assert answer.status_code == 200
    assert answer.wsgi_request.user.pk == admin.pk
    assert client.session[SESSION_KEY] == str(admin.pk)
    assert session_users.get(key) == str(admin.pk)
