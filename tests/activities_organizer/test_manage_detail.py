"""The activity page: summary, sign-ups in order, and the state buttons (publish, close, finish, cancel)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.activities_organizer.conftest import activity_make, volunteer_with_user
from tests.api.conftest import client_as
from wenming.activities.models import Activity, ActivityStatus, SignUpStatus
from wenming.activities.services import signup_create
from wenming.notifications.models import Notification, NotificationKind
from wenming.regions.roles import Role

pytestmark = pytest.mark.django_db


def status_post(browser, activity, action, **data):
    return browser.post(
        reverse("activities:manage_status", args=[activity.pk]), {"action": action, **data}, follow=True
    )


def test_detail_lists_confirmed_then_the_waitlist_in_order(county, browsers):
    activity = activity_make(county, capacity=1)
    first, second, third = (volunteer_with_user(county, n, name) for n, name in ((31, "甲"), (32, "乙"), (33, "丙")))
    for volunteer in (first, second, third):
        signup_create(activity_id=activity.pk, acting_user=volunteer.user)
    response = browsers[Role.TEAM_LEADER].get(reverse("activities:manage_detail", args=[activity.pk]))
    assert response.status_code == 200
    signups = response.context["signups"]
    assert [s.volunteer.name for s in signups.confirmed] == ["甲"]
    assert [s.volunteer.name for s in signups.waitlisted] == ["乙", "丙"]
    html = response.content.decode()
    assert html.index("乙") < html.index("丙")
    for name in ("manage_qr", "manage_roster", "manage_edit"):
        assert reverse(f"activities:{name}", args=[activity.pk]) in html
    assert reverse("activities:manage_hours") + f"?activity={activity.pk}" in html


def test_publish_with_missing_recruitment_fields_is_refused(county, browsers):
    activity = activity_make(county, publish=False, risk_statement="", safeguards="", signup_method="")
    response = status_post(browsers[Role.STATION_ADMIN], activity, "publish")
    assert "发布前请填写：报名方式、风险提示、保障措施。" in response.content.decode()
    activity.refresh_from_db()
    assert (activity.status, activity.published_at) == (ActivityStatus.DRAFT, None)


def test_publish_close_finish_in_turn(county, browsers):
    activity = activity_make(county, publish=False)
    browser = browsers[Role.STATION_ADMIN]
    assert "活动已发布，开始接受报名。" in status_post(browser, activity, "publish").content.decode()
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PUBLISHED
    status_post(browser, activity, "close")
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.CLOSED
    # finishing before the start is refused and says why
    response = status_post(browser, activity, "finish")
    assert "活动还没有开始，不能结束；如不再举办请取消。" in response.content.decode()
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.CLOSED
    Activity.objects.filter(pk=activity.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    status_post(browser, activity, "finish")
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.FINISHED


def test_cancel_needs_a_reason_and_tells_the_volunteers(county, browsers):
    activity = activity_make(county)
    volunteer = volunteer_with_user(county, 34)
    signup_create(activity_id=activity.pk, acting_user=volunteer.user)
    browser = browsers[Role.STATION_ADMIN]
    response = status_post(browser, activity, "cancel", reason="  ")
    assert "取消活动时请说明原因。" in response.content.decode()
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PUBLISHED
    response = status_post(browser, activity, "cancel", reason="暴雨预警")
    activity.refresh_from_db()
    assert (activity.status, activity.cancel_reason) == (ActivityStatus.CANCELLED, "暴雨预警")
    assert (
        Notification.objects.filter(recipient_volunteer=volunteer, kind=NotificationKind.ACTIVITY_CANCELLED).count()
        == 1
    )
    assert activity.signups.get().status == SignUpStatus.CONFIRMED


def test_an_unknown_action_changes_nothing(county, browsers):
    activity = activity_make(county, publish=False)
    response = status_post(browsers[Role.STATION_ADMIN], activity, "delete")
    assert response.status_code == 200
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DRAFT


def test_an_activity_of_a_sibling_village_is_not_found(county, sibling_admin):
    activity = activity_make(county, publish=False)
    browser = client_as(sibling_admin)
    for name in ("manage_detail", "manage_qr", "manage_roster", "manage_edit"):
        assert browser.get(reverse(f"activities:{name}", args=[activity.pk])).status_code == 404, name
    assert (
        browser.post(reverse("activities:manage_status", args=[activity.pk]), {"action": "publish"}).status_code == 404
    )
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DRAFT


def test_a_missing_activity_is_not_found(county, browsers):
    assert browsers[Role.COUNTY_ADMIN].get(reverse("activities:manage_detail", args=[999999])).status_code == 404


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.RESIDENT, Role.VIEWER])
def test_people_without_an_organizer_role_are_refused(county, browsers, role):
    activity = activity_make(county)
    assert browsers[role].get(reverse("activities:manage_list")).status_code == 403
    assert browsers[role].get(reverse("activities:manage_detail", args=[activity.pk])).status_code == 403
    assert browsers[role].get(reverse("activities:manage_hours")).status_code == 403
