"""The page the phone camera opens from the organizer's QR code: one big button, recorded once."""

import datetime as dt
import re
import time
from decimal import Decimal
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from tests.activities_mobile.conftest import activity_make
from wenming.activities.models import Activity, Attendance
from wenming.activities.services import signup_create
from wenming.activities.services_attendance import attendance_check_in, checkin_token_issue
from wenming.ledger.models import EntryStatus, HoursEntry
from wenming.regions.roles import Role

pytestmark = pytest.mark.django_db

SEAT = (Decimal("46.980000"), Decimal("128.040000"))


def token_for(county, activity, kind="in"):
    admin = county.users[Role.COUNTY_ADMIN]
    return checkin_token_issue(activity_id=activity.pk, kind=kind, acting_user=admin).token


@pytest.fixture
def soon(county):
    """An activity starting in half an hour (check-in is open), the volunteer confirmed."""
    activity = activity_make(county, title="广场文艺演出", starts_at=timezone.now() + dt.timedelta(minutes=30))
    signup_create(activity_id=activity.pk, acting_user=county.users[Role.VOLUNTEER])
    return activity


def key_of(page: str) -> str:
    match = re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', page)
    assert match, page
    return match.group(1)


def test_the_page_shows_the_activity_and_a_fresh_key_each_time(county, phone, soon):
    url = reverse("activities:checkin", args=[token_for(county, soon)])
    first = phone.get(url)
    second = phone.get(url).content.decode()
    page = first.content.decode()
    assert first.status_code == 200
    assert "广场文艺演出" in page
    assert 'id="checkin-button"' in page
    assert ">签到</button>" in page
    assert key_of(page) != key_of(second)
    assert "no-store" in first["Cache-Control"]
    assert Attendance.objects.count() == 0


def test_anonymous_scan_goes_to_login_and_back(client, county, soon):
    url = reverse("activities:checkin", args=[token_for(county, soon)])
    response = client.get(url)
    location = urlsplit(response["Location"])
    assert response.status_code == 302
    assert location.path == reverse("accounts:login")
    assert parse_qs(location.query) == {"next": [url]}


def test_check_in_records_the_arrival_with_its_time(county, phone, soon, volunteer):
    url = reverse("activities:checkin", args=[token_for(county, soon)])
    key = key_of(phone.get(url).content.decode())
    response = phone.post(url, {"idempotency_key": key, "latitude": "", "longitude": ""})
    page = response.content.decode()
    attendance = Attendance.objects.get()
    assert (attendance.activity_id, attendance.volunteer_id, attendance.idempotency_key) == (soon.pk, volunteer.pk, key)
    assert "签到成功" in page
    assert timezone.localtime(attendance.checked_in_at).strftime("%Y-%m-%d %H:%M:%S") in page


def test_the_same_post_twice_makes_one_attendance(county, phone, soon):
    url = reverse("activities:checkin", args=[token_for(county, soon)])
    data = {"idempotency_key": key_of(phone.get(url).content.decode())}
    first = phone.post(url, data).content.decode()
    second = phone.post(url, data).content.decode()
    assert Attendance.objects.count() == 1
    assert "签到成功" in first and "签到成功" in second
    checked_in = timezone.localtime(Attendance.objects.get().checked_in_at).strftime("%Y-%m-%d %H:%M:%S")
    assert checked_in in first and checked_in in second


def test_a_second_scan_with_a_new_key_keeps_the_first_arrival(county, phone, soon):
    url = reverse("activities:checkin", args=[token_for(county, soon)])
    phone.post(url, {"idempotency_key": "a" * 32})
    phone.post(url, {"idempotency_key": "b" * 32})
    assert Attendance.objects.get().idempotency_key == "a" * 32


def test_a_stale_token_is_refused_and_nothing_is_created(county, phone, soon, settings):
    with mock.patch("django.core.signing.time.time", return_value=time.time() - settings.WENMING_QR_TOKEN_SECONDS - 5):
        stale = token_for(county, soon)
    url = reverse("activities:checkin", args=[stale])
    shown = phone.get(url).content.decode()
    assert "二维码已过期，请扫描组织者页面上最新的二维码。" in shown
    assert 'id="checkin-button"' not in shown
    posted = phone.post(url, {"idempotency_key": "c" * 32}).content.decode()
    assert "二维码已过期" in posted
    assert Attendance.objects.count() == 0


def test_a_forged_token_is_refused_and_nothing_is_created(county, phone, soon):
    forged = signing.dumps({"a": soon.pk, "k": "in"}, salt="not-the-checkin-salt")
    url = reverse("activities:checkin", args=[forged])
    assert "二维码无效，请扫描组织者出示的二维码。" in phone.get(url).content.decode()
    assert "二维码无效" in phone.post(url, {"idempotency_key": "d" * 32}).content.decode()
    assert Attendance.objects.count() == 0


def test_a_check_out_code_on_the_check_in_page_is_refused(county, phone, soon):
    url = reverse("activities:checkin", args=[token_for(county, soon, "out")])
    assert "这是签退二维码，请扫描签到二维码。" in phone.get(url).content.decode()


def test_without_a_confirmed_sign_up_there_is_no_check_in(county, phone):
    activity = activity_make(county, starts_at=timezone.now() + dt.timedelta(minutes=30))
    url = reverse("activities:checkin", args=[token_for(county, activity)])
    page = phone.post(url, {"idempotency_key": "e" * 32}).content.decode()
    assert "您没有这个活动的确认报名，不能签到。" in page
    assert Attendance.objects.count() == 0


def test_outside_the_geofence_is_refused_and_inside_is_recorded(county, phone):
    activity = activity_make(
        county,
        starts_at=timezone.now() + dt.timedelta(minutes=30),
        latitude=SEAT[0],
        longitude=SEAT[1],
        geofence_radius_m=300,
    )
    signup_create(activity_id=activity.pk, acting_user=county.users[Role.VOLUNTEER])
    url = reverse("activities:checkin", args=[token_for(county, activity)])
    assert "本活动须在活动地点 300 米内签到" in phone.get(url).content.decode()
    without = phone.post(url, {"idempotency_key": "f" * 32}).content.decode()
    assert "请允许获取位置后重试" in without
    far = phone.post(url, {"idempotency_key": "f" * 32, "latitude": "47.000000", "longitude": "128.040000"})
    assert "米，须在 300 米内签到。" in far.content.decode()
    assert Attendance.objects.count() == 0
    inside = {"latitude": "46.980900", "longitude": "128.040000", "coordinate_system": "wgs84"}
    near = phone.post(url, {"idempotency_key": "f" * 32, **inside})
    assert "签到成功" in near.content.decode()
    assert Attendance.objects.count() == 1


def test_check_out_before_check_in_is_refused(county, phone, soon):
    url = reverse("activities:checkout", args=[token_for(county, soon, "out")])
    page = phone.get(url).content.decode()
    assert ">签退</button>" in page
    refused = phone.post(url, {"idempotency_key": key_of(page)}).content.decode()
    assert "尚未签到，不能签退。" in refused
    assert Attendance.objects.count() == 0


def test_check_out_closes_the_attendance_and_proposes_the_hours(county, phone, soon, volunteer):
    started = timezone.now() - dt.timedelta(hours=1, minutes=5)
    Activity.objects.filter(pk=soon.pk).update(starts_at=started, ends_at=started + dt.timedelta(hours=3))
    attendance_check_in(
        token=token_for(county, soon), idempotency_key="in-1", acting_user=county.users[Role.VOLUNTEER], now=started
    )
    url = reverse("activities:checkout", args=[token_for(county, soon, "out")])
    data = {"idempotency_key": key_of(phone.get(url).content.decode())}
    page = phone.post(url, data).content.decode()
    phone.post(url, data)
    attendance = Attendance.objects.get()
    assert attendance.checked_out_at is not None
    assert "签退成功" in page
    assert timezone.localtime(attendance.checked_out_at).strftime("%Y-%m-%d %H:%M:%S") in page
    entry = HoursEntry.objects.get()
    assert (entry.volunteer_id, entry.status, entry.hours) == (volunteer.pk, EntryStatus.PENDING, Decimal("1.00"))


def test_a_missing_key_is_refused(county, phone, soon):
    url = reverse("activities:checkin", args=[token_for(county, soon)])
    assert "缺少请求编号，请刷新页面后重试。" in phone.post(url, {}).content.decode()
    assert Attendance.objects.count() == 0


def test_a_retry_after_the_code_expired_shows_the_recorded_arrival(county, phone, soon, settings):
    url = reverse("activities:checkin", args=[token_for(county, soon)])
    data = {"idempotency_key": key_of(phone.get(url).content.decode())}
    phone.post(url, data)
    later = time.time() + settings.WENMING_QR_TOKEN_SECONDS + 5
    with mock.patch("django.core.signing.time.time", return_value=later):
        retried = phone.post(url, data).content.decode()
        other_key = phone.post(url, {"idempotency_key": "9" * 32}).content.decode()
    assert "签到成功" in retried
    assert "二维码已过期" in other_key
    assert Attendance.objects.count() == 1
