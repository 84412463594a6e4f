"""The team pages: list filters and export, the team page (masked phones), my teams, the categories page."""

import io

import openpyxl
from django.urls import reverse

from tests.api.conftest import client_as
from tests.teams.builders import pending_team, volunteer_with_account
from wenming.accounts.models import AuditEvent
from wenming.regions.roles import Role
from wenming.teams.models import CountyCategory, MembershipRequest, MembershipRequestStatus, TeamStatus


def test_list_filters_by_status_and_name(county):
    pending_team(county)
    page = client_as(county.users[Role.COUNTY_ADMIN]).get(reverse("teams:list"), {"status": "pending"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "东兴村文化服务队" in html
    assert "东兴村理论宣讲队" not in html


def test_list_export_matches_the_filters(county):
    pending_team(county)
    response = client_as(county.users[Role.COUNTY_ADMIN]).get(reverse("teams:export"), {"search": "理论"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["东兴村理论宣讲队"]


def test_team_page_masks_phones_for_the_station_admin(county):
    url = reverse("teams:detail", args=[county.team.pk])
    station = client_as(county.users[Role.STATION_ADMIN]).get(url).content.decode()
    township = client_as(county.users[Role.TOWNSHIP_ADMIN]).get(url).content.decode()
    assert "138****0001" in station and "13812340001" not in station
    assert "13812340001" in township


def test_team_page_query_count_does_not_grow_with_members(county, django_assert_max_num_queries):
    for sequence in range(20, 26):
        volunteer, _user = volunteer_with_account(county, f"队员{sequence}", sequence)
        county.team.memberships.create(volunteer=volunteer, joined_on=county.team.founded_on)
    browser = client_as(county.users[Role.COUNTY_ADMIN])
    url = reverse("teams:detail", args=[county.team.pk])
    browser.get(url)
    with django_assert_max_num_queries(20):
        response = browser.get(url)
    assert response.content.decode().count("<tr>") >= 7


def test_unmasked_member_export_needs_a_reason_and_is_audited(county):
    url = reverse("teams:members_export", args=[county.team.pk])
    admin = client_as(county.users[Role.COUNTY_ADMIN])
    refused = admin.post(url, {"reason": ""})
    assert refused.status_code == 302
    assert AuditEvent.objects.count() == 0
    exported = admin.post(url, {"reason": "购买保险"})
    rows = list(openpyxl.load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True))
    assert rows[1][3] == "13812340001"
    assert AuditEvent.objects.count() == 1
    station = client_as(county.users[Role.STATION_ADMIN]).post(url, {"reason": "购买保险"})
    assert station.status_code == 403
    assert AuditEvent.objects.count() == 1


def test_volunteer_joins_from_my_teams_and_the_leader_approves(county):
    _volunteer, user = volunteer_with_account(county, "赵新", 11)
    phone = client_as(user)
    mine = phone.get(reverse("teams:mine")).content.decode()
    assert "东兴村理论宣讲队" in mine  # offered to join
    phone.post(reverse("teams:join", args=[county.team.pk]), {"note": "想参加"})
    request = MembershipRequest.objects.get()
    leader = client_as(county.users[Role.TEAM_LEADER])
    answer = leader.post(
        reverse("teams:request_decide", args=[request.pk]), {"decision": "approve"}, HTTP_HX_REQUEST="true"
    )
    assert answer.status_code == 200
    request.refresh_from_db()
    assert request.status == MembershipRequestStatus.APPROVED
    assert "申请退队" in phone.get(reverse("teams:mine")).content.decode()


def test_refusing_without_reason_is_shown_and_changes_nothing(county):
    _volunteer, user = volunteer_with_account(county, "赵新", 11)
    client_as(user).post(reverse("teams:join", args=[county.team.pk]))
    request = MembershipRequest.objects.get()
    answer = client_as(county.users[Role.TEAM_LEADER]).post(
        reverse("teams:request_decide", args=[request.pk]), {"decision": "refuse"}, HTTP_HX_REQUEST="true"
    )
    assert answer.status_code == 400
    assert "请填写拒绝的理由。" in answer.content.decode()
    request.refresh_from_db()
    assert request.status == MembershipRequestStatus.PENDING


def test_admin_approves_on_the_team_page(county):
    team = pending_team(county)
    client_as(county.users[Role.TOWNSHIP_ADMIN]).post(reverse("teams:approve", args=[team.pk]))
    team.refresh_from_db()
    assert (team.status, team.is_active) == (TeamStatus.APPROVED, True)


def test_county_admin_configures_categories_on_the_page(county):
    admin = client_as(county.users[Role.COUNTY_ADMIN])
    category_id = county.team.category_id
    admin.post(reverse("teams:categories"), {"action": "configure", "category_id": category_id, "name": "宣讲"})
    setting = CountyCategory.objects.get()
    assert (setting.is_enabled, setting.name) == (False, "宣讲")
    bad = admin.post(reverse("teams:categories"), {"action": "create", "name": "\x00"})
    assert bad.status_code == 400


def test_register_page_creates_a_pending_team(county):
    admin = client_as(county.users[Role.STATION_ADMIN])
    response = admin.post(
        reverse("teams:register"),
        {
            "name": "东兴村助老队",
            "region_code": county.village.code,
            "category": county.team.category_id,
            "home_site": county.station.pk,
            "founded_on": "2023-04-01",
        },
    )
    assert response.status_code == 302
    duplicate = admin.post(
        reverse("teams:register"),
        {
            "name": "东兴村助老队",
            "region_code": county.village.code,
            "category": county.team.category_id,
            "home_site": county.station.pk,
            "founded_on": "2023-04-01",
        },
    )
    assert duplicate.status_code == 400
    assert "本区划已有同名队伍。" in duplicate.content.decode()
