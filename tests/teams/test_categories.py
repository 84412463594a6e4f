"""The "8+N" categories: standing ones configurable per county, plus the county's local ones."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import region_make
from wenming.core.errors import PermissionDeniedError
from wenming.regions.models import RegionLevel
from wenming.regions.roles import Role
from wenming.teams import services
from wenming.teams.models import CountyCategory, TeamCategory
from wenming.teams.selectors import category_list_for_county


@pytest.fixture
def standing(county):
    TeamCategory.objects.create(code="culture", name="文化服务", is_standing=True, position=2)
    TeamCategory.objects.filter(code="theory").update(position=1)
    return county


def _offered(county):
    return [(c.code, c.local_name) for c in category_list_for_county(county=county)]


def test_county_disables_renames_and_reorders(standing):
    county = standing
    admin = county.users[Role.COUNTY_ADMIN]
    culture = TeamCategory.objects.get(code="culture")
    services.county_category_configure(
        county=county.county, category_id=culture.pk, is_enabled=True, name="文化惠民", position=0, acting_user=admin
    )
    assert _offered(county.county) == [("culture", "文化惠民"), ("theory", "理论宣讲")]
    services.county_category_configure(
        county=county.county, category_id=culture.pk, is_enabled=False, acting_user=admin
    )
    assert _offered(county.county) == [("theory", "理论宣讲")]
    # another county is not affected
    other = region_make("230702", "伊美区", RegionLevel.COUNTY, county.city)
    assert _offered(other) == [("theory", "理论宣讲"), ("culture", "文化服务")]


def test_local_category_is_offered_only_in_its_county(standing):
    county = standing
    local = services.team_category_create(
        county=county.county, name="林下经济", position=5, acting_user=county.users[Role.COUNTY_ADMIN]
    )
    assert (local.code, local.region, local.is_standing) == ("local-230781-1", county.county, False)
    assert _offered(county.county) == [("theory", "理论宣讲"), ("culture", "文化服务"), ("local-230781-1", "林下经济")]
    other = region_make("230702", "伊美区", RegionLevel.COUNTY, county.city)
    assert "local-230781-1" not in [code for code, _name in _offered(other)]


def test_duplicate_local_name_and_bad_code_are_refused(standing):
    county = standing
    admin = county.users[Role.COUNTY_ADMIN]
    with pytest.raises(ValidationError) as duplicate:
        services.team_category_create(county=county.county, name="理论宣讲", acting_user=admin)
    with pytest.raises(ValidationError) as bad_code:
        services.team_category_create(county=county.county, name="新类别", code="Bad Code!", acting_user=admin)
    assert duplicate.value.message_dict == {"name": ["本县已有同名服务类别。"]}
    assert bad_code.value.message_dict == {"code": ["编码只能由小写字母、数字和连字符组成，最长40个字符。"]}
    assert TeamCategory.objects.count() == 2


def test_only_county_admins_configure(standing):
    county = standing
    for role in (Role.TOWNSHIP_ADMIN, Role.STATION_ADMIN, Role.TEAM_LEADER, Role.VOLUNTEER, Role.VIEWER):
        with pytest.raises(PermissionDeniedError):
            services.county_category_configure(
                county=county.county,
                category_id=TeamCategory.objects.get(code="culture").pk,
                is_enabled=False,
                acting_user=county.users[role],
            )
        with pytest.raises(PermissionDeniedError):
            services.team_category_create(county=county.county, name="新类别", acting_user=county.users[role])
    assert CountyCategory.objects.count() == 0
    assert TeamCategory.objects.count() == 2
