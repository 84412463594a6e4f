"""In real Chromium: a resident registers on the phone registration page and gets a number; the station
admin approves the registration in the queue and finds the new volunteer by the pinyin initials."""

import os

import pytest

from tests.factories import PASSWORD, id_number_for
from wenming.regions.roles import Role
from wenming.volunteers.models import Volunteer, VolunteerStatus

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop runs in this thread (see test_login_figures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_on_the_phone_page_approve_and_find_by_initials(live_server, county, browser_page):
    page = browser_page
    base = live_server.url
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.set_default_timeout(120_000)  # shared CI machines are slow; a wrong page still fails on its assertions

    # when: a resident fills in the phone registration page
    page.goto(f"{base}/volunteers/register/")
    page.select_option("select[name=region]", value=str(county.village.pk))
    page.fill("input[name=name]", "张永志")
    page.fill("input[name=id_number]", id_number_for("19900315", 21))
    page.fill("input[name=phone]", "139 1234 0021")
    page.fill("input[name=password]", "Qingshan-Lushui-2024")
    page.fill("input[name=password_again]", "Qingshan-Lushui-2024")
    page.check("input[name=consents]")
    page.click("button[type=submit].primary")

    # then: the result page gives the volunteer number, pending review
    number = page.locator("#volunteer-number")
    number.wait_for()
    volunteer = Volunteer.objects.get(name="张永志")
    assert number.inner_text() == volunteer.volunteer_number
    assert page.locator("#volunteer-status").inner_text() == "待审核"
    assert volunteer.status == VolunteerStatus.PENDING

    # when: the station admin approves it in the queue
    page.set_viewport_size({"width": 1280, "height": 900})
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", Role.STATION_ADMIN)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/volunteers/pending/")
    page.locator(f"#pending-{volunteer.pk} button.approve").click()
    page.locator(f"#pending-{volunteer.pk} .status-active").wait_for()
    assert Volunteer.objects.get(pk=volunteer.pk).status == VolunteerStatus.ACTIVE

    # and: searches the list by pinyin initials, live as they type
    page.goto(f"{base}/volunteers/")
    page.locator("#volunteer-results").wait_for()
    other = county.volunteers["own"]  # 张东兴 of the same village, listed before the search
    page.locator(f"#volunteer-results #volunteer-{other.pk}").wait_for()
    page.fill("input[name=q]", "zyz")
    page.locator(f"#volunteer-results #volunteer-{other.pk}").wait_for(state="detached")  # the live results came
    rows = page.locator("#volunteer-results tbody tr")
    assert rows.count() == 1
    assert "张永志" in rows.first.inner_text()
    assert "/volunteers/?q=zyz&" in page.url  # the address keeps the search (hx-push-url)
    assert errors == []
