"""Builders of the certificate tests: finished activities, approved hours entries, issued certificates."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from wenming.activities.models import Activity, ActivityStatus, VenueType
from wenming.certificates.models import Certificate
from wenming.certificates.services import certificate_issue
from wenming.ledger.models import EntryKind, EntryStatus, HoursEntry, SourceKind
from wenming.regions.roles import Role


def activity_make(
    county: Any, *, site: Any = None, team: Any = None, title: str = "敬老院慰问演出", day: int = 5
) -> Activity:
    """A finished activity organized by `site` (the own-village station by default) in January 2024."""
    site = site or county.station
    starts_at = timezone.make_aware(dt.datetime(2024, 1, day, 9, 0))
    return Activity.objects.create(
        region=site.region,
        title=title,
        content="为老人表演节目、打扫卫生",
        organizer_site=site,
        organizer_team=team,
        venue_type=VenueType.VILLAGE,
        place="东兴村敬老院",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=3),
        capacity=20,
        contact_name="刘站长",
        status=ActivityStatus.FINISHED,
    )


def credit_make(
    county: Any,
    *,
    volunteer: Any = None,
    activity: Any = None,
    hours: str = "2.50",
    status: str = EntryStatus.APPROVED,
    service_on: dt.date | None = None,
    site: Any = None,
    approver: Any = None,
) -> HoursEntry:
    """An hours credit of one volunteer (the own-village one by default) for an activity."""
    site = site or (activity.organizer_site if activity is not None else county.station)
    return HoursEntry.objects.create(
        volunteer=volunteer or county.volunteers["own"],
        region=site.region,
        kind=EntryKind.CREDIT,
        status=status,
        source_kind=SourceKind.ACTIVITY if activity is not None else SourceKind.DUTY,
        activity=activity,
        site=site,
        service_on=service_on or (activity.starts_at.date() if activity is not None else dt.date(2024, 1, 5)),
        hours=Decimal(hours),
        content=activity.title if activity is not None else "站点值守",
        person_in_charge="刘站长",
        approver=None if status == EntryStatus.PENDING else approver or county.users[Role.STATION_ADMIN],
    )


def reversal_make(credit: HoursEntry, hours: str, *, service_on: dt.date | None = None) -> HoursEntry:
    """An approved reversal of `credit` (negative hours), dated later like a real correction."""
    return HoursEntry.objects.create(
        volunteer=credit.volunteer,
        region=credit.region,
        kind=EntryKind.REVERSAL,
        status=EntryStatus.APPROVED,
        source_kind=credit.source_kind,
        activity=credit.activity,
        site=credit.site,
        service_on=service_on or dt.date(2024, 2, 1),
        hours=-Decimal(hours),
        content="更正时长",
        reverses=credit,
        reason="签退时间登记有误",
    )


def certificate_for_activity(
    county: Any, *, volunteer_key: str = "own", site: Any = None, team: Any = None
) -> Certificate:
    """A certificate of 2.5 approved hours for a fresh activity at `site`, issued by the county admin."""
    volunteer = county.volunteers[volunteer_key]
    activity = activity_make(county, site=site, team=team, title=f"{volunteer.name}参加的活动")
    credit_make(county, volunteer=volunteer, activity=activity)
    return certificate_issue(volunteer=volunteer, activity=activity, acting_user=county.users[Role.COUNTY_ADMIN])


def certificates_in_every_scope(api_county: Any) -> dict[str, Certificate]:
    """One certificate per matrix scope: own village (an activity of the own team), sibling village, township.

    Made once per test and kept on the fixture, so every row of one test sees the same records.
    """
    if "certificates" not in api_county.targets:
        county = api_county.county
        made = {
            "own": certificate_for_activity(county, volunteer_key="own", site=county.station, team=county.team),
            "sibling": certificate_for_activity(county, volunteer_key="sibling", site=county.sibling_station),
            "parent": certificate_for_activity(county, volunteer_key="township", site=county.institute),
        }
        api_county.targets["certificates"] = {scope: certificate.pk for scope, certificate in made.items()}
        api_county.targets["certificate_objects"] = made
    return api_county.targets["certificate_objects"]
