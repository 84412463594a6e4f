"""The region tree: code rules per level, the materialized path, subtree queries by prefix."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from wenming.regions.models import Region, RegionLevel
from wenming.regions.selectors import region_subtree


def unsaved(code: str, level: str, parent: Region | None) -> Region:
    return Region(code=code, name="测试", level=level, parent=parent)


@pytest.mark.parametrize(
    ("code", "level", "parent_key"),
    [
        ("2307811", RegionLevel.COUNTY, "city"),
        ("23078110", RegionLevel.TOWNSHIP, "county"),
        ("230781100203", RegionLevel.TOWNSHIP, "county"),
        ("230781100", RegionLevel.VILLAGE, "township"),
    ],
)
def test_code_length_per_level_is_checked(county, code, level, parent_key):
    with pytest.raises(ValidationError) as caught:
        unsaved(code, level, getattr(county, parent_key)).clean()
    assert list(caught.value.message_dict) == ["code"]


@pytest.mark.parametrize(
    ("code", "level", "parent_key"),
    [
        ("230782100", RegionLevel.TOWNSHIP, "county"),
        ("230781200201", RegionLevel.VILLAGE, "township"),
    ],
)
def test_child_code_must_start_with_parent_code(county, code, level, parent_key):
    with pytest.raises(ValidationError) as caught:
        unsaved(code, level, getattr(county, parent_key)).clean()
    assert list(caught.value.message_dict) == ["code"]


@pytest.mark.parametrize(
    ("code", "level", "parent_key"),
    [
        ("230781101", RegionLevel.TOWNSHIP, "township"),
        ("230781100", RegionLevel.TOWNSHIP, "village"),
        ("230700", RegionLevel.CITY, "county"),
    ],
)
def test_parent_must_be_of_a_higher_level(county, code, level, parent_key):
    with pytest.raises(ValidationError) as caught:
        unsaved(code, level, getattr(county, parent_key)).clean()
    assert list(caught.value.message_dict) == ["parent"]


def test_valid_child_passes_clean(county):
    unsaved("230781100203", RegionLevel.VILLAGE, county.township).clean()
    unsaved("230781101", RegionLevel.TOWNSHIP, county.county).clean()


def test_path_is_computed_on_save(county):
    assert county.province.path == "230000/"
    assert county.county.path == "230000/230700/230781/"
    assert county.village.path == "230000/230700/230781/230781100/230781100201/"
    new = Region.objects.create(code="230781100203", name="新村", level=RegionLevel.VILLAGE, parent=county.township)
    assert Region.objects.get(pk=new.pk).path == "230000/230700/230781/230781100/230781100203/"


def test_subtree_is_a_path_prefix_query(county):
    other_county = Region.objects.create(code="230722", name="嘉荫县", level=RegionLevel.COUNTY, parent=county.city)
    assert set(region_subtree(county.township).values_list("code", flat=True)) == {
        "230781100",
        "230781100201",
        "230781100202",
    }
    assert set(region_subtree(county.city).values_list("code", flat=True)) == {
        "230700",
        "230781",
        "230781100",
        "230781100201",
        "230781100202",
        other_county.code,
    }
    assert list(region_subtree(county.village).values_list("code", flat=True)) == ["230781100201"]


def test_code_pattern_is_a_database_constraint(county):
    with pytest.raises(IntegrityError), transaction.atomic():
        Region.objects.create(code="23078", name="坏代码", level=RegionLevel.COUNTY, parent=county.city)
    assert not Region.objects.filter(code="23078").exists()


def test_codes_are_unique(county):
    with pytest.raises(IntegrityError), transaction.atomic():
        Region.objects.create(code="230781", name="重复", level=RegionLevel.COUNTY, parent=county.city)
    assert Region.objects.filter(code="230781").count() == 1
