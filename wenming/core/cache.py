"""Django's Redis cache, with one client object per connection pool instead of one per call.

`django.core.cache.backends.redis.RedisCacheClient.get_client` builds a new `redis.Redis` for
every cache operation; since redis-py 5 that constructor fills a table of a few hundred response
callbacks, which cost more than the round trip to Redis itself (about 0.15 ms of CPU per call,
two calls per authenticated request: the session and the user). A `redis.Redis` object is
thread-safe and holds no connection of its own (it borrows one from the pool per command), so one
per pool is enough. The pool still notices a fork and reconnects in the child.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from wenming.core.near_cache import NearCache

NEAR_CACHE_ENTRIES = 10_000  # per process
NEAR_CACHE_SECONDS = 30.0  # the longest a copy is used (Redis expires keys lazily)


class PooledClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}
        self._near_caches: dict[tuple[str, ...], NearCache] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        this: Any = self  # django-stubs does not declare the private helpers used here
        index = this._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = this._client(connection_pool=this._get_connection_pool(index))
        return client

    def get_many_near(
        self, keys: Sequence[str], prefixes: tuple[str, ...], shared: frozenset[str] = frozenset()
    ) -> dict[str, Any]:
        """`get_many`, with the keys under `prefixes` answered from this process's copies while Redis
        reports no change to them (core.near_cache); one server only (a replica's notices lag). The
        values of the keys in `shared` are decoded once per copy and shared (the caller copies them)."""
        this: Any = self
        if len(this._servers) != 1:
            return dict(this.get_many(keys))
        near = self._near_caches.get(prefixes)
        if near is None:
            pool = this._get_connection_pool(False)
            near = NearCache(pool, prefixes, max_entries=NEAR_CACHE_ENTRIES, max_age=NEAR_CACHE_SECONDS)
            self._near_caches[prefixes] = near
        found, mark = near.get_many(keys)
        missing = [key for key in keys if key not in found]
        if missing:
            fetched = self.get_client(None).mget(missing)
            read = dict(zip(missing, fetched, strict=True))  # a key Redis lacks is kept as lacking
            near.keep(read, mark)
            found.update(read)
        loads = this._serializer.loads
        return {
            key: near.decoded(key, value, loads) if key in shared else loads(value)
            for key, value in found.items()
            if value is not None
        }


class PooledClientRedisCache(RedisCache):
    """`BACKEND` of CACHES["default"] when REDIS_URL is set."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = PooledClientRedisCacheClient

    def get_many_near(self, keys: Iterable[str], prefixes: Iterable[str], shared: Iterable[str] = ()) -> dict[str, Any]:
        """`get_many` for keys that every request reads again (the session, the user): see
        core.near_cache. `prefixes` (cache keys as given here) name what this process may copy; the
        values of the keys in `shared` are decoded once per copy and the same object is given to
        every caller, which must not change it (the user cache's entries: accounts.sessions)."""
        key_map = {self.make_and_validate_key(key): key for key in keys}
        made = tuple(self.make_key(prefix) for prefix in prefixes)
        this: Any = self
        shared_made = frozenset(self.make_key(key) for key in shared)
        found = this._cache.get_many_near(list(key_map), made, shared_made)
        return {key_map[key]: value for key, value in found.items()}
