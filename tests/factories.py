"""Builders for tests: a small county with two sibling villages and one user per role."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from wenming.accounts.models import User
from wenming.accounts.services import role_assign, user_create
from wenming.core.identity import id_check_character
from wenming.regions.models import Region, RegionLevel
from wenming.regions.roles import Role
from wenming.sites.models import Site, SiteKind
from wenming.teams.models import Membership, Team, TeamCategory
from wenming.volunteers.models import Volunteer
from wenming.volunteers.services import volunteer_register

PASSWORD = "Wenming-test-2024"


def id_number_for(birth: str, sequence: int, region_code: str = "230781") -> str:
    """A valid synthetic ID number: region code, birth date YYYYMMDD, 3-digit sequence, check."""
    first = f"{region_code}{birth}{sequence:03d}"
    return first + id_check_character(first)


def region_make(code: str, name: str, level: str, parent: Region | None = None, **extra: Any) -> Region:
    return Region.objects.create(code=code, name=name, level=level, parent=parent, **extra)


@dataclass
class SmallCounty:
    province: Region
    city: Region
    county: Region
    township: Region
    village: Region
    sibling_village: Region
    center: Site
    institute: Site
    station: Site
    sibling_station: Site
    team: Team
    users: dict[str, User] = field(default_factory=dict)
    volunteers: dict[str, Volunteer] = field(default_factory=dict)


def volunteer_make(region: Region, name: str, sequence: int, birth: str = "19800101") -> Volunteer:
    return volunteer_register(
        region=region,
        name=name,
        id_number=id_number_for(birth, sequence),
        phone=f"1381234{sequence:04d}",
        registered_at=timezone.make_aware(dt.datetime(2023, 3, 1, 9, 0)),
    )


def build_small_county() -> SmallCounty:
    province = region_make("230000", "黑龙江省", RegionLevel.PROVINCE)
    city = region_make("230700", "伊春市", RegionLevel.CITY, province)
    county = region_make("230781", "铁力市", RegionLevel.COUNTY, city)
    township = region_make("230781100", "铁力镇", RegionLevel.TOWNSHIP, county)
    village = region_make("230781100201", "东兴村", RegionLevel.VILLAGE, township)
    sibling_village = region_make("230781100202", "西林村", RegionLevel.VILLAGE, township)
    center = Site.objects.create(region=county, kind=SiteKind.CENTER, name="铁力市新时代文明实践中心")
    institute = Site.objects.create(
        region=township, kind=SiteKind.INSTITUTE, name="铁力镇新时代文明实践所", parent=center
    )
    station = Site.objects.create(
        region=village, kind=SiteKind.STATION, name="东兴村新时代文明实践站", parent=institute
    )
    sibling_station = Site.objects.create(
        region=sibling_village, kind=SiteKind.STATION, name="西林村新时代文明实践站", parent=institute
    )
    category, _ = TeamCategory.objects.get_or_create(code="theory", defaults={"name": "理论宣讲", "is_standing": True})
    team = Team.objects.create(
        region=village, name="东兴村理论宣讲队", category=category, home_site=station, founded_on=dt.date(2022, 5, 1)
    )
    result = SmallCounty(
        province, city, county, township, village, sibling_village, center, institute, station, sibling_station, team
    )
    result.volunteers["own"] = volunteer_make(village, "张东兴", 1)
    result.volunteers["sibling"] = volunteer_make(sibling_village, "李西林", 2)
    result.volunteers["township"] = volunteer_make(township, "王镇上", 3)
    Membership.objects.create(team=team, volunteer=result.volunteers["own"], joined_on=dt.date(2022, 5, 1))

    def user_with(role: str, **scope: Any) -> User:
        user = user_create(username=role, password=PASSWORD, display_name=str(Role(role).label))
        role_assign(user=user, role=role, **scope)
        return user

    result.users[Role.COUNTY_ADMIN] = user_with(Role.COUNTY_ADMIN, region=county)
    result.users[Role.TOWNSHIP_ADMIN] = user_with(Role.TOWNSHIP_ADMIN, region=township)
    result.users[Role.STATION_ADMIN] = user_with(Role.STATION_ADMIN, site=station)
    result.users[Role.TEAM_LEADER] = user_with(Role.TEAM_LEADER, team=team)
    result.users[Role.VIEWER] = user_with(Role.VIEWER, region=city)
    volunteer_user = user_with(Role.VOLUNTEER, region=village)
    Volunteer.objects.filter(pk=result.volunteers["own"].pk).update(user=volunteer_user)
    result.users[Role.VOLUNTEER] = volunteer_user
    result.users[Role.RESIDENT] = user_with(Role.RESIDENT, region=village)
    return result
