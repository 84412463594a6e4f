"""Copies of the session and user entries in the process, dropped the moment Redis reports a change.

Needs Redis: the notices are Redis's own (CLIENT TRACKING). A second client stands for another
gunicorn worker or server writing to the same Redis.
"""

import os
import time
import uuid
from typing import Any

import pytest
import redis

from tests.core.test_redis_cache import redis_answers
from wenming.core import near_cache
from wenming.core.cache import PooledClientRedisCache
from wenming.core.near_cache import NearCache

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/12")
FLUSH_URL = "redis://127.0.0.1:6379/10"  # a database of its own: the flush test empties it

pytestmark = pytest.mark.skipif(not redis_answers(), reason="Redis does not answer on 127.0.0.1:6379")


def make_cache(url: str = REDIS_URL) -> PooledClientRedisCache:
    return PooledClientRedisCache(url, {"KEY_PREFIX": f"near-{uuid.uuid4().hex[:8]}"})


@pytest.fixture
def near() -> Any:
    cache = make_cache()
    yield cache
    other = redis.Redis.from_url(REDIS_URL)
    keys = list(other.scan_iter(f"{cache.key_prefix}:*"))
    if keys:
        other.delete(*keys)


def other_client() -> redis.Redis:
    """Another process's connection to the same Redis."""
    return redis.Redis.from_url(REDIS_URL)


def round_trips_refused(cache: PooledClientRedisCache, monkeypatch: Any) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("asked Redis")

    monkeypatch.setattr(cache._cache.get_client(None), "mget", refuse)


def test_a_key_read_again_comes_from_the_copy(near: Any, monkeypatch: Any) -> None:
    near.set("session:abc", {"_auth_user_id": "7"}, 60)
    assert near.get_many_near(["session:abc", "session:none"], ["session:"]) == {"session:abc": {"_auth_user_id": "7"}}
    round_trips_refused(near, monkeypatch)
    # The copy, and the copy of a key Redis did not have (a later write would be reported).
    assert near.get_many_near(["session:abc", "session:none"], ["session:"]) == {"session:abc": {"_auth_user_id": "7"}}


def test_keys_outside_the_prefixes_are_never_copied(near: Any, monkeypatch: Any) -> None:
    near.set("other", 1, 60)
    assert near.get_many_near(["other"], ["session:"]) == {"other": 1}
    round_trips_refused(near, monkeypatch)
    with pytest.raises(AssertionError, match="asked Redis"):
        near.get_many_near(["other"], ["session:"])


def test_a_change_written_by_another_process_reaches_the_very_next_read(near: Any) -> None:
    near.set("session:abc", {"_auth_user_id": "7"}, 60)
    assert near.get_many_near(["session:abc"], ["session:"]) == {"session:abc": {"_auth_user_id": "7"}}
    other = make_cache()
    other.key_prefix = near.key_prefix  # the same keys, through another connection pool
    for _ in range(20):  # no waiting in between: the notice is queued before the writer hears back
        value = uuid.uuid4().hex
        other.set("session:abc", {"_auth_user_id": value}, 60)
        assert near.get_many_near(["session:abc"], ["session:"]) == {"session:abc": {"_auth_user_id": value}}


def test_a_logout_elsewhere_is_seen_at_once(near: Any) -> None:
    near.set("session:abc", {"_auth_user_id": "7"}, 60)
    assert near.get_many_near(["session:abc"], ["session:"])
    other_client().delete(near.make_key("session:abc"))
    assert near.get_many_near(["session:abc"], ["session:"]) == {}


def test_a_key_written_after_being_copied_as_missing_is_read(near: Any) -> None:
    assert near.get_many_near(["wenming:auth:generation"], ["wenming:auth:"]) == {}
    other_client().set(near.make_key("wenming:auth:generation"), 3)
    assert near.get_many_near(["wenming:auth:generation"], ["wenming:auth:"]) == {"wenming:auth:generation": 3}


def test_an_expired_key_is_dropped() -> None:
    cache = make_cache()
    cache.set("session:short", {"_auth_user_id": "7"}, 1)
    assert cache.get_many_near(["session:short"], ["session:"])
    time.sleep(1.1)
    other_client().get(cache.make_key("session:short"))  # Redis expires it when it is next touched
    assert cache.get_many_near(["session:short"], ["session:"]) == {}


def test_no_copy_outlives_its_maximum_age(near: Any, monkeypatch: Any) -> None:
    near.set("session:abc", {"_auth_user_id": "7"}, 60)
    near.get_many_near(["session:abc"], ["session:"])
    cache_copies: NearCache = next(iter(near._cache._near_caches.values()))
    monkeypatch.setattr(cache_copies, "max_age", 0.0)
    round_trips_refused(near, monkeypatch)
    with pytest.raises(AssertionError, match="asked Redis"):
        near.get_many_near(["session:abc"], ["session:"])


def test_a_read_during_which_a_change_arrived_keeps_nothing(near: Any) -> None:
    near.set("session:abc", {"_auth_user_id": "7"}, 60)
    near.get_many_near(["session:abc"], ["session:"])
    copies: NearCache = next(iter(near._cache._near_caches.values()))
    key = near.make_key("session:abc")
    found, mark = copies.get_many([key])
    assert key in found
    copies.copies.clear()
    found, mark = copies.get_many([key])
    assert found == {}
    stale = near._cache.get_client(None).get(key)  # read from Redis...
    other_client().set(key, b"changed")  # ...then changed before it is kept
    copies.keep({key: stale}, mark)
    assert key not in copies.copies


def test_a_flush_drops_every_copy(monkeypatch: Any) -> None:
    cache = make_cache(FLUSH_URL)
    cache.set("session:abc", {"_auth_user_id": "7"}, 60)
    assert cache.get_many_near(["session:abc"], ["session:"])
    redis.Redis.from_url(FLUSH_URL).flushdb()
    assert cache.get_many_near(["session:abc"], ["session:"]) == {}


def test_without_the_tracking_connection_every_read_asks_redis(near: Any, monkeypatch: Any) -> None:
    near.set("session:abc", {"_auth_user_id": "7"}, 60)
    near.get_many_near(["session:abc"], ["session:"])
    copies: NearCache = next(iter(near._cache._near_caches.values()))
    other = other_client()
    other.client_kill_filter(_id=copies.client_id)
    other.set(near.make_key("session:abc"), near._cache._serializer.dumps({"_auth_user_id": "8"}))
    # The notice died with the connection: the copy is dropped, not trusted.
    assert near.get_many_near(["session:abc"], ["session:"]) == {"session:abc": {"_auth_user_id": "8"}}
    assert copies.connection is None
    assert copies.copies == {}


def test_a_forked_child_tracks_on_its_own_connection(near: Any, monkeypatch: Any) -> None:
    near.set("session:abc", {"_auth_user_id": "7"}, 60)
    near.get_many_near(["session:abc"], ["session:"])
    copies: NearCache = next(iter(near._cache._near_caches.values()))
    parent_connection = copies.connection
    monkeypatch.setattr(os, "getpid", lambda: copies.pid + 1)
    assert near.get_many_near(["session:abc"], ["session:"]) == {"session:abc": {"_auth_user_id": "7"}}
    assert copies.connection is not parent_connection


def test_a_process_that_is_not_serving_still_takes_in_its_notices(near: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(near_cache, "DRAIN_SECONDS", 0.02)
    near.set("session:abc", {"_auth_user_id": "7"}, 60)
    near.get_many_near(["session:abc"], ["session:"])
    copies: NearCache = next(iter(near._cache._near_caches.values()))
    key = near.make_key("session:abc")
    assert key in copies.copies
    other_client().delete(key)
    deadline = time.monotonic() + 5
    while key in copies.copies and time.monotonic() < deadline:  # nobody reads: the drainer takes it in
        time.sleep(0.02)
    assert key not in copies.copies
