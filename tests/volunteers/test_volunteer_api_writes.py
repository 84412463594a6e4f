"""The API of registration by staff, review, edits, the list's search parameters; query counts pinned."""

from tests.api.conftest import client_as
from tests.factories import id_number_for, volunteer_make
from tests.volunteers.builders import self_registered, tags_and_skills
from wenming.regions.roles import Role
from wenming.volunteers.models import Volunteer, VolunteerStatus

JSON = "application/json"


def registration(**overrides):  # type: ignore[no-untyped-def]
    data = {
        "region_code": "230781100201",
        "name": "孙桂兰",
        "id_number": id_number_for("19550505", 41),
        "phone": "13812345041",
        "consents": True,
    }
    data.update(overrides)
    return data


def test_staff_registers_through_the_api(client, county):
    tags_and_skills()
    browser = client_as(county.users[Role.STATION_ADMIN])
    response = browser.post(
        "/api/v1/volunteers", registration(tags=["wulao-teacher"], skills=["medical"]), content_type=JSON
    )
    assert response.status_code == 201, response.content
    body = response.json()
    volunteer = Volunteer.objects.get(name="孙桂兰")
    assert body["id"] == volunteer.pk
    assert body["volunteer_number"] == volunteer.volunteer_number
    assert body["status"] == "active"
    assert body["channel"] == "staff"
    assert body["id_number_masked"] == volunteer.id_number_masked
    assert body["phone_masked"] == "138****5041"
    assert body["tags"] == ["wulao-teacher"]
    assert body["skills"] == ["medical"]
    assert "13812345041" not in response.content.decode()


def test_api_registration_errors_name_the_field_and_save_nothing(client, county):
    browser = client_as(county.users[Role.STATION_ADMIN])
    before = Volunteer.objects.count()
    response = browser.post("/api/v1/volunteers", registration(id_number="110105198001011234"), content_type=JSON)
    assert response.status_code == 400
    assert response.json()["field"] == "id_number"
    assert response.json()["message"] == "身份证号码校验位错误。"
    response = browser.post("/api/v1/volunteers", registration(region_code="230781100202"), content_type=JSON)
    assert response.status_code == 400
    assert response.json()["field"] == "region_code"
    response = browser.post("/api/v1/volunteers", registration(consents=False), content_type=JSON)
    assert (response.status_code, response.json()["field"]) == (400, "consents")
    assert Volunteer.objects.count() == before


def test_api_duplicate_names_number_and_team_to_an_admin_who_sees_it(client, county):
    own = county.volunteers["own"]
    browser = client_as(county.users[Role.COUNTY_ADMIN])
    response = browser.post(
        "/api/v1/volunteers", registration(id_number=id_number_for("19800101", 1)), content_type=JSON
    )
    assert response.status_code == 400
    assert response.json()["message"] == (
        f"该身份证号码已注册（志愿者编号 {own.volunteer_number}，所在队伍 东兴村理论宣讲队）。"
    )


def test_api_approve_and_reject(client, county):
    first = self_registered(county)
    second = self_registered(county, name="赵东", id_number=id_number_for("19910101", 22), phone="13912340022")
    browser = client_as(county.users[Role.TOWNSHIP_ADMIN])
    response = browser.post(f"/api/v1/volunteers/{first.pk}/approve", {"note": "同意"}, content_type=JSON)
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["review_note"]) == ("active", "同意")
    response = browser.post(f"/api/v1/volunteers/{second.pk}/reject", {"note": ""}, content_type=JSON)
    assert (response.status_code, response.json()["field"]) == (400, "note")
    assert Volunteer.objects.get(pk=second.pk).status == VolunteerStatus.PENDING
    response = browser.post(f"/api/v1/volunteers/{second.pk}/reject", {"note": "重复注册"}, content_type=JSON)
    assert response.json()["status"] == "rejected"


def test_api_update(client, county):
    own = county.volunteers["own"]
    browser = client_as(county.users[Role.STATION_ADMIN])
    response = browser.patch(f"/api/v1/volunteers/{own.pk}", {"status": "withdrawn"}, content_type=JSON)
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    response = browser.patch(f"/api/v1/volunteers/{own.pk}", {"status": "pending"}, content_type=JSON)
    assert (response.status_code, response.json()["field"]) == (400, "status")
    assert Volunteer.objects.get(pk=own.pk).status == VolunteerStatus.WITHDRAWN


def test_api_list_search_parameters(client, county):
    volunteer_make(county.village, "张永志", 11)
    found = tags_and_skills()
    county.volunteers["township"].tags.add(found["teacher"])
    browser = client_as(county.users[Role.COUNTY_ADMIN])

    def names(**params):  # type: ignore[no-untyped-def]
        return sorted(item["name"] for item in browser.get("/api/v1/volunteers", params).json()["items"])

    assert names(q="zyz") == ["张永志"]
    assert names(q="鐵力") == []
    assert names(q="0011") == ["张永志"]
    assert names(tag="wulao-teacher") == ["王镇上"]
    assert names(q="z", search="永") == ["张永志"]


def test_api_search_list_query_count_is_pinned(client, county, django_assert_num_queries):
    browser = client_as(county.users[Role.COUNTY_ADMIN])
    browser.get("/api/v1/volunteers", {"q": "z"})
    for sequence in range(20, 30):
        volunteer_make(county.village, f"张{sequence}", sequence)
    # session, user, assignments, count, page
    with django_assert_num_queries(5):
        response = browser.get("/api/v1/volunteers", {"q": "z", "tag": "wulao-teacher"})
    assert response.status_code == 200
