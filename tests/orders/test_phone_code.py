"""Phone confirmation of the public order page: send, check, expiry, attempts, rate limits, reuse, and
what reaches the logs."""

import datetime as dt
import logging

import pytest
from django.utils import timezone

from tests.notifications.channels import FAILING, LOG
from tests.orders.channels import CODE_RECORDING, CodeRecordingChannel
from tests.orders.order_builders import order_fields
from wenming.accounts.models import RoleAssignment, User
from wenming.core.errors import DomainError
from wenming.orders.models import OrderChannel, OrderEvent, PhoneCode, ServiceOrder
from wenming.orders.services_public import (
    MAX_ATTEMPTS,
    order_submit_public,
    phone_code_check,
    phone_code_send,
    phone_normalize,
)
from wenming.regions.roles import Role

PHONE = "13912345678"


@pytest.fixture(autouse=True)
def recording_channel(settings):
    settings.WENMING_NOTIFICATION_CHANNELS = [CODE_RECORDING]
    CodeRecordingChannel.sent.clear()
    yield
    CodeRecordingChannel.sent.clear()


def _public_fields(county, **overrides):
    fields = order_fields(county)
    for name in ("channel", "region", "category_id", "requester_phone"):
        fields.pop(name)
    fields.update(county=county.county, service_code=county.team.category.code, phone=PHONE)
    fields.update(overrides)
    return fields


def test_send_stores_only_hashes_and_delivers_the_code_to_the_number(db):
    # when
    sent = phone_code_send(phone="139-1234-5678")
    # then
    row = PhoneCode.objects.get()
    assert CodeRecordingChannel.sent == [(PHONE, f"您的验证码是 {sent.code}，10 分钟内有效。请勿告诉他人。")]
    assert row.phone_masked == "139****5678"
    assert PHONE not in row.phone_hash and sent.code not in row.code_hash
    assert len(row.code_hash) == 64 and row.attempts == 0 and row.used_at is None
    assert row.expires_at - row.created_at == dt.timedelta(minutes=10)


def test_a_number_that_is_not_a_mobile_is_refused_and_nothing_sent(db):
    with pytest.raises(DomainError) as refusal:
        phone_code_send(phone="010-1234567")
    assert str(refusal.value.message) == "请填写正确的手机号码（11位）。"
    assert PhoneCode.objects.count() == 0 and CodeRecordingChannel.sent == []


def test_normalize_drops_spaces_and_the_country_prefix():
    assert phone_normalize("+86 139 1234 5678") == PHONE


def test_a_second_code_within_a_minute_is_refused(db):
    now = timezone.now()
    phone_code_send(phone=PHONE, now=now)
    with pytest.raises(DomainError) as refusal:
        phone_code_send(phone=PHONE, now=now + dt.timedelta(seconds=30))
    assert refusal.value.code == "code_too_soon"
    assert str(refusal.value.message) == "验证码已发送，请 31 秒后再重新获取。"
    assert PhoneCode.objects.count() == 1 and len(CodeRecordingChannel.sent) == 1


def test_at_most_five_codes_an_hour(db):
    start = timezone.now()
    for minute in range(5):
        phone_code_send(phone=PHONE, now=start + dt.timedelta(minutes=minute * 2))
    with pytest.raises(DomainError) as refusal:
        phone_code_send(phone=PHONE, now=start + dt.timedelta(minutes=20))
    assert refusal.value.code == "code_rate_limited"
    assert PhoneCode.objects.count() == 5
    # an hour after the first, one more may go
    phone_code_send(phone=PHONE, now=start + dt.timedelta(minutes=61))
    assert PhoneCode.objects.count() == 6


def test_the_limits_are_per_number(db):
    now = timezone.now()
    phone_code_send(phone=PHONE, now=now)
    phone_code_send(phone="13912345679", now=now)
    assert PhoneCode.objects.count() == 2


def test_check_accepts_the_right_code_and_leaves_it_unused(db):
    sent = phone_code_send(phone=PHONE)
    assert phone_code_check(phone=PHONE, code=sent.code) == sent.phone_code.pk
    assert PhoneCode.objects.get().used_at is None


def test_a_wrong_code_counts_an_attempt_and_says_how_many_are_left(db):
    sent = phone_code_send(phone=PHONE)
    wrong = "000000" if sent.code != "000000" else "111111"
    with pytest.raises(DomainError) as refusal:
        phone_code_check(phone=PHONE, code=wrong)
    assert str(refusal.value.message) == "验证码不正确，还可以再试 4 次。"
    assert PhoneCode.objects.get().attempts == 1


def test_after_five_wrong_codes_even_the_right_one_is_refused(db):
    sent = phone_code_send(phone=PHONE)
    wrong = "000000" if sent.code != "000000" else "111111"
    messages = []
    for _ in range(MAX_ATTEMPTS):
        with pytest.raises(DomainError) as refusal:
            phone_code_check(phone=PHONE, code=wrong)
        messages.append(str(refusal.value.message))
    assert messages[-1] == "验证码错误次数过多，请重新获取。"
    with pytest.raises(DomainError) as refusal:
        phone_code_check(phone=PHONE, code=sent.code)
    assert refusal.value.code == "code_attempts"
    assert PhoneCode.objects.get().attempts == MAX_ATTEMPTS


def test_an_expired_code_is_refused(db):
    now = timezone.now()
    sent = phone_code_send(phone=PHONE, now=now)
    with pytest.raises(DomainError) as refusal:
        phone_code_check(phone=PHONE, code=sent.code, now=now + dt.timedelta(minutes=10, seconds=1))
    assert str(refusal.value.message) == "验证码已过期，请重新获取。"
    assert PhoneCode.objects.get().attempts == 0


def test_no_code_sent_and_a_malformed_code_are_refused_without_an_attempt(db):
    with pytest.raises(DomainError) as refusal:
        phone_code_check(phone=PHONE, code="123456")
    assert str(refusal.value.message) == "请先获取验证码。"
    phone_code_send(phone=PHONE)
    with pytest.raises(DomainError) as refusal:
        phone_code_check(phone=PHONE, code="12a")
    assert str(refusal.value.message) == "请输入 6 位数字验证码。"
    assert PhoneCode.objects.get().attempts == 0


def test_a_code_sent_to_another_number_does_not_confirm_this_one(db):
    sent = phone_code_send(phone="13912345679")
    with pytest.raises(DomainError) as refusal:
        phone_code_check(phone=PHONE, code=sent.code)
    assert refusal.value.code == "code_missing"


def test_submit_places_a_web_order_as_the_numbers_resident_and_uses_the_code(county):
    sent = phone_code_send(phone=PHONE)
    # when
    order = order_submit_public(code=sent.code, **_public_fields(county))
    # then
    assert order.channel == OrderChannel.WEB
    assert order.requester_phone == PHONE and order.requester_name == "赵大娘"
    assert order.region == county.county
    resident = order.requester
    assert resident is not None and resident.phone == PHONE and not resident.username.endswith(PHONE)
    assert list(RoleAssignment.objects.filter(user=resident).values_list("role", "region")) == [
        (Role.RESIDENT, county.county.pk)
    ]
    assert PhoneCode.objects.get().used_at is not None
    assert list(order.events.values_list("to_status", "reason")) == [("submitted", "点单（网页/H5）")]


def test_the_same_number_orders_again_as_the_same_resident(county):
    first = order_submit_public(code=phone_code_send(phone=PHONE).code, **_public_fields(county))
    later = timezone.now() + dt.timedelta(minutes=2)
    second_code = phone_code_send(phone=PHONE, now=later).code
    second = order_submit_public(code=second_code, **_public_fields(county))
    assert first.requester_id == second.requester_id
    assert User.objects.filter(phone=PHONE).count() == 1


def test_a_used_code_is_refused_and_nothing_is_created(county):
    sent = phone_code_send(phone=PHONE)
    order_submit_public(code=sent.code, **_public_fields(county))
    with pytest.raises(DomainError) as refusal:
        order_submit_public(code=sent.code, **_public_fields(county))
    assert str(refusal.value.message) == "该验证码已使用，请重新获取。"
    assert ServiceOrder.objects.count() == 1 and OrderEvent.objects.count() == 1


@pytest.mark.parametrize(
    "code_of",
    [
        pytest.param(lambda sent: "000000" if sent.code != "000000" else "111111", id="forged"),
        pytest.param(lambda sent: "12345", id="malformed"),
    ],
)
def test_a_forged_code_creates_nothing(county, code_of):
    sent = phone_code_send(phone=PHONE)
    users_before = User.objects.count()
    with pytest.raises(DomainError):
        order_submit_public(code=code_of(sent), **_public_fields(county))
    assert ServiceOrder.objects.count() == 0 and OrderEvent.objects.count() == 0
    assert User.objects.count() == users_before


def test_a_refused_order_leaves_the_code_for_the_corrected_form(county):
    sent = phone_code_send(phone=PHONE)
    users_before = User.objects.count()
    with pytest.raises(DomainError) as refusal:
        order_submit_public(code=sent.code, **_public_fields(county, service_code="no-such-service"))
    assert str(refusal.value.message) == "服务类别不存在或未在铁力市开放。"
    assert PhoneCode.objects.get().used_at is None and User.objects.count() == users_before
    order = order_submit_public(code=sent.code, **_public_fields(county))
    assert order.number.startswith("230781-")


def test_a_failing_gateway_is_a_clear_refusal(db, settings):
    settings.WENMING_NOTIFICATION_CHANNELS = [FAILING]
    with pytest.raises(DomainError) as refusal:
        phone_code_send(phone=PHONE)
    assert str(refusal.value.message) == "验证码发送失败，请稍后再试。"


def test_the_log_channel_masks_the_number_and_never_logs_the_code(db, settings, caplog):
    settings.WENMING_NOTIFICATION_CHANNELS = [LOG]
    settings.DEBUG = False
    with caplog.at_level(logging.DEBUG):
        sent = phone_code_send(phone=PHONE)
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "139****5678" in text
    assert PHONE not in text
    assert sent.code not in text


def test_with_debug_on_the_developer_sees_the_code_at_debug_level_only(db, settings, caplog):
    settings.WENMING_NOTIFICATION_CHANNELS = [LOG]
    settings.DEBUG = True
    with caplog.at_level(logging.DEBUG):
        sent = phone_code_send(phone=PHONE)
    with_code = [record for record in caplog.records if sent.code in record.getMessage()]
    assert [record.levelno for record in with_code] == [logging.DEBUG]
    assert all(PHONE not in record.getMessage() for record in caplog.records)
