"""The teams API: registration and review, members (masked), requests, categories and the exports."""

import io

import openpyxl
import pytest

from tests.api.conftest import client_as
from tests.teams.builders import join_request, pending_team, standing_category, volunteer_with_account
from wenming.accounts.models import AuditAction, AuditEvent
from wenming.regions.roles import Role
from wenming.teams.models import Team, TeamStatus

API = "/api/v1/teams"


def _sheet(response):
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_create_then_approve_through_the_api(county):
    admin = client_as(county.users[Role.STATION_ADMIN])
    body = {
        "name": "东兴村助学队",
        "region_code": county.village.code,
        "category_id": standing_category().pk,
        "home_site_id": county.station.pk,
        "founded_on": "2023-03-01",
        "leader_volunteer_id": county.volunteers["own"].pk,
    }
    created = admin.post(API, body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert (created.json()["status"], created.json()["is_active"]) == ("pending", False)
    team_id = created.json()["id"]
    approved = client_as(county.users[Role.TOWNSHIP_ADMIN]).post(f"{API}/{team_id}/approve")
    assert (approved.status_code, approved.json()["status"], approved.json()["leader_name"]) == (
        200,
        "approved",
        "张东兴",
    )


def test_bad_input_names_the_field_and_changes_nothing(county):
    admin = client_as(county.users[Role.STATION_ADMIN])
    body = {
        "name": county.team.name,
        "region_code": county.village.code,
        "category_id": standing_category().pk,
        "home_site_id": county.station.pk,
        "founded_on": "2023-03-01",
    }
    duplicate = admin.post(API, body, content_type="application/json")
    nul = admin.post(API, {**body, "name": "队\x00伍", "region_code": "2307\x00"}, content_type="application/json")
    huge = admin.post(API, {**body, "category_id": 10**30}, content_type="application/json")
    assert (duplicate.status_code, duplicate.json()["field"], duplicate.json()["message"]) == (
        400,
        "name",
        "本区划已有同名队伍。",
    )
    assert (nul.status_code, nul.json()["field"]) == (400, "body")  # NUL is refused before any parsing
    assert (huge.status_code, huge.json()["code"]) == (422, "invalid")
    assert Team.objects.count() == 1


def test_members_are_masked_except_for_county_and_township_admins(county):
    url = f"{API}/{county.team.pk}/members"
    station = client_as(county.users[Role.STATION_ADMIN]).get(url).json()["items"]
    township = client_as(county.users[Role.TOWNSHIP_ADMIN]).get(url).json()["items"]
    assert [(m["name"], m["phone"]) for m in station] == [("张东兴", "138****0001")]
    assert [(m["name"], m["phone"]) for m in township] == [("张东兴", "13812340001")]


def test_member_list_query_count_is_flat(county, django_assert_num_queries):
    for sequence in range(20, 25):
        volunteer, _user = volunteer_with_account(county, f"队员{sequence}", sequence)
        county.team.memberships.create(volunteer=volunteer, joined_on=county.team.founded_on)
    browser = client_as(county.users[Role.STATION_ADMIN])
    browser.get(f"{API}/{county.team.pk}/members")  # warm the session
    # session, user, assignments, team, count, page
    with django_assert_num_queries(6):
        response = browser.get(f"{API}/{county.team.pk}/members")
    assert response.json()["count"] == 6


def test_team_list_query_count_is_flat(county, django_assert_num_queries):
    for number in range(3):
        pending_team(county, name=f"东兴村新队{number}")
    browser = client_as(county.users[Role.COUNTY_ADMIN])
    browser.get(API)
    with django_assert_num_queries(4):  # session, user, assignments, teams
        response = browser.get(API, {"status": "pending"})
    assert [team["name"] for team in response.json()] == ["东兴村新队0", "东兴村新队1", "东兴村新队2"]


def test_team_export_follows_the_filters(county):
    pending_team(county)
    response = client_as(county.users[Role.COUNTY_ADMIN]).get(f"{API}/export", {"status": TeamStatus.PENDING})
    assert response.status_code == 200
    rows = _sheet(response)
    assert rows[0][:3] == ["队伍名称", "服务类别", "所属区划"]
    assert [row[0] for row in rows[1:]] == ["东兴村文化服务队"]


def test_member_export_masked_by_default_and_unmasked_with_an_audited_reason(county):
    url = f"{API}/{county.team.pk}/members/export"
    admin = client_as(county.users[Role.COUNTY_ADMIN])
    masked = admin.post(url, {}, content_type="application/json")
    assert _sheet(masked)[1][:4] == [county.volunteers["own"].volunteer_number, "张东兴", "队员", "138****0001"]
    assert AuditEvent.objects.count() == 0
    unmasked = admin.post(url, {"unmasked": True, "reason": "购买保险"}, content_type="application/json")
    assert _sheet(unmasked)[1][3] == "13812340001"
    event = AuditEvent.objects.get()
    assert (event.action, event.reason) == (AuditAction.PERSONAL_DATA_EXPORTED, "东兴村理论宣讲队队员：购买保险")


def test_station_admin_may_not_export_unmasked(county):
    response = client_as(county.users[Role.STATION_ADMIN]).post(
        f"{API}/{county.team.pk}/members/export",
        {"unmasked": True, "reason": "购买保险"},
        content_type="application/json",
    )
    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")
    assert AuditEvent.objects.count() == 0


def test_membership_request_flow_through_the_api(county):
    _volunteer, user = volunteer_with_account(county, "赵新", 11)
    created = client_as(user).post(
        f"{API}/membership-requests", {"team_id": county.team.pk, "kind": "join"}, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    request_id = created.json()["id"]
    again = client_as(user).post(
        f"{API}/membership-requests", {"team_id": county.team.pk, "kind": "join"}, content_type="application/json"
    )
    assert (again.status_code, again.json()["code"]) == (400, "already_requested")
    refused = client_as(county.users[Role.TEAM_LEADER]).post(
        f"{API}/membership-requests/{request_id}/refuse", {"reason": ""}, content_type="application/json"
    )
    assert (refused.status_code, refused.json()["field"]) == (400, "reason")
    approved = client_as(county.users[Role.TEAM_LEADER]).post(f"{API}/membership-requests/{request_id}/approve")
    assert (approved.status_code, approved.json()["status"]) == (200, "approved")
    listed = client_as(user).get(f"{API}/membership-requests").json()["items"]
    assert [(item["team_name"], item["kind"], item["status"]) for item in listed] == [
        ("东兴村理论宣讲队", "join", "approved")
    ]


def test_categories_listed_and_configured(county):
    admin = client_as(county.users[Role.COUNTY_ADMIN])
    category = standing_category()
    configured = admin.post(
        f"{API}/categories/{category.pk}/config",
        {"county_code": county.county.code, "is_enabled": True, "name": "理论宣讲服务"},
        content_type="application/json",
    )
    assert (configured.status_code, configured.json()["name"]) == (200, "理论宣讲服务")
    created = admin.post(
        f"{API}/categories", {"county_code": county.county.code, "name": "林下经济"}, content_type="application/json"
    )
    assert created.status_code == 201
    listed = client_as(county.users[Role.VOLUNTEER]).get(f"{API}/categories").json()
    assert [(item["name"], item["is_local"]) for item in listed] == [("理论宣讲服务", False), ("林下经济", True)]
    refused = client_as(county.users[Role.TOWNSHIP_ADMIN]).post(
        f"{API}/categories", {"county_code": county.county.code, "name": "其他"}, content_type="application/json"
    )
    assert refused.status_code == 403


@pytest.mark.parametrize("team_id", ["0", "99999999"])
def test_missing_team_is_not_found(county, team_id):
    response = client_as(county.users[Role.COUNTY_ADMIN]).post(f"{API}/{team_id}/approve")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_pending_join_request_is_listed_for_the_leader(county):
    _volunteer, user = volunteer_with_account(county, "赵新", 11)
    join_request(county, user)
    listed = client_as(county.users[Role.TEAM_LEADER]).get(f"{API}/membership-requests", {"status": "pending"})
    assert [item["volunteer_name"] for item in listed.json()["items"]] == ["赵新"]
