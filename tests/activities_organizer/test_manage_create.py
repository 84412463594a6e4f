"""Creating and editing activities through the organizer's form: every recruitment field, errors inline."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.activities_organizer.conftest import activity_form_data, activity_make, local_input
from wenming.activities.models import Activity, ActivityStatus
from wenming.core.geo import gcj02_to_wgs84
from wenming.regions.roles import Role
from wenming.volunteers.models import Skill

pytestmark = pytest.mark.django_db

CREATE = reverse("activities:manage_create")


def test_create_page_offers_only_the_users_sites_and_teams(county, browsers):
    response = browsers[Role.STATION_ADMIN].get(CREATE)
    assert response.status_code == 200
    sites = list(response.context["form"].fields["organizer_site"].queryset)
    assert sites == [county.station]
    assert list(response.context["form"].fields["organizer_team"].queryset) == [county.team]
    assert "坐标系" in response.content.decode()
    assert "GCJ-02（高德/腾讯地图）" in response.content.decode()


def test_create_stores_a_draft_with_gcj02_coordinates_converted_to_wgs84(county, browsers):
    # given a point picked on a Gaode map
    skill = Skill.objects.create(code="first-aid", name="急救")
    data = activity_form_data(
        county,
        latitude="46.986500",
        longitude="128.025600",
        coordinate_system="gcj02",
        geofence_radius_m="300",
        requires_insurance="on",
        insurance_note="每人一份意外险",
        min_age="18",
        max_age="65",
        required_skills=[skill.pk],
        late_cancel_hours="12",
    )
    # when
    response = browsers[Role.STATION_ADMIN].post(CREATE, data)
    # then
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("activities:manage_detail", args=[activity.pk])
    latitude, longitude = gcj02_to_wgs84(46.9865, 128.0256)
    assert activity.latitude == Decimal(f"{latitude:.6f}")
    assert activity.longitude == Decimal(f"{longitude:.6f}")
    assert activity.latitude != Decimal("46.986500")
    assert (activity.status, activity.region_id, activity.organizer_team_id) == (
        ActivityStatus.DRAFT,
        county.village.pk,
        county.team.pk,
    )
    assert (activity.geofence_radius_m, activity.requires_insurance, activity.insurance_note) == (
        300,
        True,
        "每人一份意外险",
    )
    assert (activity.min_age, activity.max_age, activity.late_cancel_hours) == (18, 65, 12)
    assert list(activity.required_skills.all()) == [skill]
    assert activity.created_by == county.users[Role.STATION_ADMIN]


def test_create_with_wgs84_keeps_the_coordinates(county, browsers):
    data = activity_form_data(county, latitude="46.986500", longitude="128.025600", coordinate_system="wgs84")
    browsers[Role.STATION_ADMIN].post(CREATE, data)
    activity = Activity.objects.get()
    assert (activity.latitude, activity.longitude) == (Decimal("46.986500"), Decimal("128.025600"))


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_at": "2030-01-01T08:00", "starts_at": "2030-01-01T09:00"}, "ends_at", "结束时间必须晚于开始时间。"),
        ({"requires_insurance": "on", "risk_statement": ""}, "risk_statement", "需要意外保险的活动必须写明风险提示。"),
        ({"capacity": "0"}, "capacity", "招募名额至少为 1 人。"),
        ({"geofence_radius_m": "200"}, "geofence_radius_m", "设置签到范围前，请先在地图上选定活动地点。"),
        ({"min_age": "60", "max_age": "18"}, "max_age", "最高年龄不能小于最低年龄。"),
        ({"latitude": "46.9"}, "longitude", "纬度和经度须同时填写。"),
        ({"title": ""}, "title", "这个字段是必填项。"),
    ],
)
def test_bad_input_is_shown_next_to_its_field_and_creates_nothing(county, browsers, overrides, field, message):
    response = browsers[Role.STATION_ADMIN].post(CREATE, activity_form_data(county, **overrides))
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()
    assert Activity.objects.count() == 0


def test_a_team_leader_must_publish_for_their_own_team(county, browsers):
    response = browsers[Role.TEAM_LEADER].post(CREATE, activity_form_data(county, organizer_team=""))
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == ["没有权限在该阵地或队伍发布活动。"]
    assert Activity.objects.count() == 0


def test_a_site_outside_the_scope_is_not_a_choice(county, browsers):
    response = browsers[Role.STATION_ADMIN].post(
        CREATE, activity_form_data(county, organizer_site=county.sibling_station.pk, organizer_team="")
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["organizer_site"]
    assert Activity.objects.count() == 0


def test_edit_changes_the_activity_and_keeps_wgs84_coordinates(county, browsers):
    activity = activity_make(county, publish=False, latitude=Decimal("46.980000"), longitude=Decimal("128.020000"))
    url = reverse("activities:manage_edit", args=[activity.pk])
    page = browsers[Role.STATION_ADMIN].get(url)
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["coordinate_system"] == "wgs84"
    data = activity_form_data(
        county,
        title="防诈骗宣讲（改）",
        capacity="8",
        latitude="46.980000",
        longitude="128.020000",
        coordinate_system="wgs84",
        starts_at=local_input(activity.starts_at),
        ends_at=local_input(activity.ends_at),
    )
    response = browsers[Role.STATION_ADMIN].post(url, data)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.capacity) == ("防诈骗宣讲（改）", 8)
    assert (activity.latitude, activity.longitude) == (Decimal("46.980000"), Decimal("128.020000"))


def test_edit_refusal_changes_nothing(county, browsers):
    activity = activity_make(county, publish=False)
    url = reverse("activities:manage_edit", args=[activity.pk])
    response = browsers[Role.STATION_ADMIN].post(
        url, activity_form_data(county, requires_insurance="on", risk_statement="")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["risk_statement"] == ["需要意外保险的活动必须写明风险提示。"]
    activity.refresh_from_db()
    assert (activity.title, activity.requires_insurance) == ("防诈骗宣讲", False)


def test_edit_of_an_activity_outside_the_scope_is_not_found(county, sibling_admin):
    from tests.api.conftest import client_as

    activity = activity_make(county, publish=False)
    url = reverse("activities:manage_edit", args=[activity.pk])
    browser = client_as(sibling_admin)
    assert browser.get(url).status_code == 404
    assert browser.post(url, activity_form_data(county)).status_code == 404
    assert browser.post(url, {}).status_code == 404
    activity.refresh_from_db()
    assert activity.title == "防诈骗宣讲"
