"""Region scoping primitives: a record lies in a subtree when its region's path starts with the subtree's.

Models say where their region is with `region_field`; `regions.access` builds on these to decide
what each user's role assignments reach.
"""

from django.db import models
from django.db.models import Q

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


def _outermost(paths: list[str]) -> list[str]:
    """Drop paths inside another path of the list: a county admin needs no township clause."""
    kept: list[str] = []
    for path in sorted(set(paths), key=len):
        if not any(path.startswith(outer) for outer in kept):
            kept.append(path)
    return kept
