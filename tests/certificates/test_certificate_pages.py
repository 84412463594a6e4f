"""The certificate pages: public verification, PDF download, the volunteer's list and request, staff issue."""

import pytest
from django.urls import reverse

from tests.api.conftest import client_as
from tests.certificates.builders import activity_make, certificate_for_activity, credit_make
from tests.factories import id_number_for
from wenming.certificates.models import Certificate
from wenming.certificates.services import certificate_revoke
from wenming.regions.roles import Role

FULL_ID_NUMBER = id_number_for("19800101", 1)


@pytest.fixture
def certificate(county):
    return certificate_for_activity(county)


def test_verify_page_shows_masked_data_and_valid_without_login(client, certificate):
    # when
    response = client.get(reverse("certificates:verify", kwargs={"token": certificate.verification_token}))
    # then
    html = response.content.decode()
    assert response.status_code == 200
    for expected in (
        certificate.serial_number,
        "张东兴",
        certificate.id_number_masked,
        certificate.volunteer_number,
        "2.50 小时",
        "东兴村新时代文明实践站",
        certificate.issued_on.isoformat(),
        "该证明真实有效。",
    ):
        assert expected in html, expected
    assert FULL_ID_NUMBER not in html
    assert "已撤销" not in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_verify_page_of_a_revoked_certificate_says_revoked(client, county, certificate):
    certificate_revoke(certificate_id=certificate.pk, reason="重复开具", acting_user=county.users[Role.COUNTY_ADMIN])
    response = client.get(reverse("certificates:verify", kwargs={"token": certificate.verification_token}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "已撤销" in html
    assert "该证明真实有效。" not in html
    assert "重复开具" not in html  # the reason is for the record, not for the public


def test_unknown_token_is_a_404_page_in_chinese(client, db):
    response = client.get(reverse("certificates:verify", kwargs={"token": "no-such-token"}))
    assert response.status_code == 404
    assert "证明编号不存在" in response.content.decode()


def test_volunteer_downloads_their_own_pdf_as_an_attachment(county, certificate):
    response = client_as(county.users[Role.VOLUNTEER]).get(
        reverse("certificates:pdf", kwargs={"certificate_id": certificate.pk})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{certificate.serial_number}.pdf"'
    assert response.content.startswith(b"%PDF-")


def test_a_volunteer_cannot_download_another_volunteers_certificate(county):
    other = certificate_for_activity(county, volunteer_key="sibling", site=county.sibling_station)
    response = client_as(county.users[Role.VOLUNTEER]).get(
        reverse("certificates:pdf", kwargs={"certificate_id": other.pk})
    )
    assert response.status_code == 404


def test_my_certificates_lists_mine_and_offers_the_activities_without_one(county, certificate):
    waiting = activity_make(county, title="植树护绿", day=8)
    credit_make(county, activity=waiting, hours="1.50")
    response = client_as(county.users[Role.VOLUNTEER]).get(reverse("certificates:mine"))
    html = response.content.decode()
    assert response.status_code == 200
    assert certificate.serial_number in html
    assert "植树护绿" in html
    assert "为该活动申请证明" in html
    assert html.count("为该活动申请证明") == 1  # the certified activity is not offered again


def test_volunteer_requests_a_certificate_with_htmx_and_gets_the_row_back(county):
    waiting = activity_make(county, title="植树护绿", day=8)
    credit_make(county, activity=waiting, hours="1.50")
    browser = client_as(county.users[Role.VOLUNTEER])
    # when
    response = browser.post(reverse("certificates:request"), {"activity": waiting.pk}, HTTP_HX_REQUEST="true")
    # then
    certificate = Certificate.objects.get()
    assert response.status_code == 200
    assert certificate.serial_number in response.content.decode()
    assert (certificate.activity, certificate.issuer_site) == (waiting, county.station)
    assert "<html" not in response.content.decode()


def test_a_request_without_approved_hours_is_refused_on_the_page(county):
    pending = activity_make(county, title="植树护绿", day=8)
    credit_make(county, activity=pending, status="pending")
    response = client_as(county.users[Role.VOLUNTEER]).post(
        reverse("certificates:request"), {"activity": pending.pk}, follow=True
    )
    assert "所选范围内没有已审核的志愿服务时长，无法出具证明。" in response.content.decode()
    assert Certificate.objects.count() == 0


def test_staff_issue_a_certificate_by_volunteer_number(county):
    credit_make(county, hours="3.00")
    browser = client_as(county.users[Role.STATION_ADMIN])
    volunteer = county.volunteers["own"]
    # when
    response = browser.post(
        reverse("certificates:issue"),
        {"volunteer_number": volunteer.volunteer_number, "issuer_site": county.station.pk, "notes": "升学用"},
    )
    # then
    assert response.status_code == 302
    certificate = Certificate.objects.get()
    assert (certificate.volunteer, certificate.hours, certificate.notes) == (volunteer, 3, "升学用")
    page = browser.get(reverse("certificates:issue")).content.decode()
    assert certificate.serial_number in page


def test_issue_form_reports_field_errors_in_chinese_and_writes_nothing(county):
    credit_make(county)
    browser = client_as(county.users[Role.STATION_ADMIN])
    response = browser.post(
        reverse("certificates:issue"),
        {
            "volunteer_number": "NO-SUCH",
            "issuer_site": county.sibling_station.pk,  # outside the station admin's village
            "period_from": "2024-02-01",
            "period_to": "2024-01-01",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "未找到该志愿者编号，或该志愿者不在您的管辖范围内。" in html
    assert "选择一个有效的选项" in html
    assert "截止日期不能早于起始日期。" in html
    assert Certificate.objects.count() == 0


def test_issue_without_approved_hours_is_refused_on_the_form(county):
    response = client_as(county.users[Role.COUNTY_ADMIN]).post(
        reverse("certificates:issue"),
        {"volunteer_number": county.volunteers["own"].volunteer_number, "issuer_site": county.station.pk},
    )
    assert response.status_code == 400
    assert "所选范围内没有已审核的志愿服务时长，无法出具证明。" in response.content.decode()
    assert Certificate.objects.count() == 0


def test_issue_page_is_for_admins_only(county):
    for role in (Role.VOLUNTEER, Role.TEAM_LEADER, Role.VIEWER):
        assert client_as(county.users[role]).get(reverse("certificates:issue")).status_code == 403


def test_staff_revoke_with_htmx_and_get_the_row_back(county, certificate):
    browser = client_as(county.users[Role.STATION_ADMIN])
    url = reverse("certificates:revoke", kwargs={"certificate_id": certificate.pk})
    refused = browser.post(url, {"reason": ""}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 400
    assert Certificate.objects.get().revoked_at is None
    response = browser.post(url, {"reason": "重复开具"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "已撤销" in response.content.decode()
    assert Certificate.objects.get().revoke_reason == "重复开具"
