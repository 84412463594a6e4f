"""Bad input on the models is refused with a message that names the field (as full_clean and forms see it)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from wenming.activities.models import Activity, VenueType
from wenming.organizations.models import Organization, Pairing
from wenming.sites.models import ResidentialKind, ResidentialPoint, Site, SiteKind
from wenming.teams.models import Membership
from wenming.trainings.models import Training

START = timezone.make_aware(dt.datetime(2024, 1, 5, 23, 30))


def errors_of(instance) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def activity(county, **changes) -> Activity:
    values = {
        "region": county.village,
        "title": "理论宣讲进乡村",
        "content": "宣讲",
        "organizer_site": county.station,
        "venue_type": VenueType.VILLAGE,
        "place": "村部",
        "starts_at": START,
        "ends_at": START + dt.timedelta(hours=2),
        "capacity": 20,
    }
    values.update(changes)
    return Activity(**values)


def test_valid_activity_passes_full_clean(county):
    activity(county, latitude=Decimal("46.98"), longitude=Decimal("128.04")).full_clean()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_at": START}, "ends_at", "结束时间必须晚于开始时间。"),
        ({"latitude": Decimal("91"), "longitude": Decimal("128")}, "latitude", "纬度须在 -90 到 90 之间。"),
        ({"latitude": Decimal("46.9"), "longitude": Decimal("181")}, "longitude", "经度须在 -180 到 180 之间。"),
        ({"latitude": Decimal("46.9")}, "longitude", "纬度和经度须同时填写。"),
        ({"min_age": 18, "max_age": 16}, "max_age", "最高年龄不能小于最低年龄。"),
        ({"requires_insurance": True}, "risk_statement", "需要意外保险的活动必须写明风险提示。"),
    ],
)
def test_activity_bad_input_names_the_field(county, changes, field, message):
    assert message in errors_of(activity(county, **changes))[field]


def test_activity_error_in_english(county):
    with translation.override("en"):
        errors = errors_of(activity(county, ends_at=START))
    assert errors["ends_at"] == ["The end time must be later than the start time."]


def test_training_must_end_after_it_starts(county):
    training = Training(
        region=county.county,
        title="志愿服务骨干培训",
        organizer_site=county.center,
        place="中心",
        starts_at=START,
        ends_at=START - dt.timedelta(minutes=1),
        capacity=100,
    )
    assert errors_of(training)["ends_at"] == ["结束时间必须晚于开始时间。"]


def test_station_needs_an_institute_as_parent(county):
    station = Site(region=county.village, kind=SiteKind.STATION, name="新站", parent=county.center)
    assert errors_of(station)["parent"] == ["文明实践所的上级须是中心，文明实践站的上级须是所。"]


def test_station_region_must_lie_under_its_institute(county):
    other_township = county.township.__class__.objects.create(
        code="230781101", name="双丰镇", level="township", parent=county.county
    )
    village = county.township.__class__.objects.create(
        code="230781101201", name="双丰村", level="village", parent=other_township
    )
    station = Site(region=village, kind=SiteKind.STATION, name="双丰村站", parent=county.institute)
    assert errors_of(station)["region"] == ["阵地所属区划须在上级阵地的区划范围内。"]


def test_square_needs_its_type_and_others_must_not_have_one(county):
    square = Site(region=county.county, kind=SiteKind.SQUARE, name="志愿者广场")
    assert errors_of(square)["square_type"] == ["志愿者广场须注明是功能性还是综合性。"]
    post = Site(region=county.county, kind=SiteKind.SERVICE_POST, name="图书馆站点", square_type="functional")
    assert errors_of(post)["square_type"] == ["只有志愿者广场填写广场类型。"]


def test_residential_point_coordinates_are_checked(county):
    point = ResidentialPoint(
        region=county.village,
        name="东兴屯",
        kind=ResidentialKind.HAMLET,
        population=300,
        latitude=Decimal("100"),
        longitude=Decimal("128"),
    )
    assert errors_of(point)["latitude"] == ["纬度须在 -90 到 90 之间。"]


def test_pairing_dates_site_and_mode_are_checked(county):
    unit = Organization.objects.create(region=county.county, name="铁力市税务局")
    values = {"region": county.village, "organization": unit, "site": county.station, "started_on": dt.date(2023, 1, 1)}
    assert "请至少选择一种结对方式。" in errors_of(Pairing(**values))["shares_site"]
    ended_early = Pairing(**values, shares_team=True, ended_on=dt.date(2022, 12, 31))
    assert errors_of(ended_early)["ended_on"] == ["结束日期不能早于开始日期。"]
    with_center = Pairing(**{**values, "site": county.center}, shares_team=True)
    assert errors_of(with_center)["site"] == ["结对阵地须是文明实践所或站。"]


def test_membership_cannot_end_before_it_starts(county):
    membership = Membership(
        team=county.team,
        volunteer=county.volunteers["township"],
        joined_on=dt.date(2023, 5, 1),
        left_on=dt.date(2023, 4, 30),
    )
    assert errors_of(membership)["left_on"] == ["退出日期不能早于加入日期。"]
