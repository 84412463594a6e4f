"""Brands, their projects (with figures and beneficiary reports) and awards.

Reads go through the projects selectors (public record: the caller's region, the regions above it,
and for admins and viewers their subtree); writes through the services, which name the refused field.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status
from ninja.pagination import paginate

from wenming.core.fields import ID_MAX
from wenming.core.pagination import BoundedPageNumberPagination
from wenming.projects import selectors, services
from wenming.projects.exports import award_export_response, project_export_response
from wenming.projects.models import Award, AwardCategory, AwardLevel, Brand, Project, ProjectBeneficiaryReport
from wenming.projects.schemas import (
    YEAR_MAX,
    YEAR_MIN,
    AwardDeleteIn,
    AwardIn,
    AwardOut,
    AwardPatchIn,
    BeneficiaryReportIn,
    BeneficiaryReportOut,
    BrandDetailOut,
    BrandIn,
    BrandOut,
    BrandPatchIn,
    ProjectIn,
    ProjectOut,
    ProjectPatchIn,
    ProjectStatsOut,
)

router = Router(tags=["projects"])

XLSX_RESPONSE = {
    "responses": {
        200: {
            "description": "Excel",
            "content": {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                    "schema": {"type": "string", "format": "binary"}
                }
            },
        }
    }
}


# -- brands -----------------------------------------------------------------------------------------


@router.get("/brands", response=list[BrandOut], url_name="brand_list")
@paginate(BoundedPageNumberPagination, page_size=50)
def brand_list_api(request: HttpRequest) -> QuerySet[Brand]:
    return selectors.brand_list(user=request.user)


@router.get("/brands/{brand_id}", response=BrandDetailOut, url_name="brand_detail")
def brand_detail_api(request: HttpRequest, brand_id: int) -> Brand:
    """The brand with the totals of its projects the caller sees (volunteers counted once)."""
    return selectors.brand_get(user=request.user, brand_id=brand_id)


@router.post("/brands", response={201: BrandDetailOut}, url_name="brand_create")
def brand_create_api(request: HttpRequest, payload: BrandIn) -> Status[Brand]:
    region = selectors.project_region_get(
        user=request.user, region_code=payload.region_code, model_label="projects.brand"
    )
    brand = services.brand_create(region=region, name=payload.name, slogan=payload.slogan, acting_user=request.user)
    return Status(201, selectors.brand_get(user=request.user, brand_id=brand.pk))


@router.patch("/brands/{brand_id}", response=BrandDetailOut, url_name="brand_update")
def brand_update_api(request: HttpRequest, brand_id: int, payload: BrandPatchIn) -> Brand:
    services.brand_update(brand_id=brand_id, name=payload.name, slogan=payload.slogan, acting_user=request.user)
    return selectors.brand_get(user=request.user, brand_id=brand_id)


# -- projects ---------------------------------------------------------------------------------------


def _projects(
    request: HttpRequest, brand_id: int | None, category_id: int | None, is_active: bool | None, q: str | None
) -> QuerySet[Project]:
    return selectors.project_list(
        user=request.user, brand_id=brand_id, category_id=category_id, is_active=is_active, search=q or ""
    )


@router.get("/projects", response=list[ProjectOut], url_name="project_list")
@paginate(BoundedPageNumberPagination, page_size=50)
def project_list_api(
    request: HttpRequest,
    brand_id: int | None = Query(None, ge=1, le=ID_MAX),
    category_id: int | None = Query(None, ge=1, le=ID_MAX),
    is_active: bool | None = None,
    q: str | None = Query(None, max_length=80),
) -> QuerySet[Project]:
    """Projects the caller sees, each with its activities, distinct volunteers, approved hours,
    beneficiaries and awards; `q`: part of the name."""
    return _projects(request, brand_id, category_id, is_active, q)


@router.get("/projects/export", url_name="project_export", openapi_extra=XLSX_RESPONSE)
def project_export_api(
    request: HttpRequest,
    brand_id: int | None = Query(None, ge=1, le=ID_MAX),
    category_id: int | None = Query(None, ge=1, le=ID_MAX),
    is_active: bool | None = None,
    q: str | None = Query(None, max_length=80),
) -> HttpResponse:
    """The same list as an Excel sheet, with the same filters."""
    return project_export_response(projects=_projects(request, brand_id, category_id, is_active, q))


@router.get("/projects/{project_id}", response=ProjectOut, url_name="project_detail")
def project_detail_api(request: HttpRequest, project_id: int) -> Project:
    return selectors.project_get(user=request.user, project_id=project_id)


@router.get("/projects/{project_id}/stats", response=ProjectStatsOut, url_name="project_stats")
def project_stats_api(request: HttpRequest, project_id: int) -> dict[str, Any]:
    project = selectors.project_get(user=request.user, project_id=project_id)
    return {
        "project_id": project.pk,
        "activity_count": project.activity_count,  # type: ignore[attr-defined]
        "volunteer_count": project.volunteer_count,  # type: ignore[attr-defined]
        "approved_hours": project.approved_hours,  # type: ignore[attr-defined]
        "beneficiaries": project.beneficiaries,  # type: ignore[attr-defined]
        "award_count": project.award_count,  # type: ignore[attr-defined]
    }


def _project_links(request: HttpRequest, values: dict[str, Any]) -> dict[str, Any]:
    """brand_id, category_id, lead_team_id → the records (None clears), looked up in the caller's scope."""
    links: dict[str, Any] = {}
    if "brand_id" in values:
        brand_id = values["brand_id"]
        links["brand"] = None if brand_id is None else selectors.brand_get(user=request.user, brand_id=brand_id)
    if "category_id" in values:
        category_id = values["category_id"]
        links["category"] = None if category_id is None else selectors.project_category_find(category_id=category_id)
    if "lead_team_id" in values:
        team_id = values["lead_team_id"]
        links["lead_team"] = (
            None if team_id is None else selectors.project_lead_team_find(user=request.user, team_id=team_id)
        )
    return links


@router.post("/projects", response={201: ProjectOut}, url_name="project_create")
def project_create_api(request: HttpRequest, payload: ProjectIn) -> Status[Project]:
    """A project of a region in the caller's scope; its name is unique in the region."""
    region = selectors.project_region_get(user=request.user, region_code=payload.region_code)
    project = services.project_create(
        region=region,
        name=payload.name,
        description=payload.description,
        started_on=payload.started_on,
        acting_user=request.user,
        **_project_links(request, payload.dict()),
    )
    return Status(201, selectors.project_get(user=request.user, project_id=project.pk))


@router.patch("/projects/{project_id}", response=ProjectOut, url_name="project_update")
def project_update_api(request: HttpRequest, project_id: int, payload: ProjectPatchIn) -> Project:
    """Change the fields sent (null clears brand, category, lead team or start date)."""
    values = payload.dict(exclude_unset=True)
    changes = {name: values[name] for name in ("name", "description", "started_on") if name in values}
    services.project_update(
        project_id=project_id, acting_user=request.user, **changes, **_project_links(request, values)
    )
    return selectors.project_get(user=request.user, project_id=project_id)


@router.post("/projects/{project_id}/deactivate", response=ProjectOut, url_name="project_deactivate")
def project_deactivate_api(request: HttpRequest, project_id: int) -> Project:
    """Stop the project; it stays on record with its activities, hours and awards."""
    services.project_deactivate(project_id=project_id, acting_user=request.user)
    return selectors.project_get(user=request.user, project_id=project_id)


@router.get(
    "/projects/{project_id}/beneficiary-reports",
    response=list[BeneficiaryReportOut],
    url_name="project_beneficiary_report_list",
)
def project_beneficiary_report_list_api(request: HttpRequest, project_id: int) -> QuerySet[ProjectBeneficiaryReport]:
    project = selectors.project_get(user=request.user, project_id=project_id)
    return selectors.project_beneficiary_reports(project=project)


@router.post(
    "/projects/{project_id}/beneficiary-reports",
    response={201: BeneficiaryReportOut},
    url_name="project_beneficiary_report_create",
)
def project_beneficiary_report_create_api(
    request: HttpRequest, project_id: int, payload: BeneficiaryReportIn
) -> Status[ProjectBeneficiaryReport]:
    """Report the people the project served in a period (activities record no such count)."""
    report = services.project_beneficiary_report_create(
        project_id=project_id,
        period_from=payload.period_from,
        period_to=payload.period_to,
        beneficiaries=payload.beneficiaries,
        note=payload.note,
        acting_user=request.user,
    )
    return Status(201, report)


# -- awards -----------------------------------------------------------------------------------------


def _awards(
    request: HttpRequest,
    level: AwardLevel | None,
    year: int | None,
    category: AwardCategory | None,
    awardee_type: str | None,
    awardee_id: int | None,
) -> QuerySet[Award]:
    return selectors.award_list(
        user=request.user,
        level=level or "",
        year=year,
        category=category or "",
        awardee_type=awardee_type or "",
        awardee_id=awardee_id,
    )


@router.get("/awards", response=list[AwardOut], url_name="award_list")
@paginate(BoundedPageNumberPagination, page_size=50)
def award_list_api(
    request: HttpRequest,
    level: AwardLevel | None = None,
    year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX),
    category: AwardCategory | None = None,
    awardee_type: str | None = Query(None, max_length=20),
    awardee_id: int | None = Query(None, ge=1, le=ID_MAX),
) -> QuerySet[Award]:
    """Awards the caller sees, newest first; `awardee_type` (project, team, volunteer, site, organization)
    with `awardee_id` narrows to one awardee."""
    return _awards(request, level, year, category, awardee_type, awardee_id)


@router.get("/awards/export", url_name="award_export", openapi_extra=XLSX_RESPONSE)
def award_export_api(
    request: HttpRequest,
    level: AwardLevel | None = None,
    year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX),
    category: AwardCategory | None = None,
    awardee_type: str | None = Query(None, max_length=20),
    awardee_id: int | None = Query(None, ge=1, le=ID_MAX),
) -> HttpResponse:
    """The same list as an Excel sheet, with the same filters."""
    return award_export_response(awards=_awards(request, level, year, category, awardee_type, awardee_id))


@router.get("/awards/{award_id}", response=AwardOut, url_name="award_detail")
def award_detail_api(request: HttpRequest, award_id: int) -> Award:
    return selectors.award_get(user=request.user, award_id=award_id)


@router.post("/awards", response={201: AwardOut}, url_name="award_create")
def award_create_api(request: HttpRequest, payload: AwardIn) -> Status[Award]:
    """Record an award for exactly one awardee of the caller's scope."""
    award = services.award_create(acting_user=request.user, **payload.dict())
    return Status(201, selectors.award_get(user=request.user, award_id=award.pk))


@router.patch("/awards/{award_id}", response=AwardOut, url_name="award_update")
def award_update_api(request: HttpRequest, award_id: int, payload: AwardPatchIn) -> Award:
    """Correct an award (the fields sent) with a reason; the audit log keeps what it said before."""
    services.award_update(award_id=award_id, acting_user=request.user, **payload.dict(exclude_unset=True))
    return selectors.award_get(user=request.user, award_id=award_id)


@router.post("/awards/{award_id}/delete", response={204: None}, url_name="award_delete")
def award_delete_api(request: HttpRequest, award_id: int, payload: AwardDeleteIn) -> Status[None]:
    """Delete an award entered by mistake: county admins only, with a reason kept in the audit log."""
    services.award_delete(award_id=award_id, reason=payload.reason, acting_user=request.user)
    return Status(204, None)
