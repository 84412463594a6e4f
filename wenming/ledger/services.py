"""Writes to the hours ledger: proposals, approval one by one or in bulk, rejection, reversal.

Every write appends rows; nothing is updated. A proposal is a pending credit; approving it appends
an approved credit that `decides` it (the one-to-one on `decides` makes a second decision
impossible, even from two approvers at once); a correction is a reversal plus, if needed, a new
credit. Hours are checked against the per-entry cap (database) and the per-day cap (here).
"""

import datetime as dt
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import AuditAction
from wenming.accounts.services import audit_event_record
from wenming.core.errors import DomainError, NotFoundError
from wenming.ledger.models import MAX_HOURS_PER_ENTRY, EntryKind, EntryStatus, HoursEntry, SourceKind
from wenming.notifications.models import NotificationKind
from wenming.notifications.services import notification_send
from wenming.regions.access import scoped
from wenming.regions.roles import ADD

HUNDREDTH = Decimal("0.01")


def hours_between(*, starts_at: dt.datetime, ends_at: dt.datetime, window: tuple[dt.datetime, dt.datetime]) -> Decimal:
    """Service hours of a presence, clipped to the activity's own time (travel and waiting excluded),
    rounded to the configured step (WENMING_HOURS_ROUNDING_MINUTES, mode down | nearest | up)."""
    start, end = max(starts_at, window[0]), min(ends_at, window[1])
    minutes = (end - start).total_seconds() / 60
    if minutes <= 0:
        return Decimal(0)
    step = max(int(settings.WENMING_HOURS_ROUNDING_MINUTES), 1)
    mode = settings.WENMING_HOURS_ROUNDING_MODE
    steps = minutes / step
    rounded = math.ceil(steps) if mode == "up" else math.floor(steps + 0.5) if mode == "nearest" else math.floor(steps)
    return (Decimal(rounded * step) / Decimal(60)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def _hours_validate(hours: Decimal, *, field: str = "hours") -> Decimal:
    try:
        value = Decimal(str(hours)).quantize(HUNDREDTH)
    except ArithmeticError:
        raise DomainError(_("时长必须是数字。"), field=field, code="invalid_hours") from None
    if value <= 0:
        raise DomainError(_("时长必须大于 0 小时。"), field=field, code="invalid_hours")
    cap = min(Decimal(settings.WENMING_DAILY_HOURS_CAP), Decimal(MAX_HOURS_PER_ENTRY))
    if value > cap:
        raise DomainError(
            _("时长 %(hours)s 小时超过每日上限 %(cap)s 小时。") % {"hours": value, "cap": cap},
            field=field,
            code="hours_over_daily_cap",
        )
    return value


def _daily_cap_check(*, volunteer_id: int, service_on: dt.date, hours: Decimal, field: str = "hours") -> None:
    """A volunteer's approved hours on one day never exceed WENMING_DAILY_HOURS_CAP."""
    cap = Decimal(settings.WENMING_DAILY_HOURS_CAP)
    already = HoursEntry.objects.approved().filter(volunteer_id=volunteer_id, service_on=service_on).aggregate(
        total=Sum("hours")
    )["total"] or Decimal(0)
    if already + hours > cap:
        raise DomainError(
            _("%(day)s 已记入 %(already)s 小时，再记 %(hours)s 小时将超过每日上限 %(cap)s 小时。")
            % {
                "day": service_on.isoformat(),
                "already": Decimal(already).quantize(HUNDREDTH),
                "hours": hours,
                "cap": cap,
            },
            field=field,
            code="hours_over_daily_cap",
        )


def hours_entry_propose(
    *,
    volunteer: Any,
    source_kind: str,
    hours: Decimal,
    service_on: dt.date,
    content: str,
    region: Any,
    recorder: Any | None,
    activity: Any | None = None,
    attendance: Any | None = None,
    training: Any | None = None,
    training_attendance: Any | None = None,
    order: Any | None = None,
    site: Any | None = None,
    place: str = "",
    recipient: str = "",
    person_in_charge: str = "",
    reason: str = "",
) -> HoursEntry:
    """Append a pending credit for review: the one door through which activities, trainings and
    service orders propose hours. One proposal per attendance (a database constraint)."""
    value = _hours_validate(hours)
    try:
        with transaction.atomic():
            return HoursEntry.objects.create(
                volunteer=volunteer,
                region=region,
                kind=EntryKind.CREDIT,
                status=EntryStatus.PENDING,
                source_kind=source_kind,
                activity=activity,
                attendance=attendance,
                training=training,
                training_attendance=training_attendance,
                order=order,
                site=site,
                service_on=service_on,
                hours=value,
                content=content[:200],
                place=place[:200],
                recipient=recipient[:100],
                person_in_charge=person_in_charge[:64],
                recorder=recorder,
                reason=reason[:200],
            )
    except IntegrityError:
        raise DomainError(_("这次服务的时长已经登记过，不能重复登记。"), code="hours_already_proposed") from None


def training_attendance_hours_propose(*, training_attendance: Any, acting_user: Any) -> HoursEntry:
    """Propose the training's credit hours for one participant (when the county counts training hours)."""
    training = training_attendance.training
    if not training_attendance.is_present:
        raise DomainError(_("未出席培训，不能登记时长。"), code="training_not_attended")
    if not training.credit_hours or training.credit_hours <= 0:
        raise DomainError(_("该培训不计入志愿服务时长。"), code="training_not_credited")
    return hours_entry_propose(
        volunteer=training_attendance.volunteer,
        source_kind=SourceKind.TRAINING,
        hours=training.credit_hours,
        service_on=timezone.localdate(training.starts_at),
        content=_("参加培训：%(title)s") % {"title": training.title},
        region=training.region,
        recorder=acting_user,
        training=training,
        training_attendance=training_attendance,
        site=training.organizer_site,
        place=training.place,
    )


def _pending_for_update(*, entry_id: int, acting_user: Any) -> HoursEntry:
    entries = scoped(HoursEntry.objects.all(), acting_user, ADD).select_for_update(of=("self",))
    entry = entries.filter(pk=entry_id).first()
    if entry is None:
        raise NotFoundError(_("时长记录不存在。"))
    if entry.kind != EntryKind.CREDIT or entry.status != EntryStatus.PENDING or entry.decides_id is not None:
        raise DomainError(_("只有待审核的时长记录可以审核。"), code="hours_not_pending")
    if HoursEntry.objects.filter(decides_id=entry.pk).exists():
        raise DomainError(_("这条时长记录已经审核过了。"), code="hours_already_decided")
    return entry


# What a decision, reversal or correction repeats of the entry it follows: the service it records.
SERVICE_FIELDS = (
    "volunteer_id",
    "region_id",
    "source_kind",
    "activity_id",
    "training_id",
    "order_id",
    "site_id",
    "service_on",
    "content",
    "place",
    "recipient",
    "evaluation",
    "person_in_charge",
)


def _entry_following(entry: HoursEntry, **values: Any) -> HoursEntry:
    """A new ledger row about the same service as `entry` (appended: `entry` itself never changes)."""
    return HoursEntry.objects.create(**{name: getattr(entry, name) for name in SERVICE_FIELDS}, **values)


def _decision_from(entry: HoursEntry, *, status: str, hours: Decimal, acting_user: Any, reason: str) -> HoursEntry:
    try:
        with transaction.atomic():
            return _entry_following(
                entry,
                kind=EntryKind.CREDIT,
                status=status,
                attendance_id=entry.attendance_id,
                training_attendance_id=entry.training_attendance_id,
                hours=hours,
                recorder_id=entry.recorder_id,
                approver=acting_user,
                decides=entry,
                reason=reason[:200],
            )
    except IntegrityError:  # another approver decided it in the meantime
        raise DomainError(_("这条时长记录已经审核过了。"), code="hours_already_decided") from None


@transaction.atomic
def hours_entry_approve(
    *, entry_id: int, acting_user: Any, hours: Decimal | None = None, reason: str = ""
) -> HoursEntry:
    """Approve a proposal, optionally with corrected hours (then a reason is required)."""
    entry = _pending_for_update(entry_id=entry_id, acting_user=acting_user)
    value = entry.hours if hours is None else _hours_validate(hours)
    if value != entry.hours and not reason.strip():
        raise DomainError(_("修改时长时请说明原因。"), field="reason", code="reason_required")
    _daily_cap_check(volunteer_id=entry.volunteer_id, service_on=entry.service_on, hours=value)
    decision = _decision_from(entry, status=EntryStatus.APPROVED, hours=value, acting_user=acting_user, reason=reason)
    notification_send(
        recipients=[entry.volunteer],
        kind=NotificationKind.HOURS_APPROVED,
        title=_("志愿服务时长已审核"),
        body=_("%(day)s「%(content)s」记入 %(hours)s 小时。")
        % {"day": entry.service_on.isoformat(), "content": entry.content, "hours": value},
        related=decision,
    )
    return decision


@dataclass(frozen=True)
class BulkOutcome:
    entry_id: int
    is_approved: bool
    message: str


def hours_entries_approve(*, entry_ids: list[int], acting_user: Any) -> list[BulkOutcome]:
    """Approve many proposals as proposed; each stands or falls alone and the outcome says why."""
    outcomes: list[BulkOutcome] = []
    for entry_id in dict.fromkeys(entry_ids):
        try:
            hours_entry_approve(entry_id=entry_id, acting_user=acting_user)
        except DomainError as error:
            outcomes.append(BulkOutcome(entry_id, False, str(error.message)))
        else:
            outcomes.append(BulkOutcome(entry_id, True, _("已审核")))
    return outcomes


@transaction.atomic
def hours_entry_reject(*, entry_id: int, reason: str, acting_user: Any) -> HoursEntry:
    if not reason.strip():
        raise DomainError(_("退回时长时请说明原因。"), field="reason", code="reason_required")
    entry = _pending_for_update(entry_id=entry_id, acting_user=acting_user)
    decision = _decision_from(
        entry, status=EntryStatus.REJECTED, hours=entry.hours, acting_user=acting_user, reason=reason
    )
    notification_send(
        recipients=[entry.volunteer],
        kind=NotificationKind.HOURS_REJECTED,
        title=_("志愿服务时长未通过审核"),
        body=_("%(day)s「%(content)s」的时长未通过审核：%(reason)s")
        % {"day": entry.service_on.isoformat(), "content": entry.content, "reason": reason},
        related=decision,
    )
    return decision


@transaction.atomic
def hours_entry_reverse(
    *, entry_id: int, reason: str, acting_user: Any, corrected_hours: Decimal | None = None
) -> HoursEntry:
    """Reverse an approved credit (a negative entry pointing at it); with corrected_hours, also append
    the corrected credit. Returns the reversal. Written to the audit log."""
    if not reason.strip():
        raise DomainError(_("冲销时长时请说明原因。"), field="reason", code="reason_required")
    entry = (
        scoped(HoursEntry.objects.all(), acting_user, ADD).select_for_update(of=("self",)).filter(pk=entry_id).first()
    )
    if entry is None:
        raise NotFoundError(_("时长记录不存在。"))
    if entry.kind != EntryKind.CREDIT or entry.status != EntryStatus.APPROVED:
        raise DomainError(_("只有已审核记入的时长可以冲销。"), code="hours_not_reversible")
    corrected = None if corrected_hours is None else _hours_validate(corrected_hours, field="corrected_hours")
    try:
        with transaction.atomic():
            reversal = _entry_following(
                entry,
                kind=EntryKind.REVERSAL,
                status=EntryStatus.APPROVED,
                hours=-entry.hours,
                recorder=acting_user,
                approver=acting_user,
                reverses=entry,
                reason=reason[:200],
            )
    except IntegrityError:
        raise DomainError(_("这条时长记录已经冲销过了。"), code="hours_already_reversed") from None
    if corrected is not None:
        _daily_cap_check(
            volunteer_id=entry.volunteer_id, service_on=entry.service_on, hours=corrected, field="corrected_hours"
        )
        _entry_following(
            entry,
            kind=EntryKind.CREDIT,
            status=EntryStatus.APPROVED,
            hours=corrected,
            recorder=acting_user,
            approver=acting_user,
            reason=(_("更正：%(reason)s") % {"reason": reason})[:200],
        )
    audit_event_record(
        actor=acting_user, action=AuditAction.HOURS_REVERSED, region=entry.region, target=entry, reason=reason
    )
    return reversal
