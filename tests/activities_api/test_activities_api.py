"""The activities endpoints: list, near, create, read, change, publish, close, finish, cancel, series."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.activities_api.conftest import API, activity_build, counts, minute, running_activity_build
from tests.api.conftest import FULL_PHONES, client_as
from wenming.activities.models import Activity, ActivitySeries, ActivityStatus
from wenming.regions.roles import Role

JSON = "application/json"


def create_body(api_county, **overrides):
    county = api_county.county
    starts_at = minute(timezone.now() + dt.timedelta(days=5))
    body = {
        "title": "关爱老人上门服务",
        "content": "为独居老人打扫卫生、陪伴聊天。",
        "organizer_site_id": county.station.pk,
        "organizer_team_id": county.team.pk,
        "venue_type": "courtyard",
        "place": "东兴村敬老院",
        "latitude": "46.980000",
        "longitude": "128.040000",
        "starts_at": starts_at.isoformat(),
        "ends_at": (starts_at + dt.timedelta(hours=2)).isoformat(),
        "capacity": 8,
        "signup_method": "平台在线报名",
        "risk_statement": "入户服务，注意人身安全。",
        "safeguards": "两人一组，全程保持联系。",
        "contact_name": "刘站长",
        "contact_phone": "13900001111",
    }
    body.update(overrides)
    return body


# -- list ------------------------------------------------------------------------------------------


def test_list_shows_the_activities_of_the_callers_scope_latest_first(api_county):
    county = api_county.county
    soon = activity_build(county, "own", starts_in=dt.timedelta(days=1))
    later = activity_build(county, "sibling", starts_in=dt.timedelta(days=2))
    activity_build(county, "parent", starts_in=dt.timedelta(days=3))

    station = client_as(county.users[Role.STATION_ADMIN]).get(f"{API}/activities").json()
    township = client_as(county.users[Role.TOWNSHIP_ADMIN]).get(f"{API}/activities").json()

    assert [item["id"] for item in station["items"]] == [soon.pk]
    assert township["count"] == 3
    assert [item["id"] for item in township["items"]][1:] == [later.pk, soon.pk]


def test_list_filters(api_county):
    county = api_county.county
    own = activity_build(county, "own", title="冬季送温暖")
    draft = activity_build(county, "sibling", publish=False, venue_type="campus")
    finished_long_ago = activity_build(county, "parent", publish=False, starts_in=-dt.timedelta(days=3))
    browser = client_as(county.users[Role.COUNTY_ADMIN])

    def ids(query):
        response = browser.get(f"{API}/activities?{query}")
        assert response.status_code == 200, response.content
        return {item["id"] for item in response.json()["items"]}

    assert ids("status=draft") == {draft.pk, finished_long_ago.pk}
    assert ids("venue_type=campus") == {draft.pk}
    assert ids("q=送温暖") == {own.pk}
    assert ids("upcoming=true") == {own.pk, draft.pk}
    assert ids(f"category_id={county.team.category_id}") == set()
    assert client_as(county.users[Role.TEAM_LEADER]).get(f"{API}/activities?manageable=true").json()["count"] == 1


def test_volunteers_see_published_activities_anywhere_but_no_drafts(api_county):
    county = api_county.county
    published = activity_build(county, "parent")
    activity_build(county, "own", publish=False)

    body = client_as(county.users[Role.VOLUNTEER]).get(f"{API}/activities").json()

    assert [item["id"] for item in body["items"]] == [published.pk]


def test_list_masks_the_contact_phone_and_gives_times_with_timezone(api_county):
    county = api_county.county
    activity_build(county, contact_phone=FULL_PHONES[0])

    response = client_as(county.users[Role.COUNTY_ADMIN]).get(f"{API}/activities")

    item = response.json()["items"][0]
    assert item["contact_phone_masked"] == FULL_PHONES[0][:3] + "****" + FULL_PHONES[0][-4:]
    assert FULL_PHONES[0] not in response.content.decode()
    assert item["starts_at"].endswith("Z") or item["starts_at"][-6] in "+-"


def test_bad_filter_is_refused(api_county):
    response = client_as(api_county.users[Role.COUNTY_ADMIN]).get(f"{API}/activities?status=somewhere")
    assert response.status_code == 422
    assert response.json()["field"] == "status"


def test_list_query_count_is_pinned(api_county, django_assert_num_queries):
    county = api_county.county
    for scope in ("own", "sibling", "parent"):
        activity_build(county, scope)
    browser = client_as(county.users[Role.COUNTY_ADMIN])
    with django_assert_num_queries(8):  # six of the request, the count and the page
        response = browser.get(f"{API}/activities")
    assert response.json()["count"] == 3


# -- near ------------------------------------------------------------------------------------------


def test_near_lists_published_activities_within_the_radius_nearest_first(api_county):
    county = api_county.county
    near = activity_build(county, "own", latitude="46.990000", longitude="128.050000")
    farther = activity_build(county, "sibling", latitude="47.030000", longitude="128.040000")
    activity_build(county, "parent", latitude="47.500000", longitude="128.040000")  # ~58 km north
    activity_build(county, "parent", publish=False, latitude="46.980000", longitude="128.040000")

    response = client_as(county.users[Role.VOLUNTEER]).get(
        f"{API}/activities/near?latitude=46.98&longitude=128.04&radius_km=10"
    )

    assert response.status_code == 200
    body = response.json()
    assert [row["activity"]["id"] for row in body] == [near.pk, farther.pk]
    assert body[0]["distance_km"] == pytest.approx(1.36, abs=0.05)
    assert body[1]["distance_km"] == pytest.approx(5.56, abs=0.05)


def test_near_refuses_an_impossible_point(api_county):
    response = client_as(api_county.users[Role.VOLUNTEER]).get(f"{API}/activities/near?latitude=91&longitude=128")
    assert response.status_code == 422
    assert response.json()["field"] == "latitude"


def test_near_query_count_is_pinned(api_county, django_assert_num_queries):
    county = api_county.county
    for scope in ("own", "sibling", "parent"):
        activity_build(county, scope, latitude="46.990000", longitude="128.050000")
    browser = client_as(county.users[Role.VOLUNTEER])
    with django_assert_num_queries(7):
        response = browser.get(f"{API}/activities/near?latitude=46.98&longitude=128.04")
    assert len(response.json()) == 3


# -- create, read, change --------------------------------------------------------------------------


def test_create_makes_a_draft_in_the_sites_region(api_county):
    county = api_county.county

    response = client_as(county.users[Role.STATION_ADMIN]).post(
        f"{API}/activities", create_body(api_county), content_type=JSON
    )

    assert response.status_code == 201, response.content
    body = response.json()
    activity = Activity.objects.get()
    assert body["id"] == activity.pk
    assert (body["status"], body["region_code"], body["organizer_team_name"]) == (
        "draft",
        county.village.code,
        "东兴村理论宣讲队",
    )
    assert body["contact_phone_masked"] == "139****1111"
    assert activity.contact_phone == "13900001111"
    assert activity.created_by == county.users[Role.STATION_ADMIN]


def test_create_converts_gcj02_coordinates_to_wgs84(api_county):
    body = create_body(api_county, coordinate_system="gcj02", latitude="46.982000", longitude="128.046000")

    response = client_as(api_county.users[Role.COUNTY_ADMIN]).post(f"{API}/activities", body, content_type=JSON)

    assert response.status_code == 201
    activity = Activity.objects.get()
    assert activity.latitude != body["latitude"]
    assert abs(float(activity.latitude) - 46.982) < 0.01


def test_create_with_end_before_start_is_refused_and_writes_nothing(api_county):
    starts_at = timezone.now() + dt.timedelta(days=2)
    body = create_body(
        api_county, starts_at=starts_at.isoformat(), ends_at=(starts_at - dt.timedelta(hours=1)).isoformat()
    )
    before = counts()

    response = client_as(api_county.users[Role.COUNTY_ADMIN]).post(f"{API}/activities", body, content_type=JSON)

    assert response.status_code == 400
    assert response.json()["field"] == "ends_at"
    assert response.json()["message"]
    assert counts() == before


@pytest.mark.parametrize(
    ("overrides", "status", "field"),
    [
        ({"starts_at": "2030-01-01T09:00:00"}, 422, "starts_at"),  # no timezone
        ({"capacity": 0}, 422, "capacity"),
        ({"venue_type": "moon"}, 422, "venue_type"),
        ({"category_id": 99999}, 400, "category"),
        ({"required_skill_ids": [99999]}, 400, "required_skill_ids"),
        ({"requires_insurance": True, "risk_statement": ""}, 400, "risk_statement"),
    ],
)
def test_create_refuses_bad_input_and_writes_nothing(api_county, overrides, status, field):
    before = counts()

    response = client_as(api_county.users[Role.COUNTY_ADMIN]).post(
        f"{API}/activities", create_body(api_county, **overrides), content_type=JSON
    )

    assert response.status_code == status, response.content
    assert response.json()["field"] == field
    assert counts() == before


def test_create_at_a_site_outside_the_scope_is_refused(api_county):
    county = api_county.county
    body = create_body(api_county, organizer_site_id=county.sibling_station.pk, organizer_team_id=None)
    before = counts()

    response = client_as(county.users[Role.STATION_ADMIN]).post(f"{API}/activities", body, content_type=JSON)

    assert response.status_code == 400
    assert response.json() == {"code": "not_found", "message": "阵地不存在。", "field": "organizer_site"}
    assert counts() == before


def test_viewer_may_not_create(api_county):
    before = counts()
    response = client_as(api_county.users[Role.VIEWER]).post(
        f"{API}/activities", create_body(api_county), content_type=JSON
    )
    assert response.status_code == 403
    assert response.json() == {"code": "permission_denied", "message": "没有权限发布活动。", "field": None}
    assert counts() == before


def test_volunteer_may_not_create_at_a_site_they_cannot_see(api_county):
    before = counts()
    response = client_as(api_county.users[Role.VOLUNTEER]).post(
        f"{API}/activities", create_body(api_county), content_type=JSON
    )
    assert response.status_code == 400
    assert response.json() == {"code": "not_found", "message": "阵地不存在。", "field": "organizer_site"}
    assert counts() == before


def test_detail_outside_the_scope_is_not_found(api_county):
    county = api_county.county
    sibling = activity_build(county, "sibling")

    response = client_as(county.users[Role.STATION_ADMIN]).get(f"{API}/activities/{sibling.pk}")

    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "活动不存在。", "field": None}


def test_patch_changes_only_the_fields_sent(api_county):
    county = api_county.county
    activity = activity_build(county)

    response = client_as(county.users[Role.STATION_ADMIN]).patch(
        f"{API}/activities/{activity.pk}", {"place": "村委会会议室", "capacity": 20}, content_type=JSON
    )

    assert response.status_code == 200, response.content
    activity.refresh_from_db()
    assert (activity.place, activity.capacity, activity.title) == ("村委会会议室", 20, "理论政策宣讲进村屯")
    assert response.json()["places_left"] == 20


def test_patch_with_end_before_start_is_refused_and_changes_nothing(api_county):
    county = api_county.county
    activity = activity_build(county)
    ends_at = activity.ends_at

    response = client_as(county.users[Role.STATION_ADMIN]).patch(
        f"{API}/activities/{activity.pk}",
        {"ends_at": (activity.starts_at - dt.timedelta(hours=1)).isoformat()},
        content_type=JSON,
    )

    assert response.status_code == 400
    assert response.json()["field"] == "ends_at"
    activity.refresh_from_db()
    assert activity.ends_at == ends_at


def test_patch_refuses_null_for_a_required_field(api_county):
    county = api_county.county
    activity = activity_build(county)

    response = client_as(county.users[Role.STATION_ADMIN]).patch(
        f"{API}/activities/{activity.pk}", {"capacity": None}, content_type=JSON
    )

    assert response.status_code == 422
    assert response.json()["field"] == "capacity"
    activity.refresh_from_db()
    assert activity.capacity == 10


def test_patch_may_clear_an_optional_field(api_county):
    county = api_county.county
    activity = activity_build(county, min_age=18)

    response = client_as(county.users[Role.COUNTY_ADMIN]).patch(
        f"{API}/activities/{activity.pk}", {"min_age": None}, content_type=JSON
    )

    assert response.status_code == 200
    activity.refresh_from_db()
    assert activity.min_age is None


# -- states ----------------------------------------------------------------------------------------


def test_publish_opens_sign_up(api_county):
    county = api_county.county
    draft = activity_build(county, publish=False)

    response = client_as(county.users[Role.STATION_ADMIN]).post(f"{API}/activities/{draft.pk}/publish")

    assert response.status_code == 200
    assert response.json()["status"] == "published"
    draft.refresh_from_db()
    assert draft.status == ActivityStatus.PUBLISHED
    assert draft.published_at is not None


def test_publish_without_safeguards_is_refused(api_county):
    county = api_county.county
    draft = activity_build(county, publish=False, safeguards="")

    response = client_as(county.users[Role.STATION_ADMIN]).post(f"{API}/activities/{draft.pk}/publish")

    assert response.status_code == 400
    assert response.json()["code"] == "activity_incomplete"
    assert "保障措施" in response.json()["message"]
    draft.refresh_from_db()
    assert draft.status == ActivityStatus.DRAFT


def test_publish_of_a_past_activity_is_refused(api_county):
    county = api_county.county
    past = activity_build(county, publish=False, starts_in=-dt.timedelta(days=2))

    response = client_as(county.users[Role.STATION_ADMIN]).post(f"{API}/activities/{past.pk}/publish")

    assert response.status_code == 400
    assert response.json() == {
        "code": "activity_in_past",
        "message": "活动结束时间已过，不能发布。",
        "field": "ends_at",
    }
    past.refresh_from_db()
    assert past.status == ActivityStatus.DRAFT


def test_close_then_finish(api_county):
    county = api_county.county
    running = running_activity_build(county)
    browser = client_as(county.users[Role.STATION_ADMIN])

    closed = browser.post(f"{API}/activities/{running.pk}/close")
    finished = browser.post(f"{API}/activities/{running.pk}/finish")

    assert (closed.status_code, closed.json()["status"]) == (200, "closed")
    assert (finished.status_code, finished.json()["status"]) == (200, "finished")


def test_close_twice_is_refused(api_county):
    county = api_county.county
    activity = activity_build(county)
    browser = client_as(county.users[Role.STATION_ADMIN])
    browser.post(f"{API}/activities/{activity.pk}/close")

    response = browser.post(f"{API}/activities/{activity.pk}/close")

    assert response.status_code == 400
    assert response.json()["code"] == "activity_not_published"


def test_finish_before_the_start_is_refused(api_county):
    county = api_county.county
    activity = activity_build(county)

    response = client_as(county.users[Role.STATION_ADMIN]).post(f"{API}/activities/{activity.pk}/finish")

    assert response.status_code == 400
    assert response.json()["code"] == "activity_not_started"
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PUBLISHED


def test_cancel_with_a_reason(api_county):
    county = api_county.county
    activity = activity_build(county)

    response = client_as(county.users[Role.STATION_ADMIN]).post(
        f"{API}/activities/{activity.pk}/cancel", {"reason": "暴雪预警"}, content_type=JSON
    )

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["cancel_reason"]) == ("cancelled", "暴雪预警")
    assert response.json()["cancelled_at"] is not None


def test_cancel_without_a_reason_is_refused(api_county):
    county = api_county.county
    activity = activity_build(county)

    response = client_as(county.users[Role.STATION_ADMIN]).post(
        f"{API}/activities/{activity.pk}/cancel", {"reason": "  "}, content_type=JSON
    )

    assert response.status_code == 400
    assert response.json() == {"code": "reason_required", "message": "取消活动时请说明原因。", "field": "reason"}
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PUBLISHED


def test_a_manager_of_another_scope_gets_403_for_a_visible_activity(api_county):
    county = api_county.county
    activity = activity_build(county, "sibling")

    response = client_as(county.users[Role.VIEWER]).post(f"{API}/activities/{activity.pk}/close")

    assert response.status_code == 403
    assert response.json()["message"] == "没有权限管理这个活动。"


# -- series ----------------------------------------------------------------------------------------


def series_body(api_county, **overrides):
    first_on = timezone.localdate() + dt.timedelta(days=7)
    body = create_body(api_county)
    del body["starts_at"], body["ends_at"]
    body.update(
        weekdays=[first_on.isoweekday()],
        first_on=first_on.isoformat(),
        last_on=(first_on + dt.timedelta(days=20)).isoformat(),
        starts_time="09:00",
        ends_time="11:00",
    )
    body.update(overrides)
    return body


def test_series_create_makes_one_draft_per_occurrence_then_publish_opens_them(api_county):
    county = api_county.county
    browser = client_as(county.users[Role.STATION_ADMIN])

    created = browser.post(f"{API}/activity-series", series_body(api_county), content_type=JSON)

    assert created.status_code == 201, created.content
    body = created.json()
    series = ActivitySeries.objects.get()
    assert body["id"] == series.pk
    assert len(body["occurrence_ids"]) == 3
    assert set(body["occurrence_ids"]) == set(series.occurrences.values_list("pk", flat=True))
    assert all(timezone.localtime(activity.starts_at).time() == dt.time(9, 0) for activity in series.occurrences.all())

    published = browser.post(f"{API}/activity-series/{series.pk}/publish")

    assert published.json() == {"series_id": series.pk, "published_count": 3}
    assert set(series.occurrences.values_list("status", flat=True)) == {ActivityStatus.PUBLISHED}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"ends_time": "08:00"}, "ends_time"), ({"weekdays": [8]}, "weekdays"), ({"last_on": "2001-01-01"}, "last_on")],
)
def test_series_with_bad_dates_or_times_is_refused_and_writes_nothing(api_county, overrides, field):
    before = counts()

    response = client_as(api_county.users[Role.STATION_ADMIN]).post(
        f"{API}/activity-series", series_body(api_county, **overrides), content_type=JSON
    )

    assert response.status_code == 400
    assert response.json()["field"] == field
    assert counts() == before


def test_series_publish_of_an_unknown_series_is_not_found(api_county):
    response = client_as(api_county.users[Role.COUNTY_ADMIN]).post(f"{API}/activity-series/999/publish")
    assert response.status_code == 404
    assert response.json()["message"] == "周期活动不存在。"
