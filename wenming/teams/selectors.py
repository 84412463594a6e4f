"""Reads of volunteer teams, already scoped to what the user may see."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _

from wenming.activities.models import Activity
from wenming.core.errors import NotFoundError, PermissionDeniedError
from wenming.core.masking import mask_phone
from wenming.ledger.models import HoursEntry
from wenming.orders.models import ServiceOrder
from wenming.projects.selectors import award_list_for
from wenming.regions.access import scoped
from wenming.regions.models import Region, RegionLevel
from wenming.regions.roles import ADMIN_ROLES, VIEW, Role
from wenming.regions.selectors import region_path_of
from wenming.sites.models import Site
from wenming.teams.models import (
    CountyCategory,
    Membership,
    MembershipRequest,
    MembershipRequestStatus,
    MembershipRole,
    Team,
    TeamCategory,
    TeamStatus,
)
from wenming.volunteers.models import Volunteer
from wenming.volunteers.selectors import volunteer_of_user

RECENT_SHOWN = 10
# Full phone numbers on screen and in exports: the roles that may also reveal a full ID number.
PHONE_ROLES = frozenset({Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN})


def team_list(
    *,
    user: Any,
    region_code: str | None = None,
    category: str | None = None,
    status: str | None = None,
    search: str | None = None,
) -> QuerySet[Team]:
    """Teams of the user's scope (a team leader: their own teams), optionally by region subtree, category
    code, review status or a part of the name."""
    teams = scoped(Team.objects.select_related("region", "category", "home_site", "leader"), user, VIEW)
    if region_code:
        teams = teams.filter(region__path__startswith=region_path_of(region_code))
    if category:
        teams = teams.filter(category__code=category)
    if status:
        teams = teams.filter(status=status)
    search = (search or "").strip()
    if search:
        teams = teams.filter(name__icontains=search)
    return teams.order_by("region__code", "name", "pk")


def team_get(*, user: Any, team_id: int) -> Team:
    """One team of the user's scope; a team outside it is reported exactly like a missing one."""
    team = team_list(user=user).filter(pk=team_id).first()
    if team is None:
        raise NotFoundError(_("队伍不存在。"), field="id")
    return team


# -- who may do what to a team ---------------------------------------------------------------------


def _covers(paths: list[str], region: Region) -> bool:
    return any(region.path.startswith(path) for path in paths)


def team_admin_covers(*, user: Any, region: Region) -> bool:
    """An admin (county, township or station) whose region holds `region`: reviews and manages its teams."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_superuser or _covers(user.region_paths(ADMIN_ROLES), region))


def team_is_led_by(*, user: Any, team: Team) -> bool:
    """The user holds the active team-leader role of this team."""
    if not getattr(user, "is_authenticated", False):
        return False
    return any(a.role == Role.TEAM_LEADER and a.team_id == team.pk for a in user.active_assignments)


def team_may_change(*, user: Any, team: Team) -> bool:
    return team_admin_covers(user=user, region=team.region) or team_is_led_by(user=user, team=team)


def team_may_manage_members(*, user: Any, team: Team) -> bool:
    """Admins of the region, the team leader, and the team's deputies decide join and leave requests."""
    if team_may_change(user=user, team=team):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        team=team,
        volunteer__user_id=user.pk,
        left_on__isnull=True,
        role__in=(MembershipRole.LEADER, MembershipRole.DEPUTY),
    ).exists()


def phone_unmasked_for(*, user: Any, team: Team) -> bool:
    """Whether the user sees members' full phone numbers: county and township admins of the team's region."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or _covers(user.region_paths(PHONE_ROLES), team.region))


# -- counties and categories -----------------------------------------------------------------------


def county_of(region: Region) -> Region | None:
    """The county-level region holding `region` (itself when it is a county); None above county level."""
    codes = [code for code in region.path.strip("/").split("/") if code]
    return Region.objects.filter(code__in=codes, level=RegionLevel.COUNTY).first()


def counties_administered(*, user: Any) -> QuerySet[Region]:
    """The counties whose categories the user configures: county admins (superusers: every county)."""
    counties = Region.objects.filter(level=RegionLevel.COUNTY).order_by("code")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return counties.none()
    if user.is_superuser:
        return counties
    paths = user.region_paths(frozenset({Role.COUNTY_ADMIN}))
    if not paths:
        return counties.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return counties.filter(condition)


def county_for_user(*, user: Any, county_code: str | None = None) -> Region | None:
    """The county a user's category page or list is about: the one asked for when it is theirs, else their first."""
    if not getattr(user, "is_authenticated", False):
        return None
    if county_code:
        return Region.objects.filter(code=county_code, level=RegionLevel.COUNTY).first()
    administered = counties_administered(user=user).first()
    if administered is not None:
        return administered
    for assignment in user.active_assignments:
        county = county_of(assignment.region)
        if county is not None:
            return county
    return None


def _setting(county: Region, field: str) -> Subquery:
    settings = CountyCategory.objects.filter(county=county, category=OuterRef("pk"))
    return Subquery(settings.values(field)[:1])


def category_list_for_county(*, county: Region, enabled_only: bool = True) -> QuerySet[TeamCategory]:
    """The "8+N" categories of one county: the standing ones plus its local ones, with the county's name
    (`local_name`), order (`local_position`) and switch (`is_enabled`); by default only those enabled."""
    categories = (
        TeamCategory.objects.filter(Q(is_standing=True) | Q(region=county))
        .annotate(
            local_name=Coalesce(NullIf(_setting(county, "name"), Value("")), "name"),
            local_position=Coalesce(_setting(county, "position"), "position", output_field=IntegerField()),
            is_enabled=Coalesce(_setting(county, "is_enabled"), Value(True), output_field=BooleanField()),
        )
        .order_by("local_position", "code")
    )
    return categories.filter(is_enabled=True) if enabled_only else categories


def category_offered(*, county: Region, category_id: int) -> TeamCategory | None:
    return category_list_for_county(county=county).filter(pk=category_id).first()


# -- members and requests --------------------------------------------------------------------------


def membership_list(*, team: Team, include_left: bool = False) -> QuerySet[Membership]:
    """The team's members (open memberships), leader first, then deputies, then by joining date."""
    memberships = Membership.objects.filter(team=team).select_related("volunteer")
    if not include_left:
        memberships = memberships.filter(left_on__isnull=True)
    rank = {MembershipRole.LEADER: 0, MembershipRole.DEPUTY: 1, MembershipRole.MEMBER: 2}
    order = Case(*[When(role=role, then=Value(value)) for role, value in rank.items()], output_field=IntegerField())
    return memberships.annotate(role_rank=order).order_by("role_rank", "joined_on", "pk")


@dataclass(frozen=True)
class MemberRow:
    """One member as a page, the API and an export show them: the phone masked unless allowed."""

    membership_id: int
    volunteer_id: int
    volunteer_number: str
    name: str
    role: str
    role_display: str
    phone: str
    joined_on: Any
    left_on: Any


def member_rows(*, memberships: Any, unmasked: bool) -> list[MemberRow]:
    return [
        MemberRow(
            membership_id=membership.pk,
            volunteer_id=membership.volunteer_id,
            volunteer_number=membership.volunteer.volunteer_number,
            name=membership.volunteer.name,
            role=membership.role,
            role_display=str(membership.get_role_display()),
            phone=membership.volunteer.phone if unmasked else mask_phone(membership.volunteer.phone),
            joined_on=membership.joined_on,
            left_on=membership.left_on,
        )
        for membership in memberships
    ]


def membership_request_list(
    *, user: Any, team_id: int | None = None, status: str | None = None
) -> QuerySet[MembershipRequest]:
    """Join and leave requests the user may see: admins of the region, the team's leader and deputies,
    and the volunteer's own."""
    requests = scoped(
        MembershipRequest.objects.select_related("team", "team__region", "volunteer", "decided_by"), user, VIEW
    )
    if team_id is not None:
        requests = requests.filter(team_id=team_id)
    if status:
        requests = requests.filter(status=status)
    return requests.order_by("-created_at", "-pk")


def membership_request_get(*, user: Any, request_id: int) -> MembershipRequest:
    membership_request = membership_request_list(user=user).filter(pk=request_id).first()
    if membership_request is None:
        raise NotFoundError(_("申请不存在。"), field="id")
    return membership_request


def membership_requests_pending(*, team: Team) -> QuerySet[MembershipRequest]:
    return (
        MembershipRequest.objects.filter(team=team, status=MembershipRequestStatus.PENDING)
        .select_related("volunteer")
        .order_by("created_at", "pk")
    )


# -- the team page ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamRecord:
    activity_count: int
    recent_activities: list[Activity]
    order_count: int
    recent_orders: list[ServiceOrder]
    approved_hours: Decimal
    awards: list[Any]


def team_approved_hours(*, team: Team) -> Decimal:
    """Approved hours (reversals netted) its members earned in the team's own activities."""
    members = Membership.objects.filter(team=team).values("volunteer_id")
    total = (
        HoursEntry.objects.approved()
        .filter(activity__organizer_team=team, volunteer_id__in=members)
        .aggregate(total=Sum("hours"))["total"]
    )
    return Decimal(total or 0).quantize(Decimal("0.01"))


def team_record(*, team: Team) -> TeamRecord:
    """What the team has done: its activities, the orders dispatched to it (read-only), hours and awards."""
    activities = Activity.objects.filter(organizer_team=team)
    orders = ServiceOrder.objects.filter(assigned_team=team)
    return TeamRecord(
        activity_count=activities.count(),
        recent_activities=list(activities.order_by("-starts_at", "-pk")[:RECENT_SHOWN]),
        order_count=orders.count(),
        recent_orders=list(orders.select_related("category").order_by("-submitted_at", "-pk")[:RECENT_SHOWN]),
        approved_hours=team_approved_hours(team=team),
        awards=list(award_list_for(awardee=team)),
    )


# -- the volunteer's side --------------------------------------------------------------------------


def volunteer_memberships(*, volunteer: Volunteer) -> QuerySet[Membership]:
    """The volunteer's open memberships with their teams."""
    return (
        Membership.objects.filter(volunteer=volunteer, left_on__isnull=True)
        .select_related("team", "team__category", "team__region")
        .order_by("team__name", "pk")
    )


def volunteer_requests(*, volunteer: Volunteer) -> QuerySet[MembershipRequest]:
    return MembershipRequest.objects.filter(volunteer=volunteer).select_related("team").order_by("-created_at", "-pk")


def teams_joinable(*, volunteer: Volunteer, search: str | None = None) -> QuerySet[Team]:
    """Approved teams of the volunteer's county that they are not a member of."""
    county = county_of(volunteer.region)
    if county is None:
        return Team.objects.none()
    teams = (
        Team.objects.filter(status=TeamStatus.APPROVED, region__path__startswith=county.path)
        .exclude(pk__in=Membership.objects.filter(volunteer=volunteer, left_on__isnull=True).values("team_id"))
        .select_related("category", "region")
        .annotate(member_count=Count("memberships", filter=Q(memberships__left_on__isnull=True)))
    )
    search = (search or "").strip()
    if search:
        teams = teams.filter(name__icontains=search)
    return teams.order_by("region__code", "name", "pk")


def team_of_volunteer_county(*, volunteer: Volunteer, team_id: int) -> Team:
    """An approved team of the volunteer's county, for a join or leave request; any other is not found."""
    county = county_of(volunteer.region)
    team = (
        Team.objects.filter(pk=team_id, region__path__startswith=county.path).select_related("region").first()
        if county is not None
        else None
    )
    if team is None:
        raise NotFoundError(_("队伍不存在。"), field="team_id")
    return team


def team_for_request(*, user: Any, team_id: int) -> Team:
    """The team a volunteer asks to join or leave: one of their county (an account without a volunteer is refused)."""
    volunteer = volunteer_of_user(user=user)
    if volunteer is None:
        raise PermissionDeniedError(_("您的账号未关联志愿者，不能申请入队或退队。"))
    return team_of_volunteer_county(volunteer=volunteer, team_id=team_id)


def teams_submitted_by(*, user: Any) -> QuerySet[Team]:
    """Teams the user registered that still await review or were turned down."""
    return (
        Team.objects.filter(submitted_by_id=user.pk, status__in=(TeamStatus.PENDING, TeamStatus.REJECTED))
        .select_related("category", "region")
        .order_by("-created_at", "-pk")
    )


# -- the records a registration names --------------------------------------------------------------


def region_by_code(*, code: str | None, field: str = "region_code") -> Region:
    """A region named in a form or request (the region tree is public); a missing one is bad input."""
    region = Region.objects.filter(code=(code or "").strip()).first() if code and "\x00" not in code else None
    if region is None:
        raise ValidationError({field: [_("行政区划不存在。")]})
    return region


def site_by_id(*, site_id: int | None) -> Site | None:
    return Site.objects.select_related("region").filter(pk=site_id).first() if site_id else None


def category_by_id(*, category_id: int | None) -> TeamCategory | None:
    return TeamCategory.objects.filter(pk=category_id).first() if category_id else None


def volunteer_by_number(*, volunteer_number: str) -> Volunteer | None:
    """A volunteer named by their public number on a form; the service checks they are of the team's county."""
    number = (volunteer_number or "").replace("\x00", "").strip()
    return Volunteer.objects.filter(volunteer_number=number).first() if number else None


def teams_managed_by_volunteer(*, user: Any) -> QuerySet[Team]:
    """Teams where the user's volunteer record is leader or deputy: they decide its join and leave requests."""
    managed = Membership.objects.filter(
        volunteer__user_id=user.pk, left_on__isnull=True, role__in=(MembershipRole.LEADER, MembershipRole.DEPUTY)
    )
    return Team.objects.filter(pk__in=managed.values("team_id")).order_by("name", "pk")
