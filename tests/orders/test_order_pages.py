"""The order pages: the resident's public phone page and follow link, the staff queue, order page and
entry, the team leader's page and the member's assignments; every step by POST, and bad input refused
with its message and nothing changed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.api.conftest import client_as
from tests.orders.channels import CODE_RECORDING, CodeRecordingChannel, last_code_sent
from tests.orders.order_builders import county_settings_make, order_move, order_place, statuses
from wenming.ledger.models import EntryStatus, HoursEntry
from wenming.orders.models import OrderAssignment, OrderChannel, OrderStatus, PhoneCode, ServiceOrder
from wenming.orders.selectors_pages import follow_token
from wenming.regions.roles import Role

PHONE = "13912345678"


@pytest.fixture(autouse=True)
def recording_channel(settings):
    settings.WENMING_NOTIFICATION_CHANNELS = [CODE_RECORDING]
    CodeRecordingChannel.sent.clear()
    yield
    CodeRecordingChannel.sent.clear()


def _window(days: int = 2) -> dict[str, str]:
    starts = timezone.localtime() + dt.timedelta(days=days)
    return {
        "desired_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "desired_end_at": (starts + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
    }


def _public_form(county, **overrides: str) -> dict[str, str]:
    data = {
        "county": county.county.code,
        "service_code": county.team.category.code,
        "description": "家中老人需要理发",
        "address": "东兴村三组12号",
        "place": str(county.village.pk),
        "coordinate_system": "gcj02",
        "people_needed": "1",
        "requester_name": "赵大娘",
        "phone": PHONE,
        **_window(),
    }
    data.update(overrides)
    return data


def _send_code(client: Client) -> str:
    response = client.post(reverse("orders:code_send"), {"phone": PHONE}, headers={"HX-Request": "true"})
    assert response.status_code == 200, response.content.decode()
    return last_code_sent(PHONE)


def _follow_url(order: ServiceOrder) -> str:
    return reverse("orders:follow", kwargs={"number": order.number, "token": follow_token(order.number)})


# -- the public page -------------------------------------------------------------------------------


def test_public_page_offers_the_county_catalogue_without_an_account(county):
    response = Client().get(reverse("orders:new"))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'value="{county.team.category.code}"' in html
    assert "东兴村" in html and 'id="send-code"' in html


def test_send_code_answers_the_htmx_button_with_the_masked_number(county):
    response = Client().post(reverse("orders:code_send"), {"phone": PHONE}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "139****5678" in html and PHONE not in html
    assert last_code_sent(PHONE) not in html


@pytest.mark.parametrize(
    ("phone", "message"),
    [("12345", "请填写正确的手机号码（11位）。"), ("", "请填写正确的手机号码（11位）。")],
)
def test_send_code_refuses_a_bad_number_with_400(county, phone, message):
    response = Client().post(reverse("orders:code_send"), {"phone": phone}, headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert PhoneCode.objects.count() == 0


def test_send_code_twice_within_a_minute_is_refused(county):
    client = Client()
    _send_code(client)
    response = client.post(reverse("orders:code_send"), {"phone": PHONE}, headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert "秒后再重新获取" in response.content.decode()
    assert PhoneCode.objects.count() == 1


def test_resident_orders_with_the_code_and_lands_on_the_follow_page(county):
    client = Client()
    code = _send_code(client)
    # when
    response = client.post(reverse("orders:new"), _public_form(county, code=code))
    # then
    order = ServiceOrder.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _follow_url(order) + "?created=1"
    assert order.channel == OrderChannel.WEB and order.region == county.village
    assert order.requester_phone == PHONE and order.people_needed == 1
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert order.number in html and "点单成功" in html and "139****5678" in html
    assert page["Referrer-Policy"] == "same-origin"


def test_a_wrong_code_re_renders_the_form_with_400_and_creates_nothing(county):
    client = Client()
    code = _send_code(client)
    wrong = "000000" if code != "000000" else "111111"
    response = client.post(reverse("orders:new"), _public_form(county, code=wrong))
    assert response.status_code == 400
    assert "验证码不正确，还可以再试 4 次。" in response.content.decode()
    assert ServiceOrder.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"service_code": "no-such"}, "请选择服务类别。"),
        ({"description": ""}, "请填写需求描述。"),
        ({"people_needed": "0"}, "需要人数须在 1 到 200 人之间。"),
        ({"latitude": "46.98"}, "纬度和经度须同时填写或同时留空。"),
        ({"desired_at": "2020-01-01T09:00", "desired_end_at": ""}, "期望时间已经过去，请选择以后的时间。"),
        ({"latitude": "45.75", "longitude": "126.63"}, "服务地址不在铁力市范围内，请核对地图位置。"),
        ({"place": "999999"}, "请从列表中选择村（社区）。"),
    ],
)
def test_bad_input_re_renders_with_its_message_and_keeps_the_code(county, overrides, message):
    county_settings_make(county)
    client = Client()
    code = _send_code(client)
    response = client.post(reverse("orders:new"), _public_form(county, code=code, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ServiceOrder.objects.count() == 0
    assert PhoneCode.objects.get().used_at is None


def test_a_gcj02_point_is_stored_as_wgs84(county):
    county_settings_make(county)
    client = Client()
    code = _send_code(client)
    client.post(reverse("orders:new"), _public_form(county, code=code, latitude="46.98", longitude="128.04"))
    order = ServiceOrder.objects.get()
    assert order.latitude is not None and order.longitude is not None
    assert Decimal("46.97") < order.latitude < Decimal("46.98") and Decimal("128.03") < order.longitude < Decimal(
        "128.04"
    )


def test_a_forged_follow_link_is_not_found(county):
    order = order_place(county)
    url = reverse("orders:follow", kwargs={"number": order.number, "token": "forged"})
    assert Client().get(url).status_code == 404
    other = reverse("orders:follow", kwargs={"number": "230781-20240101-0001", "token": follow_token(order.number)})
    assert Client().get(other).status_code == 404


def _public_order(county) -> ServiceOrder:
    client = Client()
    code = _send_code(client)
    client.post(reverse("orders:new"), _public_form(county, code=code))
    return ServiceOrder.objects.get()


def test_follow_page_shows_the_history_without_staff_names(county):
    order = _public_order(county)
    order_move(county, order, OrderStatus.DISPATCHED)
    html = Client().get(_follow_url(order)).content.decode()
    assert "已派单" in html and "派单至东兴村理论宣讲队" in html
    assert str(county.users[Role.STATION_ADMIN]) not in html
    assert 'id="rating-form"' not in html


def test_resident_rates_the_completed_order_on_the_follow_page(county):
    order = order_move(county, _public_order(county), OrderStatus.COMPLETED)
    client = Client()
    assert 'id="rating-form"' in client.get(_follow_url(order)).content.decode()
    response = client.post(_follow_url(order), {"rating": "5", "comment": "非常满意"})
    order.refresh_from_db()
    assert response.status_code == 302
    assert (order.status, order.rating, order.rating_comment) == (OrderStatus.RATED, 5, "非常满意")
    assert order.events.last().actor_id == order.requester_id


@pytest.mark.parametrize(
    ("status", "data", "message"),
    [
        (OrderStatus.COMPLETED, {"rating": "6"}, "评分须为 1 到 5 星。"),
        (OrderStatus.COMPLETED, {}, "请选择评分（1 到 5 星）。"),
        (OrderStatus.IN_SERVICE, {"rating": "4"}, "订单当前状态为“服务中”，不能评价。"),
    ],
)
def test_a_bad_rating_is_refused_and_nothing_changes(county, status, data, message):
    order = order_move(county, _public_order(county), status)
    events = statuses(order)
    response = Client().post(_follow_url(order), data)
    order.refresh_from_db()
    assert response.status_code == 400
    assert message in response.content.decode()
    assert order.status == status and order.rating is None and statuses(order) == events


def test_a_staff_entered_order_cannot_be_rated_on_the_follow_page(county):
    order = order_move(county, order_place(county), OrderStatus.COMPLETED)
    response = Client().post(_follow_url(order), {"rating": "5"})
    assert response.status_code == 400
    assert "该订单由工作人员代为录入，请致电服务站评价。" in response.content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED


# -- staff -----------------------------------------------------------------------------------------


def test_queue_lists_orders_of_the_users_scope_with_filters(county):
    own = order_place(county)
    sibling = order_place(county, region=county.sibling_village, acting_user=county.users[Role.COUNTY_ADMIN])
    county_admin = client_as(county.users[Role.COUNTY_ADMIN])
    html = county_admin.get(reverse("orders:list")).content.decode()
    assert own.number in html and sibling.number in html
    station = client_as(county.users[Role.STATION_ADMIN]).get(reverse("orders:list")).content.decode()
    assert own.number in station and sibling.number not in station
    order_move(county, own, OrderStatus.UNDER_REVIEW)
    filtered = county_admin.get(reverse("orders:list"), {"status": "under_review"}).content.decode()
    assert own.number in filtered and sibling.number not in filtered


def test_queue_query_count_does_not_grow_with_orders(county, django_assert_max_num_queries):
    admin = client_as(county.users[Role.COUNTY_ADMIN])
    order_place(county)
    admin.get(reverse("orders:list"))
    with django_assert_max_num_queries(12):
        admin.get(reverse("orders:list"))
    for _ in range(5):
        order_place(county)
    with django_assert_max_num_queries(12):
        assert admin.get(reverse("orders:list")).status_code == 200


def test_order_outside_the_scope_is_not_found(county):
    sibling = order_place(county, region=county.sibling_village, acting_user=county.users[Role.COUNTY_ADMIN])
    station = client_as(county.users[Role.STATION_ADMIN])
    assert station.get(reverse("orders:detail", args=[sibling.pk])).status_code == 404
    assert station.post(reverse("orders:review", args=[sibling.pk])).status_code == 404
    sibling.refresh_from_db()
    assert sibling.status == OrderStatus.SUBMITTED


def test_order_page_shows_steps_and_an_empty_proposals_point(county):
    order = order_place(county)
    html = client_as(county.users[Role.STATION_ADMIN]).get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert 'id="step-review"' in html and 'id="step-reject"' in html and 'id="step-dispatch"' not in html
    assert 'id="order-proposals"' not in html
    assert order.requester_phone in html


def test_viewer_reads_the_order_with_the_phone_masked_and_no_steps(county):
    order = order_place(county)
    html = client_as(county.users[Role.VIEWER]).get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert "139****5678" in html and order.requester_phone not in html
    assert 'id="order-steps"' not in html


def test_review_then_dispatch_to_a_team_from_the_order_page(county):
    order = order_place(county)
    admin = client_as(county.users[Role.COUNTY_ADMIN])
    assert admin.post(reverse("orders:review", args=[order.pk])).status_code == 302
    page = admin.get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert 'id="step-dispatch"' in page and "类别相符" in page
    response = admin.post(reverse("orders:dispatch", args=[order.pk]), {"team_id": county.team.pk})
    order.refresh_from_db()
    assert response.status_code == 302
    assert (order.status, order.assigned_team_id) == (OrderStatus.DISPATCHED, county.team.pk)
    assert statuses(order) == [("", "submitted"), ("submitted", "under_review"), ("under_review", "dispatched")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "请选择承接队伍或承办阵地。"),
        ({"team_id": "999999"}, "承接队伍不存在、未在服务或不在您的管辖范围内。"),
        ({"tier": "galaxy"}, "未知的层级。"),
    ],
)
def test_a_bad_dispatch_is_refused_with_400_and_nothing_changes(county, data, message):
    order = order_move(county, order_place(county), OrderStatus.UNDER_REVIEW)
    response = client_as(county.users[Role.COUNTY_ADMIN]).post(reverse("orders:dispatch", args=[order.pk]), data)
    order.refresh_from_db()
    assert response.status_code == 400
    assert message in response.content.decode()
    assert order.status == OrderStatus.UNDER_REVIEW and len(statuses(order)) == 2


def test_reject_needs_a_reason(county):
    order = order_place(county)
    station = client_as(county.users[Role.STATION_ADMIN])
    response = station.post(reverse("orders:reject", args=[order.pk]), {"reason": "  "})
    assert response.status_code == 400
    assert "驳回点单时请说明原因。" in response.content.decode()
    assert statuses(order) == [("", "submitted")]
    station.post(reverse("orders:reject", args=[order.pk]), {"reason": "不属于志愿服务范围"})
    order.refresh_from_db()
    assert order.status == OrderStatus.REJECTED
    assert order.events.last().reason == "不属于志愿服务范围"


def test_a_step_at_another_tier_is_refused_with_403_and_its_message(county):
    order = order_place(county)  # station tier
    response = client_as(county.users[Role.TOWNSHIP_ADMIN]).post(reverse("orders:review", args=[order.pk]))
    assert response.status_code == 403
    assert "只有该层级或县级中心的管理员可以受理审核" in response.content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED


def test_an_illegal_transition_is_refused(county):
    order = order_place(county)
    response = client_as(county.users[Role.COUNTY_ADMIN]).post(reverse("orders:close", args=[order.pk]))
    assert response.status_code == 400
    assert "订单当前状态为“已点单”，不能办结。" in response.content.decode()


def test_cancel_with_a_reason(county):
    order = order_place(county)
    client_as(county.users[Role.STATION_ADMIN]).post(
        reverse("orders:cancel", args=[order.pk]), {"reason": "群众已自行解决"}
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED


def test_expire_with_a_reason(county):
    order = order_place(county)
    client_as(county.users[Role.STATION_ADMIN]).post(
        reverse("orders:expire", args=[order.pk]), {"reason": "联系不上群众"}
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.EXPIRED


def test_staff_record_a_phone_rating_close_and_reopen_after_a_bad_one(county):
    order = order_move(county, order_place(county), OrderStatus.COMPLETED)
    admin = client_as(county.users[Role.COUNTY_ADMIN])
    response = admin.post(reverse("orders:rate", args=[order.pk]), {"rating": "2", "comment": "来晚了"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.status, order.rating) == (OrderStatus.RATED, 2)
    page = admin.get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert 'id="step-reopen"' in page and 'id="step-close"' in page
    admin.post(reverse("orders:reopen", args=[order.pk]), {"reason": "群众不满意，重新安排"})
    order.refresh_from_db()
    assert order.status == OrderStatus.UNDER_REVIEW and order.rating is None


def test_close_a_rated_order(county):
    order = order_move(county, order_place(county), OrderStatus.RATED)
    client_as(county.users[Role.COUNTY_ADMIN]).post(reverse("orders:close", args=[order.pk]))
    order.refresh_from_db()
    assert order.status == OrderStatus.CLOSED


def test_staff_enter_a_phone_order(county):
    station = client_as(county.users[Role.STATION_ADMIN])
    page = station.get(reverse("orders:staff_new")).content.decode()
    assert "东兴村" in page and "西林村" not in page  # only the station's own village
    data = {**_public_form(county), "channel": "phone", "requester_phone": "0458-1234567"}
    response = station.post(reverse("orders:staff_new"), data)
    order = ServiceOrder.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("orders:detail", args=[order.pk])
    assert (order.channel, order.requester_phone, order.region) == ("phone", "0458-1234567", county.village)
    assert order.requester is None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"requester_phone": "abc"}, "请填写正确的联系电话。"),
        ({"channel": "city_app"}, "选择一个有效的选项"),
        ({"place": str(99999999)}, "请从列表中选择村（社区）。"),
    ],
)
def test_bad_staff_entry_is_refused_and_nothing_created(county, overrides, message):
    data = {**_public_form(county), "channel": "phone", "requester_phone": "0458-1234567", **overrides}
    response = client_as(county.users[Role.STATION_ADMIN]).post(reverse("orders:staff_new"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ServiceOrder.objects.count() == 0


# -- the team leader -------------------------------------------------------------------------------


def test_team_leader_accepts_assigns_starts_and_completes_with_hours(county):
    order = order_move(county, order_place(county), OrderStatus.DISPATCHED)
    leader = client_as(county.users[Role.TEAM_LEADER])
    member = county.volunteers["own"]
    page = leader.get(reverse("orders:team")).content.decode()
    assert order.number in page and f'id="accept-{order.pk}"' in page
    assert leader.post(reverse("orders:team_accept", args=[order.pk])).status_code == 302
    assert (
        leader.post(reverse("orders:team_assign", args=[order.pk]), {"volunteer_ids": [member.pk]}).status_code == 302
    )
    assert leader.post(reverse("orders:team_start", args=[order.pk])).status_code == 302
    response = leader.post(
        reverse("orders:team_complete", args=[order.pk]), {"report": "已上门理发", f"hours_{member.pk}": "2.5"}
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.status, order.proposed_hours) == (OrderStatus.COMPLETED, Decimal("2.50"))
    entry = HoursEntry.objects.get(order=order)
    assert (entry.volunteer_id, entry.hours, entry.status) == (member.pk, Decimal("2.50"), EntryStatus.PENDING)


def test_team_leader_declines_only_with_a_reason(county):
    order = order_move(county, order_place(county), OrderStatus.DISPATCHED)
    leader = client_as(county.users[Role.TEAM_LEADER])
    response = leader.post(reverse("orders:team_decline", args=[order.pk]), {"reason": ""})
    assert response.status_code == 400
    assert "拒单时请说明原因。" in response.content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.DISPATCHED
    leader.post(reverse("orders:team_decline", args=[order.pk]), {"reason": "本周队员都在外地"})
    order.refresh_from_db()
    assert order.status == OrderStatus.DECLINED and order.assigned_team is None


def test_assigning_someone_outside_the_team_is_refused(county):
    order = order_move(county, order_place(county), OrderStatus.ACCEPTED)
    outsider = county.volunteers["sibling"]
    response = client_as(county.users[Role.TEAM_LEADER]).post(
        reverse("orders:team_assign", args=[order.pk]), {"volunteer_ids": [outsider.pk]}
    )
    assert response.status_code == 400
    assert "只能指派本队在册的队员。" in response.content.decode()
    assert OrderAssignment.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [({"report": ""}, "请填写服务情况。"), ({"report": "好", "hours_X": "1"}, None)],
)
def test_completing_without_a_report_is_refused(county, data, message):
    order = order_move(county, order_place(county), OrderStatus.IN_SERVICE)
    response = client_as(county.users[Role.TEAM_LEADER]).post(reverse("orders:team_complete", args=[order.pk]), data)
    order.refresh_from_db()
    if message:
        assert response.status_code == 400 and message in response.content.decode()
        assert order.status == OrderStatus.IN_SERVICE
    else:
        assert order.status == OrderStatus.COMPLETED


def test_bad_hours_are_refused(county):
    order = order_move(county, order_place(county), OrderStatus.ACCEPTED)
    member = county.volunteers["own"]
    leader = client_as(county.users[Role.TEAM_LEADER])
    leader.post(reverse("orders:team_assign", args=[order.pk]), {"volunteer_ids": [member.pk]})
    leader.post(reverse("orders:team_start", args=[order.pk]))
    response = leader.post(
        reverse("orders:team_complete", args=[order.pk]), {"report": "已服务", f"hours_{member.pk}": "30"}
    )
    assert response.status_code == 400
    assert "时长须在 0 到 24 小时之间。" in response.content.decode()
    assert HoursEntry.objects.count() == 0


def test_another_teams_order_is_not_found_for_the_leader(county):
    order = order_move(county, order_place(county), OrderStatus.UNDER_REVIEW)
    leader = client_as(county.users[Role.TEAM_LEADER])
    assert leader.post(reverse("orders:team_accept", args=[order.pk])).status_code == 404


# -- the member ------------------------------------------------------------------------------------


def test_member_sees_their_assignment_on_the_phone_page(county):
    order = order_move(county, order_place(county), OrderStatus.ACCEPTED)
    client_as(county.users[Role.TEAM_LEADER]).post(
        reverse("orders:team_assign", args=[order.pk]), {"volunteer_ids": [county.volunteers["own"].pk]}
    )
    html = client_as(county.users[Role.VOLUNTEER]).get(reverse("orders:mine")).content.decode()
    assert order.number in html and order.address in html and order.requester_phone in html
    other = client_as(county.users[Role.RESIDENT]).get(reverse("orders:mine")).content.decode()
    assert order.number not in other and "您还没有被指派的服务单。" in other


def test_navigation_links_by_role(county):
    def nav(role: str) -> str:
        return client_as(county.users[role]).get(reverse("home")).content.decode()

    assert reverse("orders:list") in nav(Role.COUNTY_ADMIN)
    assert reverse("orders:team") in nav(Role.TEAM_LEADER)
    assert f'href="{reverse("orders:list")}"' not in nav(Role.TEAM_LEADER)
    assert reverse("orders:mine") in nav(Role.VOLUNTEER)
    assert reverse("orders:new") in Client().get(reverse("accounts:login")).content.decode()
