import datetime as dt

from ninja import Field, Schema

from wenming.core.fields import ID_MAX
from wenming.core.masking import mask_phone
from wenming.teams.models import Membership, MembershipRequest, Team, TeamCategory


class TeamOut(Schema):
    id: int
    name: str
    region_code: str
    region_name: str
    category_code: str
    category_name: str
    home_site_id: int
    home_site_name: str
    leader_volunteer_number: str | None
    leader_name: str | None
    founded_on: dt.date
    is_active: bool
    status: str
    status_display: str
    description: str
    review_reason: str

    @staticmethod
    def resolve_region_code(team: Team) -> str:
        return team.region.code

    @staticmethod
    def resolve_region_name(team: Team) -> str:
        return team.region.name

    @staticmethod
    def resolve_category_code(team: Team) -> str:
        return team.category.code

    @staticmethod
    def resolve_category_name(team: Team) -> str:
        return team.category.name

    @staticmethod
    def resolve_home_site_name(team: Team) -> str:
        return team.home_site.name

    @staticmethod
    def resolve_leader_volunteer_number(team: Team) -> str | None:
        return team.leader.volunteer_number if team.leader is not None else None

    @staticmethod
    def resolve_leader_name(team: Team) -> str | None:
        return team.leader.name if team.leader is not None else None

    @staticmethod
    def resolve_status_display(team: Team) -> str:
        return str(team.get_status_display())


class TeamCreateIn(Schema):
    """A team registration: it waits for review by an admin of its region."""

    name: str = Field(..., max_length=100)
    region_code: str = Field(..., max_length=12)
    category_id: int = Field(..., ge=1, le=ID_MAX)
    home_site_id: int = Field(..., ge=1, le=ID_MAX)
    founded_on: dt.date
    description: str = Field("", max_length=2000)
    leader_volunteer_id: int | None = Field(None, ge=1, le=ID_MAX, description="留空：申报人本人（志愿者）")


class TeamPatchIn(Schema):
    name: str | None = Field(None, max_length=100)
    category_id: int | None = Field(None, ge=1, le=ID_MAX)
    home_site_id: int | None = Field(None, ge=1, le=ID_MAX)
    founded_on: dt.date | None = None
    description: str | None = Field(None, max_length=2000)


class ReasonIn(Schema):
    reason: str = Field(..., max_length=200)


class VolunteerIdIn(Schema):
    volunteer_id: int = Field(..., ge=1, le=ID_MAX)


class MemberOut(Schema):
    """A member as the caller may see them: the phone masked unless a county or township admin."""

    membership_id: int
    volunteer_id: int
    volunteer_number: str
    name: str
    role: str
    role_display: str
    phone: str
    joined_on: dt.date
    left_on: dt.date | None

    @staticmethod
    def resolve_membership_id(membership: Membership) -> int:
        return membership.pk

    @staticmethod
    def resolve_volunteer_number(membership: Membership) -> str:
        return membership.volunteer.volunteer_number

    @staticmethod
    def resolve_name(membership: Membership) -> str:
        return membership.volunteer.name

    @staticmethod
    def resolve_role_display(membership: Membership) -> str:
        return str(membership.get_role_display())

    @staticmethod
    def resolve_phone(membership: Membership, context: dict) -> str:
        request = context.get("request")
        phone = membership.volunteer.phone
        return phone if getattr(request, "teams_phone_unmasked", False) else mask_phone(phone)


class MembersExportIn(Schema):
    unmasked: bool = False
    reason: str = Field("", max_length=200)


class MembershipRequestIn(Schema):
    team_id: int = Field(..., ge=1, le=ID_MAX)
    kind: str = Field(..., pattern="^(join|leave)$")
    note: str = Field("", max_length=200)


class MembershipRequestOut(Schema):
    id: int
    team_id: int
    team_name: str
    volunteer_id: int
    volunteer_number: str
    volunteer_name: str
    kind: str
    kind_display: str
    status: str
    status_display: str
    note: str
    created_at: dt.datetime
    decided_at: dt.datetime | None
    decision_reason: str

    @staticmethod
    def resolve_team_name(membership_request: MembershipRequest) -> str:
        return membership_request.team.name

    @staticmethod
    def resolve_volunteer_number(membership_request: MembershipRequest) -> str:
        return membership_request.volunteer.volunteer_number

    @staticmethod
    def resolve_volunteer_name(membership_request: MembershipRequest) -> str:
        return membership_request.volunteer.name

    @staticmethod
    def resolve_kind_display(membership_request: MembershipRequest) -> str:
        return str(membership_request.get_kind_display())

    @staticmethod
    def resolve_status_display(membership_request: MembershipRequest) -> str:
        return str(membership_request.get_status_display())


class CategoryOut(Schema):
    """A category as one county offers it: its local name and order, and whether it is enabled there."""

    id: int
    code: str
    name: str
    standard_name: str
    is_standing: bool
    is_local: bool
    is_enabled: bool
    position: int

    @staticmethod
    def resolve_name(category: TeamCategory) -> str:
        return str(getattr(category, "local_name", category.name))

    @staticmethod
    def resolve_standard_name(category: TeamCategory) -> str:
        return category.name

    @staticmethod
    def resolve_is_local(category: TeamCategory) -> bool:
        return category.region_id is not None

    @staticmethod
    def resolve_is_enabled(category: TeamCategory) -> bool:
        return bool(getattr(category, "is_enabled", True))

    @staticmethod
    def resolve_position(category: TeamCategory) -> int:
        return int(getattr(category, "local_position", category.position))


class CategoryCreateIn(Schema):
    county_code: str = Field(..., max_length=12)
    name: str = Field(..., max_length=40)
    code: str = Field("", max_length=40)
    position: int | None = Field(None, ge=0, le=32767)


class CategoryConfigIn(Schema):
    county_code: str = Field(..., max_length=12)
    is_enabled: bool
    name: str = Field("", max_length=40)
    position: int | None = Field(None, ge=0, le=32767)
