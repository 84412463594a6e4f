"""Star level from approved hours only, at the thresholds' boundaries."""

from decimal import Decimal

import pytest

from tests.ledger.conftest import credit_make
from wenming.ledger.models import EntryStatus
from wenming.ledger.selectors import star_level, volunteer_hours_total


@pytest.mark.parametrize(
    ("hours", "stars"),
    [
        ("0", 0),
        ("99.99", 0),
        ("100", 1),
        ("299.99", 1),
        ("300", 2),
        ("600", 3),
        ("999.99", 3),
        ("1000", 4),
        ("1499.99", 4),
        ("1500", 5),
        ("190980", 5),
    ],
)
def test_star_level_at_default_thresholds(hours, stars):
    assert star_level(Decimal(hours)) == stars


def test_star_level_reads_thresholds_from_settings(settings):
    settings.WENMING_STAR_THRESHOLDS = [10, 20, 30, 40, 50]
    assert star_level(Decimal("9.99")) == 0
    assert star_level(Decimal("20")) == 2
    assert star_level(Decimal("50")) == 5


def test_star_level_with_explicit_thresholds():
    assert star_level(Decimal("5"), thresholds=[1, 5, 10]) == 2


def test_hours_total_counts_approved_entries_only(county):
    # given
    credit_make(county, hours="8.00")
    credit_make(county, hours="4.00", status=EntryStatus.PENDING)
    # then
    assert volunteer_hours_total(volunteer=county.volunteers["own"]) == Decimal("8.00")
    assert volunteer_hours_total(volunteer=county.volunteers["sibling"]) == Decimal("0.00")
