"""Builders for the activities and hours API tests: everything is made through the services.

The permission-matrix rows (tests/api/matrix_activities.py, matrix_ledger.py) use the same builders,
so an activity "of a scope" is organized by that scope's site: the station of the own village (and
its team), the station of the sibling village, or the township's institute.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from tests.api.conftest import api_county  # noqa: F401  (the fixture, for this folder)
from tests.factories import SmallCounty
from wenming.activities.models import Activity, Attendance, SignUp, VenueType
from wenming.activities.services import activity_create, activity_publish, signup_create
from wenming.activities.services_attendance import attendance_check_in, checkin_token_issue
from wenming.ledger.models import HoursEntry, SourceKind
from wenming.ledger.services import hours_entry_approve, hours_entry_propose
from wenming.regions.roles import Role
from wenming.volunteers.models import Volunteer

API = "/api/v1"
# The volunteer record that lies in each scope (county.volunteers keys).
SCOPE_VOLUNTEERS = {"own": "own", "sibling": "sibling", "parent": "township"}


def minute(moment: dt.datetime) -> dt.datetime:
    return moment.replace(second=0, microsecond=0)


def scope_site(county: SmallCounty, scope: str) -> Any:
    return {"own": county.station, "sibling": county.sibling_station, "parent": county.institute}[scope]


def scope_volunteer(county: SmallCounty, scope: str) -> Volunteer:
    return county.volunteers[SCOPE_VOLUNTEERS[scope]]


def activity_fields(county: SmallCounty, scope: str = "own", **overrides: Any) -> dict[str, Any]:
    """Everything a publishable activity needs, starting in three days for three hours."""
    starts_at = minute(timezone.now() + dt.timedelta(days=3))
    fields: dict[str, Any] = {
        "title": "理论政策宣讲进村屯",
        "content": "在村文化广场宣讲惠农政策，解答群众提问。",
        "organizer_site": scope_site(county, scope),
        "organizer_team": county.team if scope == "own" else None,
        "venue_type": VenueType.VILLAGE,
        "place": "村文化广场",
        "starts_at": starts_at,
        "ends_at": starts_at + dt.timedelta(hours=3),
        "capacity": 10,
        "signup_method": "平台在线报名",
        "risk_statement": "户外活动，注意防寒。",
        "safeguards": "配备急救箱和热水。",
        "contact_name": "刘站长",
        "contact_phone": "13900001111",
    }
    fields.update(overrides)
    return fields


def activity_build(
    county: SmallCounty,
    scope: str = "own",
    *,
    publish: bool = True,
    starts_in: dt.timedelta | None = None,
    hours: float = 3,
    **overrides: Any,
) -> Activity:
    """An activity of the scope, created (and published) by the county admin through the services."""
    if starts_in is not None:
        overrides["starts_at"] = minute(timezone.now() + starts_in)
    if "starts_at" in overrides and "ends_at" not in overrides:
        overrides["ends_at"] = overrides["starts_at"] + dt.timedelta(hours=hours)
    admin = county.users[Role.COUNTY_ADMIN]
    activity = activity_create(acting_user=admin, **activity_fields(county, scope, **overrides))
    if publish:
        activity = activity_publish(activity_id=activity.pk, acting_user=admin)
    return activity


def running_activity_build(county: SmallCounty, scope: str = "own", **overrides: Any) -> Activity:
    """A published activity that started 30 minutes ago and runs two more hours: check-in is open."""
    return activity_build(county, scope, starts_in=-dt.timedelta(minutes=30), hours=2.5, **overrides)


def signup_build(county: SmallCounty, activity: Activity, volunteer: Volunteer) -> SignUp:
    """A sign-up by the county admin; to an activity already running, as if made the day before."""
    now = min(timezone.now(), activity.starts_at - dt.timedelta(days=1))
    return signup_create(
        activity_id=activity.pk, volunteer_id=volunteer.pk, acting_user=county.users[Role.COUNTY_ADMIN], now=now
    )


def token_for(county: SmallCounty, activity: Activity, kind: str = "in") -> str:
    return checkin_token_issue(activity_id=activity.pk, kind=kind, acting_user=county.users[Role.COUNTY_ADMIN]).token


def checked_in_build(county: SmallCounty, activity: Activity, *, key: str = "arrival-1") -> Attendance:
    """The own volunteer (the volunteer user) signed up and scanned in at the running activity."""
    volunteer = county.volunteers["own"]
    if not SignUp.objects.filter(activity=activity, volunteer=volunteer).exists():
        signup_build(county, activity, volunteer)
    return attendance_check_in(
        token=token_for(county, activity), idempotency_key=key, acting_user=county.users[Role.VOLUNTEER]
    )


def pending_entry_build(
    county: SmallCounty,
    activity: Activity,
    volunteer: Volunteer,
    hours: str = "2.50",
    service_on: dt.date | None = None,
) -> HoursEntry:
    """A pending credit for the activity, as check-out proposes it."""
    return hours_entry_propose(
        volunteer=volunteer,
        source_kind=SourceKind.ACTIVITY,
        hours=Decimal(hours),
        service_on=service_on or timezone.localdate(activity.starts_at),
        content=activity.title,
        region=activity.region,
        recorder=county.users[Role.COUNTY_ADMIN],
        activity=activity,
        site=activity.organizer_site,
        place=activity.place,
    )


def approved_entry_build(
    county: SmallCounty, activity: Activity, volunteer: Volunteer, hours: str = "2.50"
) -> HoursEntry:
    """An approved credit (the decision that approves a proposal)."""
    proposal = pending_entry_build(county, activity, volunteer, hours)
    return hours_entry_approve(entry_id=proposal.pk, acting_user=county.users[Role.COUNTY_ADMIN])


def counts() -> dict[str, int]:
    """Rows of every table these endpoints write, to assert that a refusal changed nothing."""
    from wenming.activities.models import ActivitySeries
    from wenming.notifications.models import Notification

    return {
        "activities": Activity.objects.count(),
        "series": ActivitySeries.objects.count(),
        "signups": SignUp.objects.count(),
        "attendances": Attendance.objects.count(),
        "hours": HoursEntry.objects.count(),
        "notifications": Notification.objects.count(),
    }


@pytest.fixture
def now() -> dt.datetime:
    return timezone.now()
