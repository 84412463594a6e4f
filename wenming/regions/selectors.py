from typing import Any

from django.db.models import QuerySet

from wenming.regions.models import Region
from wenming.regions.scoping import scope_queryset


def region_list(*, user: Any) -> QuerySet[Region]:
    """Regions the user may read: their own subtree (superusers: all)."""
    return scope_queryset(Region.objects.all(), user)


def region_subtree(region: Region) -> QuerySet[Region]:
    return Region.objects.filter(path__startswith=region.path)


def region_get(*, user: Any, code: str) -> Region:
    return region_list(user=user).get(code=code)
