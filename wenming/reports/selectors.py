"""The figures of DESIGN.md §3, computed from raw records of a region subtree (never stored totals).

JSON shape (`Figures.as_dict()`), stable for the API, the pages and `wenming figures --json`:

    {"region": {"code": "230781", "name": "铁力市"},
     "figures": {"three_tier_sites": 97, "service_posts": 126, "volunteer_squares": 2, "practice_points": 15,
                 "policy_documents": 4, "paired_units": 126, "pairing_joint_activities": 187,
                 "service_orders": 529, "teams": 171, "registered_volunteers": 37019, "service_hours": 190980,
                 "trainings": {"sessions": 5, "participations": 1638}, "brand_projects": 15,
                 "themed_activities": {"activities": 2419, "participations": 22729},
                 "awards": {"city_excellent_project": 6, "city_contest_prize": 5, "city_organization_prize": 1,
                            "province_contribution": 1, "province_excellent_volunteer": 1,
                            "province_excellent_community": 1}}}

`service_hours` is an integer when the sum is whole, otherwise a float.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wenming.activities.models import Activity, ActivityStatus
from wenming.core.errors import PermissionDeniedError
from wenming.ledger.models import EntryStatus, HoursEntry
from wenming.ledger.selectors import star_level, volunteer_hours_total
from wenming.orders.models import OrderStatus, ServiceOrder
from wenming.organizations.models import Organization, Pairing, PolicyDocument
from wenming.projects.models import Award, AwardCategory, AwardLevel, Project
from wenming.regions.models import Region, RegionLevel
from wenming.regions.roles import Role
from wenming.regions.scoping import region_field_of, region_subtree_q
from wenming.sites.models import THREE_TIER_KINDS, Site, SiteKind
from wenming.teams.models import Team
from wenming.trainings.models import Training
from wenming.volunteers.models import Volunteer, VolunteerStatus
from wenming.volunteers.selectors import volunteer_of_user

CLOSED_ORDER_STATUSES = (OrderStatus.CLOSED, OrderStatus.REJECTED, OrderStatus.CANCELLED, OrderStatus.EXPIRED)
# Roles that read reports and the dashboard (DESIGN.md §1); volunteers, residents and contact units do not.
# A team leader reads the report of their own team (TeamSummary), not of a region.
REPORT_ROLES = frozenset({Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN, Role.STATION_ADMIN, Role.VIEWER})

# (JSON key, level, category) of the award breakdown, in the order the article lists them.
AWARD_KEYS: tuple[tuple[str, str, str], ...] = (
    ("city_excellent_project", AwardLevel.CITY, AwardCategory.EXCELLENT_PROJECT),
    ("city_contest_prize", AwardLevel.CITY, AwardCategory.CONTEST_PRIZE),
    ("city_organization_prize", AwardLevel.CITY, AwardCategory.ORGANIZATION_PRIZE),
    ("province_contribution", AwardLevel.PROVINCE, AwardCategory.CONTRIBUTION),
    ("province_excellent_volunteer", AwardLevel.PROVINCE, AwardCategory.EXCELLENT_VOLUNTEER),
    ("province_excellent_community", AwardLevel.PROVINCE, AwardCategory.EXCELLENT_COMMUNITY),
)
AWARD_LABELS = {
    "city_excellent_project": gettext_lazy("市级优秀志愿服务项目"),
    "city_contest_prize": gettext_lazy("市级项目大赛奖项"),
    "city_organization_prize": gettext_lazy("市级优秀组织奖"),
    "province_contribution": gettext_lazy("省级优秀贡献单位（个人）"),
    "province_excellent_volunteer": gettext_lazy("省级优秀志愿者"),
    "province_excellent_community": gettext_lazy("省级优秀志愿服务社区"),
}
LABELS = (
    gettext_lazy("新时代文明实践中心、所、站"),
    gettext_lazy("志愿服务站点"),
    gettext_lazy("志愿者广场"),
    gettext_lazy("文明实践点"),
    gettext_lazy("出台制度文件"),
    gettext_lazy("挂点联系单位"),
    gettext_lazy("结对共建开展活动"),
    gettext_lazy("点单派单服务"),
    gettext_lazy("志愿服务队伍"),
    gettext_lazy("注册志愿者"),
    gettext_lazy("累计志愿服务时长（小时）"),
    gettext_lazy("集中培训（期 / 人次）"),
    gettext_lazy("志愿服务品牌项目"),
    gettext_lazy("主题志愿服务活动（场 / 人次）"),
    gettext_lazy("获得荣誉"),
)


@dataclass(frozen=True)
class Figures:
    region_code: str
    region_name: str
    three_tier_sites: int
    service_posts: int
    volunteer_squares: int
    practice_points: int
    policy_documents: int
    paired_units: int
    pairing_joint_activities: int
    service_orders: int
    teams: int
    registered_volunteers: int
    service_hours: Decimal
    training_sessions: int
    training_participations: int
    brand_projects: int
    themed_activities: int
    themed_participations: int
    awards: dict[str, int] = field(default_factory=dict)

    @property
    def service_hours_value(self) -> int | float:
        whole = self.service_hours.to_integral_value()
        return int(whole) if whole == self.service_hours else float(self.service_hours)

    def as_dict(self) -> dict[str, Any]:
        return {
            "region": {"code": self.region_code, "name": self.region_name},
            "figures": {
                "three_tier_sites": self.three_tier_sites,
                "service_posts": self.service_posts,
                "volunteer_squares": self.volunteer_squares,
                "practice_points": self.practice_points,
                "policy_documents": self.policy_documents,
                "paired_units": self.paired_units,
                "pairing_joint_activities": self.pairing_joint_activities,
                "service_orders": self.service_orders,
                "teams": self.teams,
                "registered_volunteers": self.registered_volunteers,
                "service_hours": self.service_hours_value,
                "trainings": {"sessions": self.training_sessions, "participations": self.training_participations},
                "brand_projects": self.brand_projects,
                "themed_activities": {
                    "activities": self.themed_activities,
                    "participations": self.themed_participations,
                },
                "awards": {key: self.awards.get(key, 0) for key, _level, _category in AWARD_KEYS},
            },
        }

    def rows(self) -> list[tuple[int, Any, str]]:
        """The fifteen rows of DESIGN.md §3: (number, Chinese label, display value)."""

        def n(value: int | float) -> str:
            return f"{value:,}"

        awards = _("；").join(f"{AWARD_LABELS[key]} {self.awards.get(key, 0)}" for key, _level, _category in AWARD_KEYS)
        values = (
            n(self.three_tier_sites),
            n(self.service_posts),
            n(self.volunteer_squares),
            n(self.practice_points),
            n(self.policy_documents),
            n(self.paired_units),
            n(self.pairing_joint_activities),
            n(self.service_orders),
            n(self.teams),
            n(self.registered_volunteers),
            n(self.service_hours_value),
            f"{n(self.training_sessions)} / {n(self.training_participations)}",
            n(self.brand_projects),
            f"{n(self.themed_activities)} / {n(self.themed_participations)}",
            awards,
        )
        return [
            (number, label, value) for number, (label, value) in enumerate(zip(LABELS, values, strict=True), start=1)
        ]


def _in(region: Region, model: type[models.Model]) -> Q:
    return region_subtree_q([region.path], field=region_field_of(model))


def figures_compute(*, region: Region) -> Figures:
    """Every figure of the region's subtree, counted and summed from the raw records (11 queries)."""
    sites = Site.objects.filter(_in(region, Site), is_active=True).aggregate(
        three_tier=Count("id", filter=Q(kind__in=THREE_TIER_KINDS)),
        service_posts=Count("id", filter=Q(kind=SiteKind.SERVICE_POST)),
        squares=Count("id", filter=Q(kind=SiteKind.SQUARE)),
        practice_points=Count("id", filter=Q(kind=SiteKind.PRACTICE_POINT)),
    )
    activities = Activity.objects.filter(_in(region, Activity), status=ActivityStatus.FINISHED).aggregate(
        activities=Count("id", distinct=True),
        paired=Count("id", distinct=True, filter=Q(pairing__isnull=False)),
        participations=Count(
            "attendances", filter=Q(attendances__checked_in_at__isnull=False, attendances__is_no_show=False)
        ),
    )
    # Drafts were never offered and cancelled sessions never held: neither is a training session.
    trainings = (
        Training.objects.filter(_in(region, Training))
        .exclude(status__in=("draft", "cancelled"))
        .aggregate(
            sessions=Count("id", distinct=True),
            participations=Count("attendances", filter=Q(attendances__is_present=True)),
        )
    )
    hours = HoursEntry.objects.filter(_in(region, HoursEntry), status=EntryStatus.APPROVED).aggregate(
        total=Sum("hours")
    )
    award_counts = {
        (row["level"], row["category"]): row["count"]
        for row in Award.objects.filter(_in(region, Award)).values("level", "category").annotate(count=Count("id"))
    }
    return Figures(
        region_code=region.code,
        region_name=region.name,
        three_tier_sites=sites["three_tier"],
        service_posts=sites["service_posts"],
        volunteer_squares=sites["squares"],
        practice_points=sites["practice_points"],
        policy_documents=PolicyDocument.objects.filter(_in(region, PolicyDocument)).count(),
        paired_units=Pairing.objects.filter(_in(region, Pairing)).aggregate(n=Count("organization", distinct=True))[
            "n"
        ],
        pairing_joint_activities=activities["paired"],
        service_orders=ServiceOrder.objects.filter(_in(region, ServiceOrder)).count(),
        teams=Team.objects.filter(_in(region, Team), is_active=True).count(),
        registered_volunteers=Volunteer.objects.filter(_in(region, Volunteer))
        .exclude(status=VolunteerStatus.WITHDRAWN)
        .count(),
        service_hours=hours["total"] or Decimal(0),
        training_sessions=trainings["sessions"],
        training_participations=trainings["participations"],
        brand_projects=Project.objects.filter(_in(region, Project), brand__isnull=False).count(),
        themed_activities=activities["activities"],
        themed_participations=activities["participations"],
        awards={key: award_counts.get((level, category), 0) for key, level, category in AWARD_KEYS},
    )


def figures_default_region() -> Region | None:
    """The region reported when none is named: the only county, else the only root, else the first root."""
    counties = list(Region.objects.filter(level=RegionLevel.COUNTY).order_by("code")[:2])
    if len(counties) == 1:
        return counties[0]
    return Region.objects.filter(parent__isnull=True).order_by("code").first()


def figures_region_for_user(*, user: Any) -> Region:
    """The widest region the user's roles reach (the outermost of several; ties: the lowest code)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise PermissionDeniedError(_("没有可查看统计数据的区划范围。"))
    if user.is_superuser:
        region = figures_default_region()
        if region is None:
            raise PermissionDeniedError(_("系统中还没有行政区划数据。"))
        return region
    regions = [assignment.region for assignment in user.active_assignments if assignment.role in REPORT_ROLES]
    if not regions:
        raise PermissionDeniedError(_("没有可查看统计数据的区划范围。"))
    return min(regions, key=lambda region: (len(region.path), region.code))


def figures_for_user(*, user: Any) -> Figures:
    return figures_compute(region=figures_region_for_user(user=user))


@dataclass(frozen=True)
class PersonalSummary:
    """What the home page shows a user without report roles: their own records only."""

    volunteer_number: str = ""
    hours_total: Decimal | None = None
    star_level: int | None = None
    order_count: int | None = None
    open_order_count: int | None = None
    organizations: tuple[str, ...] = ()
    pairing_count: int | None = None
    joint_activity_count: int | None = None
    teams: tuple["TeamSummary", ...] = ()


@dataclass(frozen=True)
class TeamSummary:
    """A team leader's report: the team's members, its held activities and the hours they gave."""

    name: str
    member_count: int
    activity_count: int
    participation_count: int
    approved_hours: Decimal


def personal_summary(*, user: Any) -> PersonalSummary:
    """The volunteer's own hours and stars, the resident's own orders, the contact unit's pairings."""
    summary: dict[str, Any] = {}
    volunteer = volunteer_of_user(user=user)
    if volunteer is not None:
        hours = volunteer_hours_total(volunteer=volunteer)
        summary.update(volunteer_number=volunteer.volunteer_number, hours_total=hours, star_level=star_level(hours))
    if user.has_role(Role.RESIDENT):
        orders = ServiceOrder.objects.filter(requester_id=user.pk).aggregate(
            total=Count("id"), open=Count("id", filter=~Q(status__in=CLOSED_ORDER_STATUSES))
        )
        summary.update(order_count=orders["total"], open_order_count=orders["open"])
    organization_ids = [a.organization_id for a in user.active_assignments if a.role == Role.CONTACT_UNIT]
    if organization_ids:
        pairings = Pairing.objects.filter(organization_id__in=organization_ids)
        summary.update(
            organizations=tuple(
                Organization.objects.filter(pk__in=organization_ids).order_by("name").values_list("name", flat=True)
            ),
            pairing_count=pairings.count(),
            joint_activity_count=Activity.objects.filter(pairing__in=pairings, status=ActivityStatus.FINISHED).count(),
        )
    team_ids = [a.team_id for a in user.active_assignments if a.role == Role.TEAM_LEADER]
    if team_ids:
        summary["teams"] = tuple(
            team_summary(team=team) for team in Team.objects.filter(pk__in=team_ids).order_by("name")
        )
    return PersonalSummary(**summary)


def team_summary(*, team: Team) -> TeamSummary:
    """Counted from raw records: active memberships, finished activities, check-ins, approved hours."""
    held = Activity.objects.filter(organizer_team=team, status=ActivityStatus.FINISHED)
    activities = held.aggregate(
        count=Count("id", distinct=True),
        participations=Count(
            "attendances", filter=Q(attendances__checked_in_at__isnull=False, attendances__is_no_show=False)
        ),
    )
    hours = HoursEntry.objects.filter(activity__in=held, status=EntryStatus.APPROVED).aggregate(total=Sum("hours"))
    return TeamSummary(
        name=team.name,
        member_count=team.memberships.filter(left_on__isnull=True).count(),
        activity_count=activities["count"],
        participation_count=activities["participations"],
        approved_hours=(hours["total"] or Decimal(0)).quantize(Decimal("0.01")),
    )
