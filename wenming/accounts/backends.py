"""Authentication backends: Django's, with the per-request user lookup served from the shared cache."""

import copy
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

from wenming.accounts.sessions import prefetched_user
from wenming.accounts.user_cache import GENERATION_KEY, user_cache_enabled, user_key


def user_copy(user: Any) -> Any:
    """A request's own copy of a cached user, which the near cache may hand to every request of the
    user: its fields, field caches and list of role assignments are its own, the assignments
    themselves (and their regions) are shared and only read."""
    clone = copy.copy(user)  # Model.__reduce__: the fields and the state's caches copied
    assignments = clone.__dict__.get("active_assignments")
    if assignments is not None:
        clone.__dict__["active_assignments"] = list(assignments)
    return clone


class CachedUserBackend(ModelBackend):
    """Django's ModelBackend, with `get_user` answered from the shared cache when enabled."""

    def get_user(self, user_id: Any) -> Any:
        if not user_cache_enabled():
            return super().get_user(user_id)
        key = user_key(user_id)
        prefetched = prefetched_user(user_id)  # read with the session (accounts.sessions)
        if prefetched is not None:
            entry, generation = prefetched.entry, prefetched.generation
        else:
            found = cache.get_many([key, GENERATION_KEY])
            entry, generation = found.get(key), found.get(GENERATION_KEY, 0)
        if entry is not None and entry[0] == generation:
            return user_copy(entry[1])
        user = super().get_user(user_id)  # None for an inactive or deleted user: never cached
        if user is not None:
            user.active_assignments  # noqa: B018  (loaded now, so that it is cached with the user)
            cache.set(key, (generation, user), settings.WENMING_USER_CACHE_SECONDS)
        return user
