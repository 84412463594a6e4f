"""In real Chromium on a phone-sized screen: near me by geolocation, sign-up by htmx, QR check-in
with the position filled in by the static script; no Content-Security-Policy violation."""

import datetime as dt
import os
from decimal import Decimal

import pytest
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from tests.activities_mobile.conftest import activity_make
from tests.factories import PASSWORD
from wenming.activities.models import Attendance, SignUp, SignUpStatus
from wenming.activities.services_attendance import checkin_token_issue
from wenming.regions.roles import Role

# Playwright's sync API runs an event loop in this thread (see tests/browser/test_login_figures.py).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEAT = (46.98, 128.04)


def test_volunteer_finds_signs_up_and_checks_in_on_a_phone(live_server, county, browser_page):
    page = browser_page
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size({"width": 390, "height": 844})
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": SEAT[0], "longitude": SEAT[1]})
    activity = activity_make(
        county,
        title="广场文艺演出",
        starts_at=timezone.now() + dt.timedelta(minutes=30),
        latitude=Decimal("46.990000"),
        longitude=Decimal("128.040000"),
        geofence_radius_m=2000,
    )

    # given: the volunteer logs in from the phone pages
    page.goto(live_server.url + reverse("activities:mobile_home"))
    page.fill("input[name=username]", Role.VOLUNTEER)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(live_server.url + reverse("activities:mobile_home"))

    # when: "near me" asks the browser for the position and lists the activity with its distance
    page.goto(live_server.url + reverse("activities:activities"))
    page.click("#near-me")
    page.wait_for_url("**latitude=46.980000**")
    assert "1.1 公里" in page.locator(f"#activity-{activity.pk}").inner_text()

    # and: signs up; htmx swaps the button
    page.click(f"#activity-{activity.pk} a")
    page.click("#signup-button")
    page.locator("#signup-state").wait_for()
    assert "名额已确认" in page.locator("#signup-box").inner_text()
    assert SignUp.objects.get().status == SignUpStatus.CONFIRMED

    # then: the QR code opens the check-in page; the script sends the position with the tap
    token = checkin_token_issue(activity_id=activity.pk, kind="in", acting_user=county.users[Role.COUNTY_ADMIN]).token
    page.goto(live_server.url + reverse("activities:checkin", args=[token]))
    page.click("#checkin-button")
    page.locator("#checkin-success").wait_for()
    assert Attendance.objects.count() == 1
    assert errors == []
    # The queries above ran under Playwright's event loop, in a context of their own with a connection
    # of its own: close it, or PostgreSQL refuses to drop the test database while it is open.
    connections.close_all()
