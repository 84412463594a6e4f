"""With Redis, a known session and its user are served from this process's copies (core.near_cache),
and every change made elsewhere (another worker, another server) reaches the very next request.

Needs Redis. A second Redis client stands for the other process.
"""

import os
import uuid
from typing import Any

import pytest
import redis
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from tests.core.test_redis_cache import redis_answers
from wenming.accounts.models import RoleAssignment
from wenming.accounts.user_cache import user_key
from wenming.regions.roles import Role

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/12")
BACKEND = "wenming.accounts.backends.CachedUserBackend"
VOLUNTEERS = "/api/v1/volunteers"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not redis_answers(), reason="Redis does not answer on 127.0.0.1:6379"),
]


@pytest.fixture
def redis_sessions(monkeypatch: Any) -> Any:
    """Sessions and the user cache in Redis, as in production; counts the round trips for reads."""
    prefix = f"near-sessions-{uuid.uuid4().hex[:8]}"
    caches_setting = {
        "default": {"BACKEND": "wenming.core.cache.PooledClientRedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": prefix}
    }
    with override_settings(
        CACHES=caches_setting, SESSION_ENGINE="wenming.accounts.sessions", WENMING_USER_CACHE_SECONDS=300
    ):
        store = caches["default"]
        client = store._cache.get_client(None)
        reads: list[int] = []
        mget = client.mget

        def counted_mget(keys: Any, *args: Any) -> Any:
            reads.append(len(keys))
            return mget(keys, *args)

        monkeypatch.setattr(client, "mget", counted_mget)
        yield store, reads
        other = redis.Redis.from_url(REDIS_URL)
        keys = list(other.scan_iter(f"{prefix}:*"))
        if keys:
            other.delete(*keys)


def admin_copied(client: Any, county: Any) -> Any:
    """A township admin signed in, whose session and user this process has read and copied."""
    admin = county.users[Role.TOWNSHIP_ADMIN]
    client.force_login(admin, backend=BACKEND)
    assert client.get(VOLUNTEERS).status_code == 200  # this process now knows the session's user
    assert client.get(VOLUNTEERS).json()["count"] > 0  # read once through Redis and copied
    return admin


def test_a_known_session_asks_redis_nothing_and_the_database_nothing(
    county: Any, redis_sessions: Any, client: Any
) -> None:
    _store, reads = redis_sessions
    admin = admin_copied(client, county)
    reads.clear()
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(VOLUNTEERS)
    assert answer.status_code == 200
    assert answer.wsgi_request.user.pk == admin.pk
    assert reads == []
    tables = ("django_session", "accounts_user", "accounts_roleassignment")
    assert not [query["sql"] for query in queries if any(table in query["sql"] for table in tables)]


def test_a_logout_in_another_process_reaches_the_very_next_request(
    county: Any, redis_sessions: Any, client: Any
) -> None:
    store, _ = redis_sessions
    admin_copied(client, county)
    # another worker logs the session out: gone from Redis and from the database
    session_key = client.cookies["sessionid"].value
    redis.Redis.from_url(REDIS_URL).delete(store.make_key(f"django.contrib.sessions.cached_db{session_key}"))
    Session.objects.filter(session_key=session_key).delete()
    assert client.get(VOLUNTEERS).status_code == 401


def test_a_role_withdrawn_in_another_process_reaches_the_very_next_request(
    county: Any, redis_sessions: Any, client: Any
) -> None:
    store, _ = redis_sessions
    admin = admin_copied(client, county)
    # another worker withdraws the role: the database row, and the user's cache entry dropped
    RoleAssignment.objects.filter(user=admin).update(is_active=False)
    redis.Redis.from_url(REDIS_URL).delete(store.make_key(user_key(admin.pk)))
    assert client.get(VOLUNTEERS).json()["count"] == 0


def test_each_request_gets_its_own_copy_of_the_user_decoded_once(
    county: Any, redis_sessions: Any, client: Any, monkeypatch: Any
) -> None:
    # The user's entry is decoded once while this process holds it; every request gets a copy, so
    # what one request changes on request.user (saved or not) never reaches another.
    store, _ = redis_sessions
    admin_copied(client, county)
    serializer = store._cache._serializer
    loads = serializer.loads
    decoded: list[Any] = []

    def counted_loads(value: Any) -> Any:
        found = loads(value)
        decoded.append(found)
        return found

    monkeypatch.setattr(serializer, "loads", counted_loads)
    first = client.get(VOLUNTEERS).wsgi_request.user
    first.display_name = "changed by one request, never saved"
    first.active_assignments.clear()
    second = client.get(VOLUNTEERS)
    assert second.json()["count"] > 0  # the role assignments are still there for the next request
    assert second.wsgi_request.user is not first
    assert second.wsgi_request.user.display_name != first.display_name
    assert not [found for found in decoded if isinstance(found, tuple)]  # the entry: not decoded again


def test_a_changed_user_entry_is_decoded_anew(county: Any, redis_sessions: Any, client: Any) -> None:
    _store, _ = redis_sessions
    admin = admin_copied(client, county)
    admin.display_name = "改过的姓名"
    admin.save()  # drops the cached entry; the next request reads and caches the new one
    assert client.get(VOLUNTEERS).wsgi_request.user.display_name == "改过的姓名"
    assert client.get(VOLUNTEERS).wsgi_request.user.display_name == "改过的姓名"
