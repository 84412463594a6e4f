"""Page-matrix rows of the volunteer phone pages (merged by tests/pages/test_page_matrix.py).

Only a user linked to a volunteer record uses them (the api_county volunteer is); any other
logged-in user gets the friendly "for registered volunteers" page with 403, and an anonymous one
goes to the login page. A POST without JavaScript answers with a redirect back to the page.
The calendar feed needs no login: its token is the key.
"""

import datetime as dt
from typing import Any

from django.utils import timezone

from wenming.activities.models import Activity, VenueType
from wenming.activities.services import activity_create, activity_publish, calendar_token_issue, signup_create
from wenming.activities.services_attendance import checkin_token_issue
from wenming.regions.roles import Role
from wenming.volunteers.models import Volunteer

ANONYMOUS = "anonymous"
VOLUNTEER_PAGE = {ANONYMOUS: 302, Role.VOLUNTEER.value: 200, "*": 403}
VOLUNTEER_POST = {ANONYMOUS: 302, Role.VOLUNTEER.value: 302, "*": 403}


def _activity(api_county: Any, *, starts_in: dt.timedelta = dt.timedelta(days=2)) -> Activity:
    county = api_county.county
    admin = county.users[Role.COUNTY_ADMIN]
    starts_at = timezone.now() + starts_in
    activity = activity_create(
        acting_user=admin,
        title="防诈骗宣讲",
        content="为村里老人讲解防诈骗知识",
        organizer_site=county.station,
        venue_type=VenueType.VILLAGE,
        place="东兴村文化广场",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=3),
        capacity=5,
        signup_method="平台报名",
        risk_statement="户外活动，注意防暑",
        safeguards="配备饮用水和急救包",
    )
    return activity_publish(activity_id=activity.pk, acting_user=admin)


def _activity_kwargs(api_county: Any) -> dict[str, Any]:
    return {"activity_id": _activity(api_county).pk}


def _signed_up_kwargs(api_county: Any) -> dict[str, Any]:
    activity = _activity(api_county)
    signup_create(activity_id=activity.pk, acting_user=api_county.users[Role.VOLUNTEER])
    return {"activity_id": activity.pk}


def _qr_kwargs(kind: str) -> Any:
    def build(api_county: Any) -> dict[str, Any]:
        activity = _activity(api_county, starts_in=dt.timedelta(minutes=30))
        admin = api_county.users[Role.COUNTY_ADMIN]
        return {"token": checkin_token_issue(activity_id=activity.pk, kind=kind, acting_user=admin).token}

    return build


def _calendar_kwargs(api_county: Any) -> dict[str, Any]:
    user = api_county.users[Role.VOLUNTEER]
    volunteer = Volunteer.objects.get(user=user)
    signup_create(activity_id=_activity(api_county).pk, acting_user=user)
    return {"token": calendar_token_issue(volunteer=volunteer, acting_user=user)}


PAGES: dict[str, Any] = {
    "activities:mobile_home": ("get", VOLUNTEER_PAGE),
    "activities:activities": ("get", VOLUNTEER_PAGE),
    "activities:activity_detail": ("get", VOLUNTEER_PAGE, _activity_kwargs),
    "activities:mobile_signup": ("post", VOLUNTEER_POST, _activity_kwargs),
    "activities:mobile_signup_cancel": ("post", VOLUNTEER_POST, _signed_up_kwargs),
    "activities:commitments": ("get", VOLUNTEER_PAGE),
    "activities:checkin": ("get", VOLUNTEER_PAGE, _qr_kwargs("in")),
    "activities:checkout": ("get", VOLUNTEER_PAGE, _qr_kwargs("out")),
    "activities:my_hours": ("get", VOLUNTEER_PAGE),
    "activities:calendar_settings": ("get", VOLUNTEER_PAGE),
    "activities:calendar": ("get", {"*": 200}, _calendar_kwargs),
}
