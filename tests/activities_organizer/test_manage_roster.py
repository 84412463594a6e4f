"""The roster: manual check-in and check-out (htmx row swap), no-shows, and the pending hours they propose."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.activities_organizer.conftest import local_input
from tests.api.conftest import client_as
from wenming.activities.models import Attendance, AttendanceMethod
from wenming.ledger.models import EntryKind, EntryStatus, HoursEntry
from wenming.regions.roles import Role

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def record_url(activity, volunteer):
    return reverse("activities:manage_roster_record", args=[activity.pk, volunteer.pk])


def test_roster_lists_the_confirmed_volunteers(county, browsers, running):
    activity, _volunteers = running
    response = browsers[Role.TEAM_LEADER].get(reverse("activities:manage_roster", args=[activity.pk]))
    assert response.status_code == 200
    assert [row.volunteer.name for row in response.context["rows"]] == ["陈一", "林二"]
    assert [row.state for row in response.context["rows"]] == ["waiting", "waiting"]


def test_manual_check_in_and_out_propose_pending_hours(county, browsers, running):
    activity, (volunteer, _other) = running
    browser = browsers[Role.STATION_ADMIN]
    # when: checked in at the start, out 1 h 40 min later
    arrived = activity.starts_at
    response = browser.post(
        record_url(activity, volunteer), {"action": "check_in", "at": local_input(arrived)}, headers=HTMX
    )
    # then: the row comes back alone, checked in
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith(f'<tr id="roster-{volunteer.pk}"')
    assert "已签到" in html
    attendance = Attendance.objects.get()
    assert (attendance.checked_in_at, attendance.method) == (arrived, AttendanceMethod.MANUAL)
    assert attendance.recorded_by == county.users[Role.STATION_ADMIN]
    assert HoursEntry.objects.count() == 0
    left = arrived + dt.timedelta(hours=1, minutes=40)
    response = browser.post(
        record_url(activity, volunteer), {"action": "check_out", "at": local_input(left)}, headers=HTMX
    )
    assert "已签退" in response.content.decode()
    attendance.refresh_from_db()
    assert (attendance.checked_out_at, attendance.checked_out_method) == (left, AttendanceMethod.MANUAL)
    entry = HoursEntry.objects.get()
    assert (entry.kind, entry.status, entry.hours, entry.attendance_id, entry.volunteer_id) == (
        EntryKind.CREDIT,
        EntryStatus.PENDING,
        Decimal("1.50"),  # 1 h 40 min, rounded down to the quarter hour
        attendance.pk,
        volunteer.pk,
    )
    assert (entry.activity_id, entry.recorder) == (activity.pk, county.users[Role.STATION_ADMIN])


def test_check_out_before_check_in_is_shown_in_the_row_and_changes_nothing(county, browsers, running):
    activity, (volunteer, _other) = running
    browser = browsers[Role.STATION_ADMIN]
    browser.post(record_url(activity, volunteer), {"action": "check_in", "at": local_input(activity.starts_at)})
    response = browser.post(
        record_url(activity, volunteer),
        {"action": "check_out", "at": local_input(activity.starts_at - dt.timedelta(minutes=10))},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "签退时间必须晚于签到时间。" in response.content.decode()
    assert Attendance.objects.get().checked_out_at is None
    assert HoursEntry.objects.count() == 0


def test_no_show_is_marked_and_without_htmx_the_page_redirects(county, browsers, running):
    activity, (_volunteer, absent) = running
    response = browsers[Role.TEAM_LEADER].post(record_url(activity, absent), {"action": "no_show"})
    assert response.status_code == 302
    assert response["Location"] == reverse("activities:manage_roster", args=[activity.pk])
    attendance = Attendance.objects.get()
    assert (attendance.volunteer_id, attendance.is_no_show, attendance.checked_in_at) == (absent.pk, True, None)
    roster = browsers[Role.TEAM_LEADER].get(reverse("activities:manage_roster", args=[activity.pk]))
    assert [row.state for row in roster.context["rows"]] == ["waiting", "no_show"]


def test_an_attendance_needing_review_is_marked(county, browsers, running):
    activity, (volunteer, _other) = running
    browser = browsers[Role.STATION_ADMIN]
    browser.post(record_url(activity, volunteer), {"action": "check_in", "at": local_input(activity.starts_at)})
    Attendance.objects.update(needs_review=True)  # as the overdue sweep leaves it
    response = browser.get(reverse("activities:manage_roster", args=[activity.pk]))
    html = response.content.decode()
    assert response.context["needs_review"] == 1
    assert "needs-review" in html and "待复核" in html


def test_bad_input_is_refused(county, browsers, running):
    activity, (volunteer, _other) = running
    response = browsers[Role.STATION_ADMIN].post(
        record_url(activity, volunteer), {"action": "teleport", "at": "yesterday"}, headers=HTMX
    )
    assert response.status_code == 200
    assert "error" in response.content.decode()
    assert Attendance.objects.count() == 0


def test_roster_of_another_village_is_not_found(county, running, sibling_admin):
    activity, (volunteer, _other) = running
    browser = client_as(sibling_admin)
    assert browser.get(reverse("activities:manage_roster", args=[activity.pk])).status_code == 404
    assert browser.post(record_url(activity, volunteer), {"action": "check_in"}).status_code == 404
    assert browser.post(record_url(activity, volunteer), {}).status_code == 404
    assert Attendance.objects.count() == 0
