"""Reads of brands, projects and awards, scoped to the user's region.

A project's figures come from raw records: its activities (neither drafts nor cancelled), the
distinct volunteers with approved hours in them that were not reversed, the approved hours (reversals
netted; pending and rejected entries never count), and the beneficiaries staff reported per period.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from wenming.core.errors import NotFoundError
from wenming.ledger.models import EntryKind, EntryStatus, HoursEntry
from wenming.projects.models import AWARDEE_FIELDS, Award, Brand, Project, ProjectBeneficiaryReport
from wenming.regions.access import access_q, scoped
from wenming.regions.roles import ADD, CHANGE, DELETE, VIEW, Role, roles_allowed
from wenming.regions.scoping import region_subtree_q

COUNTED_ACTIVITY_EXCLUDED = ("draft", "cancelled")  # a project's activities: neither drafts nor cancelled
HOURS_FIELD: DecimalField = DecimalField(max_digits=14, decimal_places=2)

# The kinds of awardee, by the name the API and the forms use, and the model each names.
AWARDEE_MODELS: dict[str, str] = {
    "project": "projects.Project",
    "team": "teams.Team",
    "volunteer": "volunteers.Volunteer",
    "site": "sites.Site",
    "organization": "organizations.Organization",
}


def award_list_for(*, awardee: Any) -> QuerySet[Award]:
    """The awards of one awardee (a project, team, volunteer, site or contact unit), newest first.

    Whoever may see the awardee's page sees its awards: honours are public record.
    """
    field = awardee._meta.model_name
    if field not in AWARDEE_FIELDS:
        raise ValueError(f"{awardee._meta.label} cannot receive awards")
    return Award.objects.filter(**{field: awardee}).order_by("-year", "level", "pk")


# -- project figures --------------------------------------------------------------------------------


def _activities() -> QuerySet[Any]:
    return apps.get_model("activities", "Activity")._default_manager.exclude(status__in=COUNTED_ACTIVITY_EXCLUDED)


def _unreversed_credits() -> QuerySet[HoursEntry]:
    """Approved credits that no approved reversal took back (a reversal is always whole)."""
    reversal = HoursEntry.objects.filter(reverses_id=OuterRef("pk"), status=EntryStatus.APPROVED)
    return HoursEntry.objects.approved().filter(kind=EntryKind.CREDIT).exclude(Exists(reversal))


def _per_project(queryset: QuerySet[Any], project_field: str, aggregate: Any, output: Any) -> Coalesce:
    rows = (
        queryset.filter(**{project_field: OuterRef("pk")})
        .order_by()
        .values(project_field)
        .annotate(value=aggregate)
        .values("value")
    )
    zero = Value(Decimal(0), output_field=output) if isinstance(output, DecimalField) else Value(0)
    return Coalesce(Subquery(rows, output_field=output), zero, output_field=output)


def projects_with_figures(projects: QuerySet[Project]) -> QuerySet[Any]:
    """Each project with activity_count, volunteer_count, approved_hours, beneficiaries, award_count:
    one query, each figure a correlated subquery (no join multiplies another)."""
    return projects.annotate(
        activity_count=_per_project(_activities(), "project", Count("pk"), IntegerField()),
        volunteer_count=_per_project(
            _unreversed_credits(), "activity__project", Count("volunteer", distinct=True), IntegerField()
        ),
        approved_hours=_per_project(HoursEntry.objects.approved(), "activity__project", Sum("hours"), HOURS_FIELD),
        beneficiaries=_per_project(
            ProjectBeneficiaryReport.objects.all(), "project", Sum("beneficiaries"), IntegerField()
        ),
        award_count=_per_project(Award.objects.all(), "project", Count("pk"), IntegerField()),
    )


def project_list(
    *,
    user: Any,
    brand_id: int | None = None,
    category_id: int | None = None,
    is_active: bool | None = None,
    search: str = "",
) -> QuerySet[Any]:
    """Projects the user may see (their region's, those of the regions above, and their subtree's), with figures."""
    projects = scoped(Project.objects.all(), user, VIEW)
    if brand_id is not None:
        projects = projects.filter(brand_id=brand_id)
    if category_id is not None:
        projects = projects.filter(category_id=category_id)
    if is_active is not None:
        projects = projects.filter(is_active=is_active)
    if search.strip():
        projects = projects.filter(name__icontains=search.strip())
    return projects_with_figures(
        projects.select_related("brand", "category", "lead_team", "region").order_by("brand__name", "name", "pk")
    )


def project_get(*, user: Any, project_id: int) -> Any:
    """One project the user sees, with its figures; one outside their scope is reported like a missing one."""
    project = project_list(user=user).filter(pk=project_id).first()
    if project is None:
        raise NotFoundError(_("项目不存在。"), field="project_id")
    return project


def project_activities(*, project: Project) -> QuerySet[Any]:
    """The project's activities that count (neither drafts nor cancelled), newest first.

    The project's page is public record; the activities listed are those the project counts.
    """
    return _activities().filter(project=project).select_related("organizer_site").order_by("-starts_at", "-pk")


def project_beneficiary_reports(*, project: Project) -> QuerySet[ProjectBeneficiaryReport]:
    return project.beneficiary_reports.select_related("reported_by").order_by("-period_from", "-pk")


def project_may_change(*, user: Any, project: Project) -> bool:
    """County and township admins of the project's region (and above) edit it and report its beneficiaries."""
    return Project.objects.filter(pk=project.pk).filter(access_q(user, Project, CHANGE)).exists()


@dataclass(frozen=True)
class ProjectTotals:
    """Totals over a set of projects: volunteers are counted once even when they served in several."""

    projects: int
    activities: int
    volunteers: int
    approved_hours: Decimal
    beneficiaries: int
    awards: int


def project_totals(*, projects: QuerySet[Project]) -> ProjectTotals:
    """Totals of the given projects in two queries (the per-project sums, and the distinct volunteers)."""
    ids = projects.order_by().values("pk")
    rows = list(
        projects_with_figures(Project.objects.filter(pk__in=ids)).values_list(
            "activity_count", "approved_hours", "beneficiaries", "award_count"
        )
    )
    volunteers = (
        _unreversed_credits().filter(activity__project__in=ids).values("volunteer").distinct().order_by().count()
    )
    return ProjectTotals(
        projects=len(rows),
        activities=sum(row[0] for row in rows),
        volunteers=volunteers,
        approved_hours=sum((Decimal(row[1]) for row in rows), Decimal(0)).quantize(Decimal("0.01")),
        beneficiaries=sum(row[2] for row in rows),
        awards=sum(row[3] for row in rows),
    )


# -- brands -----------------------------------------------------------------------------------------


def brand_list(*, user: Any) -> QuerySet[Brand]:
    """Brands the user sees, each with the number of its projects the user sees."""
    visible_projects = scoped(Project.objects.all(), user, VIEW)
    count = (
        visible_projects.filter(brand_id=OuterRef("pk")).order_by().values("brand").annotate(n=Count("pk")).values("n")
    )
    return (
        scoped(Brand.objects.all(), user, VIEW)
        .select_related("region")
        .annotate(project_count=Coalesce(Subquery(count, output_field=IntegerField()), Value(0)))
        .order_by("region__path", "name", "pk")
    )


def brand_get(*, user: Any, brand_id: int) -> Brand:
    brand = brand_list(user=user).filter(pk=brand_id).first()
    if brand is None:
        raise NotFoundError(_("品牌不存在。"), field="brand_id")
    return brand


def brand_totals(*, user: Any, brand: Brand) -> ProjectTotals:
    """Totals of the brand's projects the user sees (the brand page and the API)."""
    return project_totals(projects=project_list(user=user, brand_id=brand.pk))


def brand_may_change(*, user: Any, brand: Brand) -> bool:
    return Brand.objects.filter(pk=brand.pk).filter(access_q(user, Brand, CHANGE)).exists()


# -- awards -----------------------------------------------------------------------------------------


def award_list(
    *,
    user: Any,
    level: str = "",
    year: int | None = None,
    category: str = "",
    awardee_type: str = "",
    awardee_id: int | None = None,
) -> QuerySet[Award]:
    """Awards the user sees, filtered; awardee_type with awardee_id narrows to one awardee (a site's awards)."""
    awards = scoped(Award.objects.all(), user, VIEW)
    if level:
        awards = awards.filter(level=level)
    if year is not None:
        awards = awards.filter(year=year)
    if category:
        awards = awards.filter(category=category)
    if awardee_type in AWARDEE_FIELDS:
        awards = awards.filter(**{f"{awardee_type}__isnull": False})
        if awardee_id is not None:
            awards = awards.filter(**{f"{awardee_type}_id": awardee_id})
    return awards.select_related("region", *AWARDEE_FIELDS).order_by("-year", "level", "category", "pk")


def award_get(*, user: Any, award_id: int) -> Award:
    award = award_list(user=user).filter(pk=award_id).first()
    if award is None:
        raise NotFoundError(_("荣誉不存在。"), field="award_id")
    return award


def award_awardee_type(award: Award) -> str:
    return next(name for name in AWARDEE_FIELDS if getattr(award, f"{name}_id"))


def award_awardee_find(*, user: Any, awardee_type: str, awardee_id: int) -> Any:
    """The awardee an award may be recorded for: a record of that kind the user sees in their own scope.

    Unknown ids and records outside the user's scope get the same answer (never told apart).
    """
    label = AWARDEE_MODELS.get(awardee_type)
    if label is None:
        raise NotFoundError(_("请选择获奖对象的类型：项目、队伍、志愿者、阵地或单位。"), field="awardee_type")
    model = apps.get_model(label)
    awardee = scoped(model._default_manager.select_related("region"), user, VIEW).filter(pk=awardee_id).first()
    if awardee is None:
        raise NotFoundError(_("获奖对象不存在，或不在您的管辖范围内。"), field="awardee_id")
    return awardee


def award_may(*, user: Any, action: str, region: Any) -> bool:
    """Whether the user may add or change an award recorded in `region` (admins whose scope holds it);
    deletion is for county admins only (awards are records: correct them, delete only a mistake)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if action == DELETE:
        paths = [a.region.path for a in user.active_assignments if a.role == Role.COUNTY_ADMIN]
    else:
        paths = user.region_paths(roles_allowed("projects.award", ADD if action == ADD else CHANGE))
    return any(region.path.startswith(path) for path in paths)


def award_years(*, user: Any) -> list[int]:
    """The years that have awards the user sees, newest first (for the filter)."""
    return sorted(set(scoped(Award.objects.all(), user, VIEW).values_list("year", flat=True)), reverse=True)


# -- what a write may name --------------------------------------------------------------------------


def project_writable_regions(*, user: Any, model_label: str = "projects.project") -> QuerySet[Any]:
    """Regions in which the user may create brands or projects (the admins' subtrees), by code."""
    region_model = apps.get_model("regions", "Region")
    regions = region_model._default_manager.all()
    if not (getattr(user, "is_superuser", False) and user.is_active):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return regions.none()
        regions = regions.filter(region_subtree_q(user.region_paths(roles_allowed(model_label, ADD)), field=""))
    return regions.order_by("path")


def project_region_get(*, user: Any, region_code: str, model_label: str = "projects.project") -> Any:
    region = project_writable_regions(user=user, model_label=model_label).filter(code=region_code.strip()).first()
    if region is None:
        raise NotFoundError(_("区划不存在，或不在您可以创建项目的范围内。"), field="region_code")
    return region


def project_lead_team_find(*, user: Any, team_id: int) -> Any:
    team_model = apps.get_model("teams", "Team")
    team = scoped(team_model._default_manager.select_related("region"), user, VIEW).filter(pk=team_id).first()
    if team is None:
        raise NotFoundError(_("牵头队伍不存在，或不在您的管辖范围内。"), field="lead_team_id")
    return team


def project_category_find(*, category_id: int) -> Any:
    category = (
        apps.get_model("teams", "TeamCategory")._default_manager.select_related("region").filter(pk=category_id).first()
    )
    if category is None:
        raise NotFoundError(_("服务类别不存在。"), field="category_id")
    return category
