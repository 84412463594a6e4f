from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from wenming.core.pagination import BoundedPageNumberPagination
from wenming.volunteers import selectors
from wenming.volunteers.models import Volunteer, VolunteerStatus
from wenming.volunteers.schemas import VolunteerOut

router = Router(tags=["volunteers"])


@router.get("", response=list[VolunteerOut], url_name="volunteer_list")
@paginate(BoundedPageNumberPagination, page_size=50)
def volunteer_list_api(
    request: HttpRequest,
    region_code: str | None = None,
    status: VolunteerStatus | None = None,
    search: str | None = None,
) -> QuerySet[Volunteer]:
    """Volunteers of the caller's scope, a page at a time; ID and phone numbers are masked."""
    return selectors.volunteer_list(user=request.user, region_code=region_code, status=status, search=search)


@router.get("/{volunteer_id}", response=VolunteerOut, url_name="volunteer_detail")
def volunteer_detail_api(request: HttpRequest, volunteer_id: int) -> Volunteer:
    return selectors.volunteer_get(user=request.user, volunteer_id=volunteer_id)
