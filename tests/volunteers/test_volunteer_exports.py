"""Excel export of the volunteer list: the list's filters, masked by default, full numbers only for
county and township admins with a reason (audited), refused to a station admin."""

import io

import openpyxl
import pytest

from tests.api.conftest import FULL_ID_NUMBERS, FULL_PHONES, client_as
from wenming.accounts.models import AuditAction, AuditEvent
from wenming.regions.roles import Role


def sheet_rows(response) -> list[list]:  # type: ignore[no-untyped-def]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_page_export_is_masked_and_matches_the_filters(client, county):
    browser = client_as(county.users[Role.COUNTY_ADMIN])
    response = browser.get("/volunteers/export/", {"q": "zdx"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = sheet_rows(response)
    assert rows[0][:6] == ["志愿者编号", "姓名", "性别", "出生年份", "身份证号", "手机号"]
    own = county.volunteers["own"]
    assert rows[1:] == [
        [
            own.volunteer_number,
            "张东兴",
            "男",
            1980,
            own.id_number_masked,
            "138****0001",
            "东兴村",
            "在册",
            "工作人员录入",
            "2023-03-01 09:00",
            "",
            "",
            "东兴村理论宣讲队",
            "否",
        ]
    ]
    assert not AuditEvent.objects.exists()


def test_unmasked_export_by_township_admin_is_audited(client, county):
    browser = client_as(county.users[Role.TOWNSHIP_ADMIN])
    response = browser.post("/volunteers/export/?status=active", {"unmasked": "on", "reason": "办理意外保险"})
    assert response.status_code == 200
    rows = sheet_rows(response)
    assert sorted(row[4] for row in rows[1:]) == sorted(FULL_ID_NUMBERS)
    assert sorted(row[5] for row in rows[1:]) == sorted(FULL_PHONES)
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id, event.region_id, event.reason) == (
        AuditAction.PERSONAL_DATA_EXPORTED,
        county.users[Role.TOWNSHIP_ADMIN].pk,
        county.township.pk,
        "志愿者名册：办理意外保险",
    )


def test_unmasked_export_without_reason_is_refused_and_not_audited(client, county):
    browser = client_as(county.users[Role.COUNTY_ADMIN])
    response = browser.post("/volunteers/export/", {"unmasked": "on", "reason": ""})
    assert response.status_code == 302
    assert not AuditEvent.objects.exists()


def test_unmasked_export_is_refused_to_a_station_admin(client, county):
    browser = client_as(county.users[Role.STATION_ADMIN])
    response = browser.post("/volunteers/export/", {"unmasked": "on", "reason": "办理意外保险"})
    assert response.status_code == 403
    assert not AuditEvent.objects.exists()


def test_station_admin_masked_export_holds_only_the_own_village(client, county):
    rows = sheet_rows(client_as(county.users[Role.STATION_ADMIN]).get("/volunteers/export/"))
    assert [row[1] for row in rows[1:]] == ["张东兴"]


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.RESIDENT, Role.VIEWER])
def test_export_page_refused_to_non_staff(client, county, role):
    assert client_as(county.users[role]).get("/volunteers/export/").status_code == 403


def test_api_export_masked_and_filtered(client, county):
    browser = client_as(county.users[Role.COUNTY_ADMIN])
    response = browser.post("/api/v1/volunteers/export", {"q": "lxl"}, content_type="application/json")
    assert response.status_code == 200
    rows = sheet_rows(response)
    assert [(row[1], row[4], row[5]) for row in rows[1:]] == [
        ("李西林", county.volunteers["sibling"].id_number_masked, "138****0002")
    ]


def test_api_unmasked_export_refused_to_station_admin_with_the_error_body(client, county):
    browser = client_as(county.users[Role.STATION_ADMIN])
    response = browser.post(
        "/api/v1/volunteers/export", {"unmasked": True, "reason": "核对"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json() == {
        "code": "permission_denied",
        "message": "只有中心或所管理员可以导出未脱敏的身份证号和手机号。",
        "field": None,
    }
    assert not AuditEvent.objects.exists()
