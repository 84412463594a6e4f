import io

import openpyxl
import pytest

from tests.api.conftest import client_as
from tests.trainings.builders import enrol, held, training_make
from wenming.accounts.models import AuditEvent
from wenming.regions.roles import Role
from wenming.trainings.models import Training, TrainingAttendance

JSON = "application/json"


def _sheet(response):
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_api_list_filters_by_status_and_region_with_pinned_queries(county, django_assert_num_queries):
    own = training_make(county)
    training_make(county, site=county.sibling_station, publish=False)
    browser = client_as(county.users[Role.COUNTY_ADMIN])
    browser.get("/api/v1/trainings")  # warm the session
    with django_assert_num_queries(6):  # session, user, assignments, the filter's region, count, page
        response = browser.get(f"/api/v1/trainings?status=published&region_code={county.village.code}")
    assert response.status_code == 200
    assert [(item["id"], item["enrolled_count"], item["present_count"]) for item in response.json()["items"]] == [
        (own.pk, 0, 0)
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("region_code=12%2Fx", "region_code"),
        ("starts_from=99999-01-01", "starts_from"),
        ("status=bogus", "status"),
        ("page=99999999999", "page"),
    ],
)
def test_api_list_refuses_junk_naming_the_field(county, query, field):
    response = client_as(county.users[Role.COUNTY_ADMIN]).get(f"/api/v1/trainings?{query}")
    assert response.status_code == 422
    assert response.json()["field"] == field


def test_api_create_with_bad_input_names_the_field_and_writes_nothing(county):
    body = {
        "title": "培训",
        "organizer_site_id": county.station.pk,
        "place": "报告厅",
        "starts_at": "2030-05-01T09:00:00+08:00",
        "ends_at": "2030-05-01T08:00:00+08:00",
        "capacity": 10,
    }
    browser = client_as(county.users[Role.COUNTY_ADMIN])
    response = browser.post("/api/v1/trainings", body, content_type=JSON)
    assert (response.status_code, response.json()["field"], response.json()["message"]) == (
        400,
        "ends_at",
        "结束时间必须晚于开始时间。",
    )
    response = browser.post("/api/v1/trainings", {**body, "capacity": 10**12}, content_type=JSON)
    assert (response.status_code, response.json()["field"]) == (422, "capacity")
    response = browser.post(
        "/api/v1/trainings",
        {**body, "ends_at": "2030-05-01T11:00:00+08:00", "qualifies_skill_id": 99},
        content_type=JSON,
    )
    assert (response.status_code, response.json()["field"]) == (400, "qualifies_skill_id")
    assert Training.objects.count() == 0


def test_api_export_matches_the_filters(county):
    training_make(county, title="东兴村培训")
    training_make(county, site=county.sibling_station, title="西林村培训")
    response = client_as(county.users[Role.TOWNSHIP_ADMIN]).get(
        f"/api/v1/trainings/export?region_code={county.sibling_village.code}"
    )
    rows = _sheet(response)
    assert rows[0][:3] == ["培训名称", "主题", "授课人"]
    assert [row[0] for row in rows[1:]] == ["西林村培训"]


def test_roster_api_and_export_mask_phones_unless_an_admin_gives_a_reason(county, training):
    enrol(county, training, county.volunteers["own"])
    admin = client_as(county.users[Role.COUNTY_ADMIN])
    roster = admin.get(f"/api/v1/trainings/{training.pk}/roster").json()
    assert [(row["volunteer_name"], row["phone_masked"], row["status"]) for row in roster] == [
        ("张东兴", "138****0001", "enrolled")
    ]
    masked = _sheet(admin.get(f"/api/v1/trainings/{training.pk}/roster/export"))
    assert masked[1][1:4] == ["张东兴", county.volunteers["own"].id_number_masked, "138****0001"]
    audits = AuditEvent.objects.count()
    refused = admin.get(f"/api/v1/trainings/{training.pk}/roster/export?unmasked=true")
    assert (refused.status_code, refused.json()["field"]) == (400, "reason")
    assert AuditEvent.objects.count() == audits
    full = _sheet(admin.get(f"/api/v1/trainings/{training.pk}/roster/export?unmasked=true&reason=保险投保"))
    assert full[1][3] == "13812340001"
    assert len(full[1][2]) == 18
    assert AuditEvent.objects.count() == audits + 1
    station = client_as(county.users[Role.STATION_ADMIN])
    assert station.get(f"/api/v1/trainings/{training.pk}/roster/export?unmasked=true&reason=核对").status_code == 403


def test_api_attendance_needs_volunteers_or_all_enrolled(county, training):
    enrol(county, training, county.volunteers["own"])
    held(training)
    browser = client_as(county.users[Role.COUNTY_ADMIN])
    url = f"/api/v1/trainings/{training.pk}/attendance"
    response = browser.post(url, {"is_present": True}, content_type=JSON)
    assert (response.status_code, response.json()["field"]) == (400, "volunteer_ids")
    assert TrainingAttendance.objects.filter(is_present=True).count() == 0
    response = browser.post(url, {"is_present": True, "all_enrolled": True}, content_type=JSON)
    assert response.json() == {"changed": 1}
    hours = browser.post(f"/api/v1/trainings/{training.pk}/hours", {}, content_type=JSON)
    assert hours.json() == {"proposed": 1, "already_proposed": 0}


def test_list_page_filters_counts_and_pinned_queries(county, django_assert_num_queries):
    training = training_make(county)
    enrol(county, training, county.volunteers["own"])
    training_make(county, site=county.sibling_station, title="西林村培训")
    browser = client_as(county.users[Role.COUNTY_ADMIN])
    browser.get("/trainings/")
    with django_assert_num_queries(6):  # session, user, assignments, the filter's region, count, page
        response = browser.get(f"/trainings/?region_code={county.village.code}")
    body = response.content.decode()
    assert response.status_code == 200
    assert training.title in body and "西林村培训" not in body
    assert "1 / 5" in body


def test_list_page_refuses_a_reversed_period(county):
    response = client_as(county.users[Role.COUNTY_ADMIN]).get("/trainings/?starts_from=2024-05-02&starts_to=2024-05-01")
    assert response.status_code == 400
    assert "截止日期不能早于起始日期。" in response.content.decode()


def test_page_export_matches_the_list_filters(county):
    training_make(county, title="东兴村培训")
    training_make(county, site=county.sibling_station, title="西林村培训", publish=False)
    response = client_as(county.users[Role.COUNTY_ADMIN]).get("/trainings/export/?status=draft")
    assert [row[0] for row in _sheet(response)[1:]] == ["西林村培训"]


def test_detail_page_shows_the_roster_masked_and_htmx_marks_all_present(county, training):
    enrol(county, training, county.volunteers["own"])
    held(training)
    browser = client_as(county.users[Role.STATION_ADMIN])
    page = browser.get(f"/trainings/{training.pk}/").content.decode()
    assert "138****0001" in page and "13812340001" not in page
    response = browser.post(f"/trainings/{training.pk}/marks/", {"action": "all_present"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "已更新 1 人。" in response.content.decode()
    assert TrainingAttendance.objects.get().is_present is True


def test_marks_page_refuses_a_volunteer_not_on_the_roster(county, training):
    enrol(county, training, county.volunteers["own"])
    held(training)
    response = client_as(county.users[Role.STATION_ADMIN]).post(
        f"/trainings/{training.pk}/marks/",
        {"action": "present", "volunteer_ids": ["999"]},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert TrainingAttendance.objects.filter(is_present=True).count() == 0


def test_create_page_shows_the_field_error_and_writes_nothing(county):
    response = client_as(county.users[Role.STATION_ADMIN]).post(
        "/trainings/new/",
        {
            "title": "培训",
            "organizer_site": county.station.pk,
            "place": "村委会",
            "starts_at": "2030-05-01T09:00",
            "ends_at": "2030-05-01T08:00",
            "capacity": "10",
            "credit_hours": "0",
        },
    )
    assert response.status_code == 400
    assert "结束时间必须晚于开始时间。" in response.content.decode()
    assert Training.objects.count() == 0


def test_mine_page_enrols_and_cancels(county, training):
    browser = client_as(county.users[Role.VOLUNTEER])
    assert training.title in browser.get("/trainings/mine/").content.decode()
    browser.post(f"/trainings/{training.pk}/enrol/")
    attendance = TrainingAttendance.objects.get()
    assert (attendance.volunteer, attendance.status) == (county.volunteers["own"], "enrolled")
    browser.post(f"/trainings/enrolments/{attendance.pk}/cancel/")
    assert TrainingAttendance.objects.get().status == "cancelled"
