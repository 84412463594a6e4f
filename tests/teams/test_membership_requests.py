"""Joining and leaving: a volunteer asks, the leader, a deputy or an admin decides; history is never deleted."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.teams.builders import join_request, volunteer_with_account
from wenming.core.errors import DomainError, PermissionDeniedError
from wenming.notifications.models import Notification
from wenming.regions.roles import Role
from wenming.teams import services
from wenming.teams.models import (
    Membership,
    MembershipRequest,
    MembershipRequestKind,
    MembershipRequestStatus,
    MembershipRole,
)


def _leave(county, user, team=None):
    return services.membership_request_create(
        team=team or county.team, kind=MembershipRequestKind.LEAVE, acting_user=user
    )


def test_join_request_then_approval_opens_a_membership(county):
    # given
    volunteer, user = volunteer_with_account(county, "赵新", 11)
    request = join_request(county, user)
    # when
    services.membership_request_approve(request_id=request.pk, acting_user=county.users[Role.TEAM_LEADER])
    # then
    request.refresh_from_db()
    membership = Membership.objects.get(team=county.team, volunteer=volunteer)
    assert (request.status, request.membership, request.decided_by) == (
        MembershipRequestStatus.APPROVED,
        membership,
        county.users[Role.TEAM_LEADER],
    )
    assert (membership.role, membership.joined_on, membership.left_on) == (
        MembershipRole.MEMBER,
        timezone.localdate(),
        None,
    )
    assert Notification.objects.filter(recipient_user=user, title="已加入“东兴村理论宣讲队”").count() == 1


def test_joining_twice_is_refused(county):
    _volunteer, user = volunteer_with_account(county, "赵新", 11)
    join_request(county, user)
    with pytest.raises(DomainError) as pending:
        join_request(county, user)
    assert pending.value.code == "already_requested"
    member = county.users[Role.VOLUNTEER]  # already a member of the own team
    with pytest.raises(DomainError) as member_refusal:
        join_request(county, member)
    assert member_refusal.value.code == "already_member"
    assert MembershipRequest.objects.count() == 1


def test_leaving_when_not_a_member_is_refused(county):
    _volunteer, user = volunteer_with_account(county, "赵新", 11)
    with pytest.raises(DomainError) as refusal:
        _leave(county, user)
    assert (refusal.value.code, str(refusal.value.message)) == ("not_member", "您不是该队队员，无需退队。")
    assert MembershipRequest.objects.count() == 0


def test_refusal_needs_a_reason(county):
    _volunteer, user = volunteer_with_account(county, "赵新", 11)
    request = join_request(county, user)
    with pytest.raises(ValidationError) as refusal:
        services.membership_request_refuse(request_id=request.pk, reason="", acting_user=county.users[Role.TEAM_LEADER])
    assert refusal.value.message_dict == {"reason": ["请填写拒绝的理由。"]}
    request.refresh_from_db()
    assert request.status == MembershipRequestStatus.PENDING
    services.membership_request_refuse(
        request_id=request.pk, reason="本队已满员", acting_user=county.users[Role.TEAM_LEADER]
    )
    request.refresh_from_db()
    assert (request.status, request.decision_reason) == (MembershipRequestStatus.REFUSED, "本队已满员")
    assert Membership.objects.filter(volunteer__user=user).count() == 0


def test_leaving_closes_the_membership_and_rejoining_opens_a_new_one(county):
    # given: the own volunteer, a member since 2022
    user = county.users[Role.VOLUNTEER]
    leave = _leave(county, user)
    services.membership_request_approve(request_id=leave.pk, acting_user=county.users[Role.STATION_ADMIN])
    # when
    rejoin = join_request(county, user)
    services.membership_request_approve(request_id=rejoin.pk, acting_user=county.users[Role.STATION_ADMIN])
    # then
    today = timezone.localdate()
    periods = list(
        Membership.objects.filter(team=county.team, volunteer__user=user)
        .order_by("pk")
        .values_list("joined_on", "left_on")
    )
    assert periods == [(dt.date(2022, 5, 1), today), (today, None)]


def test_a_leader_must_hand_over_before_leaving(county):
    volunteer = county.volunteers["own"]
    Membership.objects.filter(volunteer=volunteer).update(role=MembershipRole.LEADER)
    with pytest.raises(DomainError) as refusal:
        _leave(county, county.users[Role.VOLUNTEER])
    assert refusal.value.code == "leader_cannot_leave"
    assert MembershipRequest.objects.count() == 0


def test_a_deputy_decides_and_a_plain_member_may_not(county):
    deputy_volunteer, deputy_user = volunteer_with_account(county, "钱多", 12)
    Membership.objects.create(
        team=county.team, volunteer=deputy_volunteer, role=MembershipRole.DEPUTY, joined_on=dt.date(2023, 1, 1)
    )
    _volunteer, user = volunteer_with_account(county, "赵新", 11)
    request = join_request(county, user)
    from wenming.core.errors import NotFoundError

    with pytest.raises(NotFoundError):  # a plain member does not even see the request
        services.membership_request_approve(request_id=request.pk, acting_user=county.users[Role.VOLUNTEER])
    with pytest.raises(PermissionDeniedError):  # the applicant sees their own request but cannot decide it
        services.membership_request_approve(request_id=request.pk, acting_user=user)
    assert MembershipRequest.objects.get(pk=request.pk).status == MembershipRequestStatus.PENDING
    services.membership_request_approve(request_id=request.pk, acting_user=deputy_user)
    assert MembershipRequest.objects.get(pk=request.pk).status == MembershipRequestStatus.APPROVED


def test_joining_a_pending_team_is_refused(county):
    from tests.teams.builders import pending_team

    team = pending_team(county)
    _volunteer, user = volunteer_with_account(county, "赵新", 11)
    with pytest.raises(DomainError) as refusal:
        join_request(county, user, team)
    assert refusal.value.code == "team_not_active"
    assert MembershipRequest.objects.count() == 0


def test_an_account_without_volunteer_may_not_ask(county):
    with pytest.raises(PermissionDeniedError):
        join_request(county, county.users[Role.RESIDENT])
    assert MembershipRequest.objects.count() == 0


def test_a_volunteer_withdraws_their_pending_request_and_may_ask_again(county):
    # given
    _volunteer, user = volunteer_with_account(county, "赵新", 11)
    request = join_request(county, user)
    # when
    withdrawn = services.membership_request_withdraw(request_id=request.pk, acting_user=user)
    # then: taken back, nothing decided for the team, and a new request is possible
    assert (withdrawn.status, withdrawn.decided_by, withdrawn.membership) == (
        MembershipRequestStatus.WITHDRAWN,
        user,
        None,
    )
    assert not Membership.objects.filter(team=county.team, volunteer__user=user).exists()
    again = join_request(county, user)
    assert again.status == MembershipRequestStatus.PENDING


def test_only_the_volunteer_who_asked_withdraws_and_only_while_pending(county):
    # given
    _volunteer, user = volunteer_with_account(county, "赵新", 11)
    request = join_request(county, user)
    leader = county.users[Role.TEAM_LEADER]
    # when / then: the leader sees the request but may not take it back for the volunteer
    with pytest.raises(PermissionDeniedError):
        services.membership_request_withdraw(request_id=request.pk, acting_user=leader)
    services.membership_request_approve(request_id=request.pk, acting_user=leader)
    # a decided request stays as decided
    with pytest.raises(DomainError) as decided:
        services.membership_request_withdraw(request_id=request.pk, acting_user=user)
    assert decided.value.code == "not_pending"
    request.refresh_from_db()
    assert request.status == MembershipRequestStatus.APPROVED


def test_the_withdraw_button_on_my_teams_takes_the_request_back(county, client):
    # given
    _volunteer, user = volunteer_with_account(county, "赵新", 11)
    request = join_request(county, user)
    client.force_login(user)
    page = client.get("/teams/mine/")
    assert f'action="/teams/requests/{request.pk}/withdraw/"' in page.content.decode()
    # when
    answer = client.post(f"/teams/requests/{request.pk}/withdraw/", follow=True)
    # then
    assert "申请已撤回。" in answer.content.decode()
    request.refresh_from_db()
    assert request.status == MembershipRequestStatus.WITHDRAWN
    assert "撤回申请" not in client.get("/teams/mine/").content.decode()
