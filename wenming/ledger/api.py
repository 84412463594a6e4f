"""The hours ledger: the organizer's approvals, rejections and reversals, the rows a user may read, and the
caller's own hours, stars and points. Every write appends rows through the ledger services."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate

from wenming.core.errors import NotFoundError
from wenming.core.fields import ID_MAX
from wenming.core.pagination import BoundedPageNumberPagination
from wenming.ledger import selectors, services
from wenming.ledger.models import HoursEntry
from wenming.ledger.schemas import (
    HoursApproveIn,
    HoursBulkApproveIn,
    HoursBulkOutcomeOut,
    HoursEntryOut,
    HoursRejectIn,
    HoursReverseIn,
    MyHoursOut,
)
from wenming.ledger.services import BulkOutcome
from wenming.volunteers.selectors import volunteer_of_user

router = Router(tags=["hours"])


@router.get("", response=list[HoursEntryOut], url_name="hours_entry_list")
@paginate(BoundedPageNumberPagination, page_size=50)
def hours_entry_list_api(
    request: HttpRequest,
    volunteer_id: int | None = Query(None, ge=1, le=ID_MAX),
    activity_id: int | None = Query(None, ge=1, le=ID_MAX),
) -> QuerySet[HoursEntry]:
    """Ledger rows the caller may read (a volunteer: their own), newest first."""
    return selectors.hours_entry_list(user=request.user, volunteer_id=volunteer_id, activity_id=activity_id)


@router.get("/pending", response=list[HoursEntryOut], url_name="hours_pending_list")
@paginate(BoundedPageNumberPagination, page_size=50)
def hours_pending_list_api(
    request: HttpRequest, activity_id: int | None = Query(None, ge=1, le=ID_MAX)
) -> QuerySet[HoursEntry]:
    """Proposed hours awaiting the caller's decision, oldest first."""
    return selectors.hours_pending_list(user=request.user, activity_id=activity_id)


@router.get("/mine", response=MyHoursOut, url_name="my_hours")
def my_hours_api(request: HttpRequest) -> dict[str, Any]:
    """The caller's approved hours, star level, love points, hours per month and ledger rows."""
    volunteer = volunteer_of_user(user=request.user)
    if volunteer is None:
        raise NotFoundError(_("您还不是注册志愿者。"), code="not_a_volunteer")
    return selectors.volunteer_hours_report(volunteer=volunteer)


@router.post("/approve", response=list[HoursBulkOutcomeOut], url_name="hours_entries_approve")
def hours_entries_approve_api(request: HttpRequest, payload: HoursBulkApproveIn) -> list[BulkOutcome]:
    """Approve many proposals as proposed; each stands or falls alone, and its outcome says why."""
    return services.hours_entries_approve(entry_ids=payload.entry_ids, acting_user=request.user)


@router.post("/{entry_id}/approve", response=HoursEntryOut, url_name="hours_entry_approve")
def hours_entry_approve_api(request: HttpRequest, entry_id: int, payload: HoursApproveIn) -> HoursEntry:
    """Approve a proposal (returns the approving entry); corrected hours need a reason."""
    return services.hours_entry_approve(
        entry_id=entry_id, acting_user=request.user, hours=payload.hours, reason=payload.reason
    )


@router.post("/{entry_id}/reject", response=HoursEntryOut, url_name="hours_entry_reject")
def hours_entry_reject_api(request: HttpRequest, entry_id: int, payload: HoursRejectIn) -> HoursEntry:
    """Reject a proposal with a reason, which the volunteer is sent (returns the rejecting entry)."""
    return services.hours_entry_reject(entry_id=entry_id, reason=payload.reason, acting_user=request.user)


@router.post("/{entry_id}/reverse", response=HoursEntryOut, url_name="hours_entry_reverse")
def hours_entry_reverse_api(request: HttpRequest, entry_id: int, payload: HoursReverseIn) -> HoursEntry:
    """Reverse an approved credit (returns the reversal); with corrected_hours the right amount is credited anew."""
    return services.hours_entry_reverse(
        entry_id=entry_id, reason=payload.reason, acting_user=request.user, corrected_hours=payload.corrected_hours
    )
