"""Writes of the public order page: confirming a mobile number by a one-time code, placing the order,
and rating it through the private follow link. No login: the confirmed number is the credential.

The code goes out through the outbound channels of `notifications.channels` (settings
WENMING_NOTIFICATION_CHANNELS), straight to the bare number: there is no inbox to put it in yet. Each
configured channel that would address a message to that number (the SMS gateway, the log channel…)
delivers it; channels that address an inbox or another kind of account skip it.

What reaches the logs: the log channel (the default) writes one INFO line with the title only, the
number masked (`138****5678`), never the body, so the code itself is never logged at INFO. A developer
running with DEBUG = True and LOG_LEVEL=DEBUG sees the code on the "wenming.orders.phone_codes" logger
(number masked); production never has DEBUG on.

A confirmed number places its orders as the number's own resident account (role 群众 in the county),
made on its first order with an unknown random password: the order's requester is that account, so the
existing rules of `orders.services` (a resident places and rates their own orders) apply unchanged, and
the resident's orders stay together however many they place.
"""

import datetime as dt
import hmac
import logging
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.models import RoleAssignment, User
from wenming.accounts.services import role_assign, user_create
from wenming.core.crypto import keyed_hash
from wenming.core.errors import DomainError, PermissionDeniedError
from wenming.core.masking import mask_phone
from wenming.notifications.channels import ChannelError, channels_configured
from wenming.notifications.models import Notification, NotificationKind
from wenming.orders.models import (
    PHONE_CODE_MAX_ATTEMPTS,
    OrderChannel,
    PhoneCode,
    PhoneCodePurpose,
    ServiceOrder,
)
from wenming.orders.selectors_pages import order_for_follow_link
from wenming.orders.services import order_rate, order_submit
from wenming.regions.models import Region
from wenming.regions.roles import Role

logger = logging.getLogger("wenming.orders.phone_codes")

CODE_DIGITS = 6
CODE_LIFETIME = dt.timedelta(minutes=10)
RESEND_INTERVAL = dt.timedelta(seconds=60)
SENDS_PER_HOUR = 5
MAX_ATTEMPTS = PHONE_CODE_MAX_ATTEMPTS
MOBILE_PATTERN = re.compile(r"^1[3-9]\d{9}$")
CODE_PATTERN = re.compile(rf"^\d{{{CODE_DIGITS}}}$")
RESIDENT_USERNAME_PREFIX = "resident-"


def phone_normalize(phone: str | None) -> str:
    """A mainland mobile number, spaces and dashes removed (a +86 prefix too), or a refusal."""
    digits = re.sub(r"[\s\-()]", "", phone or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    if not MOBILE_PATTERN.match(digits):
        raise DomainError(_("请填写正确的手机号码（11位）。"), field="phone", code="phone_invalid")
    return digits


def _phone_hash(phone: str) -> str:
    return keyed_hash(f"phone:{phone}")


def _code_hash(*, phone: str, purpose: str, code: str) -> str:
    return keyed_hash(f"code:{purpose}:{phone}:{code}")


def _phone_lock(phone_hash: str) -> None:
    """Serialise the sends to one number. SQLite runs every transaction as BEGIN IMMEDIATE already."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"phone-code:{phone_hash}"])


@dataclass(frozen=True)
class CodeSent:
    """The row of a code sent, and the code itself: for the channels only (and the tests), never shown."""

    phone_code: PhoneCode
    code: str


def _code_deliver(*, phone: str, code: str) -> int:
    """Hand the code to every configured channel that can reach the bare number; how many did."""
    message = Notification(
        recipient_user=User(phone=phone),  # unsaved: the channels read only the number from it
        kind=NotificationKind.GENERAL,
        title=_("文明实践点单验证码"),
        body=_("您的验证码是 %(code)s，%(minutes)s 分钟内有效。请勿告诉他人。")
        % {"code": code, "minutes": int(CODE_LIFETIME.total_seconds() // 60)},
    )
    delivered = 0
    for path, channel in channels_configured():
        if channel.address_for(message) != phone:
            continue  # an inbox, WeChat…: nothing reaches a number that has no account
        try:
            channel.deliver(notification=message, address=phone)
        except ChannelError as error:
            logger.warning("phone code to %s not sent through %s: %s", mask_phone(phone), path, error)
        else:
            delivered += 1
    if settings.DEBUG:
        logger.debug("phone code for %s: %s (DEBUG only)", mask_phone(phone), code)
    return delivered


def phone_code_send(*, phone: str, purpose: str = PhoneCodePurpose.ORDER, now: dt.datetime | None = None) -> CodeSent:
    """Send a fresh code to the number: at most one a minute and five an hour per number."""
    phone = phone_normalize(phone)
    if purpose not in PhoneCodePurpose.values:
        raise DomainError(_("未知的验证码用途。"), field="purpose")
    now = now or timezone.now()
    phone_hash = _phone_hash(phone)
    with transaction.atomic():
        _phone_lock(phone_hash)
        recent = PhoneCode.objects.filter(
            phone_hash=phone_hash, purpose=purpose, created_at__gt=now - dt.timedelta(hours=1)
        )
        last_at = recent.order_by("-created_at").values_list("created_at", flat=True).first()
        if last_at is not None and now - last_at < RESEND_INTERVAL:
            wait = int((RESEND_INTERVAL - (now - last_at)).total_seconds()) + 1
            raise DomainError(
                _("验证码已发送，请 %(seconds)s 秒后再重新获取。") % {"seconds": wait},
                field="phone",
                code="code_too_soon",
            )
        if recent.count() >= SENDS_PER_HOUR:
            raise DomainError(_("该号码获取验证码过于频繁，请一小时后再试。"), field="phone", code="code_rate_limited")
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        phone_code = PhoneCode.objects.create(
            phone_hash=phone_hash,
            phone_masked=mask_phone(phone),
            purpose=purpose,
            code_hash=_code_hash(phone=phone, purpose=purpose, code=code),
            created_at=now,
            expires_at=now + CODE_LIFETIME,
        )
    # Outside the transaction: a slow gateway holds no lock. A code that went nowhere still counts
    # against the limits, so a broken gateway is not hammered.
    if not _code_deliver(phone=phone, code=code):
        raise DomainError(_("验证码发送失败，请稍后再试。"), field="phone", code="code_not_sent")
    return CodeSent(phone_code=phone_code, code=code)


def phone_code_check(
    *, phone: str, code: str, purpose: str = PhoneCodePurpose.ORDER, now: dt.datetime | None = None
) -> int:
    """The id of the number's latest code when `code` is it and it is still good (not used).

    A wrong code counts one attempt, kept even though the refusal follows; after five the code is dead.
    """
    phone = phone_normalize(phone)
    code = (code or "").strip()
    if not CODE_PATTERN.match(code):
        raise DomainError(
            _("请输入 %(digits)s 位数字验证码。") % {"digits": CODE_DIGITS}, field="code", code="code_malformed"
        )
    now = now or timezone.now()
    refusal: DomainError | None = None
    with transaction.atomic():
        phone_code = (
            PhoneCode.objects.select_for_update()
            .filter(phone_hash=_phone_hash(phone), purpose=purpose)
            .order_by("-created_at", "-pk")
            .first()
        )
        if phone_code is None:
            refusal = DomainError(_("请先获取验证码。"), field="code", code="code_missing")
        elif phone_code.used_at is not None:
            refusal = DomainError(_("该验证码已使用，请重新获取。"), field="code", code="code_used")
        elif phone_code.expires_at <= now:
            refusal = DomainError(_("验证码已过期，请重新获取。"), field="code", code="code_expired")
        elif phone_code.attempts >= MAX_ATTEMPTS:
            refusal = DomainError(_("验证码错误次数过多，请重新获取。"), field="code", code="code_attempts")
        elif not hmac.compare_digest(phone_code.code_hash, _code_hash(phone=phone, purpose=purpose, code=code)):
            PhoneCode.objects.filter(pk=phone_code.pk).update(attempts=F("attempts") + 1)
            left = MAX_ATTEMPTS - phone_code.attempts - 1
            refusal = (
                DomainError(
                    _("验证码不正确，还可以再试 %(left)s 次。") % {"left": left}, field="code", code="code_wrong"
                )
                if left > 0
                else DomainError(_("验证码错误次数过多，请重新获取。"), field="code", code="code_attempts")
            )
        else:
            return phone_code.pk
    assert refusal is not None
    raise refusal


def _phone_code_use(*, phone_code_id: int, now: dt.datetime) -> None:
    """Mark the code used, under its lock: of two submissions with one code, one wins."""
    phone_code = PhoneCode.objects.select_for_update().get(pk=phone_code_id)
    if phone_code.used_at is not None:
        raise DomainError(_("该验证码已使用，请重新获取。"), field="code", code="code_used")
    PhoneCode.objects.filter(pk=phone_code_id).update(used_at=now)


def _resident_for_phone(*, phone: str, name: str, county: Region) -> User:
    """The number's own resident account (made on its first order; nobody knows its password)."""
    username = f"{RESIDENT_USERNAME_PREFIX}{keyed_hash(f'resident:{phone}')[:32]}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(username=username, password=secrets.token_urlsafe(32), display_name=name, phone=phone)
    if not user.is_active:
        raise PermissionDeniedError(_("该号码已被停用网上点单，请拨打服务电话。"))
    if not RoleAssignment.objects.filter(user=user, role=Role.RESIDENT, region=county).exists():
        role_assign(user=user, role=Role.RESIDENT, region=county)
    return user


def order_submit_public(
    *,
    county: Region,
    phone: str,
    code: str,
    requester_name: str,
    service_code: str,
    description: str,
    address: str,
    region: Region | None = None,
    latitude: Any = None,
    longitude: Any = None,
    coordinate_system: str = "wgs84",
    desired_at: dt.datetime | None = None,
    desired_end_at: dt.datetime | None = None,
    people_needed: int = 1,
) -> ServiceOrder:
    """Place an order from the public page (channel web) once the number's code checks out.

    A wrong, expired, used or worn-out code is refused and nothing is created; a refused order leaves
    the code unused, so the resident corrects the form and sends it again with the same code.
    """
    phone = phone_normalize(phone)
    if region is not None and not region.path.startswith(county.path):
        raise DomainError(_("所选村（社区）不在该县（市、区）。"), field="region")
    phone_code_id = phone_code_check(phone=phone, code=code)
    now = timezone.now()
    with transaction.atomic():
        _phone_code_use(phone_code_id=phone_code_id, now=now)
        resident = _resident_for_phone(phone=phone, name=(requester_name or "").strip()[:64], county=county)
        return order_submit(
            channel=OrderChannel.WEB,
            region=region or county,
            service_code=service_code,
            description=description,
            address=address,
            requester_name=requester_name,
            requester_phone=phone,
            latitude=latitude,
            longitude=longitude,
            coordinate_system=coordinate_system,
            desired_at=desired_at,
            desired_end_at=desired_end_at,
            people_needed=people_needed,
            acting_user=resident,
        )


def order_rate_by_follow_link(*, number: str, token: str, rating: int, comment: str = "") -> ServiceOrder:
    """The requester rates through the private follow link: the link stands for their login."""
    order = order_for_follow_link(number=number, token=token)
    if order.requester is None:
        raise PermissionDeniedError(_("该订单由工作人员代为录入，请致电服务站评价。"))
    return order_rate(order_id=order.pk, rating=rating, comment=comment, acting_user=order.requester)
