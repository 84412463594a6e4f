"""Writes of brands, projects, their beneficiary reports, and awards.

Brands and projects are written by the county and township admins of their region (DESIGN.md §1).
Awards are records (志愿服务条例 art. 19: record awards truthfully): an admin of the awardee's region
records one and may correct it, each correction written to the audit log with its reason; deleting
one (a record entered by mistake) is for county admins only, also audited.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.accounts.models import AuditAction
from wenming.accounts.services import audit_event_record
from wenming.core.errors import DomainError, PermissionDeniedError
from wenming.projects.models import (
    AWARDEE_FIELDS,
    Award,
    AwardCategory,
    AwardLevel,
    Brand,
    Project,
    ProjectBeneficiaryReport,
)
from wenming.projects.selectors import (
    award_awardee_find,
    award_awardee_type,
    award_get,
    award_may,
    brand_get,
    project_get,
)
from wenming.regions.roles import ADD, CHANGE, DELETE, roles_allowed

FIRST_AWARD_YEAR = 1990  # the database refuses earlier years too (award_year_plausible)
MAX_BENEFICIARIES = 10_000_000  # per report: more than a province's population is a typing error
UNSET: Any = object()


def _may_write_in(*, user: Any, model_label: str, action: str, region: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(region.path.startswith(path) for path in user.region_paths(roles_allowed(model_label, action)))


def _text(value: str, *, field: str, max_length: int, required: bool, label: Any) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: [_("请填写%(label)s。") % {"label": label}]})
    if len(text) > max_length:
        raise ValidationError({field: [_("%(label)s不能超过%(count)d个字。") % {"label": label, "count": max_length}]})
    return text


# -- brands -----------------------------------------------------------------------------------------


def _brand_name_check(*, region: Any, name: str, exclude_pk: int | None = None) -> None:
    taken = Brand.objects.filter(region=region, name=name)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError({"name": [_("本区划已有同名品牌。")]})


@transaction.atomic
def brand_create(*, region: Any, name: str, slogan: str = "", acting_user: Any) -> Brand:
    if not _may_write_in(user=acting_user, model_label="projects.brand", action=ADD, region=region):
        raise PermissionDeniedError(_("您无权在该区划创建志愿服务品牌。"))
    name = _text(name, field="name", max_length=60, required=True, label=_("品牌名称"))
    slogan = _text(slogan, field="slogan", max_length=120, required=False, label=_("口号"))
    _brand_name_check(region=region, name=name)
    return Brand.objects.create(region=region, name=name, slogan=slogan)


@transaction.atomic
def brand_update(*, brand_id: int, name: str | None = None, slogan: str | None = None, acting_user: Any) -> Brand:
    visible = brand_get(user=acting_user, brand_id=brand_id)
    brand = Brand.objects.select_for_update().select_related("region").get(pk=visible.pk)
    if not _may_write_in(user=acting_user, model_label="projects.brand", action=CHANGE, region=brand.region):
        raise PermissionDeniedError(_("您无权修改该志愿服务品牌。"))
    if name is not None:
        brand.name = _text(name, field="name", max_length=60, required=True, label=_("品牌名称"))
        _brand_name_check(region=brand.region, name=brand.name, exclude_pk=brand.pk)
    if slogan is not None:
        brand.slogan = _text(slogan, field="slogan", max_length=120, required=False, label=_("口号"))
    brand.save(update_fields=["name", "slogan", "updated_at"])
    return brand


# -- projects ---------------------------------------------------------------------------------------


def _project_links_check(*, region: Any, brand: Any, category: Any, lead_team: Any) -> None:
    """A project's brand is its region's or an enclosing region's; its lead team works within its region."""
    if brand is not None and not region.path.startswith(brand.region.path):
        raise ValidationError({"brand": [_("所选品牌不属于项目所在区划或其上级区划。")]})
    if lead_team is not None and not lead_team.region.path.startswith(region.path):
        raise ValidationError({"lead_team": [_("牵头队伍须在项目所在区划内。")]})
    if category is not None and category.region_id is not None and not region.path.startswith(category.region.path):
        raise ValidationError({"category": [_("所选本地服务类别不适用于项目所在区划。")]})


def _project_name_check(*, region: Any, name: str, exclude_pk: int | None = None) -> None:
    taken = Project.objects.filter(region=region, name=name)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError({"name": [_("本区划已有同名项目。")]})


def _started_on_check(started_on: dt.date | None) -> None:
    if started_on is not None and started_on > timezone.localdate():
        raise ValidationError({"started_on": [_("启动日期不能晚于今天。")]})


@transaction.atomic
def project_create(
    *,
    region: Any,
    name: str,
    brand: Any = None,
    category: Any = None,
    lead_team: Any = None,
    description: str = "",
    started_on: dt.date | None = None,
    acting_user: Any,
) -> Project:
    """A brand project (品牌项目) of the region: its name unique there, its lead team within it."""
    if not _may_write_in(user=acting_user, model_label="projects.project", action=ADD, region=region):
        raise PermissionDeniedError(_("您无权在该区划创建志愿服务项目。"))
    name = _text(name, field="name", max_length=80, required=True, label=_("项目名称"))
    description = _text(description, field="description", max_length=2000, required=False, label=_("简介"))
    _project_name_check(region=region, name=name)
    _project_links_check(region=region, brand=brand, category=category, lead_team=lead_team)
    _started_on_check(started_on)
    return Project.objects.create(
        region=region,
        name=name,
        brand=brand,
        category=category,
        lead_team=lead_team,
        description=description,
        started_on=started_on,
    )


def _project_for_change(*, project_id: int, acting_user: Any) -> Project:
    visible = project_get(user=acting_user, project_id=project_id)
    project = (
        Project.objects.select_for_update(of=("self",))
        .select_related("region", "brand__region", "category__region", "lead_team__region")
        .get(pk=visible.pk)
    )
    if not _may_write_in(user=acting_user, model_label="projects.project", action=CHANGE, region=project.region):
        raise PermissionDeniedError(_("您无权修改该志愿服务项目。"))
    return project


@transaction.atomic
def project_update(
    *,
    project_id: int,
    name: str | None = None,
    brand: Any = UNSET,
    category: Any = UNSET,
    lead_team: Any = UNSET,
    description: str | None = None,
    started_on: Any = UNSET,
    acting_user: Any,
) -> Project:
    """Change what is given (None clears brand, category, lead team or start date)."""
    project = _project_for_change(project_id=project_id, acting_user=acting_user)
    if name is not None:
        project.name = _text(name, field="name", max_length=80, required=True, label=_("项目名称"))
        _project_name_check(region=project.region, name=project.name, exclude_pk=project.pk)
    if description is not None:
        project.description = _text(description, field="description", max_length=2000, required=False, label=_("简介"))
    if brand is not UNSET:
        project.brand = brand
    if category is not UNSET:
        project.category = category
    if lead_team is not UNSET:
        project.lead_team = lead_team
    if started_on is not UNSET:
        _started_on_check(started_on)
        project.started_on = started_on
    _project_links_check(
        region=project.region, brand=project.brand, category=project.category, lead_team=project.lead_team
    )
    project.save()
    return project


@transaction.atomic
def project_deactivate(*, project_id: int, acting_user: Any) -> Project:
    """Stop a project (it stays on record with its activities, hours and awards)."""
    project = _project_for_change(project_id=project_id, acting_user=acting_user)
    if not project.is_active:
        raise DomainError(_("该项目已停用。"), code="already_inactive")
    project.is_active = False
    project.save(update_fields=["is_active", "updated_at"])
    return project


@transaction.atomic
def project_beneficiary_report_create(
    *,
    project_id: int,
    period_from: dt.date,
    period_to: dt.date,
    beneficiaries: int,
    note: str = "",
    acting_user: Any,
) -> ProjectBeneficiaryReport:
    """Staff report how many people a project served in a period; periods of one project never overlap."""
    project = _project_for_change(project_id=project_id, acting_user=acting_user)
    if period_to < period_from:
        raise ValidationError({"period_to": [_("截止日期不能早于起始日期。")]})
    if period_to > timezone.localdate():
        raise ValidationError({"period_to": [_("截止日期不能晚于今天。")]})
    if not 0 < beneficiaries <= MAX_BENEFICIARIES:
        raise ValidationError({"beneficiaries": [_("受益人次须为1至%(max)d之间的整数。") % {"max": MAX_BENEFICIARIES}]})
    note = _text(note, field="note", max_length=200, required=False, label=_("说明"))
    overlapping = project.beneficiary_reports.filter(period_from__lte=period_to, period_to__gte=period_from)
    if overlapping.exists():
        raise ValidationError({"period_from": [_("该时段与已填报的时段重叠，请勿重复填报。")]})
    return ProjectBeneficiaryReport.objects.create(
        region=project.region,
        project=project,
        period_from=period_from,
        period_to=period_to,
        beneficiaries=beneficiaries,
        note=note,
        reported_by=acting_user,
    )


# -- awards -----------------------------------------------------------------------------------------


def _award_fields_clean(*, level: str, category: str, year: int, title: str, issuer: str) -> dict[str, Any]:
    if level not in AwardLevel.values:
        raise ValidationError({"level": [_("请选择荣誉级别：县级、市级、省级或国家级。")]})
    if category not in AwardCategory.values:
        raise ValidationError({"category": [_("请选择荣誉类别。")]})
    this_year = timezone.localdate().year
    if not FIRST_AWARD_YEAR <= year <= this_year:
        raise ValidationError(
            {"year": [_("年度须在%(first)d年至%(last)d年之间。") % {"first": FIRST_AWARD_YEAR, "last": this_year}]}
        )
    return {
        "level": level,
        "category": category,
        "year": year,
        "title": _text(title, field="title", max_length=200, required=True, label=_("荣誉名称")),
        "issuer": _text(issuer, field="issuer", max_length=120, required=False, label=_("授予单位")),
    }


def _awardee_resolve(*, awardee_type: str, awardee_id: int | None, acting_user: Any, action: str) -> Any:
    if not awardee_type:
        raise ValidationError({"awardee_type": [_("请选择获奖对象的类型：项目、队伍、志愿者、阵地或单位。")]})
    if awardee_id is None:
        raise ValidationError({"awardee_id": [_("请选择获奖对象。")]})
    awardee = award_awardee_find(user=acting_user, awardee_type=awardee_type, awardee_id=awardee_id)
    if not award_may(user=acting_user, action=action, region=awardee.region):
        raise PermissionDeniedError(_("您无权为该获奖对象登记荣誉：它不在您的管辖范围内。"))
    return awardee


@transaction.atomic
def award_create(
    *,
    awardee_type: str,
    awardee_id: int | None,
    level: str,
    category: str,
    year: int,
    title: str,
    issuer: str = "",
    acting_user: Any,
) -> Award:
    """Record an award for exactly one awardee (chosen by type and id) in the awardee's region."""
    awardee = _awardee_resolve(awardee_type=awardee_type, awardee_id=awardee_id, acting_user=acting_user, action=ADD)
    fields = _award_fields_clean(level=level, category=category, year=year, title=title, issuer=issuer)
    return Award.objects.create(region=awardee.region, **{awardee_type: awardee}, **fields)


def _award_summary(award: Award) -> str:
    return f"{award.year} {award.get_level_display()} {award.get_category_display()} {award.title}（{award.awardee}）"


def _award_state(award: Award) -> tuple[Any, ...]:
    return (award.level, award.category, award.year, award.title, award.issuer, *award_awardee_ids(award))


def award_awardee_ids(award: Award) -> tuple[int | None, ...]:
    return tuple(getattr(award, f"{name}_id") for name in AWARDEE_FIELDS)


@transaction.atomic
def award_update(
    *,
    award_id: int,
    reason: str,
    acting_user: Any,
    awardee_type: str | None = None,
    awardee_id: int | None = None,
    level: str | None = None,
    category: str | None = None,
    year: int | None = None,
    title: str | None = None,
    issuer: str | None = None,
) -> Award:
    """Correct an award (given fields only); the audit log keeps what it said before and why it changed."""
    visible = award_get(user=acting_user, award_id=award_id)
    award = Award.objects.select_for_update(of=("self",)).select_related("region", *AWARDEE_FIELDS).get(pk=visible.pk)
    if not award_may(user=acting_user, action=CHANGE, region=award.region):
        raise PermissionDeniedError(_("您无权更正该荣誉记录。"))
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError({"reason": [_("请填写更正原因。")]})
    before = _award_summary(award)
    snapshot = _award_state(award)
    fields = _award_fields_clean(
        level=award.level if level is None else level,
        category=award.category if category is None else category,
        year=award.year if year is None else year,
        title=award.title if title is None else title,
        issuer=award.issuer if issuer is None else issuer,
    )
    for name, value in fields.items():
        setattr(award, name, value)
    if awardee_type is not None or awardee_id is not None:
        chosen_type = award_awardee_type(award) if awardee_type is None else awardee_type
        awardee = _awardee_resolve(
            awardee_type=chosen_type, awardee_id=awardee_id, acting_user=acting_user, action=CHANGE
        )
        for name in AWARDEE_FIELDS:
            setattr(award, name, awardee if name == chosen_type else None)
        award.region = awardee.region
    if _award_state(award) == snapshot:
        raise DomainError(_("没有需要更正的内容。"), code="unchanged")
    award.save()
    audit_event_record(
        actor=acting_user,
        action=AuditAction.AWARD_CORRECTED,
        region=award.region,
        target=award,
        reason=str(_("更正荣誉：原为 %(before)s；原因：%(reason)s") % {"before": before, "reason": reason})[:200],
    )
    return award


@transaction.atomic
def award_delete(*, award_id: int, reason: str, acting_user: Any) -> None:
    """Delete an award entered by mistake: county admins only, with a reason kept in the audit log."""
    visible = award_get(user=acting_user, award_id=award_id)
    award = Award.objects.select_for_update(of=("self",)).select_related("region", *AWARDEE_FIELDS).get(pk=visible.pk)
    if not award_may(user=acting_user, action=DELETE, region=award.region):
        raise PermissionDeniedError(_("只有中心管理员可以删除荣誉记录；如有错误请更正。"))
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError({"reason": [_("请填写删除原因。")]})
    audit_event_record(
        actor=acting_user,
        action=AuditAction.AWARD_DELETED,
        region=award.region,
        target=award,
        reason=str(_("删除荣誉：%(award)s；原因：%(reason)s") % {"award": _award_summary(award), "reason": reason})[
            :200
        ],
    )
    award.delete()
