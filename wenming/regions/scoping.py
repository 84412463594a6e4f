"""Region scoping: the few functions every selector and admin queryset goes through.

A user's scopes come from their active role assignments (accounts app); each is a role and the
materialized path of a region. A staff user sees a record when the record's region lies in the
subtree of one of their scopes. Models say where their region is with `region_field`.
"""

from typing import Any, Protocol, TypeVar

from django.db import models
from django.db.models import Q

M = TypeVar("M", bound=models.Model)


class ScopedUser(Protocol):
    is_superuser: bool
    is_authenticated: bool

    def region_paths(self, roles: frozenset[str] | None = None) -> list[str]: ...


NOTHING = Q(pk__in=[])


def region_field_of(model: type[models.Model]) -> str:
    """Where a model keeps its region: "region", "team__region", or "" for Region itself."""
    return getattr(model, "region_field", "region")


def region_subtree_q(paths: list[str], *, field: str = "region") -> Q:
    """Records whose region lies under any of the given region paths."""
    if not paths:
        return NOTHING
    lookup = f"{field}__path__startswith" if field else "path__startswith"
    condition = Q()
    for path in _outermost(paths):
        condition |= Q(**{lookup: path})
    return condition


def region_scope_q(user: Any, *, field: str = "region", roles: frozenset[str] | None = None) -> Q:
    if not getattr(user, "is_authenticated", False):
        return NOTHING
    if user.is_superuser:
        return Q()
    return region_subtree_q(user.region_paths(roles), field=field)


def scope_queryset(
    queryset: "models.QuerySet[M]", user: Any, *, roles: frozenset[str] | None = None
) -> "models.QuerySet[M]":
    """Only the records of `queryset` that lie in the user's region subtree (for `roles`)."""
    field = region_field_of(queryset.model)
    return queryset.filter(region_scope_q(user, field=field, roles=roles))


def _outermost(paths: list[str]) -> list[str]:
    """Drop paths inside another path of the list: a county admin needs no township clause."""
    kept: list[str] = []
    for path in sorted(set(paths), key=len):
        if not any(path.startswith(outer) for outer in kept):
            kept.append(path)
    return kept
