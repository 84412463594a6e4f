"""Excel exports of the project and award lists, shared by the pages and the API.

Neither sheet holds an ID number or a phone number: an awardee volunteer appears by name and public
volunteer number only, so there is nothing to mask and no unmasked variant.
"""

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wenming.core.exports import xlsx_response
from wenming.projects.models import Award, Project
from wenming.projects.selectors import award_awardee_type

AWARDEE_TYPE_LABELS: dict[str, Any] = {
    "project": gettext_lazy("项目"),
    "team": gettext_lazy("队伍"),
    "volunteer": gettext_lazy("志愿者"),
    "site": gettext_lazy("阵地"),
    "organization": gettext_lazy("单位"),
}


def awardee_type_label(awardee_type: str) -> str:
    return str(AWARDEE_TYPE_LABELS.get(awardee_type, awardee_type))


def _project_rows(projects: Iterable[Project]) -> Iterator[Sequence[Any]]:
    for project in projects:
        yield (
            project.name,
            project.brand.name if project.brand else "",
            project.category.name if project.category else "",
            project.lead_team.name if project.lead_team else "",
            project.region.name,
            project.started_on,
            project.is_active,
            project.activity_count,  # type: ignore[attr-defined]
            project.volunteer_count,  # type: ignore[attr-defined]
            project.approved_hours,  # type: ignore[attr-defined]
            project.beneficiaries,  # type: ignore[attr-defined]
            project.award_count,  # type: ignore[attr-defined]
        )


def project_export_response(*, projects: Iterable[Project]) -> HttpResponse:
    headers = [
        _("项目名称"),
        _("所属品牌"),
        _("服务类别"),
        _("牵头队伍"),
        _("所属区划"),
        _("启动日期"),
        _("在用"),
        _("活动数"),
        _("参与志愿者"),
        _("已审核时长（小时）"),
        _("受益人次"),
        _("荣誉数"),
    ]
    return xlsx_response(
        filename=_("志愿服务项目-%(date)s") % {"date": timezone.localdate().isoformat()},
        sheet_title=_("志愿服务项目"),
        headers=headers,
        rows=_project_rows(projects),
    )


def _awardee_detail(award: Award) -> str:
    """The volunteer's public number (never an ID number); nothing for other awardees."""
    return award.volunteer.volunteer_number if award.volunteer_id and award.volunteer else ""


def _award_rows(awards: Iterable[Award]) -> Iterator[Sequence[Any]]:
    for award in awards:
        yield (
            award.year,
            award.get_level_display(),
            award.get_category_display(),
            award.title,
            award.issuer,
            awardee_type_label(award_awardee_type(award)),
            getattr(award.awardee, "name", str(award.awardee)),
            _awardee_detail(award),
            award.region.name,
        )


def award_export_response(*, awards: Iterable[Award]) -> HttpResponse:
    headers = [
        _("年度"),
        _("级别"),
        _("类别"),
        _("荣誉名称"),
        _("授予单位"),
        _("获奖对象类型"),
        _("获奖者"),
        _("志愿者编号"),
        _("所属区划"),
    ]
    return xlsx_response(
        filename=_("荣誉-%(date)s") % {"date": timezone.localdate().isoformat()},
        sheet_title=_("荣誉"),
        headers=headers,
        rows=_award_rows(awards),
    )
