"""The per-request user lookup, served from the shared cache when there is one (ADR 0006).

Every authenticated request needs the user row and the user's active role assignments (with their
regions, for scoping): two queries that cost more than the rest of a small write. With a shared
cache (Redis: WENMING_USER_CACHE_SECONDS > 0) both are read in one round trip instead, and any
change that could alter what the user may do drops the entry: a user saved or deleted, a role
assignment saved, deleted or changed in bulk, or a region saved (its path scopes everything below
it). Region changes bump one generation number, read in the same round trip as the user, so a moved
region reaches every cached user at once. A per-process cache would miss other processes' changes,
so the cache is off without Redis.
"""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache

USER_CACHE_PREFIX = "wenming:auth:"  # every key below: the users' entries and the generation
GENERATION_KEY = f"{USER_CACHE_PREFIX}generation"


def user_key(user_id: Any) -> str:
    return f"{USER_CACHE_PREFIX}user:{user_id}"


def user_cache_enabled() -> bool:
    return settings.WENMING_USER_CACHE_SECONDS > 0


def users_forget(user_ids: Iterable[Any]) -> None:
    """Drop the cached users (call after a change to them or their role assignments)."""
    if user_cache_enabled():
        cache.delete_many([user_key(user_id) for user_id in set(user_ids) if user_id is not None])


def scoping_changed() -> None:
    """Every cached user is stale (a region's path changed): start a new generation."""
    if not user_cache_enabled():
        return
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet
        cache.set(GENERATION_KEY, 1, None)


def user_saved_or_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    users_forget([instance.pk])


def role_assignment_saved_or_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    users_forget([instance.user_id])


def region_saved_or_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    scoping_changed()
