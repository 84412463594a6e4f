"""Sessions from the shared cache, read in the same round trip as the logged-in user (ADR 0006).

With Redis, every logged-in request used to make two round trips before any work: the session
(Django's cached_db store), then the cached user (`accounts.user_cache`), since the user's id is
inside the session. A session key belongs to one user for its whole life (Django gives a new key at
every login and logout), so once a process has seen which user a key belongs to, it asks for the
session, that user's cache entry and the cache generation in one MGET. The session that comes back
stays the authority: the prefetched entry is used only when the session still names that user
(`PrefetchedUser`, read by `CachedUserBackend` through `user_prefetched`), and a session gone from
the cache is read from the database as before.
"""

import contextlib
import contextvars
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import cached_db
from django.core.cache import caches

from wenming.accounts.user_cache import GENERATION_KEY, USER_CACHE_PREFIX, user_cache_enabled, user_key

# What every request of a known session reads: its session, its user's entry and the generation.
NEAR_CACHED_PREFIXES = (cached_db.KEY_PREFIX, USER_CACHE_PREFIX)
KNOWN_SESSIONS = 20_000  # per process: session key -> user id, the oldest forgotten first


@dataclass(frozen=True)
class PrefetchedUser:
    """The user cache's entry and generation, read with the session of `user_id`. The entry may be
    the one this process decoded for every request of the user (core.near_cache): never changed, the
    backend hands each request a copy of its user (`accounts.backends.user_copy`)."""

    user_id: str
    entry: Any
    generation: int


class _SessionUsers:
    """Which user a session key belongs to, as this process has seen (bounded, oldest out first)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.users: OrderedDict[str, str] = OrderedDict()

    def get(self, session_key: str) -> str | None:
        return self.users.get(session_key)

    def remember(self, session_key: str, user_id: str) -> None:
        if self.users.get(session_key) == user_id:
            return
        self.users[session_key] = user_id
        if len(self.users) > self.size:
            self.users.popitem(last=False)


session_users = _SessionUsers(KNOWN_SESSIONS)
_prefetched: contextvars.ContextVar[PrefetchedUser | None] = contextvars.ContextVar("prefetched_user", default=None)


@contextlib.contextmanager
def user_prefetched(prefetched: PrefetchedUser | None) -> Iterator[None]:
    """Offer the prefetched user to the authentication backend for the duration of one lookup."""
    token = _prefetched.set(prefetched)
    try:
        yield
    finally:
        _prefetched.reset(token)


def prefetched_user(user_id: Any) -> PrefetchedUser | None:
    """The prefetched entry for this user, if the current lookup has one."""
    prefetched = _prefetched.get()
    return prefetched if prefetched is not None and prefetched.user_id == str(user_id) else None


class SessionStore(cached_db.SessionStore):
    """Django's cached_db sessions; a known session's user comes in the same round trip."""

    prefetched_user: PrefetchedUser | None = None

    def load(self) -> dict[str, Any]:
        user_id = session_users.get(self.session_key) if self.session_key and user_cache_enabled() else None
        data = None
        if user_id is not None:
            keys = [self.cache_key, user_key(user_id), GENERATION_KEY]
            store = caches[settings.SESSION_CACHE_ALIAS]  # cached_db's own cache
            try:
                if hasattr(store, "get_many_near"):  # Redis: copies kept while unchanged (core.near_cache)
                    found = store.get_many_near(keys, NEAR_CACHED_PREFIXES, shared=(keys[1],))
                else:
                    found = store.get_many(keys)
            except Exception:
                found = {}
            data = found.get(self.cache_key)
            if data is not None and str(data.get(SESSION_KEY)) == user_id:
                self.prefetched_user = PrefetchedUser(user_id, found.get(keys[1]), found.get(GENERATION_KEY, 0))
        if data is None:
            data = super().load()
        owner = data.get(SESSION_KEY)
        if owner is not None and self.session_key:
            session_users.remember(self.session_key, str(owner))
        return data
