"""Page-matrix rows of the organizer pages (merged by tests/pages/test_page_matrix.py).

The records live at the station admin's village and are run by the team leader's team, so the
four organizer roles reach them; a contact unit organizes only its pairings' activities (404 here,
like a missing record) and may not approve hours (403); volunteers, residents and viewers have no
organizer role (403). A POST without data is refused with a message and a redirect (302).
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from wenming.activities.models import Activity, ActivitySeries, VenueType
from wenming.activities.services import activity_create, activity_publish, activity_series_create
from wenming.ledger.models import HoursEntry, SourceKind
from wenming.ledger.services import hours_entry_approve, hours_entry_propose
from wenming.regions.roles import Role

ANONYMOUS = "anonymous"
RECRUITMENT: dict[str, Any] = {
    "content": "为村里老人讲解防诈骗知识",
    "place": "东兴村文化广场",
    "signup_method": "平台报名",
    "risk_statement": "户外活动，注意防暑",
    "safeguards": "配备饮用水和急救包",
    "venue_type": VenueType.VILLAGE,
    "capacity": 5,
}


def _admin(api_county: Any) -> Any:
    return api_county.county.users[Role.COUNTY_ADMIN]


def _activity(api_county: Any) -> Activity:
    county = api_county.county
    starts_at = timezone.now() + dt.timedelta(days=2)
    activity = activity_create(
        acting_user=_admin(api_county),
        title="防诈骗宣讲",
        organizer_site=county.station,
        organizer_team=county.team,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=3),
        **RECRUITMENT,
    )
    return activity_publish(activity_id=activity.pk, acting_user=_admin(api_county))


def _proposal(api_county: Any) -> HoursEntry:
    activity = _activity(api_county)
    return hours_entry_propose(
        volunteer=api_county.county.volunteers["own"],
        source_kind=SourceKind.ACTIVITY,
        hours=Decimal("2.00"),
        service_on=timezone.localdate(activity.starts_at),
        content=activity.title,
        region=activity.region,
        recorder=_admin(api_county),
        activity=activity,
    )


def _series(api_county: Any) -> ActivitySeries:
    county = api_county.county
    first_on = timezone.localdate() + dt.timedelta(days=1)
    return activity_series_create(
        acting_user=_admin(api_county),
        weekdays=[1, 2, 3, 4, 5, 6, 7],
        first_on=first_on,
        last_on=first_on + dt.timedelta(days=2),
        starts_time=dt.time(9, 0),
        ends_time=dt.time(11, 0),
        title="周末读书会",
        organizer_site=county.station,
        organizer_team=county.team,
        **RECRUITMENT,
    )


def activity_kwargs(api_county: Any) -> dict[str, Any]:
    return {"activity_id": _activity(api_county).pk}


def roster_kwargs(api_county: Any) -> dict[str, Any]:
    return {"activity_id": _activity(api_county).pk, "volunteer_id": api_county.county.volunteers["own"].pk}


def proposal_kwargs(api_county: Any) -> dict[str, Any]:
    return {"entry_id": _proposal(api_county).pk}


def approved_kwargs(api_county: Any) -> dict[str, Any]:
    decision = hours_entry_approve(entry_id=_proposal(api_county).pk, acting_user=_admin(api_county))
    return {"entry_id": decision.pk}


def series_kwargs(api_county: Any) -> dict[str, Any]:
    return {"series_id": _series(api_county).pk}


NO_ORGANIZER_ROLE = {Role.VOLUNTEER: 403, Role.RESIDENT: 403, Role.VIEWER: 403, ANONYMOUS: 302}
# Pages without a record: every organizer, contact units included.
ORGANIZER_PAGE = {**NO_ORGANIZER_ROLE, "*": 200}
# Pages of one activity: outside a contact unit's pairings, so "not found" for it.
ACTIVITY_PAGE = {**NO_ORGANIZER_ROLE, Role.CONTACT_UNIT: 404, "*": 200}
ACTIVITY_POST = {**NO_ORGANIZER_ROLE, Role.CONTACT_UNIT: 404, "*": 302}
# Hours: the ledger's approvers (admins and team leaders); contact units have no say.
HOURS_PAGE = {**NO_ORGANIZER_ROLE, Role.CONTACT_UNIT: 403, "*": 200}
HOURS_POST = {**NO_ORGANIZER_ROLE, Role.CONTACT_UNIT: 403, "*": 302}

PAGES: dict[str, Any] = {
    "activities:manage_list": ("get", ORGANIZER_PAGE),
    "activities:manage_create": ("get", ORGANIZER_PAGE),
    "activities:manage_series": ("get", ORGANIZER_PAGE),
    # Series are scoped by region only (activities.activityseries has no team-leader rule).
    "activities:manage_series_publish": (
        "post",
        {**NO_ORGANIZER_ROLE, Role.CONTACT_UNIT: 404, Role.TEAM_LEADER: 404, "*": 302},
        series_kwargs,
    ),
    "activities:manage_detail": ("get", ACTIVITY_PAGE, activity_kwargs),
    "activities:manage_edit": ("get", ACTIVITY_PAGE, activity_kwargs),
    "activities:manage_status": ("post", ACTIVITY_POST, activity_kwargs),
    "activities:manage_qr": ("get", ACTIVITY_PAGE, activity_kwargs),
    "activities:manage_roster": ("get", ACTIVITY_PAGE, activity_kwargs),
    "activities:manage_roster_record": ("post", ACTIVITY_POST, roster_kwargs),
    "activities:manage_hours": ("get", HOURS_PAGE),
    # Nothing ticked: the bulk form is shown again with the error.
    "activities:manage_hours_bulk": ("post", {**HOURS_POST, "*": 400}),
    # Approval without data approves as proposed; rejection and reversal need a reason.
    "activities:manage_hours_approve": ("post", HOURS_POST, proposal_kwargs),
    "activities:manage_hours_reject": ("post", HOURS_POST, proposal_kwargs),
    "activities:manage_hours_reverse": ("post", HOURS_POST, approved_kwargs),
}
