"""In real Chromium, the whole activity journey: a volunteer signs up on the phone page, checks in and
out by opening the organizer's QR links, the organizer approves the hours, the volunteer downloads the
certificate and its verification page confirms it."""

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connections
from django.db.models import F
from django.utils import timezone

from tests.activities.conftest import RECRUITMENT
from tests.factories import PASSWORD
from wenming.activities.models import Activity, Attendance
from wenming.activities.services import activity_create, activity_publish
from wenming.certificates.models import Certificate
from wenming.ledger.models import EntryStatus, HoursEntry
from wenming.regions.roles import Role

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop runs in this thread (see test_login_figures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{base}/")


def qr_link(page, base: str, activity: Activity, kind: str) -> str:
    page.goto(f"{base}/manage/activities/{activity.pk}/qr/?kind={kind}")
    figure = page.locator("figure.organizer-qr-code")
    figure.wait_for()
    assert page.locator("figure.organizer-qr-code svg").count() == 1  # the QR code itself
    url = figure.get_attribute("data-checkin-url")
    assert url is not None
    return url


def test_signup_checkin_approval_certificate_and_verification(live_server, county, browser_page, tmp_path: Path):
    page = browser_page
    base = live_server.url
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    organizer = county.users[Role.STATION_ADMIN]
    starts_at = timezone.now() + dt.timedelta(hours=3)
    activity = activity_create(
        acting_user=organizer,
        title="敬老院陪伴服务",
        organizer_site=county.station,
        organizer_team=county.team,
        capacity=10,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=3),
        contact_name="王站长",
        **RECRUITMENT,
    )
    activity_publish(activity_id=activity.pk, acting_user=organizer)

    # given: the volunteer signs up on the phone page
    log_in(page, base, Role.VOLUNTEER)
    page.goto(f"{base}/m/activities/{activity.pk}/")
    page.click("#signup-button")
    page.locator("#cancel-button").wait_for()  # the button turned into "cancel": the place is taken
    assert Activity.objects.get(pk=activity.pk).confirmed_count == 1

    # and: the activity is under way (it started two hours ago)
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=2), ends_at=timezone.now() + dt.timedelta(hours=1)
    )

    # when: the volunteer opens the organizer's check-in QR link and taps 签到
    log_in(page, base, Role.STATION_ADMIN)
    check_in_url = qr_link(page, base, activity, "in")
    log_in(page, base, Role.VOLUNTEER)
    page.goto(check_in_url)
    page.click("#checkin-button")
    page.locator("#checkin-success").wait_for()
    # then: one attendance; arrived 1 h 50 min ago, as far as the ledger is concerned
    assert Attendance.objects.count() == 1
    Attendance.objects.update(checked_in_at=F("checked_in_at") - dt.timedelta(hours=1, minutes=50))

    # when: check-out the same way
    log_in(page, base, Role.STATION_ADMIN)
    check_out_url = qr_link(page, base, activity, "out")
    log_in(page, base, Role.VOLUNTEER)
    page.goto(check_out_url)
    page.click("#checkin-button")
    page.locator("#checkin-success").wait_for()
    proposal = HoursEntry.objects.get()
    assert (proposal.status, proposal.hours) == (EntryStatus.PENDING, Decimal("1.75"))

    # when: the organizer approves the hours on the hours page
    log_in(page, base, Role.STATION_ADMIN)
    page.goto(f"{base}/manage/hours/")
    page.locator(f"#hours-entry-{proposal.pk} button", has_text="审核通过").click()
    page.locator(f"#hours-entry-{proposal.pk} .outcome-approved").wait_for()
    assert HoursEntry.objects.filter(status=EntryStatus.APPROVED, decides=proposal).count() == 1

    # when: the volunteer asks for the certificate and downloads it
    log_in(page, base, Role.VOLUNTEER)
    page.goto(f"{base}/certificates/mine/")
    page.get_by_role("button", name="为该活动申请证明").click()
    page.get_by_role("link", name="下载PDF").first.wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载PDF").first.click()
    pdf = tmp_path / "certificate.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    certificate = Certificate.objects.get()
    assert certificate.hours == Decimal("1.75")

    # then: its public verification page confirms it, with masked data only
    page.context.clear_cookies()
    page.goto(f"{base}/certificates/verify/{certificate.verification_token}/")
    assert "该证明真实有效" in page.locator("#certificate-status").inner_text()
    html = page.content()
    assert certificate.serial_number in html
    assert county.volunteers["own"].id_number_masked in html
    assert errors == []
    # The ORM calls above ran beside Playwright's event loop, on a connection of their own: close it,
    # or PostgreSQL refuses to drop the test database while it is open.
    connections.close_all()
