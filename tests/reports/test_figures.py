"""The figures report adds raw records back up: only what counts is counted, only within the region."""

import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.factories import SmallCounty
from wenming.accounts.models import User
from wenming.accounts.services import role_assign, user_create
from wenming.activities.models import Activity, ActivityStatus, Attendance, SignUp, SignUpStatus, VenueType
from wenming.core.errors import PermissionDeniedError
from wenming.ledger.models import EntryKind, EntryStatus, HoursEntry, SourceKind
from wenming.orders.models import OrderChannel, ServiceOrder
from wenming.organizations.models import Organization, Pairing, PolicyDocument
from wenming.projects.models import Award, AwardCategory, AwardLevel, Brand, Project
from wenming.regions.models import Region
from wenming.regions.roles import Role
from wenming.reports.selectors import Figures, figures_compute, figures_for_user
from wenming.sites.models import Site, SiteKind, SquareType
from wenming.teams.models import Team, TeamStatus
from wenming.trainings.models import Training, TrainingAttendance
from wenming.volunteers.models import Volunteer, VolunteerStatus

pytestmark = pytest.mark.django_db

START = timezone.make_aware(dt.datetime(2023, 5, 6, 9, 0))
EMPTY_AWARDS = {
    "city_excellent_project": 0,
    "city_contest_prize": 0,
    "city_organization_prize": 0,
    "province_contribution": 0,
    "province_excellent_volunteer": 0,
    "province_excellent_community": 0,
}


def activity_make(
    county: SmallCounty, *, site: Site | None = None, status: str = ActivityStatus.FINISHED, **extra: Any
):  # type: ignore[no-untyped-def]
    site = site or county.station
    return Activity.objects.create(
        region=site.region,
        title="清洁家园",
        content="清理垃圾",
        organizer_site=site,
        venue_type=VenueType.VILLAGE,
        place=site.name,
        starts_at=START,
        ends_at=START + dt.timedelta(hours=3),
        capacity=10,
        status=status,
        **extra,
    )


def attend(activity: Activity, volunteer: Volunteer, *, no_show: bool = False) -> Attendance:
    signup = SignUp.objects.create(activity=activity, volunteer=volunteer, status=SignUpStatus.CONFIRMED)
    return Attendance.objects.create(
        activity=activity,
        volunteer=volunteer,
        signup=signup,
        checked_in_at=None if no_show else activity.starts_at,
        checked_out_at=None if no_show else activity.ends_at,
        is_no_show=no_show,
    )


def entry_make(volunteer: Volunteer, region: Region, hours: str, approver: User | None, **extra: Any) -> HoursEntry:
    values: dict[str, Any] = {
        "volunteer": volunteer,
        "region": region,
        "status": EntryStatus.APPROVED,
        "source_kind": SourceKind.DUTY,
        "service_on": dt.date(2023, 5, 6),
        "hours": Decimal(hours),
        "content": "站点值守",
        "approver": approver,
    }
    values.update(extra)
    return HoursEntry.objects.create(**values)


def figures_of(region: Region) -> dict[str, Any]:
    return figures_compute(region=region).as_dict()["figures"]


def test_empty_region_has_zero_figures(county: SmallCounty) -> None:
    # given only the small county's sites, team and volunteers
    # when
    figures = figures_of(county.county)

    # then
    assert figures == {
        "three_tier_sites": 4,
        "service_posts": 0,
        "volunteer_squares": 0,
        "practice_points": 0,
        "policy_documents": 0,
        "paired_units": 0,
        "pairing_joint_activities": 0,
        "service_orders": 0,
        "teams": 1,
        "registered_volunteers": 3,
        "service_hours": 0,
        "trainings": {"sessions": 0, "participations": 0},
        "brand_projects": 0,
        "themed_activities": {"activities": 0, "participations": 0},
        "awards": EMPTY_AWARDS,
    }


def test_reversals_reduce_service_hours(county: SmallCounty) -> None:
    admin = county.users[Role.COUNTY_ADMIN]
    volunteer = county.volunteers["own"]
    wrong = entry_make(volunteer, county.village, "5", admin)
    entry_make(volunteer, county.village, "3.5", admin)

    entry_make(
        volunteer,
        county.village,
        "-5",
        admin,
        kind=EntryKind.REVERSAL,
        reverses=wrong,
        reason="重复登记",
    )

    assert figures_compute(region=county.county).service_hours == Decimal("3.5")
    assert figures_of(county.county)["service_hours"] == 3.5


def test_pending_and_rejected_entries_do_not_count(county: SmallCounty) -> None:
    admin = county.users[Role.COUNTY_ADMIN]
    volunteer = county.volunteers["own"]
    entry_make(volunteer, county.village, "2", admin)
    waiting = entry_make(volunteer, county.village, "4", None, status=EntryStatus.PENDING, source_kind="import")
    refused = entry_make(volunteer, county.village, "6", None, status=EntryStatus.PENDING, source_kind="import")
    entry_make(
        volunteer, county.village, "6", admin, status=EntryStatus.REJECTED, source_kind="import", decides=refused
    )
    assert waiting.status == EntryStatus.PENDING

    assert figures_of(county.county)["service_hours"] == 2

    # an approved decision on a pending entry counts once
    entry_make(volunteer, county.village, "4", admin, source_kind="import", decides=waiting)
    assert figures_of(county.county)["service_hours"] == 6


def test_no_shows_and_absent_trainees_do_not_count(county: SmallCounty) -> None:
    activity = activity_make(county)
    attend(activity, county.volunteers["own"])
    attend(activity, county.volunteers["township"])
    attend(activity, county.volunteers["sibling"], no_show=True)
    activity.confirmed_count = 3
    training = Training.objects.create(
        region=county.county,
        title="骨干培训",
        organizer_site=county.center,
        place="报告厅",
        starts_at=START,
        ends_at=START + dt.timedelta(hours=3),
        capacity=50,
    )
    TrainingAttendance.objects.create(training=training, volunteer=county.volunteers["own"], is_present=True)
    TrainingAttendance.objects.create(training=training, volunteer=county.volunteers["sibling"], is_present=False)

    figures = figures_of(county.county)

    assert figures["themed_activities"] == {"activities": 1, "participations": 2}
    assert figures["trainings"] == {"sessions": 1, "participations": 1}


def test_cancelled_draft_and_upcoming_activities_are_not_counted(county: SmallCounty) -> None:
    organization = Organization.objects.create(region=county.county, name="市财政局")
    pairing = Pairing.objects.create(
        region=county.village,
        organization=organization,
        site=county.station,
        shares_site=True,
        started_on=dt.date(2021, 1, 1),
    )
    activity_make(county, pairing=pairing)
    activity_make(county, pairing=pairing, status=ActivityStatus.CANCELLED, cancelled_at=timezone.now())
    activity_make(county, status=ActivityStatus.DRAFT)
    activity_make(county, status=ActivityStatus.PUBLISHED)

    figures = figures_of(county.county)

    assert figures["themed_activities"] == {"activities": 1, "participations": 0}
    assert figures["pairing_joint_activities"] == 1
    assert figures["paired_units"] == 1


def test_withdrawn_volunteers_inactive_sites_and_teams_are_not_counted(county: SmallCounty) -> None:
    Volunteer.objects.filter(pk=county.volunteers["sibling"].pk).update(status=VolunteerStatus.WITHDRAWN)
    Volunteer.objects.filter(pk=county.volunteers["township"].pk).update(status=VolunteerStatus.SUSPENDED)
    Site.objects.filter(pk=county.sibling_station.pk).update(is_active=False)
    Team.objects.create(
        region=county.village,
        name="旧队伍",
        category=county.team.category,
        home_site=county.station,
        founded_on=dt.date(2020, 1, 1),
        status=TeamStatus.DISSOLVED,
        is_active=False,
    )

    figures = figures_of(county.county)

    assert figures["registered_volunteers"] == 2
    assert figures["three_tier_sites"] == 3
    assert figures["teams"] == 1


def test_village_scope_excludes_a_sibling_villages_records(county: SmallCounty) -> None:
    # given the same records in the village and in its sibling
    admin = county.users[Role.COUNTY_ADMIN]
    for station, volunteer in ((county.station, "own"), (county.sibling_station, "sibling")):
        activity = activity_make(county, site=station)
        attend(activity, county.volunteers[volunteer])
        entry_make(county.volunteers[volunteer], station.region, "3", admin, activity=activity, source_kind="activity")
        ServiceOrder.objects.create(
            region=station.region,
            number=f"TEST-{station.pk}",
            requester_name="张三",
            requester_phone="13812345678",
            channel=OrderChannel.PHONE,
            category=county.team.category,
            description="上门测血压",
            address=station.region.name,
            submitted_at=START,
        )
        Site.objects.create(region=station.region, kind=SiteKind.SERVICE_POST, name=f"{station.name}卫生室")

    # when
    village = figures_of(county.village)
    township = figures_of(county.township)

    # then
    assert village["themed_activities"] == {"activities": 1, "participations": 1}
    assert village["service_hours"] == 3
    assert village["service_orders"] == 1
    assert village["service_posts"] == 1
    assert village["three_tier_sites"] == 1
    assert village["registered_volunteers"] == 1
    assert township["themed_activities"] == {"activities": 2, "participations": 2}
    assert township["service_hours"] == 6
    assert township["service_orders"] == 2
    assert township["three_tier_sites"] == 3


def test_sites_policies_projects_and_awards_are_counted_by_kind(county: SmallCounty) -> None:
    Site.objects.create(region=county.county, kind=SiteKind.SERVICE_POST, name="图书馆站点")
    Site.objects.create(
        region=county.county, kind=SiteKind.SQUARE, name="人民广场", square_type=SquareType.COMPREHENSIVE
    )
    Site.objects.create(region=county.county, kind=SiteKind.PRACTICE_POINT, name="美术馆")
    PolicyDocument.objects.create(
        region=county.county, title="工作方案", kind="work_plan", issuer="市委宣传部", issued_on=dt.date(2019, 4, 1)
    )
    brand = Brand.objects.create(region=county.county, name="爱撒骊城")
    branded = Project.objects.create(region=county.county, brand=brand, name="关老爱老")
    Project.objects.create(region=county.county, name="无品牌项目")
    Award.objects.create(
        region=county.county,
        level=AwardLevel.CITY,
        category=AwardCategory.EXCELLENT_PROJECT,
        year=2023,
        title="优秀项目",
        project=branded,
    )
    Award.objects.create(
        region=county.county,
        level=AwardLevel.PROVINCE,
        category=AwardCategory.EXCELLENT_VOLUNTEER,
        year=2023,
        title="优秀志愿者",
        volunteer=county.volunteers["own"],
    )
    Award.objects.create(
        region=county.county,
        level=AwardLevel.COUNTY,
        category=AwardCategory.OTHER,
        year=2023,
        title="县级表彰",
        site=county.station,
    )

    figures = figures_of(county.county)

    assert (figures["service_posts"], figures["volunteer_squares"], figures["practice_points"]) == (1, 1, 1)
    assert figures["policy_documents"] == 1
    assert figures["brand_projects"] == 1
    assert figures["awards"] == {**EMPTY_AWARDS, "city_excellent_project": 1, "province_excellent_volunteer": 1}


def test_figures_take_a_fixed_number_of_queries(county: SmallCounty, django_assert_num_queries: Any) -> None:
    activity_make(county)
    with django_assert_num_queries(11):
        figures_compute(region=county.county)


def test_rows_are_the_fifteen_figures_in_chinese(county: SmallCounty) -> None:
    admin = county.users[Role.COUNTY_ADMIN]
    for _ in range(3):
        entry_make(county.volunteers["own"], county.village, "24", admin)

    rows = figures_compute(region=county.county).rows()

    assert [number for number, _label, _value in rows] == list(range(1, 16))
    assert str(rows[0][1]) == "新时代文明实践中心、所、站"
    assert rows[10][2] == "72"
    assert rows[11][2] == "0 / 0"


def test_figures_for_user_uses_the_widest_scope(county: SmallCounty) -> None:
    assert figures_for_user(user=county.users[Role.COUNTY_ADMIN]).region_code == "230781"
    assert figures_for_user(user=county.users[Role.STATION_ADMIN]).region_code == county.village.code
    assert figures_for_user(user=county.users[Role.VIEWER]).region_code == "230700"
    both = user_create(username="both", password="x-Wenming-2024")
    role_assign(user=both, role=Role.STATION_ADMIN, site=county.station)
    role_assign(user=both, role=Role.TOWNSHIP_ADMIN, region=county.township)
    assert figures_for_user(user=both).region_code == county.township.code
    superuser = User.objects.create_superuser(username="root", password="x-Wenming-2024")
    assert figures_for_user(user=superuser).region_code == "230781"


def test_figures_for_user_without_scope_is_refused(county: SmallCounty) -> None:
    nobody = user_create(username="nobody", password="x-Wenming-2024")

    with pytest.raises(PermissionDeniedError):
        figures_for_user(user=nobody)


def test_figures_command_prints_json_and_a_table(county: SmallCounty) -> None:
    out = io.StringIO()
    call_command("figures", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["region"] == {"code": "230781", "name": "铁力市"}
    assert result["figures"] == figures_compute(region=county.county).as_dict()["figures"]

    out = io.StringIO()
    call_command("figures", "--region", county.village.code, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == f"{county.village.name}（{county.village.code}）"
    assert len(lines) == 16


def test_figures_command_refuses_an_unknown_region(county: SmallCounty) -> None:
    with pytest.raises(CommandError, match="999999"):
        call_command("figures", "--region", "999999", stdout=io.StringIO())


def test_figures_is_a_value_object(county: SmallCounty) -> None:
    figures = figures_compute(region=county.county)
    assert isinstance(figures, Figures)
    assert figures.as_dict()["figures"]["service_hours"] == 0
    assert isinstance(figures.as_dict()["figures"]["service_hours"], int)
