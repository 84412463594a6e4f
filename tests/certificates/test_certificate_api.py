"""The certificates API: issue, read, revoke and the PDF; the full ID number never leaves the server."""

import pytest

from tests.api.conftest import client_as
from tests.certificates.builders import activity_make, certificate_for_activity, credit_make
from tests.factories import id_number_for
from wenming.certificates.models import Certificate
from wenming.regions.roles import Role

API = "/api/v1/certificates"


def test_admin_issues_for_a_period_and_reads_it_back(county):
    credit_make(county, hours="2.50")
    browser = client_as(county.users[Role.TOWNSHIP_ADMIN])
    volunteer = county.volunteers["own"]
    # when
    response = browser.post(
        API,
        {"volunteer_id": volunteer.pk, "issuer_site_id": county.institute.pk, "period_from": "2024-01-01"},
        content_type="application/json",
    )
    # then
    assert response.status_code == 201, response.content
    body = response.json()
    certificate = Certificate.objects.get()
    assert body["serial_number"] == certificate.serial_number
    assert body["hours"] == "2.50"
    assert body["id_number_masked"] == volunteer.id_number_masked
    assert body["id_type_display"] == "居民身份证"
    assert body["verify_url"] == f"http://testserver/certificates/verify/{certificate.verification_token}/"
    assert id_number_for("19800101", 1) not in response.content.decode()
    assert browser.get(f"{API}/{certificate.pk}").json() == body


def test_volunteer_requests_for_one_activity_through_the_api(county):
    activity = activity_make(county)
    credit_make(county, activity=activity)
    response = client_as(county.users[Role.VOLUNTEER]).post(
        API, {"volunteer_id": county.volunteers["own"].pk, "activity_id": activity.pk}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["activity_id"] == activity.pk
    assert response.json()["issuer_site_id"] == county.station.pk


def test_issue_without_hours_answers_the_error_body(county):
    response = client_as(county.users[Role.COUNTY_ADMIN]).post(
        API,
        {"volunteer_id": county.volunteers["own"].pk, "issuer_site_id": county.station.pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "no_approved_hours",
        "message": "所选范围内没有已审核的志愿服务时长，无法出具证明。",
        "field": None,
    }
    assert Certificate.objects.count() == 0


def test_a_reversed_period_names_the_field(county):
    credit_make(county)
    response = client_as(county.users[Role.COUNTY_ADMIN]).post(
        API,
        {
            "volunteer_id": county.volunteers["own"].pk,
            "issuer_site_id": county.station.pk,
            "period_from": "2024-02-01",
            "period_to": "2024-01-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("invalid", "period_to")


def test_revoke_and_pdf(county):
    certificate = certificate_for_activity(county)
    browser = client_as(county.users[Role.STATION_ADMIN])
    response = browser.post(f"{API}/{certificate.pk}/revoke", {"reason": "重复开具"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["is_revoked"] is True
    pdf = browser.get(f"{API}/{certificate.pk}/pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")


def test_pdf_is_a_binary_response_in_the_schema(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    content = schema["paths"][f"{API}/{{certificate_id}}/pdf"]["get"]["responses"]["200"]["content"]
    assert content == {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}
    properties = schema["components"]["schemas"]["CertificateOut"]["properties"]
    assert "id_number_masked" in properties
    assert not {"verification_token", "id_number", "id_number_encrypted"} & set(properties)


@pytest.mark.parametrize("count", [1, 4])
def test_list_query_count_does_not_grow_with_rows(county, django_assert_num_queries, count):
    for _ in range(count):
        certificate_for_activity(county)
    browser = client_as(county.users[Role.COUNTY_ADMIN])
    browser.get(API)  # warms per-process caches
    # session, user, role assignments, COUNT, rows (the warm session is not saved again)
    with django_assert_num_queries(5):
        response = browser.get(API)
    assert response.json()["count"] == count


def test_a_certificate_asked_for_in_english_still_states_its_content_in_chinese(county):
    activity = activity_make(county)
    credit_make(county, activity=activity)
    response = client_as(county.users[Role.VOLUNTEER], HTTP_ACCEPT_LANGUAGE="en").post(
        API, {"volunteer_id": county.volunteers["own"].pk, "activity_id": activity.pk}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert Certificate.objects.get().service_content == "2024-01-05 敬老院慰问演出（2.50小时）"
