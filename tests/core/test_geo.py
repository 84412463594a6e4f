"""Coordinates: GCJ-02 from Chinese map pickers converted to the stored WGS-84."""

import pytest
from django.core.exceptions import ValidationError

from wenming.core.geo import coordinates_validate, distance_metres, gcj02_to_wgs84, wgs84_to_gcj02

TIELI_SEAT = (46.98, 128.04)


@pytest.mark.parametrize("point", [TIELI_SEAT, (39.9087, 116.3975), (22.5431, 114.0579), (43.8256, 87.6168)])
def test_gcj02_round_trip_within_a_metre(point):
    gcj = wgs84_to_gcj02(*point)
    # the offset is real (hundreds of metres), so the test would notice a no-op
    assert distance_metres(*point, *gcj) > 100
    back = gcj02_to_wgs84(*gcj)
    assert distance_metres(*point, *back) < 1.0


@pytest.mark.parametrize("point", [(51.5074, -0.1278), (35.6762, 139.6503), (-33.8688, 151.2093)])
def test_points_outside_china_are_unchanged(point):
    assert wgs84_to_gcj02(*point) == point
    assert gcj02_to_wgs84(*point) == point


def test_distance_of_one_degree_of_latitude():
    assert distance_metres(46.0, 128.0, 47.0, 128.0) == pytest.approx(111_195, rel=1e-3)


@pytest.mark.parametrize(
    ("latitude", "longitude", "code"),
    [
        (46.98, None, "coordinates_pair"),
        (None, 128.04, "coordinates_pair"),
        (90.5, 128.04, "latitude"),
        (-91, 128.04, "latitude"),
        (46.98, 180.01, "longitude"),
        (46.98, -181, "longitude"),
    ],
)
def test_coordinates_validate_names_the_reason(latitude, longitude, code):
    with pytest.raises(ValidationError) as caught:
        coordinates_validate(latitude, longitude)
    assert caught.value.code == code


@pytest.mark.parametrize(("latitude", "longitude"), [(None, None), (46.98, 128.04), (-90, -180), (90, 180)])
def test_coordinates_validate_accepts_valid_pairs(latitude, longitude):
    coordinates_validate(latitude, longitude)
