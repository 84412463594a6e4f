"""Builders for the team tests: a volunteer with an account, a pending registration, a join request."""

import datetime as dt
from typing import Any

from tests.factories import PASSWORD, SmallCounty, volunteer_make
from wenming.accounts.models import User
from wenming.accounts.services import role_assign, user_create
from wenming.regions.roles import Role
from wenming.teams.models import MembershipRequest, MembershipRequestKind, Team, TeamCategory
from wenming.teams.services import membership_request_create, team_create
from wenming.volunteers.models import Volunteer


def volunteer_with_account(county: SmallCounty, name: str, sequence: int, region: Any = None) -> tuple[Volunteer, User]:
    """A registered volunteer of the own village (or `region`) with a login of the volunteer role."""
    volunteer = volunteer_make(region or county.village, name, sequence)
    user = user_create(username=f"volunteer-{sequence}", password=PASSWORD, display_name=name)
    role_assign(user=user, role=Role.VOLUNTEER, region=volunteer.region)
    Volunteer.objects.filter(pk=volunteer.pk).update(user=user)
    volunteer.refresh_from_db()
    return volunteer, user


def standing_category() -> TeamCategory:
    return TeamCategory.objects.get(code="theory")


def pending_team(county: SmallCounty, *, name: str = "东兴村文化服务队", leader: Volunteer | None = None) -> Team:
    """A team the own station's admin registered in the own village, waiting for review."""
    return team_create(
        name=name,
        region=county.village,
        category=standing_category(),
        home_site=county.station,
        founded_on=dt.date(2023, 5, 1),
        description="开展文化服务",
        leader_volunteer_id=leader.pk if leader is not None else None,
        acting_user=county.users[Role.STATION_ADMIN],
    )


def join_request(county: SmallCounty, user: User, team: Team | None = None) -> MembershipRequest:
    return membership_request_create(
        team=team or county.team, kind=MembershipRequestKind.JOIN, note="想参加宣讲", acting_user=user
    )
