"""In real Chromium: an admin uploads the mixed workbook, reads the preview, confirms, watches the progress
reach 100 % and reads the report with the rejected rows' reasons."""

import os
from pathlib import Path

import pytest

from tests.browser.test_activity_journey import log_in
from tests.imports.files import mixed_workbook
from wenming.imports.models import ImportBatch, ImportStatus
from wenming.volunteers.models import RegistrationChannel, Volunteer

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop runs in this thread (see test_login_figures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_preview_confirm_progress_and_report(live_server, county, browser_page, tmp_path: Path):
    page = browser_page
    base = live_server.url
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    workbook = tmp_path / "东兴村志愿者.xlsx"
    workbook.write_bytes(mixed_workbook())
    log_in(page, base, "station_admin")
    page.goto(f"{base}/imports/volunteers/")
    page.set_input_files("input[name=file]", str(workbook))
    page.click("button[type=submit].primary")
    page.wait_for_selector("#import-confirm")
    assert page.inner_text("#import-status") == "已预览"
    assert page.inner_text("#count-imported") == "7"
    assert page.inner_text("#count-rejected") == "13"
    assert "与第2行的身份证号重复。" in page.inner_text("#import-row-7")
    assert Volunteer.objects.filter(channel=RegistrationChannel.IMPORT).count() == 0
    page.click("#import-confirm")
    page.wait_for_selector("#import-done")  # the progress bar polled until the batch finished
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.progress) == (ImportStatus.DONE, 100)
    assert page.inner_text("#import-status") == "已完成"
    assert "身份证号码校验位错误。" in page.inner_text("#import-row-3")
    assert "&lt;script&gt;" in page.inner_html("#import-row-16")  # shown as text, never run
    page.select_option("#outcome", "rejected")
    page.click("#import-filter button[type=submit]")
    page.wait_for_url("**outcome=rejected")
    assert page.locator("#import-rows tbody tr").count() == 13
    with page.expect_download() as download:
        page.click("#import-report-download")
    assert download.value.suggested_filename == f"导入报告-{batch.pk}.xlsx"
    assert Volunteer.objects.filter(channel=RegistrationChannel.IMPORT).count() == 7
    assert errors == []


def test_progress_partial_polls_while_running_and_reloads_when_done(live_server, county, browser_page):
    """The running page shows the bar with its percentage and keeps polling (checked on the markup)."""
    from tests.imports.conftest import upload

    batch = upload(county, mixed_workbook())
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.RUNNING, progress=45)
    page = browser_page
    log_in(page, live_server.url, "station_admin")
    page.goto(f"{live_server.url}/imports/batches/{batch.pk}/")
    assert page.inner_text("#import-progress-value") == "45%"
    assert page.get_attribute("#import-progress", "hx-trigger") == "every 1s"
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.DONE, progress=100, dry_run=False)
    page.wait_for_selector("#import-done", timeout=10_000)  # HX-Refresh reloaded the page
