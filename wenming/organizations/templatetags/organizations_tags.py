"""Template filters of the units pages: phones always masked on screen, file sizes for people."""

from django import template

from wenming.core.masking import mask_phone
from wenming.organizations.files import size_text

register = template.Library()


@register.filter(name="masked_phone")
def masked_phone(value: str | None) -> str:
    return mask_phone(value)


@register.filter(name="file_size")
def file_size(value: int) -> str:
    return size_text(int(value or 0))
