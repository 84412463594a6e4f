"""The units API and pages: exports (masked unless audited), downloads, query counts, the joint-activity figure."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from tests.api.conftest import client_as
from tests.organizations.builders import (
    PDF_BYTES,
    files_in_every_scope,
    joint_activity_make,
    records_in_every_scope,
)
from wenming.accounts.models import AuditAction, AuditEvent
from wenming.activities.models import ActivityStatus
from wenming.organizations.models import Organization, Pairing, PolicyDocumentVersion
from wenming.regions.roles import Role
from wenming.reports.selectors import figures_compute

API = "/api/v1"


def _sheet(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


# -- exports ---------------------------------------------------------------------------------------


def test_unit_export_masks_phones_and_follows_the_filters(api_county):
    records_in_every_scope(api_county)
    browser = client_as(api_county.users[Role.COUNTY_ADMIN])
    rows = _sheet(browser.post(f"{API}/organizations/export", {"search": "东兴"}, content_type="application/json"))
    assert rows[1:] == [("东兴村卫生室", "其他", "东兴村", "赵医生", "139****1111", "", "是", 1, 0)]
    assert AuditEvent.objects.count() == 0


def test_unmasked_unit_export_is_audited(api_county):
    records_in_every_scope(api_county)
    browser = client_as(api_county.users[Role.TOWNSHIP_ADMIN])
    response = browser.post(
        f"{API}/organizations/export",
        {"search": "东兴", "unmasked": True, "reason": "核对联系人"},
        content_type="application/json",
    )
    assert _sheet(response)[1][4] == "13900001111"
    event = AuditEvent.objects.get()
    assert (event.action, event.reason, event.actor) == (
        AuditAction.PERSONAL_DATA_EXPORTED,
        "联系单位：核对联系人",
        api_county.users[Role.TOWNSHIP_ADMIN],
    )


def test_unmasked_export_is_refused_to_a_station_admin_and_not_audited(api_county):
    records_in_every_scope(api_county)
    response = client_as(api_county.users[Role.STATION_ADMIN]).post(
        f"{API}/pairings/export", {"unmasked": True, "reason": "核对"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert AuditEvent.objects.count() == 0


def test_unmasked_export_needs_a_reason(api_county):
    response = client_as(api_county.users[Role.COUNTY_ADMIN]).post(
        f"{API}/pairings/export", {"unmasked": True, "reason": ""}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == "reason"
    assert AuditEvent.objects.count() == 0


def test_pairing_export_counts_each_pairs_joint_activities(api_county):
    made = records_in_every_scope(api_county)
    joint_activity_make(made["pairings"]["own"], day=3)
    joint_activity_make(made["pairings"]["own"], day=4)
    joint_activity_make(made["pairings"]["own"], day=6, status=ActivityStatus.PUBLISHED)
    rows = _sheet(
        client_as(api_county.users[Role.COUNTY_ADMIN]).get(
            reverse("organizations:pairing_export"), {"site": api_county.county.station.pk}
        )
    )
    assert [(row[0], row[1], row[3], row[7], row[10]) for row in rows[1:]] == [
        ("东兴村卫生室", "东兴村新时代文明实践站", "阵地联建", 2, "139****1111")
    ]


def test_page_export_unmasked_by_post_with_a_reason(api_county):
    records_in_every_scope(api_county)
    browser = client_as(api_county.users[Role.COUNTY_ADMIN])
    response = browser.post(reverse("organizations:unit_export") + "?q=东兴", {"reason": "年度核对"})
    assert _sheet(response)[1][4] == "13900001111"
    assert AuditEvent.objects.get().reason == "联系单位：年度核对"


# -- files -----------------------------------------------------------------------------------------


def test_download_is_an_attachment_with_its_original_name_and_type(api_county):
    made = records_in_every_scope(api_county)
    files_in_every_scope(api_county)
    document = made["documents"]["own"]
    response = client_as(api_county.users[Role.STATION_ADMIN]).get(
        f"{API}/policy-documents/{document.pk}/versions/1/file"
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="own.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_sibling_village_admin_cannot_download(api_county):
    made = records_in_every_scope(api_county)
    files_in_every_scope(api_county)
    sibling = made["documents"]["sibling"]
    response = client_as(api_county.users[Role.STATION_ADMIN]).get(
        f"{API}/policy-documents/{sibling.pk}/versions/1/file"
    )
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "文件版本不存在。", "field": "number"}


def test_a_contact_unit_downloads_only_the_minutes_of_its_own_meetings(api_county):
    made = records_in_every_scope(api_county)
    files_in_every_scope(api_county)
    browser = client_as(api_county.users[Role.CONTACT_UNIT])
    own_meeting, other = made["meetings"]["parent"], made["meetings"]["own"]
    assert browser.get(f"{API}/joint-meetings/{own_meeting.pk}/files/1/file").status_code == 200
    assert browser.get(f"{API}/joint-meetings/{other.pk}/files/1/file").status_code == 404
    assert browser.get(f"{API}/policy-documents/{made['documents']['parent'].pk}/versions/1/file").status_code == 404


def test_api_upload_of_a_disguised_file_is_refused_naming_the_field(api_county):
    made = records_in_every_scope(api_county)
    upload = io.BytesIO(b"MZ\x90\x00\x03")
    upload.name = "方案.pdf"
    response = client_as(api_county.users[Role.COUNTY_ADMIN]).post(
        f"{API}/policy-documents/{made['documents']['own'].pk}/versions", {"file": upload}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "file"
    assert response.json()["message"] == "文件内容与扩展名 .pdf 不符，请上传真实的文件。"
    assert PolicyDocumentVersion.objects.count() == 0


def test_api_upload_with_a_nul_in_the_note_is_refused(api_county):
    made = records_in_every_scope(api_county)
    upload = io.BytesIO(PDF_BYTES)
    upload.name = "方案.pdf"
    response = client_as(api_county.users[Role.COUNTY_ADMIN]).post(
        f"{API}/policy-documents/{made['documents']['own'].pk}/versions", {"file": upload, "change_note": "a\x00b"}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "change_note"
    assert PolicyDocumentVersion.objects.count() == 0


def test_page_upload_makes_the_next_version(api_county):
    made = records_in_every_scope(api_county)
    document = made["documents"]["own"]
    upload = io.BytesIO(PDF_BYTES)
    upload.name = "修订稿.pdf"
    response = client_as(api_county.users[Role.TOWNSHIP_ADMIN]).post(
        reverse("organizations:document_upload", kwargs={"document_id": document.pk}),
        {"file": upload, "change_note": "修订"},
    )
    assert response.status_code == 302
    version = PolicyDocumentVersion.objects.get()
    assert (version.document_id, version.number, version.original_name, version.change_note) == (
        document.pk,
        1,
        "修订稿.pdf",
        "修订",
    )


# -- bad input -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        f"{API}/organizations/99999999999999999999",
        f"{API}/pairings?site_id=99999999999999999999",
        f"{API}/policy-documents/1/versions/99999999999999999999/file",
        f"{API}/organizations?region_code=abc",
    ],
)
def test_junk_ids_are_bad_input_not_server_errors(api_county, url):
    response = client_as(api_county.users[Role.COUNTY_ADMIN]).get(url)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


def test_api_pairing_with_a_centre_is_refused_and_nothing_written(api_county):
    made = records_in_every_scope(api_county)
    before = Pairing.objects.count()
    response = client_as(api_county.users[Role.COUNTY_ADMIN]).post(
        f"{API}/pairings",
        {
            "organization_id": made["units"]["own"].pk,
            "site_id": api_county.county.center.pk,
            "shares_site": True,
            "started_on": "2024-01-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "message": "结对阵地须是文明实践所或站。",
        "field": "site",
        "errors": {"site": ["结对阵地须是文明实践所或站。"]},
    }
    assert Pairing.objects.count() == before


def test_api_unit_with_a_nul_in_the_name_is_refused(api_county):
    response = client_as(api_county.users[Role.COUNTY_ADMIN]).post(
        f"{API}/organizations",
        '{"region_code": "230781", "name": "单\\u0000位"}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not Organization.objects.filter(region=api_county.county.county).exists()


# -- query counts ----------------------------------------------------------------------------------


def _more_pairings(api_county, count):
    county = api_county.county
    for index in range(count):
        unit = Organization.objects.create(region=county.village, name=f"单位{index}")
        pairing = Pairing.objects.create(
            region=county.village,
            organization=unit,
            site=county.station,
            shares_team=True,
            started_on=dt.date(2023, 1, 1),
        )
        joint_activity_make(pairing, day=2 + index)


@pytest.mark.parametrize("path", ["organizations", "pairings", "policy-documents", "joint-meetings"])
def test_api_lists_take_a_fixed_number_of_queries(api_county, django_assert_num_queries, path):
    records_in_every_scope(api_county)
    _more_pairings(api_county, 4)
    browser = client_as(api_county.users[Role.TOWNSHIP_ADMIN])
    browser.get(f"{API}/{path}")  # session and user caches warm
    with django_assert_num_queries(5):  # session, user, role assignments, count, page
        response = browser.get(f"{API}/{path}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("name", "queries"),
    [
        ("organizations:unit_list", 5),
        ("organizations:pairing_list", 7),
        ("organizations:document_list", 5),
        ("organizations:meeting_list", 5),
    ],
)
def test_list_pages_take_a_fixed_number_of_queries(api_county, django_assert_num_queries, name, queries):
    records_in_every_scope(api_county)
    _more_pairings(api_county, 4)
    browser = client_as(api_county.users[Role.COUNTY_ADMIN])
    browser.get(reverse(name))
    with django_assert_num_queries(queries):
        response = browser.get(reverse(name))
    assert response.status_code == 200


# -- the joint-activity figure ---------------------------------------------------------------------


def test_the_pairing_page_total_matches_the_reports_figure(api_county):
    made = records_in_every_scope(api_county)
    for scope, day in (("own", 3), ("sibling", 4), ("parent", 5)):
        joint_activity_make(made["pairings"][scope], day=day)
    joint_activity_make(made["pairings"]["own"], day=8, status=ActivityStatus.DRAFT)
    figure = figures_compute(region=api_county.county.county).pairing_joint_activities
    response = client_as(api_county.users[Role.COUNTY_ADMIN]).get(reverse("organizations:pairing_list"))
    assert figure == 3
    assert response.context["activity_total"] == 3
    assert "已完成结对共建活动 3 次" in response.content.decode()


def test_the_pairing_page_lists_its_activities_with_participants_and_hours(api_county):
    made = records_in_every_scope(api_county)
    pairing = made["pairings"]["own"]
    joint_activity_make(pairing, title="义诊", day=3)
    joint_activity_make(pairing, title="健康讲座", day=9, status=ActivityStatus.PUBLISHED)
    response = client_as(api_county.users[Role.STATION_ADMIN]).get(
        reverse("organizations:pairing_detail", kwargs={"pairing_id": pairing.pk})
    )
    assert [activity.title for activity in response.context["activities"]] == ["健康讲座", "义诊"]
    assert response.context["pairing"].joint_activity_count == 1
    api = client_as(api_county.users[Role.CONTACT_UNIT]).get(f"{API}/pairings/{pairing.pk}/activities")
    assert api.status_code == 404


def test_a_contact_unit_sees_its_own_pairing_page(api_county):
    made = records_in_every_scope(api_county)
    pairing = made["pairings"]["parent"]
    joint_activity_make(pairing, day=3)
    response = client_as(api_county.users[Role.CONTACT_UNIT]).get(
        f"{API}/pairings/{pairing.pk}/activities?finished=true"
    )
    assert [item["title"] for item in response.json()["items"]] == ["结对共建义诊"]
    listed = client_as(api_county.users[Role.CONTACT_UNIT]).get(f"{API}/pairings").json()["items"]
    assert [item["id"] for item in listed] == [pairing.pk]
    assert listed[0]["joint_activity_count"] == 1
