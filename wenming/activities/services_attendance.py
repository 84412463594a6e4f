"""Check-in and check-out: the organizer's rotating signed QR code, the optional geofence, manual
records and no-shows, and the hours each attendance proposes to the ledger.

A request repeated by a flaky network never creates a second attendance: the idempotency key is
unique, one attendance per volunteer and activity is unique, and a second check-out finds the
first one's result. Open attendances are closed after WENMING_ATTENDANCE_OPEN_CAP_HOURS and
flagged for review.
"""

import datetime as dt
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.activities import statements
from wenming.activities.models import Activity, ActivityStatus, Attendance, AttendanceMethod, SignUp, SignUpStatus
from wenming.core.errors import DomainError, NotFoundError
from wenming.core.geo import distance_metres, gcj02_to_wgs84
from wenming.core.sql import writer_turn
from wenming.ledger.models import SourceKind
from wenming.ledger.services import hours_between, hours_entry_propose
from wenming.regions.access import scoped
from wenming.regions.roles import CHANGE
from wenming.volunteers.models import Volunteer
from wenming.volunteers.selectors import volunteer_of_user

CHECKIN_SIGNING_NAMESPACE = "wenming.activities.checkin"
CHECK_IN, CHECK_OUT = "in", "out"


@dataclass(frozen=True)
class CheckinToken:
    token: str
    activity_id: int
    kind: str
    issued_at: dt.datetime
    expires_at: dt.datetime


def checkin_token_issue(*, activity_id: int, kind: str, acting_user: Any) -> CheckinToken:
    """A signed token for the organizer's QR code; valid WENMING_QR_TOKEN_SECONDS, shown for less."""
    if kind not in (CHECK_IN, CHECK_OUT):
        raise DomainError(_("二维码类型只能是签到或签退。"), field="kind")
    activity = scoped(Activity.objects.all(), acting_user, CHANGE).filter(pk=activity_id).first()
    if activity is None:
        raise NotFoundError(_("活动不存在。"))
    if activity.status not in (ActivityStatus.PUBLISHED, ActivityStatus.CLOSED):
        raise DomainError(_("只有已发布、未结束的活动可以扫码签到。"), code="activity_not_running")
    issued_at = timezone.now()
    token = signing.dumps({"a": activity.pk, "k": kind}, salt=CHECKIN_SIGNING_NAMESPACE, compress=False)
    return CheckinToken(
        token=token,
        activity_id=activity.pk,
        kind=kind,
        issued_at=issued_at,
        expires_at=issued_at + dt.timedelta(seconds=settings.WENMING_QR_TOKEN_SECONDS),
    )


def checkin_token_read(token: str, *, kind: str) -> int:
    """The activity a scanned token is for; a forged, stale or wrong-kind token is refused."""
    try:
        activity_id, signed_kind, signed_at = _token_opened(token, settings.SECRET_KEY)
    except signing.BadSignature:
        raise DomainError(_("二维码无效，请扫描组织者出示的二维码。"), field="token", code="token_invalid") from None
    if time.time() - signed_at > settings.WENMING_QR_TOKEN_SECONDS:  # as signing.loads(max_age=...) decides
        raise DomainError(_("二维码已过期，请扫描组织者页面上最新的二维码。"), field="token", code="token_expired")
    if not isinstance(activity_id, int):
        raise DomainError(_("二维码无效，请扫描组织者出示的二维码。"), field="token", code="token_invalid")
    if signed_kind != kind:
        message = (
            _("这是签退二维码，请扫描签到二维码。") if kind == CHECK_IN else _("这是签到二维码，请扫描签退二维码。")
        )
        raise DomainError(message, field="token", code="token_wrong_kind")
    return activity_id


@lru_cache(maxsize=4096)
def _token_opened(token: str, secret_key: str) -> tuple[Any, Any, int]:
    """(The activity, the kind, when it was signed) of a token whose signature is true (the first two
    None when it holds no such object); a bad signature raises BadSignature. Kept per token and key:
    everyone who arrives scans the same code, and checking its signature (a key derivation and an
    HMAC) costs more than the rest of the check. The caller decides whether it is stale."""
    payload = signing.loads(token, salt=CHECKIN_SIGNING_NAMESPACE)
    # The signed value is "<object>:<timestamp>:<signature>" (signing.TimestampSigner), its signature true.
    signed_at = signing.b62_decode(token.rsplit(signing.Signer().sep, 2)[1])
    if not isinstance(payload, dict):
        return None, None, signed_at
    return payload.get("a"), payload.get("k"), signed_at


ARRIVAL_STATUSES = (ActivityStatus.PUBLISHED, ActivityStatus.CLOSED, ActivityStatus.FINISHED)


def _arrivals_window(now: dt.datetime) -> tuple[tuple[str, ...], dt.datetime, dt.datetime]:
    """The activities that admit a check-in at `now`: (the statuses that take arrivals, the latest
    start, the earliest end). The one rule, for _window_check and for the PostgreSQL statement that
    writes the usual arrival (statements.checkin_facts_arriving)."""
    return ARRIVAL_STATUSES, now + dt.timedelta(minutes=settings.WENMING_CHECKIN_OPENS_MINUTES), now


def _window_check(activity: Activity, now: dt.datetime, *, kind: str) -> None:
    statuses, latest_start, earliest_end = _arrivals_window(now)
    if activity.status not in statuses:
        raise DomainError(_("该活动不在进行中，不能签到。"), code="activity_not_running")
    if activity.starts_at > latest_start:
        start = timezone.localtime(activity.starts_at)
        raise DomainError(
            _("签到尚未开始：活动 %(start)s 开始，提前 %(minutes)s 分钟开放签到。")
            % {"start": f"{start:%m-%d %H:%M}", "minutes": settings.WENMING_CHECKIN_OPENS_MINUTES},
            code="checkin_not_open",
        )
    if kind == CHECK_IN:
        closed = activity.ends_at < earliest_end
    else:  # a check-out is taken until open attendances are closed automatically
        closed = now > activity.ends_at + dt.timedelta(hours=settings.WENMING_ATTENDANCE_OPEN_CAP_HOURS)
    if closed:
        message = _("活动已结束，不能再签到。") if kind == CHECK_IN else _("已超过签退时限，请联系组织者补记。")
        raise DomainError(message, code="checkin_closed")


def _geofence_check(
    activity: Activity, latitude: float | None, longitude: float | None, coordinate_system: str
) -> None:
    if activity.geofence_radius_m is None:
        return
    if latitude is None or longitude is None:
        raise DomainError(
            _("该活动要求在活动地点附近签到，请允许获取位置后重试。"), field="latitude", code="location_required"
        )
    if coordinate_system == "gcj02":
        latitude, longitude = gcj02_to_wgs84(latitude, longitude)
    elif coordinate_system != "wgs84":
        raise DomainError(_("坐标系只能是 wgs84 或 gcj02。"), field="coordinate_system")
    assert activity.latitude is not None and activity.longitude is not None  # a database constraint
    distance = distance_metres(latitude, longitude, float(activity.latitude), float(activity.longitude))
    if distance > activity.geofence_radius_m:
        raise DomainError(
            _("您距活动地点约 %(distance)s 米，须在 %(radius)s 米内签到。")
            % {"distance": round(distance), "radius": activity.geofence_radius_m},
            field="latitude",
            code="outside_geofence",
        )


def _own_volunteer(acting_user: Any) -> Volunteer:
    volunteer = volunteer_of_user(user=acting_user)
    if volunteer is None:
        raise DomainError(_("您还不是注册志愿者。"), code="not_a_volunteer")
    return volunteer


def _key_check(key: str) -> str:
    key = (key or "").strip()
    if not key or len(key) > 64:
        raise DomainError(_("缺少请求编号，请刷新页面后重试。"), field="idempotency_key", code="invalid")
    return key


def _token_read_or_recorded(token: str, *, kind: str, key: str, acting_user: Any) -> int | Attendance:
    """The activity the scanned token is for; or, when a retry arrives after the code expired, what
    its first attempt (same idempotency key, same volunteer) already recorded."""
    try:
        return checkin_token_read(token, kind=kind)
    except DomainError as refusal:
        if refusal.code != "token_expired":
            raise
        field = "idempotency_key" if kind == CHECK_IN else "checkout_idempotency_key"
        earlier = Attendance.objects.filter(volunteer__user_id=acting_user.pk, **{field: key}).first()
        if earlier is None:
            raise
        return earlier


def attendance_check_in(
    *,
    token: str,
    idempotency_key: str,
    acting_user: Any,
    latitude: float | None = None,
    longitude: float | None = None,
    coordinate_system: str = "wgs84",
    now: dt.datetime | None = None,
) -> Attendance:
    """The volunteer scanned the check-in code: record their arrival once, however often it is sent.

    The usual arrival (a confirmed sign-up, nothing recorded yet) is one read and one INSERT that
    is atomic on its own (ADR 0006): it writes only while the sign-up is still confirmed and never
    a second arrival. Anything else (a retry, a no-show arriving after all, a refusal to explain, a
    race lost) goes the careful way, in one transaction.
    """
    now = now or timezone.now()
    key = _key_check(idempotency_key)
    found = _token_read_or_recorded(token, kind=CHECK_IN, key=key, acting_user=acting_user)
    if isinstance(found, Attendance):
        return found
    activity_id = found
    # Hand-written reads and writes (statements.py, ADR 0006): everyone arrives in the same minutes.
    # On PostgreSQL the read also writes the usual arrival, where _scan_check would admit it.
    arrival = {"checked_in_at": now, "method": AttendanceMethod.QR, "idempotency_key": key, "recorded_by": acting_user}
    facts, arrived = statements.checkin_facts_arriving(
        user_id=acting_user.pk,
        activity_id=activity_id,
        arrival=arrival,
        now=timezone.now(),
        window=_arrivals_window(now),
    )
    if arrived is not None:
        return arrived
    if facts is not None and facts[3] is None:  # a confirmed sign-up and no attendance recorded yet
        volunteer, signup, activity, _, _ = facts
        _scan_check(
            activity, now, kind=CHECK_IN, latitude=latitude, longitude=longitude, coordinate_system=coordinate_system
        )
        attendance = _arrival_new(activity, volunteer, signup, now, AttendanceMethod.QR, key, acting_user)
        with writer_turn():
            if statements.attendance_insert_if_confirmed(attendance, now=timezone.now()):
                return attendance
    return _check_in_carefully(
        activity_id=activity_id,
        key=key,
        acting_user=acting_user,
        latitude=latitude,
        longitude=longitude,
        coordinate_system=coordinate_system,
        now=now,
    )


@transaction.atomic
def _check_in_carefully(
    *,
    activity_id: int,
    key: str,
    acting_user: Any,
    latitude: float | None,
    longitude: float | None,
    coordinate_system: str,
    now: dt.datetime,
) -> Attendance:
    facts = statements.checkin_facts(user_id=acting_user.pk, activity_id=activity_id)
    if facts is None:
        _own_volunteer(acting_user)
        if not Activity.objects.filter(pk=activity_id).exists():
            raise DomainError(_("二维码无效，请扫描组织者出示的二维码。"), field="token", code="token_invalid")
        raise DomainError(_("您没有这个活动的确认报名，不能签到。"), code="not_signed_up")
    volunteer, signup, activity, attendance_id, has_arrived = facts
    # A retried request (same key or not) finds the arrival already recorded: one attendance only.
    existing = None
    if attendance_id is not None:
        existing = Attendance.objects.select_related("volunteer").get(pk=attendance_id)
        if has_arrived:
            return existing
    _scan_check(
        activity, now, kind=CHECK_IN, latitude=latitude, longitude=longitude, coordinate_system=coordinate_system
    )
    return _arrival_record(
        activity=activity,
        volunteer=volunteer,
        signup=signup,
        existing=existing,
        at=now,
        method=AttendanceMethod.QR,
        idempotency_key=key,
        acting_user=acting_user,
    )


def _scan_check(
    activity: Activity,
    now: dt.datetime,
    *,
    kind: str,
    latitude: float | None,
    longitude: float | None,
    coordinate_system: str,
) -> None:
    """A scanned code is refused outside the activity's window or its geofence."""
    _window_check(activity, now, kind=kind)
    _geofence_check(activity, latitude, longitude, coordinate_system)


def _arrival_new(
    activity: Activity,
    volunteer: Volunteer,
    signup: SignUp | None,
    at: dt.datetime,
    method: str,
    idempotency_key: str | None,
    acting_user: Any,
) -> Attendance:
    return Attendance(
        activity=activity,
        volunteer=volunteer,
        signup=signup,
        checked_in_at=at,
        method=method,
        idempotency_key=idempotency_key,
        recorded_by=acting_user,
    )


def _arrival_record(
    *,
    activity: Activity,
    volunteer: Volunteer,
    signup: SignUp | None,
    existing: Attendance | None,
    at: dt.datetime,
    method: str,
    idempotency_key: str | None,
    acting_user: Any,
) -> Attendance:
    if existing is not None:  # marked absent earlier, arrived after all
        existing.checked_in_at = at
        existing.is_no_show = False
        existing.method = method
        existing.idempotency_key = idempotency_key
        existing.recorded_by = acting_user
        existing.save(
            update_fields=["checked_in_at", "is_no_show", "method", "idempotency_key", "recorded_by", "updated_at"]
        )
        attendance = existing
    else:
        attendance = _arrival_new(activity, volunteer, signup, at, method, idempotency_key, acting_user)
        try:
            with transaction.atomic():
                statements.attendance_insert(attendance, now=timezone.now())
        except IntegrityError:  # the same arrival sent twice at once: the first one stands
            first = Attendance.objects.filter(activity=activity, volunteer=volunteer).first()
            if first is None:  # the key, not the volunteer, collided: a key reused for another activity
                raise DomainError(
                    _("请求编号已被使用，请刷新页面后重试。"), field="idempotency_key", code="invalid"
                ) from None
            return first
    # Forgotten check-outs are closed by the task scheduled for the activity's end (activity_publish).
    return attendance


def _hours_propose(attendance: Attendance, *, recorder: Any) -> None:
    activity = attendance.activity
    assert attendance.checked_in_at is not None and attendance.checked_out_at is not None
    hours = hours_between(
        starts_at=attendance.checked_in_at,
        ends_at=attendance.checked_out_at,
        window=(activity.starts_at, activity.ends_at),
    )
    if hours <= 0:  # present only outside the activity's time: nothing to propose, but look at it
        Attendance.objects.filter(pk=attendance.pk).update(needs_review=True)
        attendance.needs_review = True
        return
    hours_entry_propose(
        volunteer=attendance.volunteer,
        source_kind=SourceKind.ACTIVITY,
        hours=hours,
        service_on=timezone.localdate(activity.starts_at),
        content=activity.title,
        region=activity.region,
        recorder=recorder,
        activity=activity,
        attendance=attendance,
        site=activity.organizer_site,
        place=activity.place,
        recipient=activity.recipient,
        person_in_charge=activity.contact_name,
        reason=_("系统自动签退，待复核") if attendance.is_closed_automatically else "",
    )


def _departure_record(
    attendance: Attendance, *, at: dt.datetime, method: str, key: str | None, acting_user: Any
) -> Attendance:
    if attendance.checked_in_at is None:
        raise DomainError(_("尚未签到，不能签退。"), code="not_checked_in")
    if at <= attendance.checked_in_at:
        raise DomainError(_("签退时间必须晚于签到时间。"), field="checked_out_at", code="checkout_before_checkin")
    updated = Attendance.objects.filter(pk=attendance.pk, checked_out_at__isnull=True).update(
        checked_out_at=at, checked_out_method=method, checkout_idempotency_key=key, updated_at=timezone.now()
    )
    attendance.refresh_from_db()
    if updated:
        _hours_propose(attendance, recorder=acting_user)
    return attendance


@transaction.atomic
def attendance_check_out(
    *,
    token: str,
    idempotency_key: str,
    acting_user: Any,
    latitude: float | None = None,
    longitude: float | None = None,
    coordinate_system: str = "wgs84",
    now: dt.datetime | None = None,
) -> Attendance:
    """The volunteer scanned the check-out code: close the attendance once and propose its hours."""
    now = now or timezone.now()
    key = _key_check(idempotency_key)
    found = _token_read_or_recorded(token, kind=CHECK_OUT, key=key, acting_user=acting_user)
    if isinstance(found, Attendance):
        return found
    activity_id = found
    volunteer = _own_volunteer(acting_user)
    # A retried check-out (same key or not) finds the departure already recorded below.
    attendance = (
        Attendance.objects.select_for_update(of=("self",))
        .select_related("activity")
        .filter(activity_id=activity_id, volunteer=volunteer)
        .first()
    )
    if attendance is None or attendance.checked_in_at is None:
        raise DomainError(_("尚未签到，不能签退。"), code="not_checked_in")
    if attendance.checked_out_at is not None:
        return attendance
    _scan_check(
        attendance.activity,
        now,
        kind=CHECK_OUT,
        latitude=latitude,
        longitude=longitude,
        coordinate_system=coordinate_system,
    )
    return _departure_record(attendance, at=now, method=AttendanceMethod.QR, key=key, acting_user=acting_user)


MANUAL_ACTIONS = ("check_in", "check_out", "no_show")


@transaction.atomic
def attendance_record(
    *, activity_id: int, volunteer_id: int, action: str, acting_user: Any, at: dt.datetime | None = None
) -> Attendance:
    """The organizer checks someone in or out by hand (at the time given), or marks a no-show."""
    if action not in MANUAL_ACTIONS:
        raise DomainError(_("操作只能是签到、签退或标记缺席。"), field="action")
    activity = (
        scoped(Activity.objects.all(), acting_user, CHANGE)
        .select_for_update(of=("self",))
        .filter(pk=activity_id)
        .first()
    )
    if activity is None:
        raise NotFoundError(_("活动不存在。"))
    volunteer = Volunteer.objects.filter(pk=volunteer_id).first()
    signup = SignUp.objects.filter(activity=activity, volunteer_id=volunteer_id).first()
    if volunteer is None or (
        signup is None and not scoped(Volunteer.objects.filter(pk=volunteer_id), acting_user).exists()
    ):
        raise NotFoundError(_("志愿者不存在。"))
    now = timezone.now()
    at = at or now
    if action != "no_show":  # a no-show records no time
        if at > now + dt.timedelta(minutes=5):
            raise DomainError(_("签到、签退时间不能晚于现在。"), field="at")
        if not (
            activity.starts_at - dt.timedelta(minutes=settings.WENMING_CHECKIN_OPENS_MINUTES)
            <= at
            <= activity.ends_at + dt.timedelta(hours=settings.WENMING_ATTENDANCE_OPEN_CAP_HOURS)
        ):
            raise DomainError(_("时间须在活动时间范围内。"), field="at", code="outside_activity_time")
    if activity.status in (ActivityStatus.DRAFT, ActivityStatus.CANCELLED):
        raise DomainError(_("该活动不在进行中，不能签到。"), code="activity_not_running")
    existing = Attendance.objects.select_for_update(of=("self",)).filter(activity=activity, volunteer=volunteer).first()
    if action == "check_in":
        if existing is not None and existing.checked_in_at is not None:
            raise DomainError(_("该志愿者已经签到。"), code="already_checked_in")
        confirmed = signup if signup is not None and signup.status == SignUpStatus.CONFIRMED else None
        return _arrival_record(
            activity=activity,
            volunteer=volunteer,
            signup=confirmed,
            existing=existing,
            at=at,
            method=AttendanceMethod.MANUAL,
            idempotency_key=None,
            acting_user=acting_user,
        )
    if action == "check_out":
        if existing is None:
            raise DomainError(_("尚未签到，不能签退。"), code="not_checked_in")
        if existing.checked_out_at is not None:
            raise DomainError(_("该志愿者已经签退。"), code="already_checked_out")
        return _departure_record(existing, at=at, method=AttendanceMethod.MANUAL, key=None, acting_user=acting_user)
    if existing is not None and existing.checked_in_at is not None:
        raise DomainError(_("该志愿者已经签到，不能标记为缺席。"), code="already_checked_in")
    if signup is None or signup.status != SignUpStatus.CONFIRMED:
        raise DomainError(_("只有确认报名的志愿者可以标记缺席。"), code="not_signed_up")
    if existing is not None:
        return existing
    return Attendance.objects.create(
        activity=activity,
        volunteer=volunteer,
        signup=signup,
        method=AttendanceMethod.MANUAL,
        is_no_show=True,
        recorded_by=acting_user,
    )


def attendance_close_overdue(*, attendance_id: int, now: dt.datetime | None = None) -> bool:
    """Close one forgotten attendance at the activity's end and flag it; False if nothing to do."""
    now = now or timezone.now()
    with transaction.atomic():
        attendance = (
            Attendance.objects.select_for_update(of=("self",))
            .select_related("activity")
            .filter(pk=attendance_id)
            .first()
        )
        if attendance is None or attendance.checked_in_at is None or attendance.checked_out_at is not None:
            return False
        activity = attendance.activity
        if now < activity.ends_at + dt.timedelta(hours=settings.WENMING_ATTENDANCE_OPEN_CAP_HOURS):
            return False
        closed_at = max(activity.ends_at, attendance.checked_in_at + dt.timedelta(seconds=1))
        Attendance.objects.filter(pk=attendance.pk).update(
            checked_out_at=closed_at,
            checked_out_method=AttendanceMethod.AUTOMATIC,
            needs_review=True,
            is_closed_automatically=True,
            updated_at=now,
        )
        attendance.refresh_from_db()
        _hours_propose(attendance, recorder=None)
        return True


def attendances_close_overdue(*, now: dt.datetime | None = None, activity_id: int | None = None) -> int:
    now = now or timezone.now()
    cap = dt.timedelta(hours=settings.WENMING_ATTENDANCE_OPEN_CAP_HOURS)
    overdue = Attendance.objects.filter(
        checked_in_at__isnull=False, checked_out_at__isnull=True, activity__ends_at__lt=now - cap
    )
    if activity_id is not None:
        overdue = overdue.filter(activity_id=activity_id)
    return sum(attendance_close_overdue(attendance_id=pk, now=now) for pk in list(overdue.values_list("pk", flat=True)))
