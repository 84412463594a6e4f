"""Placing an order: staff entry, a resident's own order, and every bad input refused with nothing written."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.orders.order_builders import INSIDE, OUTSIDE, county_settings_make, order_fields, order_place
from wenming.core.errors import DomainError, PermissionDeniedError
from wenming.core.geo import wgs84_to_gcj02
from wenming.orders.models import OrderChannel, OrderEvent, OrderStatus, ServiceOrder, Tier
from wenming.orders.services import order_submit
from wenming.projects.models import Brand, Project
from wenming.regions.roles import Role
from wenming.teams.models import CountyCategory, TeamCategory


@pytest.fixture
def county_with_settings(county):
    county_settings_make(county)
    return county


def test_staff_entry_numbers_the_order_starts_the_review_clock_and_writes_the_first_event(county_with_settings):
    county = county_with_settings
    # when
    order = order_place(county)
    # then
    today = timezone.localdate()
    assert order.number == f"230781-{today:%Y%m%d}-0001"
    assert (order.status, order.tier, order.channel) == (OrderStatus.SUBMITTED, Tier.STATION, OrderChannel.PHONE)
    assert order.requester is None
    assert (order.latitude, order.longitude) == INSIDE
    assert order.people_needed == 2
    assert order.deadline_at is not None
    assert round((order.deadline_at - order.submitted_at).total_seconds() / 3600) == 24
    event = OrderEvent.objects.get(order=order)
    assert (event.from_status, event.to_status, event.actor, event.tier) == (
        "",
        OrderStatus.SUBMITTED,
        county.users[Role.STATION_ADMIN],
        Tier.STATION,
    )
    assert event.reason == "点单（电话（工作人员录入））"
    second = order_place(county)
    assert second.number == f"230781-{today:%Y%m%d}-0002"


def test_gcj02_point_is_stored_as_wgs84(county_with_settings):
    gcj_latitude, gcj_longitude = wgs84_to_gcj02(float(INSIDE[0]), float(INSIDE[1]))
    order = order_place(county_with_settings, latitude=gcj_latitude, longitude=gcj_longitude, coordinate_system="gcj02")
    assert abs(order.latitude - INSIDE[0]) <= Decimal("0.000002")
    assert abs(order.longitude - INSIDE[1]) <= Decimal("0.000002")


def test_an_order_in_a_township_without_station_is_reviewed_by_the_institute(county_with_settings):
    county = county_with_settings
    order = order_place(county, region=county.township, acting_user=county.users[Role.TOWNSHIP_ADMIN])
    assert order.tier == Tier.INSTITUTE


def test_a_resident_places_their_own_web_order(county_with_settings):
    county = county_with_settings
    resident = county.users[Role.RESIDENT]
    order = order_submit(
        acting_user=resident,
        **order_fields(county, channel=OrderChannel.WEB, requester_name="", requester_phone="13900001111"),
    )
    assert order.requester == resident
    assert order.requester_name == resident.display_name


def test_a_brand_project_is_ordered_under_its_category(county_with_settings):
    county = county_with_settings
    brand = Brand.objects.create(region=county.county, name="爱撒骊城")
    project = Project.objects.create(region=county.county, brand=brand, name="关老爱老", category=county.team.category)
    order = order_place(county, project_id=project.pk)
    assert (order.project, order.category) == (project, county.team.category)
    by_code = order_place(county, category_id=None, service_code=f"project-{project.pk}")
    assert by_code.project == project


def _refused(county, message, field, **overrides):
    before = (ServiceOrder.objects.count(), OrderEvent.objects.count())
    with pytest.raises(DomainError) as caught:
        order_place(county, **overrides)
    assert str(caught.value.message) == message
    assert caught.value.field == field
    assert (ServiceOrder.objects.count(), OrderEvent.objects.count()) == before
    return caught.value


def test_an_unknown_category_is_refused(county_with_settings):
    error = _refused(county_with_settings, "服务类别不存在或未在铁力市开放。", "category_id", category_id=999999)
    assert error.code == "unknown_category"
    _refused(county_with_settings, "服务类别不存在或未在铁力市开放。", "service_code", service_code="no-such-service")


def test_a_category_switched_off_in_the_county_is_refused(county_with_settings):
    county = county_with_settings
    CountyCategory.objects.create(county=county.county, category=county.team.category, is_enabled=False)
    _refused(county, "服务类别不存在或未在铁力市开放。", "category_id")


def test_another_countys_local_category_is_refused(county_with_settings):
    county = county_with_settings
    elsewhere = TeamCategory.objects.create(code="forest", name="林区服务", region=county.city)
    _refused(county, "服务类别不存在或未在铁力市开放。", "category_id", category_id=elsewhere.pk)


def test_an_address_outside_the_county_is_refused(county_with_settings):
    error = _refused(
        county_with_settings,
        "服务地址不在铁力市范围内，请核对地图位置。",
        "latitude",
        latitude=OUTSIDE[0],
        longitude=OUTSIDE[1],
    )
    assert error.code == "address_outside_county"


def test_without_a_set_area_the_county_is_the_box_around_its_sites(county):
    # given: no setting; the station stands at the seat
    county.station.latitude, county.station.longitude = INSIDE
    county.station.save()
    # then
    assert order_place(county).pk
    _refused(
        county, "服务地址不在铁力市范围内，请核对地图位置。", "latitude", latitude=OUTSIDE[0], longitude=OUTSIDE[1]
    )


def test_a_time_window_in_the_past_is_refused(county_with_settings):
    past = timezone.now() - dt.timedelta(hours=5)
    error = _refused(
        county_with_settings,
        "期望时间已经过去，请选择以后的时间。",
        "desired_end_at",
        desired_at=past,
        desired_end_at=past + dt.timedelta(hours=2),
    )
    assert error.code == "window_in_past"
    _refused(
        county_with_settings, "期望时间已经过去，请选择以后的时间。", "desired_at", desired_at=past, desired_end_at=None
    )


def test_a_window_ending_before_it_starts_is_refused(county_with_settings):
    starts = timezone.now() + dt.timedelta(days=1)
    _refused(
        county_with_settings,
        "期望时间的截止须晚于开始。",
        "desired_end_at",
        desired_at=starts,
        desired_end_at=starts - dt.timedelta(hours=1),
    )


def test_people_needed_must_be_at_least_one(county_with_settings):
    _refused(county_with_settings, "需要人数须在 1 到 200 人之间。", "people_needed", people_needed=0)


def test_description_and_phone_are_required(county_with_settings):
    _refused(county_with_settings, "请填写需求描述。", "description", description="  ")
    _refused(county_with_settings, "请填写正确的联系电话。", "requester_phone", requester_phone="打电话")


@pytest.mark.parametrize("role", [Role.TEAM_LEADER, Role.VIEWER, Role.VOLUNTEER])
def test_only_admins_enter_phone_orders(county_with_settings, role):
    county = county_with_settings
    with pytest.raises(PermissionDeniedError):
        order_place(county, acting_user=county.users[role])
    assert ServiceOrder.objects.count() == 0


def test_a_station_admin_cannot_enter_an_order_of_the_sibling_village(county_with_settings):
    county = county_with_settings
    with pytest.raises(PermissionDeniedError):
        order_place(county, region=county.sibling_village)
    assert ServiceOrder.objects.count() == 0
