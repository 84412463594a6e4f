"""The pages and the API over a batch: upload, escaping, progress partial, lists with pinned query counts."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.imports.conftest import upload
from tests.imports.files import good_workbook, mixed_workbook
from wenming.core.exports import XLSX_CONTENT_TYPE
from wenming.imports.models import ImportBatch, ImportStatus
from wenming.volunteers.models import Volunteer


def test_the_upload_page_previews_and_redirects_to_the_batch(county, station_admin, client):
    client.force_login(station_admin)
    file = SimpleUploadedFile("v.xlsx", mixed_workbook(), XLSX_CONTENT_TYPE)
    response = client.post("/imports/volunteers/", {"file": file, "region": county.village.pk})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/batches/{batch.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert "确认导入" in page


def test_a_refused_upload_shows_the_reason_on_the_file_field_and_saves_nothing(county, station_admin, client):
    client.force_login(station_admin)
    file = SimpleUploadedFile("v.csv", b"a,b\n1,2\n", "text/csv")
    response = client.post("/imports/volunteers/", {"file": file, "region": county.village.pk})
    assert response.status_code == 400
    assert "CSV 文件不能导入" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_the_progress_partial_asks_htmx_to_reload_once_finished(county, station_admin, client):
    batch = upload(county, good_workbook(1))
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.RUNNING, progress=40)
    client.force_login(station_admin)
    running = client.get(f"/imports/batches/{batch.pk}/progress/", HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in running.content.decode() and "40%" in running.content.decode()
    assert "HX-Refresh" not in running
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.DONE, progress=100)
    done = client.get(f"/imports/batches/{batch.pk}/progress/", HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true" and "every 1s" not in done.content.decode()


def test_the_api_upload_refuses_a_bad_file_with_the_error_body(county, station_admin, client):
    client.force_login(station_admin)
    file = SimpleUploadedFile("v.xlsx", b"", XLSX_CONTENT_TYPE)
    response = client.post("/api/v1/imports/volunteers", {"file": file})
    assert response.status_code == 400
    assert response.json()["field"] == "file"
    assert response.json()["message"] == "文件是空的（0字节），请选择填好的 .xlsx 文件。"
    assert ImportBatch.objects.count() == 0


def test_the_api_lists_have_pinned_query_counts(county, station_admin, client, django_assert_num_queries):
    batch = upload(county, mixed_workbook())
    upload(county, good_workbook(2))
    client.force_login(station_admin)
    client.get("/api/v1/imports")  # the session and the user's assignments are loaded once
    with django_assert_num_queries(5):  # session, user, assignments, count, page
        response = client.get("/api/v1/imports")
    assert response.json()["count"] == 2
    with django_assert_num_queries(6):  # session, user, assignments, the batch, count, page
        response = client.get(f"/api/v1/imports/{batch.pk}/rows?outcome=rejected")
    assert response.json()["count"] == 13
    assert response.json()["items"][0] == {
        "row_number": 3,
        "name": "李四",
        "id_number_masked": "110***********1234",
        "outcome": "rejected",
        "outcome_display": "拒绝",
        "reasons": ["身份证号码校验位错误。"],
        "volunteer_id": None,
    }


def test_the_batch_page_has_a_pinned_query_count(county, station_admin, client, django_assert_num_queries):
    batch = upload(county, mixed_workbook())
    client.force_login(station_admin)
    client.get(f"/imports/batches/{batch.pk}/")
    with django_assert_num_queries(5):  # session, user, assignments; the batch; its rows
        response = client.get(f"/imports/batches/{batch.pk}/")
    assert response.status_code == 200
    assert Volunteer.objects.filter(channel="import").count() == 0
