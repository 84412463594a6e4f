"""Leaders and deputies: Team.leader, the membership roles and the team-leader role change together."""

import pytest
from django.core.exceptions import ValidationError

from tests.teams.builders import pending_team, volunteer_with_account
from wenming.accounts.models import RoleAssignment
from wenming.core.errors import DomainError, PermissionDeniedError
from wenming.regions.roles import Role
from wenming.teams import services
from wenming.teams.models import Membership, MembershipRole


@pytest.fixture
def led_team(county):
    first, first_user = volunteer_with_account(county, "赵新", 11)
    team = pending_team(county, leader=first)
    services.team_approve(team_id=team.pk, acting_user=county.users[Role.COUNTY_ADMIN])
    return team, first, first_user


def _roles(team):
    return sorted(Membership.objects.filter(team=team, left_on__isnull=True).values_list("volunteer__name", "role"))


def test_new_leader_replaces_the_old_one_everywhere(county, led_team):
    # given
    team, _first, first_user = led_team
    second, _second_user = volunteer_with_account(county, "钱多", 12)
    # when: the leader hands over
    services.team_leader_set(team_id=team.pk, volunteer_id=second.pk, acting_user=first_user)
    # then
    team.refresh_from_db()
    assert team.leader == second
    assert _roles(team) == [("赵新", MembershipRole.MEMBER), ("钱多", MembershipRole.LEADER)]
    leader_roles = RoleAssignment.objects.filter(role=Role.TEAM_LEADER, team=team)
    assert sorted(leader_roles.values_list("user__username", "is_active")) == [
        ("volunteer-11", False),
        ("volunteer-12", True),
    ]


def test_handing_back_reactivates_the_old_assignment(county, led_team):
    team, first, first_user = led_team
    second, _second_user = volunteer_with_account(county, "钱多", 12)
    services.team_leader_set(team_id=team.pk, volunteer_id=second.pk, acting_user=county.users[Role.COUNTY_ADMIN])
    services.team_leader_set(team_id=team.pk, volunteer_id=first.pk, acting_user=county.users[Role.COUNTY_ADMIN])
    assert RoleAssignment.objects.filter(role=Role.TEAM_LEADER, team=team).count() == 2
    active = RoleAssignment.objects.filter(role=Role.TEAM_LEADER, is_active=True)
    assert sorted(active.values_list("user_id", flat=True)) == sorted(
        [county.users[Role.TEAM_LEADER].pk, first_user.pk]
    )
    assert _roles(team) == [("赵新", MembershipRole.LEADER), ("钱多", MembershipRole.MEMBER)]


def test_leader_from_another_county_is_refused(county, led_team):
    from tests.factories import region_make, volunteer_make
    from wenming.regions.models import RegionLevel

    team, first, _user = led_team
    other = region_make("230702", "伊美区", RegionLevel.COUNTY, county.city)
    stranger = volunteer_make(other, "孙远", 13)
    with pytest.raises(ValidationError) as refusal:
        services.team_leader_set(team_id=team.pk, volunteer_id=stranger.pk, acting_user=county.users[Role.COUNTY_ADMIN])
    assert refusal.value.message_dict == {"volunteer_id": ["该志愿者不存在或不在本县（市、区）。"]}
    team.refresh_from_db()
    assert team.leader == first


def test_a_member_may_not_set_the_leader(county, led_team):
    team, first, _user = led_team
    second, second_user = volunteer_with_account(county, "钱多", 12)
    from wenming.core.errors import NotFoundError

    with pytest.raises(NotFoundError):
        services.team_leader_set(team_id=team.pk, volunteer_id=second.pk, acting_user=second_user)
    with pytest.raises(PermissionDeniedError):  # a viewer sees the team but changes nothing
        services.team_leader_set(team_id=team.pk, volunteer_id=second.pk, acting_user=county.users[Role.VIEWER])
    team.refresh_from_db()
    assert team.leader == first


def test_deputies_are_added_and_removed(county, led_team):
    team, _first, first_user = led_team
    second, _user = volunteer_with_account(county, "钱多", 12)
    Membership.objects.create(team=team, volunteer=second, joined_on=team.founded_on)
    services.team_deputy_add(team_id=team.pk, volunteer_id=second.pk, acting_user=first_user)
    assert _roles(team) == [("赵新", MembershipRole.LEADER), ("钱多", MembershipRole.DEPUTY)]
    with pytest.raises(DomainError) as twice:
        services.team_deputy_add(team_id=team.pk, volunteer_id=second.pk, acting_user=first_user)
    assert twice.value.code == "not_member_role"
    services.team_deputy_remove(team_id=team.pk, volunteer_id=second.pk, acting_user=first_user)
    assert _roles(team) == [("赵新", MembershipRole.LEADER), ("钱多", MembershipRole.MEMBER)]


def test_a_non_member_cannot_be_deputy(county, led_team):
    team, _first, first_user = led_team
    with pytest.raises(ValidationError) as refusal:
        services.team_deputy_add(team_id=team.pk, volunteer_id=county.volunteers["own"].pk, acting_user=first_user)
    assert refusal.value.message_dict == {"volunteer_id": ["该志愿者不是本队队员。"]}
    assert _roles(team) == [("赵新", MembershipRole.LEADER)]
