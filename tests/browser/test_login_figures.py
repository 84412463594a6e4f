"""In real Chromium: the county admin logs in through the form and sees the figures and the chart."""

import os

import pytest

from tests.factories import PASSWORD
from wenming.regions.roles import Role

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run inside one
# unless told that this is safe (it is: the test and the live server use separate threads).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_county_admin_logs_in_and_sees_the_figures_and_the_chart(live_server, county, browser_page):
    page = browser_page
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda response: errors.append(response.url) if response.status >= 400 else None)

    # given: the login page
    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
    assert page.title() == "登录 · 文明实践志愿服务平台"

    # when: the county admin logs in through the form
    page.fill("input[name=username]", Role.COUNTY_ADMIN)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/")

    # then: the figures of the county are in the table
    table = page.locator("#figures-table")
    table.wait_for()
    assert table.locator("tbody tr").count() == 15
    assert "铁力市" in page.locator("h1").inner_text()
    assert table.locator("tbody tr").nth(0).locator("td.number").inner_text() == "4"
    assert table.locator("tbody tr").nth(9).locator("td.number").inner_text() == "3"

    # and: ECharts drew the chart into its container
    page.locator("#figures-chart canvas").first.wait_for(state="attached", timeout=10_000)
    box = page.locator("#figures-chart canvas").first.bounding_box()
    assert box is not None
    assert box["width"] > 100
    assert box["height"] > 100
    assert page.evaluate("() => echarts.getInstanceByDom(document.getElementById('figures-chart')) !== undefined")
    assert errors == []  # in particular no Content-Security-Policy violation
