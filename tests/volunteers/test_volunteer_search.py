"""Search by name (traditional characters folded), pinyin, initials, number, phone tail, tags and skills,
always within the user's scope; every text match goes through an index."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import volunteer_make
from tests.volunteers.builders import tags_and_skills
from wenming.regions.roles import Role
from wenming.volunteers.models import Volunteer
from wenming.volunteers.selectors import volunteer_search


def names(queryset) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(volunteer.name for volunteer in queryset)


@pytest.fixture
def people(county):  # type: ignore[no-untyped-def]
    return {
        "zyz": volunteer_make(county.village, "张永志", 11),
        "zy": volunteer_make(county.village, "张勇", 12),
        "tieli": volunteer_make(county.village, "铁力红", 13),
        "sibling_zyz": volunteer_make(county.sibling_village, "赵云钊", 14),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("zyz", ["张永志", "赵云钊"]),
        ("ZYZ", ["张永志", "赵云钊"]),
        ("zy", ["张勇", "张永志", "赵云钊"]),
        ("zhangyong", ["张勇", "张永志"]),
        ("zhangyongzhi", ["张永志"]),
        ("张永", ["张永志"]),
        ("鐵力", ["铁力红"]),
        ("铁力", ["铁力红"]),
        ("张 永 志", ["张永志"]),
        ("xyz", []),
    ],
)
def test_county_admin_finds_by_name_pinyin_and_initials(county, people, query, expected):
    found = volunteer_search(user=county.users[Role.COUNTY_ADMIN], query=query)
    assert names(found) == sorted(expected)


def test_volunteer_number_exact_and_prefix(county, people):
    admin = county.users[Role.COUNTY_ADMIN]
    number = people["zyz"].volunteer_number
    assert names(volunteer_search(user=admin, query=number)) == ["张永志"]
    assert (
        len(volunteer_search(user=admin, query=number[:-1]))
        == Volunteer.objects.filter(volunteer_number__startswith=number[:-1]).count()
    )


def test_phone_tail_of_four_or_more_digits(county, people):
    admin = county.users[Role.COUNTY_ADMIN]
    # volunteer_make gives 1381234{sequence:04d}: 张永志 is 13812340011
    assert names(volunteer_search(user=admin, query="0011")) == ["张永志"]
    assert names(volunteer_search(user=admin, query="40011")) == ["张永志"]
    assert names(volunteer_search(user=admin, query="13812340011")) == ["张永志"]
    assert names(volunteer_search(user=admin, query="011")) == []  # three digits are no phone tail


def test_station_admin_never_finds_a_sibling_villages_volunteer(county, people):
    station_admin = county.users[Role.STATION_ADMIN]
    assert names(volunteer_search(user=station_admin, query="zyz")) == ["张永志"]
    assert names(volunteer_search(user=station_admin, query="赵云钊")) == []
    assert names(volunteer_search(user=station_admin, query="0014")) == []
    assert names(volunteer_search(user=station_admin, query=people["sibling_zyz"].volunteer_number)) == []


def test_tags_and_skills_must_all_be_held(county, people):
    found = tags_and_skills()
    people["zyz"].tags.add(found["teacher"], found["cadre"])
    people["zy"].tags.add(found["teacher"])
    people["zy"].skills.add(found["medical"])
    admin = county.users[Role.COUNTY_ADMIN]
    assert names(volunteer_search(user=admin, tags=["wulao-teacher"])) == ["张勇", "张永志"]
    assert names(volunteer_search(user=admin, tags=["wulao-teacher", "wulao-cadre"])) == ["张永志"]
    assert names(volunteer_search(user=admin, tags=["wulao-teacher"], skills=["medical"])) == ["张勇"]
    assert names(volunteer_search(user=admin, query="zyz", tags=["wulao-teacher"])) == ["张永志"]


def test_status_and_region_filters(county, people):
    Volunteer.objects.filter(pk=people["zy"].pk).update(status="suspended")
    admin = county.users[Role.COUNTY_ADMIN]
    assert names(volunteer_search(user=admin, query="zy", status="active")) == ["张永志", "赵云钊"]
    assert names(volunteer_search(user=admin, query="zyz", region_code=county.sibling_village.code)) == ["赵云钊"]


def test_junk_queries_match_nothing_and_never_fail(county, people):
    admin = county.users[Role.COUNTY_ADMIN]
    for query in ["%", "_", "\\", "'--", "\U0010ffff", "\ud7ff", "9" * 200]:
        assert list(volunteer_search(user=admin, query=query)) == []


def test_initials_search_uses_the_index(county, people):
    admin = county.users[Role.COUNTY_ADMIN]
    with CaptureQueriesContext(connection) as captured:
        list(volunteer_search(user=admin, query="zyz"))
    sql = captured.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        cursor.execute(("EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ") + sql)
        plan = " ".join(str(row) for row in cursor.fetchall())
    if connection.vendor == "sqlite":
        assert "name_initials" in plan  # an index of the initials answers, not a scan of the table
        assert "SCAN volunteers_volunteer" not in plan
    else:
        assert "LIKE 'zyz%'" in sql  # a prefix: the `_like` pattern index answers it
