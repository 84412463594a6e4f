"""Writes of certificates: issue (by an admin, or on a volunteer's request for one activity) and revoke.

Issuing is free (志愿服务条例 art. 19) and states only approved hours; each issue and each revocation
writes an audit row in the same transaction.
"""

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from wenming.accounts.models import AuditAction, User
from wenming.accounts.services import audit_event_record
from wenming.certificates.models import SERIAL_PREFIX, Certificate, CertificateCounter, IdType
from wenming.certificates.selectors import (
    certifiable_hours,
    certificate_get,
    certificate_may_issue_for,
    certificate_may_revoke,
)
from wenming.core.errors import DomainError, PermissionDeniedError

SERIAL_DIGITS = 6


def certificate_serial_number_next(*, region_code: str, year: int) -> str:
    """The next serial number of the county and year, e.g. ZM230781-2026-000123: gapless and race-safe.

    The counter row is incremented with an UPDATE, which holds its row lock (PostgreSQL) or the write
    lock (SQLite, IMMEDIATE) until the issuing transaction ends; a rolled-back issue gives its number back.
    Must run inside the issuing transaction.
    """
    county_code = region_code[:6]
    # get_or_create retries the read when a concurrent first issue of the year inserted the row.
    CertificateCounter.objects.get_or_create(county_code=county_code, year=year)
    CertificateCounter.objects.filter(county_code=county_code, year=year).update(last_number=F("last_number") + 1)
    number = CertificateCounter.objects.values_list("last_number", flat=True).get(county_code=county_code, year=year)
    return f"{SERIAL_PREFIX}{county_code}-{year}-{number:0{SERIAL_DIGITS}d}"


def _period_check(period_from: dt.date | None, period_to: dt.date | None, today: dt.date) -> None:
    if period_from and period_to and period_from > period_to:
        raise ValidationError({"period_to": [_("截止日期不能早于起始日期。")]})
    if period_from and period_from > today:
        raise ValidationError({"period_from": [_("起始日期不能晚于今天。")]})


@transaction.atomic
def certificate_issue(
    *,
    volunteer: Any,
    issuer_site: Any = None,
    period_from: dt.date | None = None,
    period_to: dt.date | None = None,
    activity: Any = None,
    notes: str = "",
    person_in_charge: str = "",
    handler_contact: str = "",
    acting_user: Any,
) -> Certificate:
    """Issue a certificate of the volunteer's approved hours; refused (nothing written) when there are none.

    An admin issues in the name of a site of their scope, for a period or one activity. A volunteer may
    request one for one activity of their own: the organizer site issues it and the approver of the
    hours is its handler.
    """
    today = timezone.localdate()
    is_self = volunteer.user_id is not None and volunteer.user_id == acting_user.pk
    if activity is not None:
        if issuer_site is not None and issuer_site.pk != activity.organizer_site_id:
            raise ValidationError({"issuer_site": [_("单个活动的证明由活动的组织阵地出具。")]})
        issuer_site = activity.organizer_site
    if issuer_site is None:
        raise ValidationError({"issuer_site": [_("请选择出具证明的阵地。")]})
    is_admin = certificate_may_issue_for(user=acting_user, site=issuer_site)
    if not is_admin:
        if not is_self:
            raise PermissionDeniedError(_("您无权以该阵地的名义出具志愿服务记录证明。"))
        if activity is None:
            raise PermissionDeniedError(_("志愿者本人只能为单个活动申请证明；按时段开具请联系出具单位。"))
    _period_check(period_from, period_to, today)
    # The certificate is an official record in Chinese, whatever the language of the page that asked.
    with translation.override(settings.LANGUAGE_CODE):
        hours = certifiable_hours(
            volunteer=volunteer,
            issuer_site=issuer_site,
            activity=activity,
            period_from=period_from,
            period_to=period_to,
        )
        service_content = hours.service_content
    if hours.total <= 0 or hours.first_on is None or hours.last_on is None:
        raise DomainError(_("所选范围内没有已审核的志愿服务时长，无法出具证明。"), code="no_approved_hours")
    if (
        activity is not None
        and Certificate.objects.filter(volunteer=volunteer, activity=activity, revoked_at__isnull=True).exists()
    ):
        raise DomainError(_("该活动已出具过证明，请勿重复申请。"), code="already_certified")
    handler = acting_user if is_admin else _user_or_none(hours.approver_id) or acting_user
    site = issuer_site  # fixed from here on (the activity's organizer for a volunteer's request)
    try:
        # A savepoint: a concurrent request for the same activity fails alone, not the outer transaction.
        with transaction.atomic():
            certificate = Certificate.objects.create(
                serial_number=certificate_serial_number_next(region_code=site.region.code, year=today.year),
                verification_token=secrets.token_urlsafe(32),
                volunteer=volunteer,
                region=site.region,
                issuer_site=site,
                issuer_name=site.name,
                person_in_charge=(
                    person_in_charge.strip()
                    or (activity.contact_name if activity is not None else "")
                    or hours.person_in_charge
                    or site.contact_name
                ),
                handler=handler,
                handler_name=str(handler.display_name or handler.username),
                handler_contact=handler_contact.strip() or handler.phone or site.contact_phone,
                volunteer_name=volunteer.name,
                id_type=IdType.RESIDENT_ID,
                id_number_masked=volunteer.id_number_masked,
                volunteer_number=volunteer.volunteer_number,
                hours=hours.total,
                service_content=service_content,
                period_from=period_from or hours.first_on,
                period_to=period_to or hours.last_on,
                activity=activity,
                issued_on=today,
                issued_by=acting_user,
                notes=notes.strip(),
            )
    except IntegrityError:
        raise DomainError(_("该活动已出具过证明，请勿重复申请。"), code="already_certified") from None
    audit_event_record(
        actor=acting_user,
        action=AuditAction.CERTIFICATE_ISSUED,
        region=certificate.region,
        target=certificate,
        reason=str(_("出具志愿服务记录证明 %(serial)s") % {"serial": certificate.serial_number}),
    )
    return certificate


def _user_or_none(user_id: int | None) -> User | None:
    return User.objects.filter(pk=user_id).first() if user_id is not None else None


@transaction.atomic
def certificate_revoke(*, certificate_id: int, reason: str, acting_user: Any) -> Certificate:
    """Revoke a certificate (it stays on record, marked revoked): admins of the issuer's region, with a reason."""
    visible = certificate_get(user=acting_user, certificate_id=certificate_id)
    certificate = Certificate.objects.select_for_update().select_related("region").get(pk=visible.pk)
    if not certificate_may_revoke(user=acting_user, certificate=certificate):
        raise PermissionDeniedError(_("只有出具单位所在辖区的管理员可以撤销证明。"))
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError({"reason": [_("请填写撤销原因。")]})
    if certificate.revoked_at is not None:
        raise DomainError(_("该证明已撤销。"), code="already_revoked")
    certificate.revoked_at = timezone.now()
    certificate.revoke_reason = reason[:200]
    certificate.revoked_by = acting_user
    certificate.save(update_fields=["revoked_at", "revoke_reason", "revoked_by"])
    audit_event_record(
        actor=acting_user,
        action=AuditAction.CERTIFICATE_REVOKED,
        region=certificate.region,
        target=certificate,
        reason=str(_("撤销证明 %(serial)s：%(reason)s") % {"serial": certificate.serial_number, "reason": reason})[
            :200
        ],
    )
    return certificate
