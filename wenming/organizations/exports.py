"""Excel exports of the lists of this app, shared by the pages and the API (each the list's own filters).

Phones are masked unless `wenming.volunteers.services.personal_data_export_authorize` allowed the
caller an unmasked export (and audited it) before these are called.
"""

from collections.abc import Iterable, Iterator
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.core.exports import xlsx_response
from wenming.core.masking import mask_phone
from wenming.organizations.models import JointMeeting, Organization, Pairing, PolicyDocument


def _phone(value: str, unmasked: bool) -> str:
    return value if unmasked else mask_phone(value)


def _stamp(name: str) -> str:
    return f"{name}-{timezone.localdate().isoformat()}"


def organization_xlsx(*, units: Iterable[Organization], unmasked: bool = False) -> HttpResponse:
    headers = [
        _("单位名称"),
        _("单位类型"),
        _("所属区划"),
        _("联系人"),
        _("联系电话"),
        _("地址"),
        _("在用"),
        _("进行中的结对"),
        _("结对共建活动"),
    ]

    def rows() -> Iterator[list[Any]]:
        for unit in units:
            yield [
                unit.name,
                unit.get_kind_display(),
                unit.region.name,
                unit.contact_name,
                _phone(unit.contact_phone, unmasked),
                unit.address,
                unit.is_active,
                getattr(unit, "active_pairing_count", None),
                getattr(unit, "joint_activity_count", None),
            ]

    return xlsx_response(filename=_stamp(_("联系单位")), sheet_title=_("联系单位"), headers=headers, rows=rows())


def pairing_xlsx(*, pairings: Iterable[Pairing], unmasked: bool = False) -> HttpResponse:
    headers = [
        _("联系单位"),
        _("结对阵地"),
        _("所属区划"),
        _("结对方式"),
        _("开始日期"),
        _("结束日期"),
        _("状态"),
        _("结对共建活动"),
        _("活动志愿服务时长（小时）"),
        _("单位联系人"),
        _("联系电话"),
        _("备注"),
    ]
    today = timezone.localdate()

    def rows() -> Iterator[list[Any]]:
        for pairing in pairings:
            yield [
                pairing.organization.name,
                pairing.site.name,
                pairing.region.name,
                "、".join(pairing.modes),
                pairing.started_on,
                pairing.ended_on,
                _("进行中") if pairing.is_active_on(today) else _("已结束"),
                getattr(pairing, "joint_activity_count", None),
                getattr(pairing, "joint_activity_hours", None),
                pairing.organization.contact_name,
                _phone(pairing.organization.contact_phone, unmasked),
                pairing.note,
            ]

    return xlsx_response(filename=_stamp(_("结对共建")), sheet_title=_("结对共建"), headers=headers, rows=rows())


def joint_activity_xlsx(*, pairing: Pairing, activities: Iterable[Any]) -> HttpResponse:
    headers = [_("活动名称"), _("开始时间"), _("结束时间"), _("地点"), _("状态"), _("参与人次"), _("已审核时长")]

    def rows() -> Iterator[list[Any]]:
        for activity in activities:
            yield [
                activity.title,
                activity.starts_at,
                activity.ends_at,
                activity.place,
                activity.get_status_display(),
                activity.participant_count,
                activity.approved_hours,
            ]

    name = _("结对共建活动")
    return xlsx_response(filename=_stamp(f"{name}-{pairing.pk}"), sheet_title=name, headers=headers, rows=rows())


def policy_document_xlsx(*, documents: Iterable[PolicyDocument]) -> HttpResponse:
    headers = [_("标题"), _("类别"), _("文号"), _("发文单位"), _("印发日期"), _("发文区划"), _("版本数")]

    def rows() -> Iterator[list[Any]]:
        for document in documents:
            yield [
                document.title,
                document.get_kind_display(),
                document.document_number,
                document.issuer,
                document.issued_on,
                document.region.name,
                getattr(document, "version_count", None),
            ]

    return xlsx_response(filename=_stamp(_("制度文件")), sheet_title=_("制度文件"), headers=headers, rows=rows())


def joint_meeting_xlsx(*, meetings: Iterable[JointMeeting]) -> HttpResponse:
    headers = [_("会议名称"), _("召开日期"), _("会议地点"), _("召集人"), _("所属区划"), _("参会单位数"), _("议题")]

    def rows() -> Iterator[list[Any]]:
        for meeting in meetings:
            yield [
                meeting.title,
                meeting.held_on,
                meeting.place,
                meeting.convener,
                meeting.region.name,
                getattr(meeting, "unit_count", None),
                meeting.topics,
            ]

    return xlsx_response(filename=_stamp(_("联席会议")), sheet_title=_("联席会议"), headers=headers, rows=rows())
