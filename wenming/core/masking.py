"""Masking of personal data for every place a non-privileged role can see it."""

import re

ID_NUMBER_PATTERN = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[0-9Xx])(?![0-9A-Za-z])")
MOBILE_PATTERN = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")


def mask_id_number(value: str | None) -> str:
    """`11010519491231002X` → `110***********002X`: first three and last four shown."""
    if not value:
        return ""
    value = value.strip().upper()
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_phone(value: str | None) -> str:
    """`13812345678` → `138****5678`; other numbers keep their first three and last four digits."""
    if not value:
        return ""
    digits = value.strip()
    if len(digits) <= 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_text(text: str) -> str:
    """Mask every ID number and mobile number found inside free text (logs, notes, exports)."""
    text = ID_NUMBER_PATTERN.sub(lambda m: mask_id_number(m.group(0)), text)
    return MOBILE_PATTERN.sub(lambda m: mask_phone(m.group(0)), text)
