"""Permission-matrix rows of the activities endpoints (merged by tests/api/test_permission_matrix.py).

A row is any object with `check(api_county, role, scope, path)`; see the row kinds there. Each row
builds, through the services, the records of the scope it checks (tests/activities_api/conftest.py):
an activity "of a scope" is organized by the own village's station (with its team), the sibling
village's station, or the township's institute.

What each role reaches (regions.access): admins their region subtree; a team leader the activities
of their team (the own scope); a contact unit its pairings' joint activities (none here); volunteers
and residents read every published activity; the viewer reads its whole city but changes nothing.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from tests.activities_api.conftest import (
    activity_build,
    activity_fields,
    checked_in_build,
    running_activity_build,
    scope_site,
    scope_volunteer,
    signup_build,
    token_for,
)
from tests.api.conftest import SCOPES, ApiCounty, client_as
from wenming.activities.models import Activity, ActivitySeries, Attendance, SignUp
from wenming.activities.services import activity_series_create
from wenming.regions.roles import Role

API = "/api/v1"
JSON = "application/json"
ALL = frozenset(SCOPES)
OWN = frozenset({"own"})
NONE: frozenset[str] = frozenset()

# Published activities each role may read.
VIEW_PUBLISHED: dict[str, frozenset[str]] = {
    Role.COUNTY_ADMIN: ALL,
    Role.TOWNSHIP_ADMIN: ALL,
    Role.STATION_ADMIN: OWN,
    Role.TEAM_LEADER: OWN,
    Role.VOLUNTEER: ALL,
    Role.RESIDENT: ALL,
    Role.CONTACT_UNIT: NONE,
    Role.VIEWER: ALL,
}
# Drafts: the same, except that volunteers and residents never see one.
VIEW_DRAFT = {**VIEW_PUBLISHED, Role.VOLUNTEER: NONE, Role.RESIDENT: NONE}
# Activities (and their sign-ups and attendances) each role may change.
MANAGE: dict[str, frozenset[str]] = {
    Role.COUNTY_ADMIN: ALL,
    Role.TOWNSHIP_ADMIN: ALL,
    Role.STATION_ADMIN: OWN,
    Role.TEAM_LEADER: OWN,
    Role.VOLUNTEER: NONE,
    Role.RESIDENT: NONE,
    Role.CONTACT_UNIT: NONE,
    Role.VIEWER: NONE,
}
# Sites each role sees (an activity is organized at one).
SITES: dict[str, frozenset[str]] = {
    Role.COUNTY_ADMIN: ALL,
    Role.TOWNSHIP_ADMIN: ALL,
    Role.STATION_ADMIN: OWN,
    Role.TEAM_LEADER: OWN,
    Role.VOLUNTEER: NONE,
    Role.RESIDENT: NONE,
    Role.CONTACT_UNIT: ALL,
    Role.VIEWER: ALL,
}
# Teams each role sees (the own scope's activity is also its team's).
TEAMS = {**SITES, Role.CONTACT_UNIT: NONE}
# Volunteer records each role sees (an organizer signs up volunteers of their scope).
VOLUNTEERS: dict[str, frozenset[str]] = {
    Role.COUNTY_ADMIN: ALL,
    Role.TOWNSHIP_ADMIN: ALL,
    Role.STATION_ADMIN: OWN,
    Role.TEAM_LEADER: OWN,
    Role.VOLUNTEER: OWN,
    Role.RESIDENT: NONE,
    Role.CONTACT_UNIT: NONE,
    Role.VIEWER: NONE,
}
# Sign-ups each role may cancel: the organizers', and the volunteer's own.
SIGNUP_CHANGE = {**MANAGE, Role.VOLUNTEER: OWN}
# Series are region records only: no personal scope lets a team leader publish one.
SERIES_MANAGE = {**MANAGE, Role.TEAM_LEADER: NONE}


def _url(path: str, **ids: Any) -> str:
    for name, value in ids.items():
        path = path.replace("{" + name + "}", str(value))
    return path


def _expect(response: Any, status: int) -> None:
    assert response.status_code == status, response.content
    if status >= 400:
        assert set(response.json()) >= {"code", "message", "field"}


def _activity(api_county: ApiCounty, scope: str, state: str) -> Activity:
    county = api_county.county
    if state == "draft":
        return activity_build(county, scope, publish=False)
    if state == "running":
        return running_activity_build(county, scope)
    return activity_build(county, scope)


@dataclass(frozen=True)
class ActivityListRow:
    """Which scopes' published activities appear in the list (near: all sit close to the point)."""

    query: str = ""

    def check(self, api_county: ApiCounty, role: str, scope: str, path: str) -> None:
        target = activity_build(api_county.county, scope, latitude="46.981000", longitude="128.041000")
        response = client_as(api_county.users[role]).get(path + self.query)
        _expect(response, 200)
        body = response.json()
        items = body["items"] if isinstance(body, dict) else [row["activity"] for row in body]
        assert (target.pk in {item["id"] for item in items}) is (scope in VIEW_PUBLISHED[role])


@dataclass(frozen=True)
class ActivityDetailRow:
    def check(self, api_county: ApiCounty, role: str, scope: str, path: str) -> None:
        target = activity_build(api_county.county, scope)
        response = client_as(api_county.users[role]).get(_url(path, activity_id=target.pk))
        _expect(response, 200 if scope in VIEW_PUBLISHED[role] else 404)


@dataclass(frozen=True)
class ActivityChangeRow:
    """A state change or edit: 200 for a manager; 403 for one who only sees it; 404 for the rest."""

    state: str = "published"
    method: str = "post"
    body: dict[str, Any] = field(default_factory=dict)

    def check(self, api_county: ApiCounty, role: str, scope: str, path: str) -> None:
        target = _activity(api_county, scope, self.state)
        visible = VIEW_DRAFT if self.state == "draft" else VIEW_PUBLISHED
        response = getattr(client_as(api_county.users[role]), self.method)(
            _url(path, activity_id=target.pk), self.body, content_type=JSON
        )
        expected = 200 if scope in MANAGE[role] else 403 if scope in visible[role] else 404
        _expect(response, expected)
        if expected != 200:
            assert Activity.objects.get(pk=target.pk).status == target.status


@dataclass(frozen=True)
class OrganizerRow:
    """An organizer's read or write on one activity: a non-manager gets 404, as for a missing one."""

    state: str = "running"
    method: str = "get"
    query: str = ""
    with_signup: bool = False

    def check(self, api_county: ApiCounty, role: str, scope: str, path: str) -> None:
        county = api_county.county
        target = _activity(api_county, scope, self.state)
        body: dict[str, Any] = {}
        if self.with_signup:
            volunteer = scope_volunteer(county, scope)
            signup_build(county, target, volunteer)
            body = {"volunteer_id": volunteer.pk, "action": "no_show"}
        browser = client_as(api_county.users[role])
        url = _url(path, activity_id=target.pk) + self.query
        response = browser.get(url) if self.method == "get" else browser.post(url, body, content_type=JSON)
        _expect(response, 200 if scope in MANAGE[role] else 404)
        if self.method != "get" and scope not in MANAGE[role]:
            assert not Attendance.objects.exists()


def _create_expected(role: str, scope: str) -> int:
    """201 for a manager; 403 for one who sees the site (and team) but may not organize there; else 400, the
    site or team named in the body being outside the caller's scope."""
    if scope in MANAGE[role]:
        return 201
    sees_team = scope != "own" or scope in TEAMS[role]
    return 403 if scope in SITES[role] and sees_team else 400


def _create_body(api_county: ApiCounty, scope: str) -> dict[str, Any]:
    fields = activity_fields(api_county.county, scope)
    body = {
        name: value
        for name, value in fields.items()
        if name not in ("organizer_site", "organizer_team", "starts_at", "ends_at")
    }
    body["organizer_site_id"] = scope_site(api_county.county, scope).pk
    if fields["organizer_team"] is not None:
        body["organizer_team_id"] = fields["organizer_team"].pk
    return body


@dataclass(frozen=True)
class ActivityCreateRow:
    def check(self, api_county: ApiCounty, role: str, scope: str, path: str) -> None:
        body = _create_body(api_county, scope)
        body["starts_at"] = (timezone.now() + dt.timedelta(days=4)).isoformat()
        body["ends_at"] = (timezone.now() + dt.timedelta(days=4, hours=2)).isoformat()
        response = client_as(api_county.users[role]).post(path, body, content_type=JSON)
        expected = _create_expected(role, scope)
        _expect(response, expected)
        assert Activity.objects.count() == (1 if expected == 201 else 0)


@dataclass(frozen=True)
class SeriesCreateRow:
    def check(self, api_county: ApiCounty, role: str, scope: str, path: str) -> None:
        first_on = timezone.localdate() + dt.timedelta(days=7)
        body = _create_body(api_county, scope) | {
            "weekdays": [first_on.isoweekday()],
            "first_on": first_on.isoformat(),
            "last_on": (first_on + dt.timedelta(days=13)).isoformat(),
            "starts_time": "09:00",
            "ends_time": "11:00",
        }
        response = client_as(api_county.users[role]).post(path, body, content_type=JSON)
        expected = _create_expected(role, scope)
        _expect(response, expected)
        assert ActivitySeries.objects.count() == (1 if expected == 201 else 0)
        if expected == 201:
            assert len(response.json()["occurrence_ids"]) == 2


@dataclass(frozen=True)
class SeriesPublishRow:
    def check(self, api_county: ApiCounty, role: str, scope: str, path: str) -> None:
        county = api_county.county
        first_on = timezone.localdate() + dt.timedelta(days=7)
        fields = activity_fields(county, scope)
        del fields["starts_at"], fields["ends_at"]
        series = activity_series_create(
            acting_user=county.users[Role.COUNTY_ADMIN],
            weekdays=[first_on.isoweekday()],
            first_on=first_on,
            last_on=first_on + dt.timedelta(days=7),
            starts_time=dt.time(9),
            ends_time=dt.time(11),
            **fields,
        )
        response = client_as(api_county.users[role]).post(_url(path, series_id=series.pk))
        expected = 200 if scope in SERIES_MANAGE[role] else 404
        _expect(response, expected)
        assert response.json().get("published_count") == (2 if expected == 200 else None)


@dataclass(frozen=True)
class SignUpCreateRow:
    """A volunteer signs themselves up anywhere public; an organizer signs up a volunteer of their scope."""

    def check(self, api_county: ApiCounty, role: str, scope: str, path: str) -> None:
        county = api_county.county
        target = activity_build(county, scope)
        body = {} if role == Role.VOLUNTEER else {"volunteer_id": scope_volunteer(county, scope).pk}
        response = client_as(api_county.users[role]).post(_url(path, activity_id=target.pk), body, content_type=JSON)
        if role == Role.VOLUNTEER:
            expected = 201 if scope in VIEW_PUBLISHED[role] else 404
        elif scope not in VOLUNTEERS[role] or scope not in VIEW_PUBLISHED[role]:
            expected = 404
        else:
            expected = 201 if scope in MANAGE[role] else 403
        _expect(response, expected)
        assert SignUp.objects.count() == (1 if expected == 201 else 0)


@dataclass(frozen=True)
class SignUpCancelRow:
    def check(self, api_county: ApiCounty, role: str, scope: str, path: str) -> None:
        county = api_county.county
        signup = signup_build(county, activity_build(county, scope), scope_volunteer(county, scope))
        response = client_as(api_county.users[role]).post(_url(path, signup_id=signup.pk), {}, content_type=JSON)
        expected = 200 if scope in SIGNUP_CHANGE[role] else 404
        _expect(response, expected)
        signup.refresh_from_db()
        assert (signup.status == "cancelled") is (expected == 200)


@dataclass(frozen=True)
class CommitmentsRow:
    """Only the caller's own sign-ups: the volunteer user is the own scope's volunteer."""

    def check(self, api_county: ApiCounty, role: str, scope: str, path: str) -> None:
        county = api_county.county
        signup = signup_build(county, activity_build(county, scope), scope_volunteer(county, scope))
        response = client_as(api_county.users[role]).get(path)
        _expect(response, 200)
        assert (signup.pk in {row["id"] for row in response.json()}) is (role == Role.VOLUNTEER and scope == "own")


@dataclass(frozen=True)
class VolunteerSelfRow:
    """For the caller's own volunteer record: a volunteer gets 200, anyone else 404; scope does not apply."""

    method: str = "get"

    def check(self, api_county: ApiCounty, role: str, scope: str, path: str) -> None:
        browser = client_as(api_county.users[role])
        response = browser.get(path) if self.method == "get" else browser.post(path, {}, content_type=JSON)
        _expect(response, 200 if role == Role.VOLUNTEER else 404)
        if role != Role.VOLUNTEER:
            assert response.json()["code"] == "not_a_volunteer"


@dataclass(frozen=True)
class ScanRow:
    """The volunteer scans the organizer's code at an activity of any scope (they signed up there);
    anyone without a volunteer record is refused (400)."""

    kind: str = "in"

    def check(self, api_county: ApiCounty, role: str, scope: str, path: str) -> None:
        county = api_county.county
        target = running_activity_build(county, scope)
        if self.kind == "in":
            signup_build(county, target, county.volunteers["own"])
        else:
            checked_in_build(county, target)
        before = Attendance.objects.count()
        response = client_as(api_county.users[role]).post(
            path,
            {"token": token_for(county, target, self.kind), "idempotency_key": f"{role}-{scope}"},
            content_type=JSON,
        )
        _expect(response, 200 if role == Role.VOLUNTEER else 400)
        assert Attendance.objects.count() == (1 if self.kind == "out" or role == Role.VOLUNTEER else before)


ROWS: dict[tuple[str, str], Any] = {
    ("get", f"{API}/activities"): ActivityListRow(),
    ("get", f"{API}/activities/near"): ActivityListRow(query="?latitude=46.98&longitude=128.04&radius_km=5"),
    ("post", f"{API}/activities"): ActivityCreateRow(),
    ("get", f"{API}/activities/{{activity_id}}"): ActivityDetailRow(),
    ("patch", f"{API}/activities/{{activity_id}}"): ActivityChangeRow(method="patch", body={"place": "村委会"}),
    ("post", f"{API}/activities/{{activity_id}}/publish"): ActivityChangeRow(state="draft"),
    ("post", f"{API}/activities/{{activity_id}}/close"): ActivityChangeRow(),
    ("post", f"{API}/activities/{{activity_id}}/finish"): ActivityChangeRow(state="running"),
    ("post", f"{API}/activities/{{activity_id}}/cancel"): ActivityChangeRow(body={"reason": "暴雪预警"}),
    ("post", f"{API}/activity-series"): SeriesCreateRow(),
    ("post", f"{API}/activity-series/{{series_id}}/publish"): SeriesPublishRow(),
    ("get", f"{API}/activities/{{activity_id}}/signups"): OrganizerRow(state="published"),
    ("post", f"{API}/activities/{{activity_id}}/signups"): SignUpCreateRow(),
    ("post", f"{API}/signups/{{signup_id}}/cancel"): SignUpCancelRow(),
    ("get", f"{API}/me/commitments"): CommitmentsRow(),
    ("post", f"{API}/me/calendar-token"): VolunteerSelfRow(method="post"),
    ("get", f"{API}/activities/{{activity_id}}/checkin-token"): OrganizerRow(query="?kind=in"),
    ("post", f"{API}/attendances/check-in"): ScanRow(kind="in"),
    ("post", f"{API}/attendances/check-out"): ScanRow(kind="out"),
    ("get", f"{API}/activities/{{activity_id}}/attendances"): OrganizerRow(),
    ("post", f"{API}/activities/{{activity_id}}/attendances"): OrganizerRow(method="post", with_signup=True),
}
