"""Writes of trainings: create, change, publish, finish, cancel; enrolment with its waitlist; attendance,
pass marks, and training hours proposed to the ledger.

Enrolment never overbooks: it locks the training's row (PostgreSQL FOR UPDATE; SQLite runs every
transaction as BEGIN IMMEDIATE, which serialises writers) and counts the enrolled rows under that lock,
so two enrolments of one training cannot both take its last place (docs/adr/0005 for activities).
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.core.errors import DomainError, NotFoundError, PermissionDeniedError
from wenming.ledger.models import EntryKind, HoursEntry
from wenming.ledger.services import training_attendance_hours_propose
from wenming.notifications.models import NotificationKind
from wenming.notifications.services import notification_send
from wenming.regions.access import may, scoped
from wenming.regions.models import Region
from wenming.regions.roles import ADD, CHANGE, VIEW, roles_allowed
from wenming.sites.models import Site
from wenming.trainings.models import EnrolmentStatus, Training, TrainingAttendance, TrainingHoursSetting, TrainingStatus
from wenming.trainings.selectors import training_hours_counted
from wenming.volunteers.models import Volunteer, VolunteerStatus

ACTIVE_ENROLMENT_STATUSES = (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED)
EDITABLE_FIELDS = frozenset(
    {
        "title",
        "topic",
        "content",
        "trainer_name",
        "trainer",
        "organizer_site",
        "place",
        "starts_at",
        "ends_at",
        "capacity",
        "credit_hours",
        "qualifies_skill",
    }
)
# Changes that volunteers who enrolled must hear about.
NOTIFIED_FIELDS = frozenset({"starts_at", "ends_at", "place", "title"})
BULK_MAX = 5000


def _fields_check(fields: dict[str, Any]) -> None:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise DomainError(_("未知字段：%(fields)s") % {"fields": "、".join(sorted(unknown))}, field=sorted(unknown)[0])


def _site_check(training: Training, acting_user: Any) -> None:
    """The organizing site must be one the user manages (a training of their own region)."""
    if not scoped(Site.objects.filter(pk=training.organizer_site_id), acting_user, CHANGE).exists():
        raise ValidationError({"organizer_site": [_("主办阵地不在您的管辖范围内。")]})


def _full_clean(training: Training) -> None:
    # The constraints stay in the database; clean() names the field of each of their rules.
    training.full_clean(exclude=["created_by", "region"], validate_constraints=False)


@transaction.atomic
def training_create(*, acting_user: Any, **fields: Any) -> Training:
    """A draft training at a site of the user's scope; its region is the site's region."""
    if not may(acting_user, ADD, Training):
        raise PermissionDeniedError(_("没有权限发布培训。"))
    _fields_check(fields)
    training = Training(created_by=acting_user, status=TrainingStatus.DRAFT, **fields)
    _full_clean(training)
    _site_check(training, acting_user)
    training.region_id = training.organizer_site.region_id
    training.save()
    return training


def _training_for_change(*, training_id: int, acting_user: Any) -> Training:
    """The training, locked, when the user may change it; 403 when they only see it, else 404."""
    training = (
        scoped(Training.objects.all(), acting_user, CHANGE)
        .select_for_update(of=("self",))
        .filter(pk=training_id)
        .first()
    )
    if training is None:
        if scoped(Training.objects.filter(pk=training_id), acting_user, VIEW).exists():
            raise PermissionDeniedError(_("没有权限管理这个培训。"))
        raise NotFoundError(_("培训不存在。"), field="training_id")
    return training


def _enrolled_count(training: Training) -> int:
    return TrainingAttendance.objects.filter(training=training, status=EnrolmentStatus.ENROLLED).count()


def _enrolled_volunteers(training: Training) -> list[Volunteer]:
    rows = training.attendances.filter(status__in=ACTIVE_ENROLMENT_STATUSES).select_related("volunteer")
    return [row.volunteer for row in rows]


@transaction.atomic
def training_update(*, training_id: int, acting_user: Any, **changes: Any) -> Training:
    """Change a training not yet finished or cancelled; volunteers who enrolled hear of a new time or place."""
    training = _training_for_change(training_id=training_id, acting_user=acting_user)
    if training.status in (TrainingStatus.FINISHED, TrainingStatus.CANCELLED):
        raise DomainError(_("已结束或已取消的培训不能再修改。"), code="training_not_editable")
    _fields_check(changes)
    changed = {name for name, value in changes.items() if getattr(training, name) != value}
    for name, value in changes.items():
        setattr(training, name, value)
    enrolled = _enrolled_count(training)
    if training.capacity is not None and training.capacity < enrolled:
        raise ValidationError({"capacity": [_("已有 %(count)s 人报名，名额不能少于这个数。") % {"count": enrolled}]})
    _full_clean(training)
    _site_check(training, acting_user)
    training.region_id = training.organizer_site.region_id
    training.save()
    if "capacity" in changed:
        _waitlist_promote(training)
    if training.status == TrainingStatus.PUBLISHED and changed & NOTIFIED_FIELDS:
        local_start = timezone.localtime(training.starts_at)
        notification_send(
            recipients=_enrolled_volunteers(training),
            kind=NotificationKind.GENERAL,
            title=_("培训有变更：%(title)s") % {"title": training.title},
            body=_("培训时间：%(start)s；地点：%(place)s。")
            % {"start": f"{local_start:%Y-%m-%d %H:%M}", "place": training.place},
            related=training,
        )
    return training


@transaction.atomic
def training_publish(*, training_id: int, acting_user: Any) -> Training:
    """Open enrolment; the trainer, place and content must be stated first."""
    training = _training_for_change(training_id=training_id, acting_user=acting_user)
    if training.status != TrainingStatus.DRAFT:
        raise DomainError(_("只有草稿状态的培训可以发布。"), code="training_not_draft")
    if training.starts_at <= timezone.now():
        raise DomainError(_("培训开始时间已过，不能发布。"), field="starts_at", code="training_in_past")
    missing = []
    if not (training.trainer_name.strip() or training.trainer_id):
        missing.append(str(Training._meta.get_field("trainer_name").verbose_name))
    if not training.content.strip():
        missing.append(str(Training._meta.get_field("content").verbose_name))
    if missing:
        raise DomainError(_("发布前请填写：%(fields)s。") % {"fields": "、".join(missing)}, code="training_incomplete")
    training.status = TrainingStatus.PUBLISHED
    training.published_at = timezone.now()
    training.save(update_fields=["status", "published_at", "updated_at"])
    return training


@transaction.atomic
def training_finish(*, training_id: int, acting_user: Any) -> Training:
    """Close a session that was held: no more enrolment; attendance, passes and hours stay open."""
    training = _training_for_change(training_id=training_id, acting_user=acting_user)
    if training.status != TrainingStatus.PUBLISHED:
        raise DomainError(_("只有报名中的培训可以结束。"), code="training_not_published")
    if training.starts_at > timezone.now():
        raise DomainError(_("培训还没有开始，不能结束；如不再举办请取消。"), code="training_not_started")
    training.status = TrainingStatus.FINISHED
    training.save(update_fields=["status", "updated_at"])
    return training


@transaction.atomic
def training_cancel(*, training_id: int, reason: str, acting_user: Any) -> Training:
    """Cancel with a reason, which every volunteer who enrolled is sent."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("取消培训时请说明原因。")]})
    training = _training_for_change(training_id=training_id, acting_user=acting_user)
    if training.status in (TrainingStatus.FINISHED, TrainingStatus.CANCELLED):
        raise DomainError(_("已结束或已取消的培训不能取消。"), code="training_not_cancellable")
    if training.attendances.filter(is_present=True).exists():
        raise DomainError(_("已有志愿者出席，不能取消培训；请结束培训。"), code="training_has_attendance")
    was_public = training.status == TrainingStatus.PUBLISHED
    training.status = TrainingStatus.CANCELLED
    training.cancelled_at = timezone.now()
    training.cancel_reason = reason[:200]
    training.save(update_fields=["status", "cancelled_at", "cancel_reason", "updated_at"])
    if was_public:
        notification_send(
            recipients=_enrolled_volunteers(training),
            kind=NotificationKind.GENERAL,
            title=_("培训已取消：%(title)s") % {"title": training.title},
            body=_("取消原因：%(reason)s") % {"reason": training.cancel_reason},
            related=training,
        )
    return training


# -- enrolment -------------------------------------------------------------------------------------


def training_enrolment_refusal(*, training: Training, volunteer: Volunteer, now: dt.datetime) -> DomainError | None:
    """Why this volunteer may not enrol in this training now, or None."""
    if training.status == TrainingStatus.CANCELLED:
        return DomainError(_("该培训已取消。"), code="training_cancelled")
    if training.status != TrainingStatus.PUBLISHED:
        return DomainError(_("该培训不在报名中。"), code="training_not_open")
    if training.starts_at <= now:
        return DomainError(_("培训已经开始或结束，不能再报名。"), code="training_started")
    if volunteer.status != VolunteerStatus.ACTIVE:
        return DomainError(_("志愿者注册状态不是“在册”，不能报名。"), code="volunteer_inactive")
    return None


def _volunteer_for_enrolment(*, volunteer_id: int | None, acting_user: Any) -> Volunteer:
    """The acting user's own volunteer record, or (for staff) a volunteer within their scope; locked."""
    volunteers = Volunteer.objects.select_for_update(of=("self",))
    if volunteer_id is None:
        volunteer = volunteers.filter(user_id=acting_user.pk).first()
        if volunteer is None:
            raise DomainError(_("您还不是注册志愿者，不能报名。"), code="not_a_volunteer")
        return volunteer
    volunteer = scoped(volunteers, acting_user, VIEW).filter(pk=volunteer_id).first()
    if volunteer is None:
        raise NotFoundError(_("志愿者不存在。"), field="volunteer_id")
    return volunteer


@transaction.atomic
def training_enrol(
    *, training_id: int, acting_user: Any, volunteer_id: int | None = None, now: dt.datetime | None = None
) -> TrainingAttendance:
    """Take a place in a published training still to come, or a waitlist slot when it is full.

    Volunteers enrol themselves; the training's organizers may enrol a volunteer of their scope.
    """
    now = now or timezone.now()
    visible = scoped(Training.objects.all(), acting_user, VIEW).filter(pk=training_id).first()
    if visible is None:
        raise NotFoundError(_("培训不存在。"), field="training_id")
    volunteer = _volunteer_for_enrolment(volunteer_id=volunteer_id, acting_user=acting_user)
    if volunteer.user_id != acting_user.pk and not may(acting_user, CHANGE, Training, visible):
        raise PermissionDeniedError(_("只能为本人报名，或由培训主办方代为报名。"))
    training = Training.objects.select_for_update().get(pk=visible.pk)  # the places are counted under this lock
    existing = TrainingAttendance.objects.filter(training=training, volunteer=volunteer).first()
    if existing is not None and existing.status in ACTIVE_ENROLMENT_STATUSES:
        raise DomainError(_("已经报名过这个培训，请勿重复报名。"), code="already_enrolled")
    refusal = training_enrolment_refusal(training=training, volunteer=volunteer, now=now)
    if refusal is not None:
        raise refusal
    has_place = _enrolled_count(training) < training.capacity
    # A waitlist moves up as soon as a place frees (_waitlist_promote), so a free place never jumps a queue.
    attendance = existing or TrainingAttendance(training=training, volunteer=volunteer)
    attendance.status = EnrolmentStatus.ENROLLED if has_place else EnrolmentStatus.WAITLISTED
    attendance.enrolled_at = now
    attendance.cancelled_at = None
    try:  # the volunteer's and the training's locks make a duplicate impossible; the constraint has the last word
        with transaction.atomic():
            attendance.save()
    except IntegrityError:
        raise DomainError(_("报名没有成功，请稍后重试。"), code="enrolment_conflict") from None
    start = timezone.localtime(training.starts_at)
    if has_place:
        notification_send(
            recipients=[volunteer],
            kind=NotificationKind.SIGNUP_CONFIRMED,
            title=_("培训报名成功：%(title)s") % {"title": training.title},
            body=_("时间：%(start)s；地点：%(place)s。")
            % {"start": f"{start:%Y-%m-%d %H:%M}", "place": training.place},
            related=training,
        )
    else:
        notification_send(
            recipients=[volunteer],
            kind=NotificationKind.SIGNUP_WAITLISTED,
            title=_("培训已进入候补：%(title)s") % {"title": training.title},
            body=_("名额已满，您已进入候补名单；有人取消时将按先后顺序递补并通知您。"),
            related=training,
        )
    return attendance


def _waitlist_promote(training: Training) -> list[TrainingAttendance]:
    """Move waitlisted volunteers up, first come first served, while places are free (training locked)."""
    promoted: list[TrainingAttendance] = []
    if training.status != TrainingStatus.PUBLISHED or training.starts_at <= timezone.now():
        return promoted
    free = training.capacity - _enrolled_count(training)
    if free <= 0:
        return promoted
    waiting = training.attendances.filter(status=EnrolmentStatus.WAITLISTED).select_related("volunteer")
    start = timezone.localtime(training.starts_at)
    for attendance in waiting.order_by("enrolled_at", "pk")[:free]:
        attendance.status = EnrolmentStatus.ENROLLED
        attendance.save(update_fields=["status", "updated_at"])
        promoted.append(attendance)
        notification_send(
            recipients=[attendance.volunteer],
            kind=NotificationKind.WAITLIST_PROMOTED,
            title=_("培训候补转正：%(title)s") % {"title": training.title},
            body=_("有名额空出，您已从候补转为正式报名。时间：%(start)s；地点：%(place)s。")
            % {"start": f"{start:%Y-%m-%d %H:%M}", "place": training.place},
            related=training,
        )
    return promoted


@transaction.atomic
def training_enrolment_cancel(
    *, attendance_id: int, acting_user: Any, now: dt.datetime | None = None
) -> TrainingAttendance:
    """Give up a place before the training starts (the first on the waitlist takes it)."""
    now = now or timezone.now()
    visible = scoped(TrainingAttendance.objects.all(), acting_user, CHANGE).filter(pk=attendance_id).first()
    if visible is None:
        if scoped(TrainingAttendance.objects.filter(pk=attendance_id), acting_user, VIEW).exists():
            raise PermissionDeniedError(_("只能取消本人的报名，或由培训主办方取消。"))
        raise NotFoundError(_("报名记录不存在。"), field="attendance_id")
    training = Training.objects.select_for_update().get(pk=visible.training_id)
    attendance = TrainingAttendance.objects.select_related("volunteer").get(pk=visible.pk)  # re-read under the lock
    if attendance.status not in ACTIVE_ENROLMENT_STATUSES:
        raise DomainError(_("这条报名已经取消了。"), code="enrolment_not_active")
    if training.starts_at <= now:
        raise DomainError(_("培训已经开始，不能取消报名。"), code="training_started")
    attendance.status = EnrolmentStatus.CANCELLED
    attendance.cancelled_at = now
    attendance.save(update_fields=["status", "cancelled_at", "updated_at"])
    _waitlist_promote(training)
    return attendance


# -- attendance, passes, hours ---------------------------------------------------------------------


def _held_training_for_change(*, training_id: int, acting_user: Any) -> Training:
    training = _training_for_change(training_id=training_id, acting_user=acting_user)
    if training.status not in (TrainingStatus.PUBLISHED, TrainingStatus.FINISHED):
        raise DomainError(_("只有已发布或已结束的培训可以登记出勤。"), code="training_not_held")
    if training.starts_at > timezone.now():
        raise DomainError(_("培训还没有开始，不能登记出勤。"), code="training_not_started")
    return training


def _rows_of(training: Training, volunteer_ids: list[int] | None, **conditions: Any) -> list[TrainingAttendance]:
    """The training's rows of the given volunteers (None: every row meeting the conditions); an id that
    names no such row is bad input and nothing is changed."""
    rows = TrainingAttendance.objects.filter(training=training, **conditions)
    if volunteer_ids is None:
        return list(rows.order_by("pk"))
    wanted = set(volunteer_ids)
    if not wanted:
        raise ValidationError({"volunteer_ids": [_("请选择志愿者。")]})
    if len(wanted) > BULK_MAX:
        raise ValidationError({"volunteer_ids": [_("一次最多处理 %(count)s 人。") % {"count": BULK_MAX}]})
    found = list(rows.filter(volunteer_id__in=wanted).order_by("pk"))
    missing = sorted(wanted - {row.volunteer_id for row in found})
    if missing:
        shown = "、".join(str(volunteer_id) for volunteer_id in missing[:10])
        raise ValidationError(
            {"volunteer_ids": [_("以下志愿者不在本培训的名单中或状态不符：%(ids)s。") % {"ids": shown}]}
        )
    return found


@transaction.atomic
def training_attendance_mark(
    *, training_id: int, is_present: bool, acting_user: Any, volunteer_ids: list[int] | None = None
) -> int:
    """Mark enrolled volunteers present or absent (None: every enrolled volunteer); returns how many changed.

    Absent also clears a pass; a presence whose hours are already in the ledger cannot be undone here
    (reverse the hours in the ledger first).
    """
    training = _held_training_for_change(training_id=training_id, acting_user=acting_user)
    rows = _rows_of(training, volunteer_ids, status=EnrolmentStatus.ENROLLED)
    to_change = [row for row in rows if row.is_present != is_present]
    if not is_present:
        credited = set(
            HoursEntry.objects.filter(
                training_attendance__in=[row.pk for row in to_change], kind=EntryKind.CREDIT
            ).values_list("training_attendance__volunteer__name", flat=True)
        )
        if credited:
            raise ValidationError(
                {
                    "volunteer_ids": [
                        _("以下志愿者的培训时长已登记，不能改为缺席：%(names)s。")
                        % {"names": "、".join(sorted(credited))}
                    ]
                }
            )
    values: dict[str, Any] = {"is_present": is_present, "updated_at": timezone.now()}
    if not is_present:
        values["is_passed"] = False
    return TrainingAttendance.objects.filter(pk__in=[row.pk for row in to_change]).update(**values)


@transaction.atomic
def training_pass_mark(*, training_id: int, volunteer_ids: list[int], is_passed: bool, acting_user: Any) -> int:
    """Mark present volunteers passed or not; returns how many changed.

    Passing a training that qualifies a skill gives the volunteer that skill. The skill is written through
    the volunteers' own relation (Volunteer.skills) here: the volunteers app has no service for it. A later
    "not passed" keeps the skill, which may have come from elsewhere.
    """
    training = _held_training_for_change(training_id=training_id, acting_user=acting_user)
    rows = _rows_of(training, volunteer_ids, status=EnrolmentStatus.ENROLLED, is_present=True)
    to_change = [row for row in rows if row.is_passed != is_passed]
    changed = TrainingAttendance.objects.filter(pk__in=[row.pk for row in to_change]).update(
        is_passed=is_passed, updated_at=timezone.now()
    )
    if is_passed and training.qualifies_skill_id is not None:
        through = Volunteer.skills.through
        through.objects.bulk_create(
            [through(volunteer_id=row.volunteer_id, skill_id=training.qualifies_skill_id) for row in rows],
            ignore_conflicts=True,
        )
    return changed


@dataclass(frozen=True)
class HoursProposal:
    proposed: int
    already_proposed: int


@transaction.atomic
def training_hours_propose(
    *, training_id: int, acting_user: Any, volunteer_ids: list[int] | None = None
) -> HoursProposal:
    """Propose the training's credit hours to the ledger for each present volunteer (None: all of them),
    once per attendance: those already proposed are counted, not proposed again. The hours then wait for
    approval in the ledger like any other. Refused when the county does not count training hours."""
    training = _held_training_for_change(training_id=training_id, acting_user=acting_user)
    if training.ends_at > timezone.now():
        raise DomainError(_("培训结束后才能登记时长。"), code="training_not_ended")
    if not training_hours_counted(region=training.region):
        raise DomainError(_("本地区不将培训时长计入志愿服务时长。"), code="training_hours_not_counted")
    if training.credit_hours <= 0:
        raise DomainError(_("该培训不计入志愿服务时长。"), field="credit_hours", code="training_not_credited")
    rows = _rows_of(training, volunteer_ids, status=EnrolmentStatus.ENROLLED, is_present=True)
    already = set(
        HoursEntry.objects.filter(
            training_attendance__in=[row.pk for row in rows], kind=EntryKind.CREDIT, decides__isnull=True
        ).values_list("training_attendance_id", flat=True)
    )
    proposed = 0
    for row in rows:
        if row.pk in already:
            continue
        row.training = training
        training_attendance_hours_propose(training_attendance=row, acting_user=acting_user)
        proposed += 1
    return HoursProposal(proposed=proposed, already_proposed=len(already))


@transaction.atomic
def training_hours_setting_set(
    *, region: Region, counts_training_hours: bool, acting_user: Any
) -> TrainingHoursSetting:
    """Say whether training hours count as service hours in a region's subtree (its admins decide)."""
    paths = acting_user.region_paths(roles_allowed("trainings.traininghourssetting", CHANGE))
    if not (acting_user.is_superuser or any(region.path.startswith(path) for path in paths)):
        raise PermissionDeniedError(_("没有权限设置该地区的培训时长规则。"))
    setting, _created = TrainingHoursSetting.objects.update_or_create(
        region=region, defaults={"counts_training_hours": counts_training_hours}
    )
    return setting
