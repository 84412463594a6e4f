"""Writes of volunteer records: registration validates, encrypts and checks for duplicates."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.accounts.models import AuditAction, RoleAssignment, User
from wenming.accounts.services import audit_event_record, role_assign, user_create
from wenming.core.crypto import decrypt_text, encrypt_text, keyed_hash
from wenming.core.errors import DomainError, NotFoundError, PermissionDeniedError
from wenming.core.identity import age_on, id_number_parse, phone_normalize
from wenming.core.masking import mask_id_number
from wenming.notifications.models import NotificationKind
from wenming.notifications.services import notification_send
from wenming.regions.access import scoped
from wenming.regions.models import Region
from wenming.regions.roles import ADD, CHANGE, VIEW, Role, roles_allowed
from wenming.teams.models import Membership
from wenming.volunteers.models import (
    RegistrationChannel,
    Skill,
    Volunteer,
    VolunteerNumberCounter,
    VolunteerStatus,
    VolunteerTag,
)

GUARDIAN_CONSENT_AGE = 14  # PIPL art. 28/31: data of children under 14 needs a guardian's consent
ADULT_AGE = 18  # a minor's record is sensitive personal information (PIPL art. 28)
NUMBER_DIGITS = 8
VOLUNTEER_LABEL = "volunteers.volunteer"


@dataclass(frozen=True)
class SealedIdNumber:
    """What is stored of an ID number: ciphertext, keyed hash, masked form and derived facts."""

    encrypted: str
    hash: str
    masked: str
    birth_on: dt.date
    gender: str
    warnings: tuple[str, ...]


def id_number_seal(raw: str) -> SealedIdNumber:
    try:
        parsed = id_number_parse(raw)
    except ValidationError as error:
        raise ValidationError({"id_number": error.messages}) from None
    return SealedIdNumber(
        encrypted=encrypt_text(parsed.value),
        hash=keyed_hash(parsed.value),
        masked=mask_id_number(parsed.value),
        birth_on=parsed.birth_on,
        gender=parsed.gender,
        warnings=parsed.warnings,
    )


def volunteer_numbers_allocate(region_code: str, count: int) -> list[str]:
    """`count` consecutive public volunteer numbers: county code + 8-digit sequence (never from the ID number).

    The county's counter row is locked (select_for_update on PostgreSQL, the write lock of an
    IMMEDIATE transaction on SQLite) until the registering transaction ends, so concurrent
    registrations queue and never take the same number. Numbers written without the counter (the
    demo seed, old imports) are respected: the sequence continues after the highest number in use.
    The unique constraint on volunteer_number stays the last line of defence.
    """
    county_code = region_code[:6]
    with transaction.atomic():
        VolunteerNumberCounter.objects.get_or_create(county_code=county_code)
        counter = VolunteerNumberCounter.objects.select_for_update().get(county_code=county_code)
        highest = Volunteer.objects.filter(
            volunteer_number__gte=f"{county_code}{0:0{NUMBER_DIGITS}d}",
            volunteer_number__lte=f"{county_code}{10**NUMBER_DIGITS - 1}",
        ).aggregate(highest=Max("volunteer_number"))["highest"]
        last = max(counter.last_number, int(highest[6:]) if highest else 0)
        counter.last_number = last + count
        counter.save(update_fields=["last_number"])
    return [f"{county_code}{sequence:0{NUMBER_DIGITS}d}" for sequence in range(last + 1, last + count + 1)]


def volunteer_number_next(region_code: str) -> str:
    """The next public volunteer number of the county (see volunteer_numbers_allocate); call inside the
    registering transaction so that the number is held until it is saved."""
    return volunteer_numbers_allocate(region_code, 1)[0]


def duplicate_message(*, existing: Volunteer, user: Any) -> str:
    """The answer to a second registration of an ID number.

    Staff who may see the existing record are told its public number and teams. Anyone else (a
    resident registering on the phone page, an admin of another region) is told only that the number
    is registered and in which teams: a team's name is public, the volunteer number and the region
    are not told across scopes.
    """
    teams = list(
        Membership.objects.filter(volunteer=existing, left_on__isnull=True)
        .order_by("team__name")
        .values_list("team__name", flat=True)
    )
    team_text = "、".join(teams) if teams else str(_("尚未加入队伍"))
    visible = bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and scoped(Volunteer.objects.filter(pk=existing.pk), user, VIEW).exists()
    )
    if visible:
        return str(
            _("该身份证号码已注册（志愿者编号 %(number)s，所在队伍 %(teams)s）。")
            % {"number": existing.volunteer_number, "teams": team_text}
        )
    return str(_("该身份证号码已注册（所在队伍 %(teams)s）。") % {"teams": team_text})


def _ids_of(model: Any, codes: Iterable[str] | None, field: str) -> list[Any]:
    """The rows of a tag or skill model with the given codes; an unknown code is reported by field."""
    wanted = sorted({code.strip() for code in codes or () if code and code.strip()})
    if not wanted:
        return []
    found = list(model.objects.filter(code__in=wanted))
    missing = sorted(set(wanted) - {row.code for row in found})
    if missing:
        raise ValidationError({field: [_("未知的编码：%(codes)s。") % {"codes": "、".join(missing)}]})
    return found


@transaction.atomic
def volunteer_register(
    *,
    region: Any,
    name: str,
    id_number: str,
    phone: str,
    acting_user: Any = None,
    guardian_name: str = "",
    guardian_phone: str = "",
    guardian_consents: bool = False,
    user: Any = None,
    registered_at: dt.datetime | None = None,
    channel: str = RegistrationChannel.STAFF,
    status: str = VolunteerStatus.ACTIVE,
    consents: bool | None = None,
    tags: Iterable[str] | None = None,
    skills: Iterable[str] | None = None,
) -> Volunteer:
    """Register a volunteer; every bad field is reported at once and nothing is saved.

    `consents` is the registrant's consent to the data rules: required (and recorded in consent_at)
    when given as False/True; None keeps the older callers (demo, admin) that record none. A minor's
    record is marked sensitive; under 14 a guardian must be named and consent.
    """
    errors: dict[str, list[Any]] = {}
    name = (name or "").strip()
    if not name:
        errors.setdefault("name", []).append(_("请填写姓名。"))
    elif len(name) > 64:
        errors.setdefault("name", []).append(_("姓名不能超过64个字符。"))
    sealed = None
    try:
        sealed = id_number_seal(id_number)
    except ValidationError as error:
        errors.update(error.message_dict)
    normalized_phone = ""
    try:
        normalized_phone = phone_normalize(phone)
    except ValidationError as error:
        errors.setdefault("phone", []).extend(error.messages)
    if consents is False:
        errors.setdefault("consents", []).append(_("请阅读并同意志愿者个人信息处理规则。"))
    registered_at = registered_at or timezone.now()
    guardian_name = (guardian_name or "").strip()
    if len(guardian_name) > 64:
        errors.setdefault("guardian_name", []).append(_("监护人姓名不能超过64个字符。"))
    is_sensitive = False
    if sealed is not None:
        existing = Volunteer.objects.filter(id_number_hash=sealed.hash).first()
        if existing is not None:
            errors.setdefault("id_number", []).append(duplicate_message(existing=existing, user=acting_user))
        age = age_on(sealed.birth_on, timezone.localdate(registered_at))
        is_sensitive = age < ADULT_AGE
        if age < GUARDIAN_CONSENT_AGE and not (guardian_consents and guardian_name):
            errors.setdefault("guardian_consent", []).append(_("未满14周岁的志愿者须由监护人填写姓名并同意。"))
    if guardian_phone:
        try:
            guardian_phone = phone_normalize(guardian_phone)
        except ValidationError as error:
            errors.setdefault("guardian_phone", []).extend(error.messages)
    tag_rows: list[Any] = []
    skill_rows: list[Any] = []
    try:
        tag_rows = _ids_of(VolunteerTag, tags, "tags")
        skill_rows = _ids_of(Skill, skills, "skills")
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    assert sealed is not None
    try:
        # A savepoint: a concurrent registration of the same ID number fails alone, not the caller's transaction.
        with transaction.atomic():
            volunteer = Volunteer.objects.create(
                region=region,
                user=user,
                volunteer_number=volunteer_number_next(region.code),
                name=name,
                id_number_encrypted=sealed.encrypted,
                id_number_hash=sealed.hash,
                id_number_masked=sealed.masked,
                gender=sealed.gender,
                birth_on=sealed.birth_on,
                phone=normalized_phone,
                status=status,
                channel=channel,
                consent_at=registered_at if consents else None,
                is_sensitive=is_sensitive,
                guardian_name=guardian_name if guardian_consents else "",
                guardian_phone=guardian_phone if guardian_consents else "",
                guardian_consent_at=registered_at if guardian_consents else None,
                registered_at=registered_at,
            )
    except IntegrityError:
        # A concurrent registration of the same ID number won the race.
        if not Volunteer.objects.filter(id_number_hash=sealed.hash).exists():
            raise
        raise ValidationError({"id_number": [_("该身份证号码已注册为志愿者。")]}) from None
    if tag_rows:
        volunteer.tags.set(tag_rows)
    if skill_rows:
        volunteer.skills.set(skill_rows)
    return volunteer


@transaction.atomic
def volunteer_self_register(
    *,
    region: Any,
    name: str,
    id_number: str,
    phone: str,
    consents: bool,
    password: str = "",
    guardian_name: str = "",
    guardian_phone: str = "",
    guardian_consents: bool = False,
    acting_user: Any = None,
) -> Volunteer:
    """A resident registers on the phone page: pending until an admin of the region approves.

    A logged-in user without a volunteer record is linked to the new record. Anyone else gets a
    login account: the username is the phone number and the password their own (Django's password
    validators). The volunteer role is given only on approval. Nothing is saved on any error.
    """
    errors: dict[str, list[Any]] = {}
    account = acting_user if getattr(acting_user, "is_authenticated", False) else None
    if account is not None and Volunteer.objects.filter(user=account).exists():
        raise DomainError(_("您的账号已登记为志愿者，无需重复注册。"), code="already_volunteer")
    if region is None:
        errors["region"] = [_("请选择所在村（社区）。")]
    username = ""
    if account is None:
        try:
            username = phone_normalize(phone)
        except ValidationError:
            username = ""  # reported by volunteer_register under "phone"
        if username and User.objects.filter(username=username).exists():
            errors["phone"] = [_("该手机号已有登录账号，请先登录后再注册。")]
        try:
            validate_password(password or "", User(username=username, phone=username, display_name=name))
        except ValidationError as error:
            errors["password"] = list(error.messages)
    if region is None:
        raise ValidationError(errors)
    try:
        # Saved only when every field is valid: a refusal of the account rolls the registration back.
        volunteer = volunteer_register(
            region=region,
            name=name,
            id_number=id_number,
            phone=phone,
            guardian_name=guardian_name,
            guardian_phone=guardian_phone,
            guardian_consents=guardian_consents,
            channel=RegistrationChannel.SELF_SERVICE,
            status=VolunteerStatus.PENDING,
            consents=bool(consents),
            acting_user=account,
        )
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    if account is None:
        account = user_create(username=username, password=password, display_name=volunteer.name, phone=volunteer.phone)
    volunteer.user = account
    volunteer.save(update_fields=["user"])
    return volunteer


def volunteer_admin_paths(*, user: Any, action: str = CHANGE) -> list[str]:
    """Region paths where the user administers volunteers (county, township and station admins)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return user.region_paths(roles_allowed(VOLUNTEER_LABEL, action))


def volunteer_may_administer(*, user: Any, region: Any, action: str = CHANGE) -> bool:
    """Whether the user is an admin of volunteers in `region` (a personal scope is not enough)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(region.path.startswith(path) for path in volunteer_admin_paths(user=user, action=action))


@transaction.atomic
def volunteer_staff_register(
    *,
    region: Any,
    name: str,
    id_number: str,
    phone: str,
    consents: bool,
    activate: bool = True,
    guardian_name: str = "",
    guardian_phone: str = "",
    guardian_consents: bool = False,
    tags: Iterable[str] | None = None,
    skills: Iterable[str] | None = None,
    acting_user: Any,
) -> Volunteer:
    """Staff enter a registration (paper form, walk-in): active at once, or pending review by choice."""
    if region is None:
        raise ValidationError({"region_code": [_("请选择所属区划。")]})
    if not volunteer_may_administer(user=acting_user, region=region, action=ADD):
        raise PermissionDeniedError(_("只能为本辖区登记志愿者。"))
    now = timezone.now()
    volunteer = volunteer_register(
        region=region,
        name=name,
        id_number=id_number,
        phone=phone,
        guardian_name=guardian_name,
        guardian_phone=guardian_phone,
        guardian_consents=guardian_consents,
        channel=RegistrationChannel.STAFF,
        status=VolunteerStatus.ACTIVE if activate else VolunteerStatus.PENDING,
        consents=bool(consents),
        tags=tags,
        skills=skills,
        acting_user=acting_user,
        registered_at=now,
    )
    if activate:
        volunteer.reviewed_at = now
        volunteer.reviewed_by = acting_user
        volunteer.save(update_fields=["reviewed_at", "reviewed_by"])
    return volunteer


def _volunteer_for_change(*, volunteer_id: int, acting_user: Any) -> Volunteer:
    """The volunteer locked for a change by an admin: 404 outside the user's sight, 403 when seen but not theirs."""
    visible = scoped(Volunteer.objects.filter(pk=volunteer_id), acting_user, VIEW).exists()
    if not visible:
        raise NotFoundError(_("志愿者不存在。"), field="id")
    volunteer = Volunteer.objects.select_for_update(of=("self",)).select_related("region", "user").get(pk=volunteer_id)
    if not volunteer_may_administer(user=acting_user, region=volunteer.region):
        raise PermissionDeniedError(_("只有本辖区的管理员可以审核或修改志愿者信息。"))
    return volunteer


def _review(*, volunteer_id: int, acting_user: Any, note: str, approve: bool) -> Volunteer:
    volunteer = _volunteer_for_change(volunteer_id=volunteer_id, acting_user=acting_user)
    note = (note or "").strip()
    if len(note) > 200:
        raise ValidationError({"note": [_("审核意见不能超过200个字符。")]})
    if not approve and len(note) < 2:
        raise ValidationError({"note": [_("请填写不通过的原因。")]})
    if volunteer.status != VolunteerStatus.PENDING:
        raise DomainError(_("该志愿者不在待审核状态。"), code="not_pending")
    volunteer.status = VolunteerStatus.ACTIVE if approve else VolunteerStatus.REJECTED
    volunteer.reviewed_at = timezone.now()
    volunteer.reviewed_by = acting_user
    volunteer.review_note = note
    volunteer.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_note", "updated_at"])
    if approve and volunteer.user is not None:
        has_role = RoleAssignment.objects.filter(
            user=volunteer.user, role=Role.VOLUNTEER, region=volunteer.region
        ).exists()
        if not has_role:
            role_assign(user=volunteer.user, role=Role.VOLUNTEER, region=volunteer.region, acting_user=acting_user)
    if volunteer.user is not None:
        if approve:
            title = _("志愿者注册已通过审核")
            body = _("您的志愿者编号是 %(number)s，欢迎参加志愿服务活动。") % {"number": volunteer.volunteer_number}
        else:
            title = _("志愿者注册未通过审核")
            body = _("原因：%(note)s") % {"note": note}
        notification_send(
            recipients=[volunteer],
            kind=NotificationKind.GENERAL,
            title=str(title),
            body=str(body),
            url=reverse("home"),
            related=volunteer,
        )
    return volunteer


@transaction.atomic
def volunteer_approve(*, volunteer_id: int, acting_user: Any, note: str = "") -> Volunteer:
    """An admin of the region approves a pending registration: active, volunteer role, notified."""
    return _review(volunteer_id=volunteer_id, acting_user=acting_user, note=note, approve=True)


@transaction.atomic
def volunteer_reject(*, volunteer_id: int, acting_user: Any, note: str) -> Volunteer:
    """An admin of the region rejects a pending registration with a reason; the volunteer is notified."""
    return _review(volunteer_id=volunteer_id, acting_user=acting_user, note=note, approve=False)


# Status changes an edit may make; pending registrations are decided by approval, never by an edit.
STATUS_CHANGES: dict[str, frozenset[str]] = {
    VolunteerStatus.ACTIVE: frozenset({VolunteerStatus.SUSPENDED, VolunteerStatus.WITHDRAWN}),
    VolunteerStatus.SUSPENDED: frozenset({VolunteerStatus.ACTIVE, VolunteerStatus.WITHDRAWN}),
    VolunteerStatus.WITHDRAWN: frozenset({VolunteerStatus.ACTIVE}),
}


@transaction.atomic
def volunteer_update(
    *,
    volunteer_id: int,
    acting_user: Any,
    phone: str | None = None,
    status: str | None = None,
    tags: Iterable[str] | None = None,
    skills: Iterable[str] | None = None,
) -> Volunteer:
    """Staff change a volunteer's phone, tags, skills or status (suspend, withdraw, reinstate); None keeps a field."""
    volunteer = _volunteer_for_change(volunteer_id=volunteer_id, acting_user=acting_user)
    errors: dict[str, list[Any]] = {}
    changed: list[str] = []
    if phone is not None:
        try:
            normalized = phone_normalize(phone)
        except ValidationError as error:
            errors["phone"] = list(error.messages)
        else:
            if normalized != volunteer.phone:
                volunteer.phone = normalized
                changed += ["phone", "phone_reversed"]
    if status is not None and status != volunteer.status:
        if status not in STATUS_CHANGES.get(volunteer.status, frozenset()):
            errors["status"] = [
                _("不能从“%(old)s”改为“%(new)s”。")
                % {"old": volunteer.get_status_display(), "new": VolunteerStatus(status).label}
                if status in VolunteerStatus.values
                else _("未知的状态。")
            ]
        else:
            volunteer.status = status
            changed.append("status")
    tag_rows = skill_rows = None
    try:
        if tags is not None:
            tag_rows = _ids_of(VolunteerTag, tags, "tags")
        if skills is not None:
            skill_rows = _ids_of(Skill, skills, "skills")
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    if changed:
        volunteer.save(update_fields=[*changed, "updated_at"])
    if tag_rows is not None:
        volunteer.tags.set(tag_rows)
    if skill_rows is not None:
        volunteer.skills.set(skill_rows)
    return volunteer


# DESIGN.md §1: the full ID number is for county and township admins (own subtree), audited.
ID_NUMBER_REVEAL_ROLES = frozenset({Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN})


def id_number_reveal_allowed(*, user: Any, volunteer: Volunteer) -> bool:
    """Whether a staff user may see this volunteer's full ID number (a county/township admin of the region)."""
    if not user.is_active:
        return False
    paths = user.region_paths(ID_NUMBER_REVEAL_ROLES)
    return bool(user.is_superuser or any(volunteer.region.path.startswith(path) for path in paths))


@transaction.atomic
def volunteer_id_number_reveal(
    *, volunteer: Volunteer, acting_user: Any, reason: str, ip_address: str | None = None
) -> str:
    """The full ID number, for the volunteer themselves or an admin of their region; always audited."""
    reason = (reason or "").strip()
    is_self = volunteer.user_id is not None and volunteer.user_id == acting_user.pk
    if not is_self:
        if not id_number_reveal_allowed(user=acting_user, volunteer=volunteer):
            raise PermissionDeniedError(_("只有中心或所管理员可以查看本辖区志愿者的完整身份证号。"))
        if len(reason) < 2:
            raise ValidationError({"reason": [_("请填写查看完整身份证号的事由。")]})
    audit_event_record(
        actor=acting_user,
        action=AuditAction.ID_NUMBER_REVEALED,
        region=volunteer.region,
        target=volunteer,
        reason=reason or str(_("本人查看")),
        ip_address=ip_address,
    )
    return decrypt_text(volunteer.id_number_encrypted)


def personal_data_export_authorize(
    *, user: Any, unmasked: bool, reason: str, export_name: str, ip_address: str | None = None
) -> bool:
    """Whether an Excel export shows full ID numbers and phones; masked unless asked for.

    Unmasked exports are for county and township admins (as the full-ID reveal), need a reason and
    are written to the audit log, one row per export, against the admin's widest region.
    """
    if not unmasked:
        return False
    reason = (reason or "").strip()
    regions = [a.region for a in user.active_assignments if a.role in ID_NUMBER_REVEAL_ROLES]
    if not (user.is_active and (regions or user.is_superuser)):
        raise PermissionDeniedError(_("只有中心或所管理员可以导出未脱敏的身份证号和手机号。"))
    if len(reason) < 2:
        raise ValidationError({"reason": [_("请填写导出未脱敏信息的事由。")]})
    region = min(regions, key=lambda region: len(region.path)) if regions else Region.objects.order_by("path").first()
    audit_event_record(
        actor=user,
        action=AuditAction.PERSONAL_DATA_EXPORTED,
        region=region,
        target=region,
        reason=f"{export_name}：{reason}"[:200],
        ip_address=ip_address,
    )
    return True
