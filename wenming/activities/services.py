"""Writes of activities: publishing and its states, recurring series, sign-up with its waitlist.

Sign-up never overbooks: a place is taken by one conditional UPDATE (confirmed_count < capacity)
inside a transaction that holds the volunteer's row (PostgreSQL row lock; SQLite IMMEDIATE
transaction), and the database checks confirmed_count <= capacity besides. Check-in, check-out
and hours live in services_attendance.py.
"""

import copy
import datetime as dt
import secrets
from contextlib import nullcontext
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import default_task_backend

from wenming.activities import statements
from wenming.activities.models import Activity, ActivitySeries, ActivityStatus, SignUp, SignUpStatus
from wenming.activities.services_attendance import attendances_close_overdue
from wenming.activities.tasks import activity_attendances_close, activity_reminders_send
from wenming.core.errors import DomainError, NotFoundError, PermissionDeniedError
from wenming.core.geo import gcj02_to_wgs84
from wenming.core.identity import age_on
from wenming.core.queue import enqueue_with_transaction
from wenming.notifications.models import Notification, NotificationKind
from wenming.notifications.services import (
    Recipient,
    deliveries_draft,
    deliveries_drain_request,
    notification_send,
    notifications_draft,
)
from wenming.organizations.models import Pairing
from wenming.regions.access import activity_visible, may, scoped
from wenming.regions.roles import ADD, CHANGE, VIEW
from wenming.sites.models import Site
from wenming.teams.models import Team
from wenming.trainings.models import TrainingAttendance
from wenming.volunteers.models import Volunteer, VolunteerStatus
from wenming.volunteers.services import GUARDIAN_CONSENT_AGE

ACTIVE_SIGNUP_STATUSES = (SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED)
EDITABLE_FIELDS = frozenset(
    {
        "title",
        "content",
        "project",
        "organizer_site",
        "organizer_team",
        "pairing",
        "category",
        "venue_type",
        "place",
        "latitude",
        "longitude",
        "geofence_radius_m",
        "recipient",
        "contact_name",
        "contact_phone",
        "starts_at",
        "ends_at",
        "signup_closes_at",
        "late_cancel_hours",
        "capacity",
        "signup_method",
        "risk_statement",
        "safeguards",
        "requires_insurance",
        "insurance_note",
        "min_age",
        "max_age",
        "required_training",
    }
)
# Changes that volunteers who signed up must hear about.
NOTIFIED_FIELDS = frozenset({"starts_at", "ends_at", "place", "latitude", "longitude", "title"})


def _fields_check(fields: dict[str, Any]) -> None:
    unknown = set(fields) - EDITABLE_FIELDS - {"required_skills", "coordinate_system"}
    if unknown:
        raise DomainError(_("未知字段：%(fields)s") % {"fields": "、".join(sorted(unknown))}, field=sorted(unknown)[0])


def _coordinates_to_wgs84(fields: dict[str, Any]) -> None:
    """Map pickers in China give GCJ-02; we store WGS-84 (coordinate_system says which was given)."""
    system = fields.pop("coordinate_system", "wgs84") or "wgs84"
    if system not in ("wgs84", "gcj02"):
        raise DomainError(_("坐标系只能是 wgs84 或 gcj02。"), field="coordinate_system")
    latitude, longitude = fields.get("latitude"), fields.get("longitude")
    if system == "gcj02" and latitude is not None and longitude is not None:
        wgs_latitude, wgs_longitude = gcj02_to_wgs84(float(latitude), float(longitude))
        fields["latitude"] = Decimal(f"{wgs_latitude:.6f}")
        fields["longitude"] = Decimal(f"{wgs_longitude:.6f}")


def _scope_check(activity: Activity, acting_user: Any) -> None:
    """The organizing site, team and pairing must lie within the user's scope (projects and trainings
    are county-wide references any organizer may name as a condition or a home)."""

    if activity.pairing_id and not scoped(Pairing.objects.filter(pk=activity.pairing_id), acting_user).exists():
        raise DomainError(_("结对共建不在您的管辖范围内。"), field="pairing")

    if (
        activity.organizer_site_id
        and not scoped(Site.objects.filter(pk=activity.organizer_site_id), acting_user).exists()
    ):
        raise DomainError(_("组织阵地不在您的管辖范围内。"), field="organizer_site")
    if (
        activity.organizer_team_id
        and not scoped(Team.objects.filter(pk=activity.organizer_team_id), acting_user).exists()
    ):
        raise DomainError(_("组织队伍不在您的管辖范围内。"), field="organizer_team")


def _full_clean(activity: Activity) -> None:
    activity.full_clean(exclude=["created_by", "series"])


@transaction.atomic
def activity_create(*, acting_user: Any, required_skills: list[Any] | None = None, **fields: Any) -> Activity:
    """A draft activity; its region is its organizing site's region."""
    if not may(acting_user, ADD, Activity):
        raise PermissionDeniedError(_("没有权限发布活动。"))
    _fields_check(fields)
    _coordinates_to_wgs84(fields)
    activity = Activity(created_by=acting_user, status=ActivityStatus.DRAFT, **fields)
    if activity.organizer_site_id:
        activity.region_id = activity.organizer_site.region_id
    _full_clean(activity)
    _scope_check(activity, acting_user)
    activity.save()
    if required_skills:
        activity.required_skills.set(required_skills)
    if not may(acting_user, CHANGE, Activity, activity):
        raise PermissionDeniedError(_("没有权限在该阵地或队伍发布活动。"))
    return activity


def _activity_for_change(*, activity_id: int, acting_user: Any) -> Activity:
    activity = (
        scoped(Activity.objects.all(), acting_user, CHANGE)
        .select_for_update(of=("self",))
        .filter(pk=activity_id)
        .first()
    )
    if activity is None:
        if scoped(Activity.objects.filter(pk=activity_id), acting_user, VIEW).exists():
            raise PermissionDeniedError(_("没有权限管理这个活动。"))
        raise NotFoundError(_("活动不存在。"))
    return activity


def _recipients(activity: Activity) -> list[Volunteer]:
    signups = activity.signups.filter(status__in=ACTIVE_SIGNUP_STATUSES).select_related("volunteer")
    return [signup.volunteer for signup in signups]


def _tasks_schedule(activity: Activity) -> None:
    """The day-before reminders and, after the end, closing forgotten check-outs: deferred tasks,
    queued with the caller's transaction."""
    if not default_task_backend.supports_defer:
        return  # the housekeeping round (activities_housekeeping) does both
    run_after = activity.starts_at - dt.timedelta(hours=settings.WENMING_REMINDER_HOURS_BEFORE)
    close_after = activity.ends_at + dt.timedelta(hours=settings.WENMING_ATTENDANCE_OPEN_CAP_HOURS, minutes=1)
    starts_at = activity.starts_at.isoformat()
    if run_after > timezone.now():
        enqueue_with_transaction(activity_reminders_send.using(run_after=run_after), activity.pk, starts_at)
    enqueue_with_transaction(activity_attendances_close.using(run_after=close_after), activity.pk)


@transaction.atomic
def activity_update(*, activity_id: int, acting_user: Any, **changes: Any) -> Activity:
    """Change an activity; volunteers who signed up hear about changes of time or place."""
    activity = _activity_for_change(activity_id=activity_id, acting_user=acting_user)
    if activity.status in (ActivityStatus.FINISHED, ActivityStatus.CANCELLED):
        raise DomainError(_("已结束或已取消的活动不能再修改。"), code="activity_not_editable")
    required_skills = changes.pop("required_skills", None)
    _fields_check(changes)
    _coordinates_to_wgs84(changes)
    changed = {name for name, value in changes.items() if getattr(activity, name) != value}
    for name, value in changes.items():
        setattr(activity, name, value)
    if "organizer_site" in changes:
        activity.region_id = activity.organizer_site.region_id
    if activity.capacity is not None and activity.capacity < activity.confirmed_count:
        raise DomainError(
            _("已有 %(count)s 人确认报名，名额不能少于这个数。") % {"count": activity.confirmed_count}, field="capacity"
        )
    _full_clean(activity)
    _scope_check(activity, acting_user)
    activity.save()
    if required_skills is not None:
        activity.required_skills.set(required_skills)
    if "capacity" in changed:
        _waitlist_promote(activity)
    if activity.status in (ActivityStatus.PUBLISHED, ActivityStatus.CLOSED) and changed & NOTIFIED_FIELDS:
        local_start = timezone.localtime(activity.starts_at)
        notification_send(
            recipients=_recipients(activity),
            kind=NotificationKind.ACTIVITY_CHANGED,
            title=_("活动有变更：%(title)s") % {"title": activity.title},
            body=_("活动时间：%(start)s；地点：%(place)s。")
            % {"start": f"{local_start:%Y-%m-%d %H:%M}", "place": activity.place},
            related=activity,
        )
        if "starts_at" in changed:
            activity.signups.filter(status=SignUpStatus.CONFIRMED).update(reminded_at=None)
        if changed & {"starts_at", "ends_at"}:
            _tasks_schedule(activity)
    return activity


@transaction.atomic
def activity_publish(*, activity_id: int, acting_user: Any) -> Activity:
    activity = _activity_for_change(activity_id=activity_id, acting_user=acting_user)
    if activity.status != ActivityStatus.DRAFT:
        raise DomainError(_("只有草稿状态的活动可以发布。"), code="activity_not_draft")
    if activity.ends_at <= timezone.now():
        raise DomainError(_("活动结束时间已过，不能发布。"), field="ends_at", code="activity_in_past")
    missing = [
        str(getattr(Activity._meta.get_field(name), "verbose_name", name))
        for name in ("content", "place", "signup_method", "risk_statement", "safeguards")
        if not str(getattr(activity, name)).strip()
    ]
    if missing:  # 志愿服务条例 art. 12: recruitment states the conditions, risks and safeguards
        raise DomainError(_("发布前请填写：%(fields)s。") % {"fields": "、".join(missing)}, code="activity_incomplete")
    activity.status = ActivityStatus.PUBLISHED
    activity.published_at = timezone.now()
    activity.save(update_fields=["status", "published_at", "updated_at"])
    _tasks_schedule(activity)
    return activity


@transaction.atomic
def activity_close(*, activity_id: int, acting_user: Any) -> Activity:
    """Stop taking sign-ups (the waitlist stays and still moves up if a place frees)."""
    activity = _activity_for_change(activity_id=activity_id, acting_user=acting_user)
    if activity.status != ActivityStatus.PUBLISHED:
        raise DomainError(_("只有报名中的活动可以截止报名。"), code="activity_not_published")
    activity.status = ActivityStatus.CLOSED
    activity.save(update_fields=["status", "updated_at"])
    return activity


@transaction.atomic
def activity_finish(*, activity_id: int, acting_user: Any) -> Activity:
    activity = _activity_for_change(activity_id=activity_id, acting_user=acting_user)
    if activity.status not in (ActivityStatus.PUBLISHED, ActivityStatus.CLOSED):
        raise DomainError(_("只有已发布的活动可以结束。"), code="activity_not_published")
    if activity.starts_at > timezone.now():
        raise DomainError(_("活动还没有开始，不能结束；如不再举办请取消。"), code="activity_not_started")
    activity.status = ActivityStatus.FINISHED
    activity.save(update_fields=["status", "updated_at"])
    return activity


@transaction.atomic
def activity_cancel(*, activity_id: int, reason: str, acting_user: Any) -> Activity:
    if not reason.strip():
        raise DomainError(_("取消活动时请说明原因。"), field="reason", code="reason_required")
    activity = _activity_for_change(activity_id=activity_id, acting_user=acting_user)
    if activity.status in (ActivityStatus.FINISHED, ActivityStatus.CANCELLED):
        raise DomainError(_("已结束或已取消的活动不能取消。"), code="activity_not_cancellable")
    if activity.attendances.filter(checked_in_at__isnull=False).exists():
        raise DomainError(_("已有志愿者签到，不能取消活动；请结束活动。"), code="activity_has_attendance")
    was_public = activity.status != ActivityStatus.DRAFT
    activity.status = ActivityStatus.CANCELLED
    activity.cancelled_at = timezone.now()
    activity.cancel_reason = reason.strip()[:200]
    activity.save(update_fields=["status", "cancelled_at", "cancel_reason", "updated_at"])
    if was_public:
        notification_send(
            recipients=_recipients(activity),
            kind=NotificationKind.ACTIVITY_CANCELLED,
            title=_("活动已取消：%(title)s") % {"title": activity.title},
            body=_("取消原因：%(reason)s") % {"reason": activity.cancel_reason},
            related=activity,
        )
    return activity


@transaction.atomic
def activity_series_create(
    *,
    acting_user: Any,
    weekdays: list[int],
    first_on: dt.date,
    last_on: dt.date,
    starts_time: dt.time,
    ends_time: dt.time,
    required_skills: list[Any] | None = None,
    **fields: Any,
) -> ActivitySeries:
    """A weekly activity for a season: one draft Activity per occurrence, times in Asia/Shanghai."""

    if not weekdays or any(day not in range(1, 8) for day in weekdays):
        raise DomainError(_("请选择每周的哪几天（1=周一 … 7=周日）。"), field="weekdays")
    if last_on < first_on:
        raise DomainError(_("末次日期不能早于首次日期。"), field="last_on")
    if ends_time <= starts_time:
        raise DomainError(_("结束时刻必须晚于开始时刻。"), field="ends_time")
    days = [
        first_on + dt.timedelta(days=offset)
        for offset in range((last_on - first_on).days + 1)
        if (first_on + dt.timedelta(days=offset)).isoweekday() in weekdays
    ]
    if not days:
        raise DomainError(_("所选日期范围内没有符合的日子。"), field="weekdays")
    if len(days) > settings.WENMING_SERIES_MAX_OCCURRENCES:
        raise DomainError(
            _("一次最多生成 %(count)s 次活动，请缩短日期范围。") % {"count": settings.WENMING_SERIES_MAX_OCCURRENCES},
            field="last_on",
        )
    for name in ("starts_at", "ends_at"):
        fields.pop(name, None)
    first = activity_create(
        acting_user=acting_user,
        required_skills=required_skills,
        starts_at=timezone.make_aware(dt.datetime.combine(days[0], starts_time)),
        ends_at=timezone.make_aware(dt.datetime.combine(days[0], ends_time)),
        **fields,
    )
    series = ActivitySeries.objects.create(
        region_id=first.region_id,
        title=first.title,
        weekdays=",".join(str(day) for day in sorted(set(weekdays))),
        first_on=first_on,
        last_on=last_on,
        starts_time=starts_time,
        ends_time=ends_time,
        created_by=acting_user,
    )
    first.series = series
    first.save(update_fields=["series"])
    occurrences = []
    for day in days[1:]:  # copies of the first, checked by full_clean above: written in one statement
        occurrence = copy.copy(first)
        occurrence.pk = None
        occurrence._state = ModelState()
        occurrence.starts_at = timezone.make_aware(dt.datetime.combine(day, starts_time))
        occurrence.ends_at = timezone.make_aware(dt.datetime.combine(day, ends_time))
        occurrence.signup_closes_at = None
        occurrences.append(occurrence)
    occurrences = Activity.objects.bulk_create(occurrences)
    skill_ids = list(first.required_skills.values_list("pk", flat=True))
    Activity.required_skills.through.objects.bulk_create(
        Activity.required_skills.through(activity_id=occurrence.pk, skill_id=skill_id)
        for occurrence in occurrences
        for skill_id in skill_ids
    )
    return series


@transaction.atomic
def activity_series_publish(*, series_id: int, acting_user: Any) -> int:
    """Publish every draft occurrence still to come; returns how many were published."""
    series = scoped(ActivitySeries.objects.all(), acting_user, CHANGE).filter(pk=series_id).first()
    if series is None:
        raise NotFoundError(_("周期活动不存在。"))
    drafts = series.occurrences.filter(status=ActivityStatus.DRAFT, ends_at__gt=timezone.now())
    count = 0
    for activity_id in drafts.values_list("pk", flat=True):
        activity_publish(activity_id=activity_id, acting_user=acting_user)
        count += 1
    return count


# -- sign-up ---------------------------------------------------------------------------------------


def signup_refusal(
    *, activity: Activity, volunteer: Volunteer, now: dt.datetime, clash: SignUp | None
) -> DomainError | None:
    """Why this volunteer may not sign up for this activity now, or None (eligibility, DESIGN.md §5).

    `clash` is the volunteer's active sign-up overlapping this activity in time, if any.
    """
    if activity.status == ActivityStatus.CLOSED:
        return DomainError(_("该活动已截止报名。"), code="activity_closed")
    if activity.status == ActivityStatus.CANCELLED:
        return DomainError(_("该活动已取消。"), code="activity_cancelled")
    if activity.status != ActivityStatus.PUBLISHED:
        return DomainError(_("该活动不在报名中。"), code="activity_not_open")
    if activity.starts_at <= now:
        return DomainError(_("活动已经开始或结束，不能再报名。"), code="activity_started")
    if activity.signup_closes_at is not None and activity.signup_closes_at <= now:
        return DomainError(_("该活动已截止报名。"), code="activity_closed")
    if volunteer.status != VolunteerStatus.ACTIVE:
        return DomainError(_("志愿者注册状态不是“在册”，不能报名。"), code="volunteer_inactive")
    age = age_on(volunteer.birth_on, timezone.localdate(activity.starts_at))
    if activity.min_age is not None and age < activity.min_age:
        return DomainError(_("该活动要求年满 %(age)s 周岁。") % {"age": activity.min_age}, code="ineligible_age")
    if activity.max_age is not None and age > activity.max_age:
        return DomainError(_("该活动要求年龄不超过 %(age)s 周岁。") % {"age": activity.max_age}, code="ineligible_age")
    if age < GUARDIAN_CONSENT_AGE and volunteer.guardian_consent_at is None:
        return DomainError(_("未满 14 周岁的志愿者报名须有监护人同意。"), code="guardian_consent_required")
    has_required_skills = getattr(activity, "has_required_skills", True)  # annotated by signup_create
    missing_skills = (
        list(activity.required_skills.exclude(pk__in=volunteer.skills.values("pk")).values_list("name", flat=True))
        if has_required_skills
        else []
    )
    if missing_skills:
        return DomainError(
            _("该活动需要以下技能：%(skills)s。") % {"skills": "、".join(missing_skills)}, code="ineligible_skill"
        )
    if activity.required_training_id is not None:
        trained = TrainingAttendance.objects.filter(
            training_id=activity.required_training_id, volunteer=volunteer, is_passed=True
        ).exists()
        if not trained:
            return DomainError(
                _("报名前须先参加并通过培训《%(training)s》。") % {"training": activity.required_training},
                code="ineligible_training",
            )
    if clash is not None:
        start = timezone.localtime(clash.activity.starts_at)
        return DomainError(
            _("与您已报名的活动《%(title)s》（%(start)s）时间冲突。")
            % {"title": clash.activity.title, "start": f"{start:%m-%d %H:%M}"},
            code="overlapping_commitment",
        )
    return None


def _volunteer_for_signup(*, volunteer_id: int | None, acting_user: Any) -> Volunteer:
    """The acting user's own volunteer record, or (for staff) a volunteer within their scope; locked."""
    if volunteer_id is None:
        volunteer = statements.volunteer_of_user_locked(acting_user.pk)
        if volunteer is None:
            raise DomainError(_("您还不是注册志愿者，不能报名。"), code="not_a_volunteer")
        return volunteer
    volunteers = Volunteer.objects.select_for_update(of=("self",))
    volunteer = scoped(volunteers, acting_user, VIEW).filter(pk=volunteer_id).first()
    if volunteer is None:
        raise NotFoundError(_("志愿者不存在。"))
    return volunteer


def signup_create(
    *, activity_id: int, acting_user: Any, volunteer_id: int | None = None, now: dt.datetime | None = None
) -> SignUp:
    """Take a place, or a waitlist slot when the activity is full; signing up again changes nothing."""
    now = now or timezone.now()
    if volunteer_id is None and connection.vendor == "postgresql":
        signup = _signup_at_once(activity_id=activity_id, acting_user=acting_user, now=now)
        if signup is not None:
            return signup
    return _signup_create_carefully(
        activity_id=activity_id, acting_user=acting_user, volunteer_id=volunteer_id, now=now
    )


def _signup_at_once(*, activity_id: int, acting_user: Any, now: dt.datetime) -> SignUp | None:
    """The usual sign-up on PostgreSQL, for oneself: one read and one write, each atomic on its own,
    without a transaction around them (ADR 0006); None to go the careful way.

    The read takes no lock, and the write (the place, the sign-up and its message) happens only while
    the volunteer's row is still the version read: any sign-up of theirs written in between (each
    raises it) or any edit of the record leaves it undone, and the careful way decides again under
    the row's lock. So the rules see what the careful way would. A sign-up to renew, or anything to
    explain (no volunteer record, no such activity), goes the careful way too.
    """
    facts = statements.signup_facts(
        user_id=acting_user.pk, activity_id=activity_id, active_statuses=ACTIVE_SIGNUP_STATUSES
    )
    if facts is None:
        return None
    volunteer, version, activity, existing, clash = facts
    if not activity_visible(acting_user, activity):
        raise NotFoundError(_("活动不存在。"))
    if existing is not None:
        return existing if existing.status in ACTIVE_SIGNUP_STATUSES else None
    refusal = signup_refusal(activity=activity, volunteer=volunteer, now=now, clash=clash)
    if refusal is not None:
        raise refusal
    # The message for either outcome; the write keeps the one for the outcome it got.
    recipients = [Recipient(user=acting_user, volunteer=volunteer)]
    messages: dict[str, Notification] = {
        status: notifications_draft(
            recipients=recipients, related=activity, now=now, **_signup_message(activity, status)
        )[0]
        for status in (SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED)
    }
    deliveries = [delivery for _, delivery in deliveries_draft([messages[SignUpStatus.CONFIRMED]], now)]
    signup = SignUp(activity_id=activity.pk, volunteer_id=volunteer.pk)
    # Outside a transaction the statement is atomic on its own; inside one (a caller's), a savepoint
    # keeps a failure from spoiling it before the careful way runs.
    try:
        with transaction.atomic() if connection.in_atomic_block else nullcontext():
            written = statements.signup_write_if_unchanged(
                signup, volunteer_version=version, now=now, messages=messages, deliveries=deliveries
            )
    except IntegrityError:  # a sign-up written without raising the version (an import, the admin)
        written = False
    if not written:
        return None
    if deliveries:
        deliveries_drain_request()
    return signup


def _signup_message(activity: Activity, status: str) -> dict[str, str]:
    """The kind, title and body of the message a sign-up with this status gets."""
    if status == SignUpStatus.CONFIRMED:
        start = timezone.localtime(activity.starts_at)
        return {
            "kind": NotificationKind.SIGNUP_CONFIRMED,
            "title": _("报名成功：%(title)s") % {"title": activity.title},
            "body": _("时间：%(start)s；地点：%(place)s。请按时到场扫码签到。")
            % {"start": f"{start:%Y-%m-%d %H:%M}", "place": activity.place},
        }
    return {
        "kind": NotificationKind.SIGNUP_WAITLISTED,
        "title": _("已进入候补：%(title)s") % {"title": activity.title},
        "body": _("名额已满，您已进入候补名单；有人取消时将按先后顺序递补并通知您。"),
    }


@transaction.atomic
def _signup_create_carefully(
    *, activity_id: int, acting_user: Any, volunteer_id: int | None, now: dt.datetime
) -> SignUp:
    # The volunteer's row lock comes first, in a statement of its own: the reads after it see what
    # a concurrent sign-up of the same volunteer committed (one statement would read its snapshot).
    volunteer = _volunteer_for_signup(volunteer_id=volunteer_id, acting_user=acting_user)
    # Hand-written reads and writes (statements.py, ADR 0006): this is the busiest write there is.
    # The activity and the volunteer's sign-ups around it: one round trip on PostgreSQL.
    activity, existing, clash = statements.activity_and_signups_around(
        activity_id=activity_id, volunteer_id=volunteer.pk, active_statuses=ACTIVE_SIGNUP_STATUSES
    )
    if activity is None or not activity_visible(acting_user, activity):
        raise NotFoundError(_("活动不存在。"))
    if volunteer.user_id != acting_user.pk and not may(acting_user, CHANGE, Activity, activity):
        raise PermissionDeniedError(_("只能为本人报名，或由活动组织者代为报名。"))
    if existing is not None and existing.status in ACTIVE_SIGNUP_STATUSES:
        return existing
    refusal = signup_refusal(activity=activity, volunteer=volunteer, now=now, clash=clash)
    if refusal is not None:
        raise refusal
    # Places that free up go to the waitlist at once (_waitlist_promote), so a free place here never
    # jumps a queue.
    signup = existing or SignUp(activity_id=activity.pk, volunteer_id=volunteer.pk)
    signup.cancelled_at = None
    signup.is_late_cancellation = False
    signup.reminded_at = None
    try:  # the volunteer's row lock makes a duplicate impossible; the constraint stays the last word
        statements.signup_place_and_write(signup, now=now)
    except IntegrityError:
        raise DomainError(_("报名没有成功，请稍后重试。"), code="signup_conflict") from None
    # The volunteer's row was just read under its lock: signing up for oneself, it and the acting
    # account are the recipient as they stand (no second read of them).
    recipients: list[Volunteer | Recipient] = (
        [Recipient(user=acting_user, volunteer=volunteer)] if volunteer.user_id == acting_user.pk else [volunteer]
    )
    notification_send(recipients=recipients, related=activity, **_signup_message(activity, signup.status))
    return signup


def _waitlist_promote(activity: Activity) -> list[SignUp]:
    """Move waitlisted volunteers up, first come first served, while places are free (activity locked)."""
    promoted: list[SignUp] = []
    if activity.starts_at <= timezone.now() or activity.status not in (ActivityStatus.PUBLISHED, ActivityStatus.CLOSED):
        return promoted
    waiting = (
        activity.signups.filter(status=SignUpStatus.WAITLISTED).select_related("volunteer").order_by("queued_at", "id")
    )
    for signup in waiting:
        took_place = Activity.objects.filter(pk=activity.pk, confirmed_count__lt=F("capacity")).update(
            confirmed_count=F("confirmed_count") + 1
        )
        if not took_place:
            break
        signup.status = SignUpStatus.CONFIRMED
        signup.confirmed_at = timezone.now()
        signup.save(update_fields=["status", "confirmed_at", "updated_at"])
        promoted.append(signup)
        start = timezone.localtime(activity.starts_at)
        notification_send(
            recipients=[signup.volunteer],
            kind=NotificationKind.WAITLIST_PROMOTED,
            title=_("候补转正：%(title)s") % {"title": activity.title},
            body=_("有名额空出，您已从候补转为正式报名。时间：%(start)s；地点：%(place)s。")
            % {"start": f"{start:%Y-%m-%d %H:%M}", "place": activity.place},
            related=activity,
        )
    return promoted


@transaction.atomic
def signup_cancel(*, signup_id: int, acting_user: Any, reason: str = "", now: dt.datetime | None = None) -> SignUp:
    """Give up a place (the first on the waitlist takes it); late cancellations notify the organizer."""
    now = now or timezone.now()
    signup = scoped(SignUp.objects.all(), acting_user, CHANGE).select_related("volunteer").filter(pk=signup_id).first()
    if signup is None:
        raise NotFoundError(_("报名记录不存在。"))
    activity = Activity.objects.select_for_update().get(pk=signup.activity_id)
    signup = SignUp.objects.select_related("volunteer").get(pk=signup.pk)  # re-read under the activity's lock
    if signup.status not in ACTIVE_SIGNUP_STATUSES:
        raise DomainError(_("这条报名已经取消了。"), code="signup_not_active")
    if activity.starts_at <= now:
        raise DomainError(_("活动已经开始，不能取消报名；如不能到场请联系组织者。"), code="activity_started")
    was_confirmed = signup.status == SignUpStatus.CONFIRMED
    signup.status = SignUpStatus.CANCELLED
    signup.cancelled_at = now
    signup.is_late_cancellation = was_confirmed and activity.starts_at - now <= dt.timedelta(
        hours=activity.late_cancel_hours
    )
    signup.note = reason.strip()[:200]
    signup.save(update_fields=["status", "cancelled_at", "is_late_cancellation", "note", "updated_at"])
    if was_confirmed:
        Activity.objects.filter(pk=activity.pk).update(confirmed_count=F("confirmed_count") - 1)
        activity.refresh_from_db(fields=["confirmed_count"])
        _waitlist_promote(activity)
    if signup.is_late_cancellation and activity.created_by is not None:
        start = timezone.localtime(activity.starts_at)
        notification_send(
            recipients=[activity.created_by],
            kind=NotificationKind.LATE_CANCELLATION,
            title=_("临近开始取消报名：%(title)s") % {"title": activity.title},
            body=_("%(name)s 在活动开始（%(start)s）前 %(hours)s 小时内取消了报名。%(reason)s")
            % {
                "name": signup.volunteer.name,
                "start": f"{start:%m-%d %H:%M}",
                "hours": activity.late_cancel_hours,
                "reason": signup.note,
            },
            related=activity,
        )
    return signup


def activities_housekeeping(*, now: dt.datetime | None = None) -> dict[str, int]:
    """What the background worker does on its rounds: due reminders and forgotten check-outs."""

    now = now or timezone.now()
    horizon = now + dt.timedelta(hours=settings.WENMING_REMINDER_HOURS_BEFORE)
    due = Activity.objects.filter(
        status__in=(ActivityStatus.PUBLISHED, ActivityStatus.CLOSED),
        starts_at__gt=now,
        starts_at__lte=horizon,
        signups__status=SignUpStatus.CONFIRMED,
        signups__reminded_at__isnull=True,
    ).distinct()
    reminded = sum(activity_reminders_deliver(activity_id=activity.pk) for activity in due)
    return {"reminded": reminded, "closed": attendances_close_overdue(now=now)}


def activity_reminders_deliver(*, activity_id: int, expected_starts_at: str | None = None) -> int:
    """Remind each confirmed volunteer once (reminded_at is set by a conditional update)."""
    activity = Activity.objects.filter(pk=activity_id).first()
    if activity is None or activity.status not in (ActivityStatus.PUBLISHED, ActivityStatus.CLOSED):
        return 0
    if expected_starts_at is not None and activity.starts_at.isoformat() != expected_starts_at:
        return 0  # the activity moved; the reminder scheduled for its new time will do
    start = timezone.localtime(activity.starts_at)
    count = 0
    pending = activity.signups.filter(status=SignUpStatus.CONFIRMED, reminded_at__isnull=True).select_related(
        "volunteer"
    )
    for signup in pending:
        with transaction.atomic():
            if not SignUp.objects.filter(pk=signup.pk, reminded_at__isnull=True).update(reminded_at=timezone.now()):
                continue
            notification_send(
                recipients=[signup.volunteer],
                kind=NotificationKind.ACTIVITY_REMINDER,
                title=_("活动提醒：%(title)s") % {"title": activity.title},
                body=_("活动将于 %(start)s 在 %(place)s 开始，请准时到场扫码签到。")
                % {"start": f"{start:%m-%d %H:%M}", "place": activity.place},
                related=activity,
            )
            count += 1
    return count


def calendar_token_issue(*, volunteer: Volunteer, acting_user: Any) -> str:
    """A new private iCalendar URL token (the old URL stops working)."""

    if volunteer.user_id != acting_user.pk:
        raise PermissionDeniedError(_("只能为本人生成日历订阅地址。"))
    token = secrets.token_urlsafe(32)
    Volunteer.objects.filter(pk=volunteer.pk).update(calendar_token=token)
    volunteer.calendar_token = token
    return token
