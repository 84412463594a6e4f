"""Reads of practice sites, already scoped to what the user may see."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from wenming.core.errors import NotFoundError
from wenming.regions.access import scoped
from wenming.regions.roles import VIEW
from wenming.regions.selectors import region_path_of
from wenming.sites.models import Site


def site_list(*, user: Any, kind: str | None = None, region_code: str | None = None) -> QuerySet[Site]:
    """Sites of the user's scope, optionally of one kind or inside one region's subtree."""
    sites = scoped(Site.objects.select_related("region", "parent"), user, VIEW)
    if kind:
        sites = sites.filter(kind=kind)
    if region_code:
        sites = sites.filter(region__path__startswith=region_path_of(region_code))
    return sites.order_by("region__code", "kind", "name", "pk")


def site_get(*, user: Any, site_id: int) -> Site:
    """One site of the user's scope; a site outside it is reported exactly like a missing one."""
    site = site_list(user=user).filter(pk=site_id).first()
    if site is None:
        raise NotFoundError(_("阵地不存在。"), field="id")
    return site
