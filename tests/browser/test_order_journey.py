"""In real Chromium, a service order end to end: a resident orders on the phone page (no account; the
code read off the recording SMS channel, as off their phone), the county admin takes it into review and
dispatches it to the team the engine proposes first, the team leader accepts, assigns a member and completes,
the resident rates on the private follow page, and the order statistics show it handled and rated."""

import datetime as dt
import os

import pytest
from django.db import connections
from django.utils import timezone

from tests.factories import PASSWORD
from tests.orders.channels import CODE_RECORDING, CodeRecordingChannel, last_code_sent
from wenming.ledger.models import EntryStatus, HoursEntry
from wenming.orders.models import OrderChannel, OrderStatus, ServiceOrder
from wenming.regions.roles import Role
from wenming.sites.models import Site

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop runs in this thread (see test_login_figures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = "13912345678"


def log_in(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{base}/")


def test_resident_orders_center_dispatches_team_serves_resident_rates(live_server, county, browser_page, settings):
    settings.WENMING_NOTIFICATION_CHANNELS = [CODE_RECORDING]
    CodeRecordingChannel.sent.clear()
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    base = live_server.url
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # 4xx answers the page shows as messages are logged by Chromium as failed resources; only scripts count
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if message.type == "error" and "status of 400" not in message.text else None
        ),
    )
    starts = timezone.localtime() + dt.timedelta(days=1)
    # the village's team works from its station, which is on the map
    Site.objects.filter(pk=county.station.pk).update(latitude="46.980000", longitude="128.020000")

    # given: a resident without an account fills in the phone page
    page.goto(f"{base}/orders/new/")
    page.select_option("#id_service_code", county.team.category.code)
    page.fill("#id_description", "家中老人行动不便，需要上门理发")
    page.fill("#id_address", "东兴村三组12号")
    page.select_option("#id_place", str(county.village.pk))
    page.fill("#id_desired_at", starts.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_desired_end_at", (starts + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.click(".o-more summary")  # the map point, copied from the phone's location
    page.fill("#id_latitude", "46.9812")
    page.fill("#id_longitude", "128.0215")
    page.select_option("#id_coordinate_system", "wgs84")
    page.fill("#id_requester_name", "赵大娘")
    # a wrong number first: the reason appears in place, nothing is sent
    page.fill("#id_phone", "12345")
    page.click("#send-code")
    page.locator("#code-status.error").wait_for()
    assert "请填写正确的手机号码" in page.locator("#code-status").inner_text()
    page.fill("#id_phone", PHONE)
    page.click("#send-code")
    page.locator("#code-status.sent").wait_for()
    assert "139****5678" in page.locator("#code-status").inner_text()
    # when: the code from the SMS is typed in and the order sent
    page.fill("#id_code", last_code_sent(PHONE))
    page.click("#submit-order")
    page.locator("#order-created").wait_for()
    # then: an order number and the private follow link
    order = ServiceOrder.objects.get()
    assert order.channel == OrderChannel.WEB and order.requester_phone == PHONE
    assert (float(order.latitude), float(order.longitude)) == (46.9812, 128.0215)
    assert page.locator("#order-number").inner_text() == order.number
    follow_link = page.locator("#follow-link").inner_text().strip()
    assert follow_link.startswith(f"{base}/orders/follow/{order.number}/")

    # when: the county admin takes it into review and dispatches it to the village's team
    log_in(page, base, Role.COUNTY_ADMIN)
    page.goto(f"{base}/orders/")
    page.click(f"#order-{order.pk} a")
    page.click("#step-review button[type=submit]")
    # the engine's first proposal is the village's team, with its reasons; one click dispatches to it
    page.locator("#order-proposals").wait_for()
    first = page.locator("#proposal-1").inner_text()
    assert county.team.name in first and "直线距离" in first
    page.click("#proposal-1 button[type=submit]")
    assert page.locator("#order-status").inner_text() == "已派单"
    assert page.locator("#order-team").inner_text() == county.team.name
    assert order.events.latest("occurred_at", "pk").reason == "采纳派单推荐第 1 名"

    # when: the team leader accepts, assigns the member, starts and completes with the member's hours
    member = county.volunteers["own"]
    log_in(page, base, Role.TEAM_LEADER)
    page.goto(f"{base}/orders/team/")
    page.click(f"#accept-{order.pk} button[type=submit]")
    page.locator(f"#assign-{order.pk}").wait_for()
    page.check(f"#assign-{order.pk} input[value='{member.pk}']")
    page.click(f"#assign-{order.pk} button[type=submit]")
    page.click(f"#start-{order.pk} button[type=submit]")
    page.locator(f"#complete-{order.pk}").wait_for()
    page.fill(f"#complete-{order.pk} textarea[name=report]", "已上门为老人理发，老人很满意")
    page.fill(f"#complete-{order.pk} input[name=hours_{member.pk}]", "2")
    page.click(f"#complete-{order.pk} button[type=submit]")
    page.locator("#team-recent").wait_for()
    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED
    assert HoursEntry.objects.get(order=order).status == EntryStatus.PENDING

    # and: the member sees the assignment on the phone page
    log_in(page, base, Role.VOLUNTEER)
    page.goto(f"{base}/orders/mine/")
    assert order.number in page.locator(f"#my-order-{order.pk}").inner_text()

    # when: the resident rates on the follow page, without logging in
    page.context.clear_cookies()
    page.goto(follow_link)
    assert page.locator("#order-status").inner_text() == "已完成"
    page.check("#rating-form input[name=rating][value='5']")
    page.fill("#id_comment", "队员很耐心")
    page.click("#submit-rating")
    page.locator("#order-rating").wait_for()
    assert page.locator("#order-status").inner_text() == "已评价"

    # then: the order statistics count it handled and rated
    log_in(page, base, Role.COUNTY_ADMIN)
    response = page.request.get(f"{base}/api/v1/orders/statistics?region_code={county.county.code}")
    assert response.status == 200
    figures = response.json()
    assert (figures["received"], figures["handled"], figures["completed"]) == (1, 1, 1)
    assert (figures["rated"], figures["average_rating"], figures["satisfied_share"]) == (1, 5.0, 1.0)
    assert figures["by_channel"]["web"] == 1
    assert errors == []
    connections.close_all()
