from tests.api.conftest import client_as
from wenming.accounts.models import User
from wenming.regions.roles import Role

NO_AWARDS = {
    "city_excellent_project": 0,
    "city_contest_prize": 0,
    "city_organization_prize": 0,
    "province_contribution": 0,
    "province_excellent_volunteer": 0,
    "province_excellent_community": 0,
}


def test_county_admin_gets_the_county_figures(api_county):
    response = client_as(api_county.users[Role.COUNTY_ADMIN]).get("/api/v1/figures")
    assert response.status_code == 200
    assert response.json() == {
        "region": {"code": "230781", "name": "铁力市"},
        "figures": {
            "three_tier_sites": 4,
            "service_posts": 0,
            "volunteer_squares": 0,
            "practice_points": 0,
            "policy_documents": 0,
            "paired_units": 0,
            "pairing_joint_activities": 0,
            "service_orders": 0,
            "teams": 3,
            "registered_volunteers": 3,
            "service_hours": 0,
            "trainings": {"sessions": 0, "participations": 0},
            "brand_projects": 0,
            "themed_activities": {"activities": 0, "participations": 0},
            "awards": NO_AWARDS,
        },
    }


def test_station_admin_gets_its_village_figures(api_county):
    body = client_as(api_county.users[Role.STATION_ADMIN]).get("/api/v1/figures").json()
    assert body["region"] == {"code": "230781100201", "name": "东兴村"}
    assert body["figures"]["three_tier_sites"] == 1
    assert body["figures"]["registered_volunteers"] == 1
    assert body["figures"]["teams"] == 1


def test_user_without_a_role_is_refused_with_the_error_body(api_county):
    nobody = User.objects.create_user(username="nobody", password="unused-password-1")
    response = client_as(nobody).get("/api/v1/figures")
    assert response.status_code == 403
    assert response.json() == {"code": "permission_denied", "message": "没有可查看统计数据的区划范围。", "field": None}
