"""Resident ID-card numbers (GB 11643-1999) and mobile numbers.

The ISO 7064 MOD 11-2 check is written here on purpose: python-stdnum's cn.ric rejects numbers
whose region prefix is an old, retired code, which are still valid ID numbers.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"
ID_SHAPE = re.compile(r"^\d{17}[0-9X]$")
# Province-level prefixes of GB/T 2260; an unknown one is a warning only (old codes stay valid).
PROVINCE_PREFIXES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
    ]
)
GENDER_MALE = "male"
GENDER_FEMALE = "female"


@dataclass(frozen=True)
class IdNumber:
    """A validated ID number with what it tells: birth date, gender, and any warnings."""

    value: str
    birth_on: dt.date
    gender: str
    warnings: tuple[str, ...] = field(default=())


def id_check_character(first_seventeen: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first_seventeen, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def id_number_parse(raw: str, *, today: dt.date | None = None) -> IdNumber:
    """Validate an 18-character ID number; raise ValidationError naming the reason."""
    value = (raw or "").strip().upper()
    if not ID_SHAPE.match(value):
        raise ValidationError(_("身份证号码应为18位：17位数字加1位数字或X。"), code="id_shape")
    try:
        birth_on = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError(_("身份证号码中的出生日期不存在。"), code="id_birth_date") from None
    today = today or dt.date.today()
    if birth_on > today or birth_on.year < 1880:
        raise ValidationError(_("身份证号码中的出生日期不合理。"), code="id_birth_date")
    if id_check_character(value[:17]) != value[17]:
        raise ValidationError(_("身份证号码校验位错误。"), code="id_check_digit")
    warnings: tuple[str, ...] = ()
    if value[:2] not in PROVINCE_PREFIXES:
        warnings = (str(_("身份证号码的地区码未知（可能是旧编码），请核对。")),)
    gender = GENDER_MALE if int(value[16]) % 2 == 1 else GENDER_FEMALE
    return IdNumber(value=value, birth_on=birth_on, gender=gender, warnings=warnings)


def age_on(birth_on: dt.date, day: dt.date) -> int:
    return day.year - birth_on.year - ((day.month, day.day) < (birth_on.month, birth_on.day))


def phone_normalize(raw: str) -> str:
    """Return a mainland number in national form (mobile `13812345678`, landline `04581234567`)."""
    value = re.sub(r"[\s-]", "", raw or "")
    try:
        parsed = phonenumbers.parse(value, "CN")
    except phonenumbers.NumberParseException:
        raise ValidationError(_("电话号码格式不正确。"), code="phone") from None
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(_("电话号码无效。"), code="phone")
    if parsed.country_code != 86:
        raise ValidationError(_("请填写中国大陆电话号码。"), code="phone")
    return re.sub(r"\D", "", phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL))
