import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from wenming.core.fields import ID_MAX
from wenming.projects.models import Award, Brand, Project
from wenming.projects.selectors import ProjectTotals, award_awardee_type, brand_totals

# Wide enough that any integer reaches the service, which names the field in its refusal;
# narrow enough that no value overflows a database column.
YEAR_MIN, YEAR_MAX = 0, 9999


class BrandOut(Schema):
    id: int
    name: str
    slogan: str
    region_code: str
    region_name: str
    project_count: int

    @staticmethod
    def resolve_region_code(brand: Brand) -> str:
        return brand.region.code

    @staticmethod
    def resolve_region_name(brand: Brand) -> str:
        return brand.region.name


class TotalsOut(Schema):
    projects: int
    activities: int
    volunteers: int
    approved_hours: Decimal
    beneficiaries: int
    awards: int


class BrandDetailOut(BrandOut):
    """The brand with the totals of the projects the caller sees (volunteers counted once)."""

    totals: TotalsOut

    @staticmethod
    def resolve_totals(brand: Brand, context: dict) -> ProjectTotals:
        return brand_totals(user=context["request"].user, brand=brand)


class BrandIn(Schema):
    region_code: str = Field(..., max_length=12)
    name: str = Field(..., max_length=200)
    slogan: str = Field("", max_length=500)


class BrandPatchIn(Schema):
    name: str | None = Field(None, max_length=200)
    slogan: str | None = Field(None, max_length=500)


class ProjectOut(Schema):
    """A project with its figures: activities (neither drafts nor cancelled), distinct volunteers and
    approved hours from the ledger (reversals netted), beneficiaries as reported by staff."""

    id: int
    name: str
    region_code: str
    brand_id: int | None
    brand_name: str
    category_id: int | None
    category_name: str
    lead_team_id: int | None
    lead_team_name: str
    description: str
    started_on: dt.date | None
    is_active: bool
    activity_count: int
    volunteer_count: int
    approved_hours: Decimal
    beneficiaries: int
    award_count: int

    @staticmethod
    def resolve_region_code(project: Project) -> str:
        return project.region.code

    @staticmethod
    def resolve_brand_name(project: Project) -> str:
        return project.brand.name if project.brand else ""

    @staticmethod
    def resolve_category_name(project: Project) -> str:
        return project.category.name if project.category else ""

    @staticmethod
    def resolve_lead_team_name(project: Project) -> str:
        return project.lead_team.name if project.lead_team else ""


class ProjectStatsOut(Schema):
    project_id: int
    activity_count: int
    volunteer_count: int
    approved_hours: Decimal
    beneficiaries: int
    award_count: int


class ProjectIn(Schema):
    region_code: str = Field(..., max_length=12)
    name: str = Field(..., max_length=200)
    brand_id: int | None = Field(None, ge=1, le=ID_MAX)
    category_id: int | None = Field(None, ge=1, le=ID_MAX)
    lead_team_id: int | None = Field(None, ge=1, le=ID_MAX)
    description: str = Field("", max_length=5000)
    started_on: dt.date | None = None


class ProjectPatchIn(Schema):
    name: str | None = Field(None, max_length=200)
    brand_id: int | None = Field(None, ge=1, le=ID_MAX)
    category_id: int | None = Field(None, ge=1, le=ID_MAX)
    lead_team_id: int | None = Field(None, ge=1, le=ID_MAX)
    description: str | None = Field(None, max_length=5000)
    started_on: dt.date | None = None


class BeneficiaryReportOut(Schema):
    id: int
    project_id: int
    period_from: dt.date
    period_to: dt.date
    beneficiaries: int
    note: str
    reported_by_name: str

    @staticmethod
    def resolve_reported_by_name(report: object) -> str:
        user = report.reported_by  # type: ignore[attr-defined]
        return str(user.display_name or user.username)


class BeneficiaryReportIn(Schema):
    period_from: dt.date
    period_to: dt.date
    beneficiaries: int = Field(..., ge=-ID_MAX, le=ID_MAX)
    note: str = Field("", max_length=500)


class AwardOut(Schema):
    id: int
    level: str
    level_display: str
    category: str
    category_display: str
    year: int
    title: str
    issuer: str
    region_code: str
    awardee_type: str
    awardee_id: int
    awardee_name: str

    @staticmethod
    def resolve_level_display(award: Award) -> str:
        return str(award.get_level_display())

    @staticmethod
    def resolve_category_display(award: Award) -> str:
        return str(award.get_category_display())

    @staticmethod
    def resolve_region_code(award: Award) -> str:
        return award.region.code

    @staticmethod
    def resolve_awardee_type(award: Award) -> str:
        return award_awardee_type(award)

    @staticmethod
    def resolve_awardee_id(award: Award) -> int:
        return int(getattr(award, f"{award_awardee_type(award)}_id"))

    @staticmethod
    def resolve_awardee_name(award: Award) -> str:
        return str(award.awardee)


class AwardIn(Schema):
    """Exactly one awardee, named by its type (project, team, volunteer, site, organization) and id."""

    awardee_type: str = Field(..., max_length=20)
    awardee_id: int = Field(..., ge=-ID_MAX, le=ID_MAX)
    level: str = Field(..., max_length=20)
    category: str = Field(..., max_length=40)
    year: int = Field(..., ge=YEAR_MIN, le=YEAR_MAX)
    title: str = Field(..., max_length=500)
    issuer: str = Field("", max_length=500)


class AwardPatchIn(Schema):
    reason: str = Field(..., max_length=200)
    awardee_type: str | None = Field(None, max_length=20)
    awardee_id: int | None = Field(None, ge=-ID_MAX, le=ID_MAX)
    level: str | None = Field(None, max_length=20)
    category: str | None = Field(None, max_length=40)
    year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX)
    title: str | None = Field(None, max_length=500)
    issuer: str | None = Field(None, max_length=500)


class AwardDeleteIn(Schema):
    reason: str = Field(..., max_length=200)
