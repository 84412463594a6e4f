"""One demo login per role over the demo county (idempotent): what `make run` prints."""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from wenming.accounts.models import RoleAssignment, User
from wenming.accounts.services import role_assign, user_create
from wenming.core.errors import DomainError
from wenming.demo import tieli
from wenming.organizations.models import Organization
from wenming.regions.models import Region
from wenming.regions.roles import Role
from wenming.sites.models import Site, SiteKind
from wenming.teams.models import Team
from wenming.volunteers.models import Volunteer

# Documented in the README: every demo login uses this password. Never use it outside the demo.
DEMO_PASSWORD = "Wenming@2024"  # noqa: S105
SEAT_TOWNSHIP = tieli.TOWNSHIPS[0].code  # 铁力镇


@dataclass(frozen=True)
class DemoLogin:
    role: str
    role_label: str
    username: str
    password: str
    scope: str


@dataclass(frozen=True)
class _Plan:
    role: str
    display_name: str
    scope_name: str
    scope: dict[str, Any]


def _plans() -> list[_Plan]:
    try:
        county = Region.objects.get(code=tieli.COUNTY[0])
        city = Region.objects.get(code=tieli.CITY[0])
        township = Region.objects.get(code=SEAT_TOWNSHIP)
    except Region.DoesNotExist:
        raise DomainError(_("还没有加载演示县（铁力市），请先运行 seed_demo。")) from None
    station = (
        Site.objects.filter(kind=SiteKind.STATION, region__path__startswith=township.path, teams__isnull=False)
        .select_related("region")
        .order_by("region__code")
        .first()
    )
    if station is None:
        raise DomainError(_("演示县中没有可用的实践站。"))
    team = Team.objects.filter(home_site=station).select_related("region").order_by("pk").first()
    organization = (
        Organization.objects.filter(pairings__site=station).order_by("pk").first()
        or Organization.objects.order_by("pk").first()
    )
    if team is None or organization is None:
        raise DomainError(_("演示县中缺少队伍或联系单位。"))
    return [
        _Plan(Role.COUNTY_ADMIN, "演示·中心管理员", county.name, {"region": county}),
        _Plan(Role.TOWNSHIP_ADMIN, "演示·所管理员", township.name, {"region": township}),
        _Plan(Role.STATION_ADMIN, "演示·站管理员", station.name, {"site": station}),
        _Plan(Role.TEAM_LEADER, "演示·队长", team.name, {"team": team}),
        _Plan(Role.VOLUNTEER, "演示·志愿者", station.region.name, {"region": station.region}),
        _Plan(Role.RESIDENT, "演示·群众", station.region.name, {"region": station.region}),
        _Plan(Role.CONTACT_UNIT, "演示·联系单位", organization.name, {"organization": organization}),
        _Plan(Role.VIEWER, "演示·市级查看", city.name, {"region": city}),
    ]


def _volunteer_for(user: User, region: Region) -> None:
    """Link the volunteer login to a registered volunteer of its village who has served."""
    if Volunteer.objects.filter(user=user).exists():
        return
    candidate = (
        Volunteer.objects.filter(region=region, user__isnull=True, hours_entries__isnull=False)
        .order_by("volunteer_number")
        .first()
    )
    if candidate is not None:
        Volunteer.objects.filter(pk=candidate.pk, user__isnull=True).update(user=user)


@transaction.atomic
def demo_users_ensure() -> list[DemoLogin]:
    """Create whatever demo login is missing; existing accounts keep their password."""
    logins = []
    for plan in _plans():
        username = str(plan.role)
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(username=username, password=DEMO_PASSWORD, display_name=plan.display_name)
        if not RoleAssignment.objects.filter(user=user, role=plan.role).exists():
            role_assign(user=user, role=plan.role, **plan.scope)
        if plan.role == Role.VOLUNTEER:
            _volunteer_for(user, plan.scope["region"])
        logins.append(DemoLogin(plan.role, str(Role(plan.role).label), username, DEMO_PASSWORD, plan.scope_name))
    return logins
