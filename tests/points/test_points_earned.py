"""Earned points are derived from approved hours only, at the rate in force on each service date."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from tests.points.builders import hours_approved, hours_proposed
from wenming.core.errors import PermissionDeniedError
from wenming.ledger.services import hours_entry_reject, hours_entry_reverse
from wenming.points.models import PointsRate
from wenming.points.selectors import PointsStanding, points_by_month, points_rate_on, points_standing
from wenming.points.services import points_rate_set
from wenming.regions.roles import Role


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """Rates are set from today on: pin today to 2024-01-01 so 2024 service dates lie ahead of it."""
    day = dt.date(2024, 1, 1)
    monkeypatch.setattr("wenming.points.services.timezone.localdate", lambda *args: day)
    return day


@override_settings(WENMING_POINTS_PER_HOUR=10)
def test_only_approved_hours_earn_points(county):
    # given: approved 2.5 h, pending 3 h, rejected 4 h
    hours_approved(county, hours="2.50")
    hours_proposed(county, hours="3.00", service_on=dt.date(2024, 1, 6))
    rejected = hours_proposed(county, hours="4.00", service_on=dt.date(2024, 1, 7))
    hours_entry_reject(entry_id=rejected.pk, reason="未到岗", acting_user=county.users[Role.COUNTY_ADMIN])
    # when
    standing = points_standing(volunteer=county.volunteers["own"])
    # then
    assert standing == PointsStanding(earned=25, redeemed=0, adjusted=0, balance=25)


@override_settings(WENMING_POINTS_PER_HOUR=10)
def test_reversed_hours_earn_nothing(county):
    credit = hours_approved(county, hours="2.50")
    hours_approved(county, hours="1.00", service_on=dt.date(2024, 1, 8))
    hours_entry_reverse(entry_id=credit.pk, reason="重复登记", acting_user=county.users[Role.COUNTY_ADMIN])
    assert points_standing(volunteer=county.volunteers["own"]).earned == 10


@override_settings(WENMING_POINTS_PER_HOUR=10)
def test_points_are_rounded_down_once_over_the_total(county):
    # 0.25 h × 10 = 2.5 per entry; three entries earn 7.5 → 7 whole points (not 2 + 2 + 2)
    for day in (5, 6, 7):
        hours_approved(county, hours="0.25", service_on=dt.date(2024, 1, day))
    assert points_standing(volunteer=county.volunteers["own"]).earned == 7


@override_settings(WENMING_POINTS_PER_HOUR=10)
def test_rate_change_applies_from_its_date_in_its_county(county, today):
    # given: the county's rate is 20 from 2024-02-01 on
    points_rate_set(
        region=county.county,
        points_per_hour=Decimal("20"),
        effective_on=dt.date(2024, 2, 1),
        acting_user=county.users[Role.COUNTY_ADMIN],
    )
    hours_approved(county, hours="2.00", service_on=dt.date(2024, 1, 31))
    hours_approved(county, hours="2.00", service_on=dt.date(2024, 2, 1))
    # when
    standing = points_standing(volunteer=county.volunteers["own"])
    # then: 2 h × 10 + 2 h × 20
    assert standing.earned == 60
    assert points_rate_on(region=county.village, day=dt.date(2024, 1, 31)) == Decimal("10")
    assert points_rate_on(region=county.village, day=dt.date(2024, 3, 1)) == Decimal("20.00")
    assert points_by_month(volunteer=county.volunteers["own"]) == [
        {"month": dt.date(2024, 2, 1), "earned": Decimal("40"), "redeemed": 0, "adjusted": 0},
        {"month": dt.date(2024, 1, 1), "earned": Decimal("20"), "redeemed": 0, "adjusted": 0},
    ]


def test_rate_cannot_be_set_retroactively(county, today):
    with pytest.raises(ValidationError) as refusal:
        points_rate_set(
            region=county.county,
            points_per_hour=Decimal("20"),
            effective_on=dt.date(2023, 12, 31),
            acting_user=county.users[Role.COUNTY_ADMIN],
        )
    assert refusal.value.message_dict == {"effective_on": ["生效日期不能早于今天：已获得的积分不能追溯改变。"]}
    assert PointsRate.objects.count() == 0


@pytest.mark.parametrize("rate", ["0", "-5", "1000.01", "abc"])
def test_rate_must_be_positive_and_bounded(county, today, rate):
    with pytest.raises(ValidationError) as refusal:
        points_rate_set(
            region=county.county,
            points_per_hour=rate,
            effective_on=dt.date(2024, 2, 1),
            acting_user=county.users[Role.COUNTY_ADMIN],
        )
    assert list(refusal.value.message_dict) == ["points_per_hour"]
    assert PointsRate.objects.count() == 0


def test_rate_twice_on_one_day_is_refused(county, today):
    admin = county.users[Role.COUNTY_ADMIN]
    points_rate_set(region=county.county, points_per_hour="12", effective_on=dt.date(2024, 2, 1), acting_user=admin)
    with pytest.raises(ValidationError) as refusal:
        points_rate_set(region=county.county, points_per_hour="15", effective_on=dt.date(2024, 2, 1), acting_user=admin)
    assert refusal.value.message_dict == {"effective_on": ["该日期已设置过积分比例。"]}
    assert list(PointsRate.objects.values_list("points_per_hour", flat=True)) == [Decimal("12.00")]


@pytest.mark.parametrize("role", [Role.TOWNSHIP_ADMIN, Role.STATION_ADMIN, Role.VOLUNTEER, Role.VIEWER])
def test_only_county_admins_set_their_county_rate(county, today, role):
    with pytest.raises(PermissionDeniedError):
        points_rate_set(
            region=county.county, points_per_hour="20", effective_on=dt.date(2024, 2, 1), acting_user=county.users[role]
        )
    assert PointsRate.objects.count() == 0
