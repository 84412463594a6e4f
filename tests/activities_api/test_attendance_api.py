"""Check-in codes, check-in and check-out by QR, the organizer's manual records and the attendance list."""

import datetime as dt
import time
from decimal import Decimal

from django.core import signing
from django.utils import timezone

from tests.activities_api.conftest import (
    API,
    activity_build,
    checked_in_build,
    counts,
    running_activity_build,
    signup_build,
    token_for,
)
from tests.api.conftest import client_as
from tests.factories import volunteer_make
from wenming.activities.models import Attendance
from wenming.activities.services_attendance import CHECKIN_SIGNING_NAMESPACE
from wenming.ledger.models import HoursEntry
from wenming.regions.roles import Role

JSON = "application/json"


def scan(api_county, kind, token, key="scan-1", **extra):
    path = "check-in" if kind == "in" else "check-out"
    return client_as(api_county.users[Role.VOLUNTEER]).post(
        f"{API}/attendances/{path}", {"token": token, "idempotency_key": key, **extra}, content_type=JSON
    )


# -- the organizer's code --------------------------------------------------------------------------


def test_checkin_token_gives_the_code_its_phone_url_and_expiry(api_county):
    county = api_county.county
    activity = running_activity_build(county)
    browser = client_as(county.users[Role.STATION_ADMIN])

    check_in = browser.get(f"{API}/activities/{activity.pk}/checkin-token?kind=in").json()
    check_out = browser.get(f"{API}/activities/{activity.pk}/checkin-token?kind=out").json()

    assert check_in["url"] == f"/m/checkin/{check_in['token']}/"
    assert check_out["url"] == f"/m/checkout/{check_out['token']}/"
    issued = dt.datetime.fromisoformat(check_in["issued_at"].replace("Z", "+00:00"))
    expires = dt.datetime.fromisoformat(check_in["expires_at"].replace("Z", "+00:00"))
    assert expires - issued == dt.timedelta(seconds=180)
    assert (check_in["activity_id"], check_in["kind"]) == (activity.pk, "in")


def test_checkin_token_of_a_bad_kind_is_refused(api_county):
    activity = running_activity_build(api_county.county)
    response = client_as(api_county.users[Role.STATION_ADMIN]).get(
        f"{API}/activities/{activity.pk}/checkin-token?kind=sideways"
    )
    assert response.status_code == 422
    assert response.json()["field"] == "kind"


def test_checkin_token_of_a_draft_is_refused(api_county):
    activity = activity_build(api_county.county, publish=False)
    response = client_as(api_county.users[Role.STATION_ADMIN]).get(
        f"{API}/activities/{activity.pk}/checkin-token?kind=in"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "activity_not_running"


def test_checkin_token_is_for_organizers_only(api_county):
    activity = running_activity_build(api_county.county)
    response = client_as(api_county.users[Role.VOLUNTEER]).get(f"{API}/activities/{activity.pk}/checkin-token?kind=in")
    assert response.status_code == 404


# -- check-in --------------------------------------------------------------------------------------


def test_check_in_records_the_arrival(api_county):
    county = api_county.county
    activity = running_activity_build(county)
    signup_build(county, activity, county.volunteers["own"])

    response = scan(api_county, "in", token_for(county, activity))

    assert response.status_code == 200, response.content
    attendance = Attendance.objects.get()
    body = response.json()
    assert (body["id"], body["activity_id"], body["volunteer_id"]) == (
        attendance.pk,
        activity.pk,
        county.volunteers["own"].pk,
    )
    assert (body["method"], body["checked_out_at"], body["volunteer_name"]) == ("qr", None, "张东兴")
    assert body["checked_in_at"] is not None


def test_repeated_check_in_with_the_same_key_returns_the_same_attendance(api_county):
    county = api_county.county
    activity = running_activity_build(county)
    signup_build(county, activity, county.volunteers["own"])
    token = token_for(county, activity)

    first = scan(api_county, "in", token, key="phone-42")
    second = scan(api_county, "in", token, key="phone-42")

    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json() == second.json()
    assert Attendance.objects.count() == 1


def test_check_in_with_a_forged_token_is_refused(api_county):
    county = api_county.county
    activity = running_activity_build(county)
    signup_build(county, activity, county.volunteers["own"])
    forged = signing.dumps({"a": activity.pk, "k": "in"}, salt=CHECKIN_SIGNING_NAMESPACE, key="not-our-secret")
    before = counts()

    response = scan(api_county, "in", forged)

    assert response.status_code == 400
    assert response.json() == {
        "code": "token_invalid",
        "message": "二维码无效，请扫描组织者出示的二维码。",
        "field": "token",
    }
    assert counts() == before


def test_check_in_with_a_stale_token_is_refused(api_county, monkeypatch):
    county = api_county.county
    activity = running_activity_build(county)
    signup_build(county, activity, county.volunteers["own"])
    issued_at = time.time() - 600  # shown ten minutes ago; codes stay valid 180 seconds
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: issued_at)
        stale = token_for(county, activity)
    before = counts()

    response = scan(api_county, "in", stale)

    assert response.status_code == 400
    assert response.json() == {
        "code": "token_expired",
        "message": "二维码已过期，请扫描组织者页面上最新的二维码。",
        "field": "token",
    }
    assert counts() == before


def test_check_in_with_the_check_out_code_is_refused(api_county):
    county = api_county.county
    activity = running_activity_build(county)
    signup_build(county, activity, county.volunteers["own"])
    before = counts()

    response = scan(api_county, "in", token_for(county, activity, "out"))

    assert response.status_code == 400
    assert response.json()["message"] == "这是签退二维码，请扫描签到二维码。"
    assert counts() == before


def test_check_in_without_a_sign_up_is_refused(api_county):
    county = api_county.county
    activity = running_activity_build(county)
    before = counts()

    response = scan(api_county, "in", token_for(county, activity))

    assert response.status_code == 400
    assert response.json()["code"] == "not_signed_up"
    assert counts() == before


def test_check_in_outside_the_geofence_is_refused(api_county):
    county = api_county.county
    activity = running_activity_build(county, latitude="46.980000", longitude="128.040000", geofence_radius_m=200)
    signup_build(county, activity, county.volunteers["own"])
    before = counts()

    response = scan(api_county, "in", token_for(county, activity), latitude=46.99, longitude=128.04)

    assert response.status_code == 400
    assert response.json()["code"] == "outside_geofence"
    assert response.json()["field"] == "latitude"
    assert counts() == before


def test_check_in_inside_the_geofence_is_recorded(api_county):
    county = api_county.county
    activity = running_activity_build(county, latitude="46.980000", longitude="128.040000", geofence_radius_m=200)
    signup_build(county, activity, county.volunteers["own"])

    response = scan(api_county, "in", token_for(county, activity), latitude=46.9801, longitude=128.0401)

    assert response.status_code == 200
    assert Attendance.objects.count() == 1


def test_check_in_by_someone_without_a_volunteer_record_is_refused(api_county):
    county = api_county.county
    activity = running_activity_build(county)
    before = counts()

    response = client_as(county.users[Role.RESIDENT]).post(
        f"{API}/attendances/check-in",
        {"token": token_for(county, activity), "idempotency_key": "k-1"},
        content_type=JSON,
    )

    assert response.status_code == 400
    assert response.json()["code"] == "not_a_volunteer"
    assert counts() == before


# -- check-out -------------------------------------------------------------------------------------


def test_check_out_before_check_in_is_refused(api_county):
    county = api_county.county
    activity = running_activity_build(county)
    signup_build(county, activity, county.volunteers["own"])
    before = counts()

    response = scan(api_county, "out", token_for(county, activity, "out"))

    assert response.status_code == 400
    assert response.json() == {"code": "not_checked_in", "message": "尚未签到，不能签退。", "field": None}
    assert counts() == before


def test_check_out_closes_the_attendance_once(api_county):
    county = api_county.county
    activity = running_activity_build(county)
    attendance = checked_in_build(county, activity)
    token = token_for(county, activity, "out")

    first = scan(api_county, "out", token, key="leave-1")
    second = scan(api_county, "out", token, key="leave-1")

    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json()["id"] == attendance.pk
    assert first.json()["checked_out_at"] is not None
    assert first.json() == second.json()
    assert Attendance.objects.count() == 1
    assert HoursEntry.objects.filter(attendance=attendance).count() <= 1


def test_missing_idempotency_key_is_refused(api_county):
    county = api_county.county
    activity = running_activity_build(county)
    signup_build(county, activity, county.volunteers["own"])
    before = counts()

    response = scan(api_county, "in", token_for(county, activity), key=" ")

    assert response.status_code == 400
    assert response.json()["field"] == "idempotency_key"
    assert counts() == before


# -- manual records and the list -------------------------------------------------------------------


def record(api_county, activity, body, role=Role.STATION_ADMIN):
    return client_as(api_county.users[role]).post(
        f"{API}/activities/{activity.pk}/attendances", body, content_type=JSON
    )


def test_manual_check_in_and_out_propose_the_hours(api_county):
    county = api_county.county
    activity = running_activity_build(county)
    volunteer = county.volunteers["own"]
    signup_build(county, activity, volunteer)

    arrived = record(
        api_county, activity, {"volunteer_id": volunteer.pk, "action": "check_in", "at": activity.starts_at.isoformat()}
    )
    left = record(api_county, activity, {"volunteer_id": volunteer.pk, "action": "check_out"})

    assert (arrived.status_code, left.status_code) == (200, 200), left.content
    assert left.json()["method"] == "manual"
    entry = HoursEntry.objects.get()  # 30 minutes present, in steps of 15 minutes
    assert (entry.hours, entry.status, entry.volunteer_id) == (Decimal("0.50"), "pending", volunteer.pk)


def test_manual_check_out_before_check_in_is_refused(api_county):
    county = api_county.county
    activity = running_activity_build(county)
    volunteer = county.volunteers["own"]
    signup_build(county, activity, volunteer)
    before = counts()

    response = record(api_county, activity, {"volunteer_id": volunteer.pk, "action": "check_out"})

    assert response.status_code == 400
    assert response.json()["code"] == "not_checked_in"
    assert counts() == before


def test_manual_record_in_the_future_is_refused(api_county):
    county = api_county.county
    activity = running_activity_build(county)
    volunteer = county.volunteers["own"]
    signup_build(county, activity, volunteer)
    before = counts()

    response = record(
        api_county,
        activity,
        {
            "volunteer_id": volunteer.pk,
            "action": "check_in",
            "at": (timezone.now() + dt.timedelta(hours=1)).isoformat(),
        },
    )

    assert response.status_code == 400
    assert response.json() == {"code": "domain_error", "message": "签到、签退时间不能晚于现在。", "field": "at"}
    assert counts() == before


def test_no_show_is_marked(api_county):
    county = api_county.county
    activity = running_activity_build(county)
    volunteer = county.volunteers["own"]
    signup_build(county, activity, volunteer)

    response = record(api_county, activity, {"volunteer_id": volunteer.pk, "action": "no_show"})

    assert response.status_code == 200
    assert (response.json()["is_no_show"], response.json()["checked_in_at"]) == (True, None)


def test_bad_action_is_refused(api_county):
    activity = running_activity_build(api_county.county)
    response = record(api_county, activity, {"volunteer_id": 1, "action": "teleport"})
    assert response.status_code == 422
    assert response.json()["field"] == "action"


def test_attendance_list_and_its_query_count(api_county, django_assert_num_queries):
    county = api_county.county
    activity = running_activity_build(county, capacity=10)
    for number in range(3):
        volunteer = volunteer_make(county.village, f"到场者{number}", 30 + number)
        signup_build(county, activity, volunteer)
        record(api_county, activity, {"volunteer_id": volunteer.pk, "action": "check_in"})
    browser = client_as(county.users[Role.STATION_ADMIN])

    with django_assert_num_queries(8):  # six of the request, the activity, the attendances with their volunteers
        response = browser.get(f"{API}/activities/{activity.pk}/attendances")

    assert response.status_code == 200
    assert [row["volunteer_name"] for row in response.json()] == ["到场者0", "到场者1", "到场者2"]


def test_attendance_list_is_for_organizers_only(api_county):
    activity = running_activity_build(api_county.county)
    response = client_as(api_county.users[Role.VOLUNTEER]).get(f"{API}/activities/{activity.pk}/attendances")
    assert response.status_code == 404
