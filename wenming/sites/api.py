from django.http import HttpRequest
from ninja import Router

from wenming.sites import selectors
from wenming.sites.models import Site, SiteKind
from wenming.sites.schemas import SiteOut

router = Router(tags=["sites"])


@router.get("", response=list[SiteOut], url_name="site_list")
def site_list_api(request: HttpRequest, kind: SiteKind | None = None, region_code: str | None = None) -> list[Site]:
    """Sites of the caller's scope, optionally of one kind or inside one region (its whole subtree)."""
    return list(selectors.site_list(user=request.user, kind=kind, region_code=region_code))


@router.get("/{site_id}", response=SiteOut, url_name="site_detail")
def site_detail_api(request: HttpRequest, site_id: int) -> Site:
    return selectors.site_get(user=request.user, site_id=site_id)
