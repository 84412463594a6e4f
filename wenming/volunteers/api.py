from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status
from ninja.pagination import paginate

from wenming.core.pagination import BoundedPageNumberPagination
from wenming.volunteers import selectors
from wenming.volunteers.exports import volunteer_export_response
from wenming.volunteers.models import Volunteer
from wenming.volunteers.schemas import (
    IdNumberOut,
    IdNumberRevealIn,
    VolunteerDetailOut,
    VolunteerExportIn,
    VolunteerListFilters,
    VolunteerOut,
    VolunteerRegisterIn,
    VolunteerReviewIn,
    VolunteerUpdateIn,
)
from wenming.volunteers.services import (
    volunteer_approve,
    volunteer_id_number_reveal,
    volunteer_reject,
    volunteer_staff_register,
    volunteer_update,
)

router = Router(tags=["volunteers"])

XLSX_RESPONSE = {
    "responses": {
        200: {
            "description": "Excel (.xlsx)",
            "content": {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                    "schema": {"type": "string", "format": "binary"}
                }
            },
        }
    }
}


@router.get("", response=list[VolunteerOut], url_name="volunteer_list")
@paginate(BoundedPageNumberPagination, page_size=50)
def volunteer_list_api(request: HttpRequest, filters: Query[VolunteerListFilters]) -> QuerySet[Volunteer]:
    """Volunteers of the caller's scope, a page at a time; ID and phone numbers are masked.

    `search` matches a part of the name or the whole volunteer number; `q` is the search box of
    the volunteer pages (name, pinyin, initials, number, phone tail), every match through an index.
    """
    if not (filters.q or filters.tag or filters.skill):
        return selectors.volunteer_list(
            user=request.user, region_code=filters.region_code, status=filters.status, search=filters.search
        )
    volunteers = selectors.volunteer_search(
        user=request.user,
        query=filters.q,
        tags=filters.tag,
        skills=filters.skill,
        status=filters.status,
        region_code=filters.region_code,
    )
    return volunteers.filter(selectors.volunteer_name_part_q(filters.search)) if filters.search else volunteers


@router.post("", response={201: VolunteerDetailOut}, url_name="volunteer_register")
def volunteer_register_api(request: HttpRequest, payload: VolunteerRegisterIn) -> Status[Volunteer]:
    """Staff enter a registration in a region of their scope (self-registration is the public phone page).

    A duplicate ID number is refused naming the teams it is registered in (and its number when the
    caller may see that volunteer).
    """
    volunteer = volunteer_staff_register(
        region=selectors.volunteer_region_find(user=request.user, code=payload.region_code),
        name=payload.name,
        id_number=payload.id_number,
        phone=payload.phone,
        consents=payload.consents,
        activate=payload.activate,
        guardian_name=payload.guardian_name,
        guardian_phone=payload.guardian_phone,
        guardian_consents=payload.guardian_consents,
        tags=payload.tags,
        skills=payload.skills,
        acting_user=request.user,
    )
    return Status(201, selectors.volunteer_get(user=request.user, volunteer_id=volunteer.pk))


@router.post("/export", url_name="volunteer_export", openapi_extra=XLSX_RESPONSE)
def volunteer_export_api(request: HttpRequest, payload: VolunteerExportIn) -> Any:
    """The list as an Excel file, with the same filters; ID and phone numbers masked unless a county or
    township admin asks for them in full with a reason (each such export is written to the audit log)."""
    return volunteer_export_response(
        user=request.user,
        query=payload.q,
        tags=payload.tag,
        skills=payload.skill,
        status=payload.status,
        region_code=payload.region_code or None,
        unmasked=payload.unmasked,
        reason=payload.reason,
        ip_address=request.META.get("REMOTE_ADDR"),
    )


@router.get("/{volunteer_id}", response=VolunteerOut, url_name="volunteer_detail")
def volunteer_detail_api(request: HttpRequest, volunteer_id: int) -> Volunteer:
    return selectors.volunteer_get(user=request.user, volunteer_id=volunteer_id)


@router.patch("/{volunteer_id}", response=VolunteerDetailOut, url_name="volunteer_update")
def volunteer_update_api(request: HttpRequest, volunteer_id: int, payload: VolunteerUpdateIn) -> Volunteer:
    """An admin of the volunteer's region changes the phone, tags, skills or status (suspend, withdraw, reinstate)."""
    volunteer_update(
        volunteer_id=volunteer_id,
        acting_user=request.user,
        phone=payload.phone,
        status=payload.status,
        tags=payload.tags,
        skills=payload.skills,
    )
    return selectors.volunteer_get(user=request.user, volunteer_id=volunteer_id)


@router.post("/{volunteer_id}/approve", response=VolunteerDetailOut, url_name="volunteer_approve")
def volunteer_approve_api(request: HttpRequest, volunteer_id: int, payload: VolunteerReviewIn) -> Volunteer:
    """An admin of the region approves a pending registration: the volunteer gets the volunteer role and a message."""
    volunteer_approve(volunteer_id=volunteer_id, acting_user=request.user, note=payload.note)
    return selectors.volunteer_get(user=request.user, volunteer_id=volunteer_id)


@router.post("/{volunteer_id}/reject", response=VolunteerDetailOut, url_name="volunteer_reject")
def volunteer_reject_api(request: HttpRequest, volunteer_id: int, payload: VolunteerReviewIn) -> Volunteer:
    """An admin of the region rejects a pending registration; the reason (`note`) is required."""
    volunteer_reject(volunteer_id=volunteer_id, acting_user=request.user, note=payload.note)
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
