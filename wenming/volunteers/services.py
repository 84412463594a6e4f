"""Writes of volunteer records: registration validates, encrypts and checks for duplicates."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.accounts.models import AuditAction
from wenming.accounts.services import audit_event_record
from wenming.core.crypto import decrypt_text, encrypt_text, keyed_hash
from wenming.core.errors import PermissionDeniedError
from wenming.core.identity import age_on, id_number_parse, phone_normalize
from wenming.core.masking import mask_id_number
from wenming.regions.models import Region
from wenming.regions.roles import Role
from wenming.volunteers.models import Volunteer

GUARDIAN_CONSENT_AGE = 14  # PIPL art. 28/31: data of children under 14 needs a guardian's consent


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


def volunteer_number_next(region_code: str) -> str:
    """Public volunteer number: county code + 8-digit sequence (never derived from the ID number)."""
    prefix = region_code[:6]
    last = (
        Volunteer.objects.filter(volunteer_number__startswith=prefix)
        .order_by("-volunteer_number")
        .values_list("volunteer_number", flat=True)
        .first()
    )
    sequence = int(last[6:]) + 1 if last else 1
    return f"{prefix}{sequence:08d}"


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
) -> Volunteer:
    """Register a volunteer; every bad field is reported at once and nothing is saved."""
    errors: dict[str, list[Any]] = {}
    name = (name or "").strip()
    if not name:
        errors.setdefault("name", []).append(_("请填写姓名。"))
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
    registered_at = registered_at or timezone.now()
    if sealed is not None:
        if Volunteer.objects.filter(id_number_hash=sealed.hash).exists():
            errors.setdefault("id_number", []).append(_("该身份证号码已注册为志愿者。"))
        under_age = age_on(sealed.birth_on, timezone.localdate(registered_at)) < GUARDIAN_CONSENT_AGE
        if under_age and not (guardian_consents and guardian_name.strip()):
            errors.setdefault("guardian_consent", []).append(_("未满14周岁的志愿者须由监护人填写姓名并同意。"))
    if guardian_phone:
        try:
            guardian_phone = phone_normalize(guardian_phone)
        except ValidationError as error:
            errors.setdefault("guardian_phone", []).extend(error.messages)
    if errors:
        raise ValidationError(errors)
    assert sealed is not None
    try:
        return Volunteer.objects.create(
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
            guardian_name=guardian_name.strip() if guardian_consents else "",
            guardian_phone=guardian_phone if guardian_consents else "",
            guardian_consent_at=registered_at if guardian_consents else None,
            registered_at=registered_at,
        )
    except IntegrityError:
        # A concurrent registration of the same ID number won the race.
        raise ValidationError({"id_number": [_("该身份证号码已注册为志愿者。")]}) from None


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
