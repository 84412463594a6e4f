"""Pages of the brand, its projects and awards: public record for every signed-in role; admins edit.

Each view parses its input, calls one service (for a write) or the selectors (for a read) and
renders. A record outside the user's scope is "not found" (404), exactly like a missing one.
"""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wenming.core.errors import DomainError, NotFoundError, PermissionDeniedError
from wenming.projects import selectors, services
from wenming.projects.exports import award_export_response, awardee_type_label, project_export_response
from wenming.projects.forms import (
    AwardFilterForm,
    AwardForm,
    BeneficiaryReportForm,
    BrandForm,
    ProjectFilterForm,
    ProjectForm,
    ReasonForm,
)
from wenming.projects.models import Award, Brand, Project
from wenming.regions.access import may
from wenming.regions.roles import ADD

PROJECTS_PER_PAGE = 30
AWARDS_PER_PAGE = 50
ACTIVITIES_SHOWN = 50

# Fields a refusal may name that the forms call otherwise.
FORM_FIELD_OF = {
    "awardee_id": "awardee_id",
    "lead_team_id": "lead_team",
    "category_id": "category",
    "brand_id": "brand",
}


def _not_found(error: NotFoundError) -> Http404:
    return Http404(str(error.message))


def _refusal_to_form(form: Any, refusal: Exception) -> None:
    """Put a service's refusal on the field it names (or on the form): the page shows why, nothing changed."""
    if isinstance(refusal, ValidationError) and hasattr(refusal, "error_dict"):
        for field, errors in refusal.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return
    if isinstance(refusal, DomainError):
        field = FORM_FIELD_OF.get(refusal.field or "", refusal.field or "")
        form.add_error(field if field in form.fields else None, str(refusal.message))
        return
    form.add_error(None, " ".join(str(message) for message in getattr(refusal, "messages", [refusal])))


def _query(request: HttpRequest) -> str:
    return urlencode([(key, value) for key, value in request.GET.items() if key != "page" and value])


# -- brands -----------------------------------------------------------------------------------------


@login_required
@require_GET
def brand_list_view(request: HttpRequest) -> HttpResponse:
    brands = list(selectors.brand_list(user=request.user))
    return render(
        request,
        "projects/brand_list.html",
        {"brands": brands, "may_add": may(request.user, ADD, Brand)},
    )


@login_required
@require_GET
def brand_detail_view(request: HttpRequest, brand_id: int) -> HttpResponse:
    """The brand with its projects, their figures and the totals (volunteers counted once)."""
    try:
        brand = selectors.brand_get(user=request.user, brand_id=brand_id)
    except NotFoundError as error:
        raise _not_found(error) from error
    projects = selectors.project_list(user=request.user, brand_id=brand.pk)
    project_rows = list(projects)
    context = {
        "brand": brand,
        "projects": project_rows,
        "totals": selectors.project_totals(projects=projects),
        "may_change": selectors.brand_may_change(user=request.user, brand=brand),
        "chart": {
            "names": [project.name for project in project_rows],
            "hours": [float(project.approved_hours) for project in project_rows],  # type: ignore[attr-defined]
        },
    }
    return render(request, "projects/brand_detail.html", context)


def _brand_form_page(request: HttpRequest, brand: Brand | None) -> HttpResponse:
    editing = brand is not None
    initial = {"name": brand.name, "slogan": brand.slogan} if brand is not None else None
    form = BrandForm(
        request.POST if request.method == "POST" else None, user=request.user, editing=editing, initial=initial
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                if brand is None:
                    saved = services.brand_create(
                        region=data["region"], name=data["name"], slogan=data["slogan"], acting_user=request.user
                    )
                else:
                    saved = services.brand_update(
                        brand_id=brand.pk, name=data["name"], slogan=data["slogan"], acting_user=request.user
                    )
            except (DomainError, ValidationError) as refusal:
                _refusal_to_form(form, refusal)
            else:
                messages.success(request, _("已保存品牌 %(name)s。") % {"name": saved.name})
                return redirect("projects:brand_detail", brand_id=saved.pk)
        return render(request, "projects/form.html", {"form": form, "title": _("志愿服务品牌")}, status=400)
    return render(request, "projects/form.html", {"form": form, "title": _("志愿服务品牌")})


@login_required
@require_http_methods(["GET", "POST"])
def brand_create_view(request: HttpRequest) -> HttpResponse:
    if not may(request.user, ADD, Brand):
        raise PermissionDenied(_("只有中心或所管理员可以创建志愿服务品牌。"))
    return _brand_form_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def brand_edit_view(request: HttpRequest, brand_id: int) -> HttpResponse:
    try:
        brand = selectors.brand_get(user=request.user, brand_id=brand_id)
    except NotFoundError as error:
        raise _not_found(error) from error
    if not selectors.brand_may_change(user=request.user, brand=brand):
        raise PermissionDenied(_("您无权修改该志愿服务品牌。"))
    return _brand_form_page(request, brand)


# -- projects ---------------------------------------------------------------------------------------


@login_required
@require_GET
def project_list_view(request: HttpRequest) -> HttpResponse:
    form = ProjectFilterForm(request.GET or None)
    projects = selectors.project_list(user=request.user, **form.filters())
    page = Paginator(projects, PROJECTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": _query(request),
        "may_add": may(request.user, ADD, Project),
        "brands": selectors.brand_list(user=request.user),
    }
    return render(request, "projects/project_list.html", context)


@login_required
@require_GET
def project_export_view(request: HttpRequest) -> HttpResponse:
    """The list as Excel, with the page's filters."""
    form = ProjectFilterForm(request.GET or None)
    return project_export_response(projects=selectors.project_list(user=request.user, **form.filters()))


def _project_or_404(request: HttpRequest, project_id: int) -> Project:
    try:
        return selectors.project_get(user=request.user, project_id=project_id)
    except NotFoundError as error:
        raise _not_found(error) from error


def _project_page(request: HttpRequest, project: Project, report_form: Any = None, status: int = 200) -> HttpResponse:
    may_change = selectors.project_may_change(user=request.user, project=project)
    context = {
        "project": project,
        "activities": list(selectors.project_activities(project=project)[:ACTIVITIES_SHOWN]),
        "reports": list(selectors.project_beneficiary_reports(project=project)),
        "awards": list(selectors.award_list_for(awardee=project)),
        "may_change": may_change,
        "report_form": report_form or (BeneficiaryReportForm() if may_change else None),
    }
    return render(request, "projects/project_detail.html", context, status=status)


@login_required
@require_GET
def project_detail_view(request: HttpRequest, project_id: int) -> HttpResponse:
    return _project_page(request, _project_or_404(request, project_id))


@login_required
@require_POST
def project_beneficiary_report_view(request: HttpRequest, project_id: int) -> HttpResponse:
    """Staff report the people the project served in a period; a refusal is shown on the project page."""
    project = _project_or_404(request, project_id)
    if not selectors.project_may_change(user=request.user, project=project):
        raise PermissionDenied(_("您无权为该项目填报受益人次。"))
    form = BeneficiaryReportForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.project_beneficiary_report_create(project_id=project.pk, acting_user=request.user, **data)
        except (DomainError, ValidationError) as refusal:
            _refusal_to_form(form, refusal)
        else:
            messages.success(request, _("已填报受益人次。"))
            return redirect("projects:project_detail", project_id=project.pk)
    return _project_page(request, project, report_form=form, status=400)


def _project_initial(project: Project) -> dict[str, Any]:
    return {
        "name": project.name,
        "brand": project.brand_id,
        "category": project.category_id,
        "lead_team": project.lead_team_id,
        "description": project.description,
        "started_on": project.started_on,
    }


def _project_form_page(request: HttpRequest, project: Project | None) -> HttpResponse:
    editing = project is not None
    form = ProjectForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        editing=editing,
        initial=_project_initial(project) if project is not None else None,
    )
    context = {"form": form, "title": _("志愿服务项目")}
    if request.method != "POST":
        return render(request, "projects/form.html", context)
    if form.is_valid():
        data = form.cleaned_data
        fields = {name: data[name] for name in ("name", "brand", "category", "lead_team", "description", "started_on")}
        try:
            if project is None:
                saved = services.project_create(region=data["region"], acting_user=request.user, **fields)
            else:
                saved = services.project_update(project_id=project.pk, acting_user=request.user, **fields)
        except (DomainError, ValidationError) as refusal:
            _refusal_to_form(form, refusal)
        else:
            messages.success(request, _("已保存项目 %(name)s。") % {"name": saved.name})
            return redirect("projects:project_detail", project_id=saved.pk)
    return render(request, "projects/form.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def project_create_view(request: HttpRequest) -> HttpResponse:
    if not may(request.user, ADD, Project):
        raise PermissionDenied(_("只有中心或所管理员可以创建志愿服务项目。"))
    return _project_form_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def project_edit_view(request: HttpRequest, project_id: int) -> HttpResponse:
    project = _project_or_404(request, project_id)
    if not selectors.project_may_change(user=request.user, project=project):
        raise PermissionDenied(_("您无权修改该志愿服务项目。"))
    return _project_form_page(request, project)


@login_required
@require_POST
def project_deactivate_view(request: HttpRequest, project_id: int) -> HttpResponse:
    project = _project_or_404(request, project_id)
    if not selectors.project_may_change(user=request.user, project=project):
        raise PermissionDenied(_("您无权修改该志愿服务项目。"))
    try:
        services.project_deactivate(project_id=project.pk, acting_user=request.user)
    except DomainError as refusal:
        messages.error(request, str(refusal.message))
    else:
        messages.success(request, _("项目 %(name)s 已停用。") % {"name": project.name})
    return redirect("projects:project_detail", project_id=project.pk)


# -- awards -----------------------------------------------------------------------------------------


@login_required
@require_GET
def award_list_view(request: HttpRequest) -> HttpResponse:
    """Awards with filters; `?site=ID` lists one site's awards (the site's awards page)."""
    form = AwardFilterForm(request.GET or None)
    awards = selectors.award_list(user=request.user, **form.filters())
    page = Paginator(awards, AWARDS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [(award, awardee_type_label(selectors.award_awardee_type(award))) for award in page.object_list]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "query": _query(request),
        "years": selectors.award_years(user=request.user),
        "may_add": may(request.user, ADD, Award),
    }
    return render(request, "projects/award_list.html", context)


@login_required
@require_GET
def award_export_view(request: HttpRequest) -> HttpResponse:
    form = AwardFilterForm(request.GET or None)
    return award_export_response(awards=selectors.award_list(user=request.user, **form.filters()))


def _award_form_page(request: HttpRequest, award: Award | None) -> HttpResponse:
    editing = award is not None
    initial = None
    if award is not None:
        awardee_type = selectors.award_awardee_type(award)
        initial = {
            "awardee_type": awardee_type,
            "awardee_id": getattr(award, f"{awardee_type}_id"),
            "level": award.level,
            "category": award.category,
            "year": award.year,
            "title": award.title,
            "issuer": award.issuer,
        }
    form = AwardForm(request.POST if request.method == "POST" else None, editing=editing, initial=initial)
    context = {"form": form, "title": _("荣誉"), "award": award}
    if request.method != "POST":
        return render(request, "projects/form.html", context)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if award is None:
                saved = services.award_create(acting_user=request.user, **data)
            else:
                saved = services.award_update(award_id=award.pk, acting_user=request.user, **data)
        except (DomainError, ValidationError) as refusal:
            _refusal_to_form(form, refusal)
        else:
            messages.success(request, _("已保存荣誉 %(title)s。") % {"title": saved.title})
            return redirect("projects:award_list")
    return render(request, "projects/form.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def award_create_view(request: HttpRequest) -> HttpResponse:
    if not may(request.user, ADD, Award):
        raise PermissionDenied(_("只有中心或所管理员可以登记荣誉。"))
    return _award_form_page(request, None)


def _award_for_change(request: HttpRequest, award_id: int, action: str) -> Award:
    try:
        award = selectors.award_get(user=request.user, award_id=award_id)
    except NotFoundError as error:
        raise _not_found(error) from error
    if not selectors.award_may(user=request.user, action=action, region=award.region):
        raise PermissionDenied(_("您无权更正或删除该荣誉记录。"))
    return award


@login_required
@require_http_methods(["GET", "POST"])
def award_edit_view(request: HttpRequest, award_id: int) -> HttpResponse:
    return _award_form_page(request, _award_for_change(request, award_id, "change"))


@login_required
@require_POST
def award_delete_view(request: HttpRequest, award_id: int) -> HttpResponse:
    """County admins delete an award entered by mistake, with a reason (kept in the audit log)."""
    award = _award_for_change(request, award_id, "delete")
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
        return redirect("projects:award_edit", award_id=award.pk)
    try:
        services.award_delete(award_id=award.pk, reason=form.cleaned_data["reason"], acting_user=request.user)
    except (DomainError, PermissionDeniedError) as refusal:
        messages.error(request, str(refusal.message))
        return redirect("projects:award_edit", award_id=award.pk)
    messages.success(request, _("已删除荣誉 %(title)s。") % {"title": award.title})
    return redirect("projects:award_list")
