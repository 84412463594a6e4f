"""Excel exports of the trainings list and of a training's roster (shared by the pages and the API).

The roster holds personal data: ID numbers and phones are masked unless
volunteers.services.personal_data_export_authorize allows (and audits) an unmasked export.
"""

from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from wenming.core.crypto import decrypt_text
from wenming.core.exports import xlsx_response
from wenming.trainings.models import Training, TrainingAttendance


def training_list_xlsx(*, trainings: Iterable[Training]) -> HttpResponse:
    """One row per training of the list (the same filters), with its enrolled and present counts."""
    headers = [
        _("培训名称"),
        _("主题"),
        _("授课人"),
        _("主办阵地"),
        _("所属区划"),
        _("地点"),
        _("开始时间"),
        _("结束时间"),
        _("状态"),
        _("名额"),
        _("已报名"),
        _("候补"),
        _("出席人次"),
        _("计入时长（小时）"),
    ]
    rows = (
        [
            training.title,
            training.topic,
            training.trainer_display,
            training.organizer_site.name,
            training.region.name,
            training.place,
            training.starts_at,
            training.ends_at,
            str(training.get_status_display()),
            training.capacity,
            getattr(training, "enrolled_count", 0),
            getattr(training, "waitlisted_count", 0),
            getattr(training, "present_count", 0),
            training.credit_hours,
        ]
        for training in trainings
    )
    return xlsx_response(filename=str(_("培训列表")), sheet_title=str(_("培训")), headers=headers, rows=rows)


def _id_number(volunteer: Any, unmasked: bool) -> str:
    if unmasked and volunteer.id_number_encrypted:
        return decrypt_text(volunteer.id_number_encrypted)
    return volunteer.id_number_masked


def training_roster_xlsx(
    *, training: Training, attendances: Iterable[TrainingAttendance], unmasked: bool
) -> HttpResponse:
    """The roster of one training: enrolment, presence and pass of each volunteer; masked unless `unmasked`."""
    headers = [
        _("志愿者编号"),
        _("姓名"),
        _("身份证号"),
        _("手机号"),
        _("报名状态"),
        _("报名时间"),
        _("已出席"),
        _("已结业"),
    ]
    rows = (
        [
            row.volunteer.volunteer_number,
            row.volunteer.name,
            _id_number(row.volunteer, unmasked),
            row.volunteer.phone if unmasked else row.volunteer.phone_masked,
            str(row.get_status_display()),
            row.enrolled_at,
            row.is_present,
            row.is_passed,
        ]
        for row in attendances
    )
    filename = _("培训名单-%(title)s") % {"title": training.title}
    return xlsx_response(filename=filename, sheet_title=str(_("培训名单")), headers=headers, rows=rows)
