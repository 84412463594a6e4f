"""Team registration and review: pending → approved (active, leader installed) or rejected with a reason."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.teams.builders import pending_team, standing_category, volunteer_with_account
from wenming.accounts.models import RoleAssignment
from wenming.core.errors import DomainError, PermissionDeniedError
from wenming.notifications.models import Notification
from wenming.regions.roles import Role
from wenming.teams import services
from wenming.teams.models import CountyCategory, Membership, MembershipRole, Team, TeamCategory, TeamStatus


def test_registration_is_pending_and_inactive(county):
    # when
    team = pending_team(county)
    # then
    team.refresh_from_db()
    assert (team.status, team.is_active, team.submitted_by, team.leader) == (
        TeamStatus.PENDING,
        False,
        county.users[Role.STATION_ADMIN],
        None,
    )
    assert Membership.objects.filter(team=team).count() == 0


def test_volunteer_registers_a_team_they_lead(county):
    volunteer, user = volunteer_with_account(county, "赵新", 11)
    team = services.team_create(
        name="东兴村助学队",
        region=county.village,
        category=standing_category(),
        home_site=county.station,
        founded_on=dt.date(2023, 1, 1),
        acting_user=user,
    )
    assert (team.leader, team.submitted_by, team.status) == (volunteer, user, TeamStatus.PENDING)


def test_volunteer_may_not_register_a_team_for_someone_else(county):
    _volunteer, user = volunteer_with_account(county, "赵新", 11)
    with pytest.raises(PermissionDeniedError):
        services.team_create(
            name="东兴村助学队",
            region=county.village,
            category=standing_category(),
            home_site=county.station,
            founded_on=dt.date(2023, 1, 1),
            leader_volunteer_id=county.volunteers["sibling"].pk,
            acting_user=user,
        )
    assert Team.objects.count() == 1


def test_duplicate_name_in_the_region_is_refused(county):
    with pytest.raises(ValidationError) as refusal:
        pending_team(county, name=county.team.name)
    assert refusal.value.message_dict == {"name": ["本区划已有同名队伍。"]}
    assert Team.objects.count() == 1


def test_same_name_in_another_region_is_allowed(county):
    team = services.team_create(
        name=county.team.name,
        region=county.sibling_village,
        category=standing_category(),
        home_site=county.sibling_station,
        founded_on=dt.date(2023, 1, 1),
        acting_user=county.users[Role.TOWNSHIP_ADMIN],
    )
    assert team.region == county.sibling_village


def test_category_disabled_in_the_county_is_refused(county):
    services.county_category_configure(
        county=county.county,
        category_id=standing_category().pk,
        is_enabled=False,
        acting_user=county.users[Role.COUNTY_ADMIN],
    )
    with pytest.raises(ValidationError) as refusal:
        pending_team(county)
    assert refusal.value.message_dict == {"category": ["该服务类别未在本县（市、区）启用。"]}
    assert Team.objects.count() == 1


def test_local_category_of_another_county_is_refused(county):
    from tests.factories import region_make
    from wenming.regions.models import RegionLevel

    other = region_make("230702", "伊美区", RegionLevel.COUNTY, county.city)
    foreign = TeamCategory.objects.create(code="other-local", name="林区服务", region=other)
    with pytest.raises(ValidationError) as refusal:
        services.team_create(
            name="东兴村林区队",
            region=county.village,
            category=foreign,
            home_site=county.station,
            founded_on=dt.date(2023, 1, 1),
            acting_user=county.users[Role.STATION_ADMIN],
        )
    assert refusal.value.message_dict == {"category": ["该服务类别未在本县（市、区）启用。"]}


def test_home_site_outside_the_region_and_future_founding_are_refused(county):
    with pytest.raises(ValidationError) as outside:
        services.team_create(
            name="东兴村新队",
            region=county.village,
            category=standing_category(),
            home_site=county.sibling_station,
            founded_on=dt.date(2023, 1, 1),
            acting_user=county.users[Role.TOWNSHIP_ADMIN],
        )
    with pytest.raises(ValidationError) as future:
        services.team_create(
            name="东兴村新队",
            region=county.village,
            category=standing_category(),
            home_site=county.station,
            founded_on=dt.date.today() + dt.timedelta(days=2),
            acting_user=county.users[Role.TOWNSHIP_ADMIN],
        )
    assert outside.value.message_dict == {"home_site": ["所属阵地须在队伍所属区划内。"]}
    assert future.value.message_dict == {"founded_on": ["成立日期不能晚于今天。"]}
    assert Team.objects.count() == 1


def test_approval_activates_the_team_and_installs_its_leader(county):
    # given
    volunteer, user = volunteer_with_account(county, "赵新", 11)
    team = pending_team(county, leader=volunteer)
    # when
    services.team_approve(team_id=team.pk, acting_user=county.users[Role.TOWNSHIP_ADMIN])
    # then
    team.refresh_from_db()
    assert (team.status, team.is_active, team.reviewed_by) == (
        TeamStatus.APPROVED,
        True,
        county.users[Role.TOWNSHIP_ADMIN],
    )
    membership = Membership.objects.get(team=team)
    assert (membership.volunteer, membership.role, membership.left_on) == (volunteer, MembershipRole.LEADER, None)
    assignment = RoleAssignment.objects.get(user=user, role=Role.TEAM_LEADER)
    assert (assignment.team, assignment.is_active, assignment.region) == (team, True, county.village)
    assert list(Notification.objects.filter(recipient_user=user).values_list("title", flat=True)) == [
        "队伍“东兴村文化服务队”已通过审核"
    ]


def test_approving_outside_ones_region_is_refused(county):
    from wenming.accounts.services import role_assign, user_create

    sibling_admin = user_create(username="sibling-admin", password="unused-password-1")
    role_assign(user=sibling_admin, role=Role.STATION_ADMIN, site=county.sibling_station)
    team = pending_team(county)
    from wenming.core.errors import NotFoundError

    with pytest.raises(NotFoundError):
        services.team_approve(team_id=team.pk, acting_user=sibling_admin)
    with pytest.raises(PermissionDeniedError):  # the leader of the own team sees no pending team of the village
        services.team_approve(team_id=county.team.pk, acting_user=county.users[Role.TEAM_LEADER])
    team.refresh_from_db()
    assert (team.status, team.is_active) == (TeamStatus.PENDING, False)


def test_rejection_needs_a_reason_and_keeps_it(county):
    team = pending_team(county)
    with pytest.raises(ValidationError) as refusal:
        services.team_reject(team_id=team.pk, reason=" ", acting_user=county.users[Role.COUNTY_ADMIN])
    assert refusal.value.message_dict == {"reason": ["请填写不予通过的理由。"]}
    team.refresh_from_db()
    assert team.status == TeamStatus.PENDING
    services.team_reject(team_id=team.pk, reason="名称与职能不符", acting_user=county.users[Role.COUNTY_ADMIN])
    team.refresh_from_db()
    assert (team.status, team.is_active, team.review_reason) == (TeamStatus.REJECTED, False, "名称与职能不符")


def test_a_reviewed_team_cannot_be_approved_again(county):
    team = pending_team(county)
    services.team_reject(team_id=team.pk, reason="材料不全", acting_user=county.users[Role.COUNTY_ADMIN])
    with pytest.raises(DomainError) as refusal:
        services.team_approve(team_id=team.pk, acting_user=county.users[Role.COUNTY_ADMIN])
    assert refusal.value.code == "not_pending"
    assert Team.objects.get(pk=team.pk).status == TeamStatus.REJECTED


def test_updating_a_rejected_team_sends_it_back_to_review(county):
    team = pending_team(county)
    services.team_reject(team_id=team.pk, reason="名称不规范", acting_user=county.users[Role.COUNTY_ADMIN])
    services.team_update(team_id=team.pk, name="东兴村文化志愿服务队", acting_user=county.users[Role.STATION_ADMIN])
    team.refresh_from_db()
    assert (team.name, team.status) == ("东兴村文化志愿服务队", TeamStatus.PENDING)


def test_dissolving_deactivates_the_team_and_its_leader_role(county):
    volunteer, user = volunteer_with_account(county, "赵新", 11)
    team = pending_team(county, leader=volunteer)
    services.team_approve(team_id=team.pk, acting_user=county.users[Role.COUNTY_ADMIN])
    services.team_dissolve(team_id=team.pk, reason="队伍合并", acting_user=county.users[Role.COUNTY_ADMIN])
    team.refresh_from_db()
    assert (team.status, team.is_active) == (TeamStatus.DISSOLVED, False)
    assert list(RoleAssignment.objects.filter(user=user).values_list("role", "is_active")) == [
        (Role.VOLUNTEER, True),
        (Role.TEAM_LEADER, False),
    ]
    assert Membership.objects.filter(team=team, left_on__isnull=True).count() == 1  # history stays


def test_active_exactly_when_approved_is_a_database_rule(county):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Team.objects.filter(pk=county.team.pk).update(is_active=False)
    assert CountyCategory.objects.count() == 0
