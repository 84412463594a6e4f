"""The database side of the HTTP load benchmark, run by bench/http_load.py in a subprocess.

    python -m bench.http_seed seed --activities N --volunteers V --capacity C --password P
    python -m bench.http_seed confirmed      # confirmed (activity id, username) pairs, for check-in
    python -m bench.http_seed verify         # sign-ups against capacity, attendances

Each prints one JSON object on its last line. Everything is written through the services, as the
platform would: regions and sites have no services and are created as tests/factories.py does.

Activities never overlap in time: sign-up refuses a volunteer a second activity at the same time,
and every bench volunteer signs up for activity after activity. They start 15 to 45 minutes from
now, one after the other, so sign-up is still open and check-in already is (it opens
WENMING_CHECKIN_OPENS_MINUTES, by default 60, before the start).
"""

import argparse
import datetime as dt
import json
import os
import sys
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings_bench")

import django

django.setup()

from django.db.models import Count, Q  # noqa: E402
from django.utils import timezone  # noqa: E402

from wenming.accounts.services import role_assign, user_create  # noqa: E402
from wenming.activities.models import Activity, Attendance, SignUp, SignUpStatus, VenueType  # noqa: E402
from wenming.activities.services import activity_create, activity_publish  # noqa: E402
from wenming.core.identity import id_check_character  # noqa: E402
from wenming.regions.models import Region, RegionLevel  # noqa: E402
from wenming.regions.roles import Role  # noqa: E402
from wenming.sites.models import Site, SiteKind  # noqa: E402
from wenming.volunteers.services import volunteer_register  # noqa: E402

ORGANIZER = "bench-organizer"
VOLUNTEER_PREFIX = "bench-volunteer-"
FIRST_START_MINUTES = 15
SPAN_MINUTES = 30
RECRUITMENT: dict[str, Any] = {
    "content": "为村里老人讲解防诈骗知识",
    "place": "铁力市文化广场",
    "signup_method": "平台报名",
    "risk_statement": "户外活动，注意防暑",
    "safeguards": "配备饮用水和急救包",
    "venue_type": VenueType.COMMUNITY,
}


def id_number_for(sequence: int) -> str:
    """A valid synthetic ID number: the county's code, a birth date in 1980s, a sequence, the check."""
    birth = dt.date(1980, 1, 1) + dt.timedelta(days=sequence // 1000)
    first = f"230781{birth:%Y%m%d}{sequence % 1000:03d}"
    return first + id_check_character(first)


def seed(*, activities: int, volunteers: int, capacity: int, password: str) -> dict[str, Any]:
    province = Region.objects.create(code="230000", name="黑龙江省", level=RegionLevel.PROVINCE)
    city = Region.objects.create(code="230700", name="伊春市", level=RegionLevel.CITY, parent=province)
    county = Region.objects.create(code="230781", name="铁力市", level=RegionLevel.COUNTY, parent=city)
    township = Region.objects.create(code="230781100", name="铁力镇", level=RegionLevel.TOWNSHIP, parent=county)
    village = Region.objects.create(code="230781100201", name="东兴村", level=RegionLevel.VILLAGE, parent=township)
    center = Site.objects.create(region=county, kind=SiteKind.CENTER, name="铁力市新时代文明实践中心")

    organizer = user_create(username=ORGANIZER, password=password, display_name="县管理员")
    role_assign(user=organizer, role=Role.COUNTY_ADMIN, region=county)

    usernames = []
    for index in range(volunteers):
        user = user_create(username=f"{VOLUNTEER_PREFIX}{index}", password=password, display_name=f"志愿者{index}")
        role_assign(user=user, role=Role.VOLUNTEER, region=village)
        volunteer_register(
            region=village,
            name=f"志愿者{index}",
            id_number=id_number_for(index),
            phone=f"138{index:08d}",
            user=user,
        )
        usernames.append(user.username)

    first_start = timezone.now() + dt.timedelta(minutes=FIRST_START_MINUTES)
    slot = dt.timedelta(minutes=SPAN_MINUTES) / activities
    activity_ids = []
    for index in range(activities):
        starts_at = first_start + index * slot
        activity = activity_create(
            acting_user=organizer,
            title=f"压测活动{index}",
            organizer_site=center,
            capacity=capacity,
            starts_at=starts_at,
            ends_at=starts_at + slot,  # the next one starts as this one ends: no overlap
            **RECRUITMENT,
        )
        activity_publish(activity_id=activity.pk, acting_user=organizer)
        activity_ids.append(activity.pk)
    return {"organizer": ORGANIZER, "volunteers": usernames, "activities": activity_ids}


def confirmed() -> dict[str, Any]:
    pairs = (
        SignUp.objects.filter(status=SignUpStatus.CONFIRMED, volunteer__user__username__startswith=VOLUNTEER_PREFIX)
        .order_by("activity_id", "id")
        .values_list("activity_id", "volunteer__user__username")
    )
    return {"pairs": [list(pair) for pair in pairs]}


def verify() -> dict[str, Any]:
    """Every activity against its capacity: the confirmed sign-up rows and the confirmed_count column."""
    activities = Activity.objects.annotate(
        confirmed_rows=Count("signups", filter=Q(signups__status=SignUpStatus.CONFIRMED)),
        waitlisted_rows=Count("signups", filter=Q(signups__status=SignUpStatus.WAITLISTED)),
    ).values("pk", "capacity", "confirmed_count", "confirmed_rows", "waitlisted_rows")
    overbooked, counter_drift = [], []
    for row in activities:
        if row["confirmed_rows"] > row["capacity"] or row["confirmed_count"] > row["capacity"]:
            overbooked.append(row)
        if row["confirmed_rows"] != row["confirmed_count"]:
            counter_drift.append(row)
    return {
        "activities": len(activities),
        "full": sum(1 for row in activities if row["confirmed_rows"] == row["capacity"]),
        "confirmed": sum(row["confirmed_rows"] for row in activities),
        "waitlisted": sum(row["waitlisted_rows"] for row in activities),
        "overbooked": overbooked,
        "counter_drift": counter_drift,
        "checked_in": Attendance.objects.filter(checked_in_at__isnull=False).count(),
        "attendances": Attendance.objects.count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    seeding = commands.add_parser("seed")
    seeding.add_argument("--activities", type=int, required=True)
    seeding.add_argument("--volunteers", type=int, required=True)
    seeding.add_argument("--capacity", type=int, required=True)
    seeding.add_argument("--password", required=True)
    commands.add_parser("confirmed")
    commands.add_parser("verify")
    args = parser.parse_args()
    if args.command == "seed":
        result = seed(
            activities=args.activities, volunteers=args.volunteers, capacity=args.capacity, password=args.password
        )
    elif args.command == "confirmed":
        result = confirmed()
    else:
        result = verify()
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
