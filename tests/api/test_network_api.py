"""Regions, sites and teams: scoped lists, filters and details."""

from tests.api.conftest import client_as
from wenming.regions.roles import Role


def test_region_list_filters_by_level_and_parent(api_county):
    client = client_as(api_county.users[Role.COUNTY_ADMIN])
    villages = client.get("/api/v1/regions", {"level": "village"}).json()
    assert [region["code"] for region in villages] == ["230781100201", "230781100202"]
    children = client.get("/api/v1/regions", {"parent_code": "230781"}).json()
    assert children == [
        {
            "code": "230781100",
            "name": "铁力镇",
            "level": "township",
            "level_display": "乡镇（街道）",
            "parent_code": "230781",
            "is_community": False,
            "population": None,
        }
    ]


def test_county_admin_does_not_see_the_city_above(api_county):
    client = client_as(api_county.users[Role.COUNTY_ADMIN])
    codes = [region["code"] for region in client.get("/api/v1/regions").json()]
    assert codes == ["230781", "230781100", "230781100201", "230781100202"]
    assert client.get("/api/v1/regions/230700").status_code == 404


def test_region_detail(api_county):
    response = client_as(api_county.users[Role.STATION_ADMIN]).get("/api/v1/regions/230781100201")
    assert response.status_code == 200
    assert response.json()["name"] == "东兴村"
    assert response.json()["parent_code"] == "230781100"


def test_site_list_filters_by_kind_and_region_subtree(api_county):
    client = client_as(api_county.users[Role.COUNTY_ADMIN])
    stations = client.get("/api/v1/sites", {"kind": "station"}).json()
    assert [site["name"] for site in stations] == ["东兴村新时代文明实践站", "西林村新时代文明实践站"]
    in_township = client.get("/api/v1/sites", {"region_code": "230781100"}).json()
    assert [site["name"] for site in in_township] == [
        "铁力镇新时代文明实践所",
        "东兴村新时代文明实践站",
        "西林村新时代文明实践站",
    ]
    assert client.get("/api/v1/sites", {"kind": "castle"}).status_code == 422


def test_site_detail_shows_parent_and_masks_the_contact_phone(api_county):
    station = api_county.county.station
    station.contact_name = "赵站长"
    station.contact_phone = "13900001111"
    station.save()
    body = client_as(api_county.users[Role.STATION_ADMIN]).get(f"/api/v1/sites/{station.pk}").json()
    assert body["kind"] == "station"
    assert body["kind_display"] == "新时代文明实践站"
    assert body["region_code"] == "230781100201"
    assert body["parent_id"] == api_county.county.institute.pk
    assert body["parent_name"] == "铁力镇新时代文明实践所"
    assert body["contact_phone_masked"] == "139****1111"
    assert "13900001111" not in str(body)


def test_team_list_and_detail(api_county):
    client = client_as(api_county.users[Role.TEAM_LEADER])
    teams = client.get("/api/v1/teams").json()
    assert [team["name"] for team in teams] == ["东兴村理论宣讲队"]
    assert teams[0]["category_code"] == "theory"
    assert teams[0]["home_site_name"] == "东兴村新时代文明实践站"
    county_client = client_as(api_county.users[Role.COUNTY_ADMIN])
    in_sibling = county_client.get("/api/v1/teams", {"region_code": "230781100202"}).json()
    assert [team["name"] for team in in_sibling] == ["西林村文化服务队"]
    assert [team["name"] for team in county_client.get("/api/v1/teams", {"category": "culture"}).json()] == []
    sibling_id = api_county.targets["teams"]["sibling"]
    assert client.get(f"/api/v1/teams/{sibling_id}").status_code == 404
    assert county_client.get(f"/api/v1/teams/{sibling_id}").json()["region_name"] == "西林村"
