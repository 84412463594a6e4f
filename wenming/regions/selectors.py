"""Reads of the region tree, already scoped to what the user may see."""

from typing import Any

from django.db.models import QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from wenming.core.errors import NotFoundError
from wenming.regions.access import scoped
from wenming.regions.models import Region
from wenming.regions.roles import VIEW


def region_list(*, user: Any, level: str | None = None, parent_code: str | None = None) -> QuerySet[Region]:
    """Regions the user may read (their subtree; superusers: all), optionally one level or one parent's children."""
    regions = scoped(Region.objects.select_related("parent"), user, VIEW)
    if level:
        regions = regions.filter(level=level)
    if parent_code:
        regions = regions.filter(parent__code=parent_code)
    return regions.order_by("code")


def region_subtree(region: Region) -> QuerySet[Region]:
    return Region.objects.filter(path__startswith=region.path)


def region_get(*, user: Any, code: str) -> Region:
    """One region of the user's scope; a region outside it is reported exactly like a missing one."""
    region = region_list(user=user).filter(code=code).first()
    if region is None:
        raise NotFoundError(_("行政区划不存在。"), field="code")
    return region


def region_path_of(code: str) -> Subquery:
    """The materialized path of the region with `code`, as a subquery (no extra round trip)."""
    return Subquery(Region.objects.filter(code=code).values("path")[:1])
