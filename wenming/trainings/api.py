"""Trainings: sessions, enrolment, roster, attendance, passes, hours proposals and Excel exports.

Every read goes through the trainings selectors (scoped to the caller) and every write through a
service, which says in Chinese (or the request's language) why it refused.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from wenming.core.errors import DomainError, NotFoundError, PermissionDeniedError
from wenming.core.pagination import BoundedPageNumberPagination
from wenming.regions.access import may
from wenming.regions.roles import ADD
from wenming.sites.selectors import site_get
from wenming.trainings import selectors, services
from wenming.trainings.exports import training_list_xlsx, training_roster_xlsx
from wenming.trainings.models import Training, TrainingAttendance, TrainingStatus
from wenming.trainings.schemas import (
    AttendanceMarkIn,
    ChangedOut,
    EnrolmentIn,
    EnrolmentOut,
    HoursProposalOut,
    HoursProposeIn,
    InputDate,
    PassMarkIn,
    RosterRowOut,
    TrainingCancelIn,
    TrainingIn,
    TrainingOut,
    TrainingPatchIn,
)
from wenming.volunteers.models import Skill
from wenming.volunteers.services import personal_data_export_authorize

router = Router(tags=["trainings"])

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


class TrainingFilters(Schema):
    status: TrainingStatus | None = None
    region_code: str | None = Field(None, pattern=r"^\d{6,12}$", description="只看该区划及其下级")
    starts_from: InputDate | None = Field(None, description="开始日期不早于（含）")
    starts_to: InputDate | None = Field(None, description="开始日期不晚于（含）")
    q: str | None = Field(None, max_length=120, description="培训名称的一部分")
    manageable: bool = Field(False, description="只看本人可管理的培训")


class RosterExportFilters(Schema):
    unmasked: bool = Field(False, description="导出完整身份证号和手机号（中心或所管理员，需填写事由，记入审计日志）")
    reason: str = Field("", max_length=200)


def _listed(request: HttpRequest, filters: TrainingFilters) -> QuerySet[Training]:
    if filters.starts_from and filters.starts_to and filters.starts_from > filters.starts_to:
        raise DomainError(_("截止日期不能早于起始日期。"), field="starts_to")
    return selectors.training_list(
        user=request.user,
        status=filters.status,
        region_code=filters.region_code,
        starts_from=filters.starts_from,
        starts_to=filters.starts_to,
        search=filters.q,
        manageable_only=filters.manageable,
    )


def _in_scope(selector: Any, *, field: str, **arguments: Any) -> Any:
    """A record named in the body but outside the caller's scope is bad input on that field."""
    try:
        return selector(**arguments)
    except NotFoundError as error:
        raise DomainError(error.message, field=field, code="not_found") from None


def _skill(skill_id: int) -> Skill:
    skill = Skill.objects.filter(pk=skill_id).first()
    if skill is None:
        raise DomainError(_("技能不存在。"), field="qualifies_skill_id", code="not_found")
    return skill


def _training_fields(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The service's keyword arguments from the request body: related records in place of their ids."""
    fields: dict[str, Any] = {}
    for name, value in data.items():
        if name == "organizer_site_id":
            fields["organizer_site"] = _in_scope(site_get, field="organizer_site_id", user=user, site_id=value)
        elif name == "trainer_id":
            fields["trainer"] = (
                None
                if value is None
                else _in_scope(selectors.trainer_volunteer_get, field="trainer_id", user=user, volunteer_id=value)
            )
        elif name == "qualifies_skill_id":
            fields["qualifies_skill"] = None if value is None else _skill(value)
        else:
            fields[name] = value
    return fields


def _ids_or_none(volunteer_ids: list[int]) -> list[int] | None:
    return volunteer_ids or None


@router.get("", response=list[TrainingOut], url_name="training_list")
@paginate(BoundedPageNumberPagination, page_size=50)
def training_list_api(request: HttpRequest, filters: Query[TrainingFilters]) -> QuerySet[Training]:
    """Trainings the caller may see (volunteers: every published one), latest first, with enrolled and
    present (人次) counts."""
    return _listed(request, filters)


@router.get("/export", url_name="training_list_export", openapi_extra=XLSX_RESPONSE)
def training_list_export_api(request: HttpRequest, filters: Query[TrainingFilters]) -> HttpResponse:
    """The list, with the same filters, as an Excel workbook."""
    return training_list_xlsx(trainings=_listed(request, filters))


@router.get("/mine", response=list[EnrolmentOut], url_name="training_mine")
def training_mine_api(request: HttpRequest) -> list[TrainingAttendance]:
    """The caller's own enrolments and attendances, latest training first (empty for a non-volunteer)."""
    volunteer = selectors.volunteer_of_user(user=request.user)
    return list(selectors.trainings_of_volunteer(volunteer=volunteer)) if volunteer else []


@router.post("", response={201: TrainingOut}, url_name="training_create")
def training_create_api(request: HttpRequest, payload: TrainingIn) -> Status[Training]:
    """A draft training at a site of the caller's scope; publish it to open enrolment."""
    if not may(request.user, ADD, Training):  # before the body's records are looked up in the caller's scope
        raise PermissionDeniedError(_("没有权限发布培训。"))
    training = services.training_create(acting_user=request.user, **_training_fields(request.user, payload.dict()))
    return Status(201, selectors.training_get(user=request.user, training_id=training.pk))


@router.get("/{training_id}", response=TrainingOut, url_name="training_detail")
def training_detail_api(request: HttpRequest, training_id: int) -> Training:
    return selectors.training_get(user=request.user, training_id=training_id)


@router.patch("/{training_id}", response=TrainingOut, url_name="training_update")
def training_update_api(request: HttpRequest, training_id: int, payload: TrainingPatchIn) -> Training:
    """Change the fields sent; volunteers who enrolled are told of a new time or place."""
    changes = _training_fields(request.user, payload.dict(exclude_unset=True))
    services.training_update(training_id=training_id, acting_user=request.user, **changes)
    return selectors.training_get(user=request.user, training_id=training_id)


@router.post("/{training_id}/publish", response=TrainingOut, url_name="training_publish")
def training_publish_api(request: HttpRequest, training_id: int) -> Training:
    """Open enrolment; the trainer and content must be filled in first."""
    services.training_publish(training_id=training_id, acting_user=request.user)
    return selectors.training_get(user=request.user, training_id=training_id)


@router.post("/{training_id}/finish", response=TrainingOut, url_name="training_finish")
def training_finish_api(request: HttpRequest, training_id: int) -> Training:
    """Close a session that has started: enrolment ends; attendance, passes and hours stay open."""
    services.training_finish(training_id=training_id, acting_user=request.user)
    return selectors.training_get(user=request.user, training_id=training_id)


@router.post("/{training_id}/cancel", response=TrainingOut, url_name="training_cancel")
def training_cancel_api(request: HttpRequest, training_id: int, payload: TrainingCancelIn) -> Training:
    """Cancel with a reason, which every volunteer who enrolled is sent."""
    services.training_cancel(training_id=training_id, reason=payload.reason, acting_user=request.user)
    return selectors.training_get(user=request.user, training_id=training_id)


@router.post("/{training_id}/enrolments", response={201: EnrolmentOut}, url_name="training_enrol")
def training_enrol_api(request: HttpRequest, training_id: int, payload: EnrolmentIn) -> Status[TrainingAttendance]:
    """Take a place, or a waitlist slot when the training is full; enrolling twice is refused."""
    attendance = services.training_enrol(
        training_id=training_id, acting_user=request.user, volunteer_id=payload.volunteer_id
    )
    return Status(201, attendance)


@router.post("/enrolments/{attendance_id}/cancel", response=EnrolmentOut, url_name="training_enrolment_cancel")
def training_enrolment_cancel_api(request: HttpRequest, attendance_id: int) -> TrainingAttendance:
    """Give up a place before the training starts (the first on the waitlist takes it)."""
    return services.training_enrolment_cancel(attendance_id=attendance_id, acting_user=request.user)


@router.get("/{training_id}/roster", response=list[RosterRowOut], url_name="training_roster")
def training_roster_api(request: HttpRequest, training_id: int) -> list[TrainingAttendance]:
    """Enrolled first, then the waitlist in its order, then cancellations; phones masked."""
    return list(selectors.training_roster(user=request.user, training_id=training_id))


@router.get("/{training_id}/roster/export", url_name="training_roster_export", openapi_extra=XLSX_RESPONSE)
def training_roster_export_api(
    request: HttpRequest, training_id: int, options: Query[RosterExportFilters]
) -> HttpResponse:
    """The roster as an Excel workbook: ID numbers and phones masked unless an admin asks for them with a
    reason (audited)."""
    training = selectors.training_get(user=request.user, training_id=training_id)
    rows = selectors.training_roster(user=request.user, training_id=training.pk)
    unmasked = personal_data_export_authorize(
        user=request.user,
        unmasked=options.unmasked,
        reason=options.reason,
        export_name=_("培训名单《%(title)s》") % {"title": training.title},
        ip_address=request.META.get("REMOTE_ADDR"),
    )
    return training_roster_xlsx(training=training, attendances=rows, unmasked=unmasked)


@router.post("/{training_id}/attendance", response=ChangedOut, url_name="training_attendance_mark")
def training_attendance_mark_api(request: HttpRequest, training_id: int, payload: AttendanceMarkIn) -> dict[str, int]:
    """Mark volunteers present or absent once the training has started (all_enrolled: every enrolled one)."""
    if not payload.all_enrolled and not payload.volunteer_ids:
        raise DomainError(_("请选择志愿者。"), field="volunteer_ids")
    changed = services.training_attendance_mark(
        training_id=training_id,
        is_present=payload.is_present,
        volunteer_ids=None if payload.all_enrolled else payload.volunteer_ids,
        acting_user=request.user,
    )
    return {"changed": changed}


@router.post("/{training_id}/passes", response=ChangedOut, url_name="training_pass_mark")
def training_pass_mark_api(request: HttpRequest, training_id: int, payload: PassMarkIn) -> dict[str, int]:
    """Mark present volunteers passed (a qualifying training gives its skill) or not passed."""
    changed = services.training_pass_mark(
        training_id=training_id,
        volunteer_ids=payload.volunteer_ids,
        is_passed=payload.is_passed,
        acting_user=request.user,
    )
    return {"changed": changed}


@router.post("/{training_id}/hours", response=HoursProposalOut, url_name="training_hours_propose")
def training_hours_propose_api(request: HttpRequest, training_id: int, payload: HoursProposeIn) -> dict[str, int]:
    """Propose the training's credit hours to the ledger for present volunteers, once per attendance
    (when the county counts training hours); they then wait for approval."""
    proposal = services.training_hours_propose(
        training_id=training_id, volunteer_ids=_ids_or_none(payload.volunteer_ids), acting_user=request.user
    )
    return {"proposed": proposal.proposed, "already_proposed": proposal.already_proposed}
