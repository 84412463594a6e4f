from django.http import HttpRequest
from ninja import Router

from wenming.regions import selectors
from wenming.regions.models import Region, RegionLevel
from wenming.regions.schemas import RegionOut

router = Router(tags=["regions"])


@router.get("", response=list[RegionOut], url_name="region_list")
def region_list_api(
    request: HttpRequest, level: RegionLevel | None = None, parent_code: str | None = None
) -> list[Region]:
    """Regions of the caller's scope, optionally one level or the children of one region."""
    return list(selectors.region_list(user=request.user, level=level, parent_code=parent_code))


@router.get("/{code}", response=RegionOut, url_name="region_detail")
def region_detail_api(request: HttpRequest, code: str) -> Region:
    return selectors.region_get(user=request.user, code=code)
