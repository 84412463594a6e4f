from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Router
from ninja.pagination import paginate

from wenming.core.pagination import BoundedPageNumberPagination
from wenming.volunteers import selectors
from wenming.volunteers.models import Volunteer, VolunteerStatus
from wenming.volunteers.schemas import IdNumberOut, IdNumberRevealIn, VolunteerOut
from wenming.volunteers.services import volunteer_id_number_reveal

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


@router.post("/{volunteer_id}/id-number", response=IdNumberOut, url_name="volunteer_id_number")
def volunteer_id_number_api(
    request: HttpRequest, response: HttpResponse, volunteer_id: int, payload: IdNumberRevealIn
) -> dict[str, str]:
    """The full ID number: the volunteer themselves, or a county/township admin of their region with a reason.

    Every call is written to the audit log; the answer is never cached.
    """
    volunteer = selectors.volunteer_get(user=request.user, volunteer_id=volunteer_id)
    response["Cache-Control"] = "no-store"
    id_number = volunteer_id_number_reveal(
        volunteer=volunteer, acting_user=request.user, reason=payload.reason, ip_address=request.META.get("REMOTE_ADDR")
    )
    return {"id_number": id_number}
