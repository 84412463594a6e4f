import pytest

from tests.api.conftest import FULL_ID_NUMBERS, FULL_PHONES, client_as
from wenming.regions.roles import Role
from wenming.volunteers.models import Volunteer, VolunteerStatus

VOLUNTEER_FIELDS = {
    "id",
    "volunteer_number",
    "name",
    "gender",
    "gender_display",
    "birth_year",
    "region_code",
    "region_name",
    "status",
    "status_display",
    "id_number_masked",
    "phone_masked",
}


def names(response):
    return [item["name"] for item in response.json()["items"]]


def test_station_admin_lists_only_own_village_volunteers(api_county):
    client = client_as(api_county.users[Role.STATION_ADMIN])
    response = client.get("/api/v1/volunteers")
    assert response.status_code == 200
    assert names(response) == ["张东兴"]
    assert response.json()["count"] == 1


def test_station_admin_gets_404_for_sibling_village_volunteer_like_a_missing_one(api_county):
    client = client_as(api_county.users[Role.STATION_ADMIN])
    sibling = client.get(f"/api/v1/volunteers/{api_county.targets['volunteers']['sibling']}")
    missing = client.get("/api/v1/volunteers/999999")
    assert sibling.status_code == missing.status_code == 404
    assert sibling.json() == missing.json() == {"code": "not_found", "message": "志愿者不存在。", "field": "id"}


def test_station_admin_reads_own_village_volunteer_masked(api_county):
    own = api_county.county.volunteers["own"]
    response = client_as(api_county.users[Role.STATION_ADMIN]).get(f"/api/v1/volunteers/{own.pk}")
    assert response.status_code == 200
    assert response.json() == {
        "id": own.pk,
        "volunteer_number": own.volunteer_number,
        "name": "张东兴",
        "gender": own.gender,
        "gender_display": own.get_gender_display(),
        "birth_year": 1980,
        "region_code": "230781100201",
        "region_name": "东兴村",
        "status": "active",
        "status_display": "在册",
        "id_number_masked": FULL_ID_NUMBERS[0][:3] + "*" * 11 + FULL_ID_NUMBERS[0][-4:],
        "phone_masked": "138****0001",
    }


def test_township_admin_sees_both_villages_and_the_township(api_county):
    client = client_as(api_county.users[Role.TOWNSHIP_ADMIN])
    assert sorted(names(client.get("/api/v1/volunteers"))) == sorted(["张东兴", "李西林", "王镇上"])
    assert client.get(f"/api/v1/volunteers/{api_county.targets['volunteers']['sibling']}").status_code == 200


def test_volunteer_list_filters_by_region_subtree_status_and_name(api_county):
    client = client_as(api_county.users[Role.COUNTY_ADMIN])
    Volunteer.objects.filter(name="李西林").update(status=VolunteerStatus.SUSPENDED)
    assert names(client.get("/api/v1/volunteers", {"region_code": "230781100202"})) == ["李西林"]
    assert sorted(names(client.get("/api/v1/volunteers", {"region_code": "230781100"}))) == sorted(
        ["张东兴", "李西林", "王镇上"]
    )
    assert sorted(names(client.get("/api/v1/volunteers", {"status": "active"}))) == sorted(["张东兴", "王镇上"])
    assert names(client.get("/api/v1/volunteers", {"search": "西林"})) == ["李西林"]
    number = api_county.county.volunteers["township"].volunteer_number
    assert names(client.get("/api/v1/volunteers", {"search": number})) == ["王镇上"]


def test_volunteer_list_region_filter_cannot_widen_the_scope(api_county):
    client = client_as(api_county.users[Role.STATION_ADMIN])
    assert names(client.get("/api/v1/volunteers", {"region_code": "230781100202"})) == []
    assert names(client.get("/api/v1/volunteers", {"region_code": "230781"})) == ["张东兴"]


def test_volunteer_list_is_paginated(api_county):
    client = client_as(api_county.users[Role.COUNTY_ADMIN])
    response = client.get("/api/v1/volunteers", {"page": 2, "page_size": 2})
    assert response.status_code == 200
    assert response.json()["count"] == 3
    assert len(response.json()["items"]) == 1


def test_volunteer_list_refuses_an_unknown_status_with_the_field_named(api_county):
    client = client_as(api_county.users[Role.COUNTY_ADMIN])
    response = client.get("/api/v1/volunteers", {"status": "retired"})
    assert response.status_code == 422
    assert response.json() == {"code": "invalid", "message": "请求参数无效。", "field": "status"}


@pytest.mark.parametrize("role", [Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN, Role.STATION_ADMIN, Role.VOLUNTEER])
def test_volunteer_responses_carry_only_masked_numbers(api_county, role):
    client = client_as(api_county.users[role])
    bodies = [client.get("/api/v1/volunteers").content.decode()]
    for volunteer_id in api_county.targets["volunteers"].values():
        bodies.append(client.get(f"/api/v1/volunteers/{volunteer_id}").content.decode())
    for body in bodies:
        for full in FULL_ID_NUMBERS + FULL_PHONES:
            assert full not in body
        assert "encrypted" not in body
        assert "hash" not in body
    for item in client.get("/api/v1/volunteers").json()["items"]:
        assert set(item) == VOLUNTEER_FIELDS
        assert "*" in item["id_number_masked"]
        assert "****" in item["phone_masked"]
