"""The Redis cache keeps one client per connection pool, and still works as Django's (needs Redis)."""

import os
import socket

import pytest

from wenming.core.cache import PooledClientRedisCache

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/12")


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not redis_answers(), reason="Redis does not answer on 127.0.0.1:6379")


@pytest.fixture
def redis_cache():
    cache = PooledClientRedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{os.getpid()}"})
    yield cache
    cache.clear()


def test_one_client_serves_every_call(redis_cache):
    first = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client(write=True) is first
    assert redis_cache._cache.get_client("key") is first


def test_it_reads_writes_and_deletes_like_djangos_redis_cache(redis_cache):
    redis_cache.set("volunteer", {"name": "张永志"}, timeout=30)
    redis_cache.set_many({"a": 1, "b": 2})
    assert redis_cache.get("volunteer") == {"name": "张永志"}
    assert redis_cache.get_many(["a", "b", "missing"]) == {"a": 1, "b": 2}
    assert redis_cache.add("a", 5) is False
    redis_cache.delete("volunteer")
    assert redis_cache.get("volunteer") is None
    assert redis_cache.incr("a") == 2
