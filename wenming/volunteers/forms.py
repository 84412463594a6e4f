"""Admin forms of volunteers: registration goes through the service; the ID number is never shown."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.core.identity import age_on, phone_normalize
from wenming.core.masking import mask_phone
from wenming.volunteers.models import Volunteer
from wenming.volunteers.services import GUARDIAN_CONSENT_AGE, SealedIdNumber, id_number_seal

DUPLICATE_ID_NUMBER = _("该身份证号码已注册为志愿者。")


class VolunteerAddForm(forms.ModelForm):
    """Registration by staff: the same checks as volunteer_register, reported per field."""

    id_number = forms.CharField(
        label=_("身份证号"), max_length=18, help_text=_("18位居民身份证号码，加密保存，页面只显示脱敏号码。")
    )
    phone = forms.CharField(label=_("手机号"), max_length=20)
    guardian_phone = forms.CharField(label=_("监护人电话"), max_length=20, required=False)
    guardian_consent = forms.BooleanField(
        label=_("监护人同意"), required=False, help_text=_("未满14周岁的志愿者须由监护人填写姓名并同意。")
    )

    class Meta:
        model = Volunteer
        fields = ("name", "region", "guardian_name")

    sealed: SealedIdNumber | None = None

    def clean_name(self) -> str:
        name = (self.cleaned_data.get("name") or "").strip()
        if not name:
            raise ValidationError(_("请填写姓名。"), code="required")
        return name

    def clean_id_number(self) -> str:
        value = self.cleaned_data["id_number"]
        try:
            self.sealed = id_number_seal(value)
        except ValidationError as error:
            raise ValidationError(error.message_dict["id_number"]) from None
        # Duplicates are found by the keyed hash, never by decrypting stored numbers.
        if Volunteer.objects.filter(id_number_hash=self.sealed.hash).exists():
            raise ValidationError(DUPLICATE_ID_NUMBER, code="duplicate")
        return value.strip().upper()

    def clean_phone(self) -> str:
        return phone_normalize(self.cleaned_data["phone"])

    def clean_guardian_phone(self) -> str:
        value = self.cleaned_data.get("guardian_phone") or ""
        return phone_normalize(value) if value.strip() else ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        sealed = self.sealed
        under_age = sealed is not None and age_on(sealed.birth_on, timezone.localdate()) < GUARDIAN_CONSENT_AGE
        consented = cleaned.get("guardian_consent") and (cleaned.get("guardian_name") or "").strip()
        if under_age and not consented:
            self.add_error("guardian_consent", _("未满14周岁的志愿者须由监护人填写姓名并同意。"))
        return cleaned

    def registration(self) -> dict[str, Any]:
        """The keyword arguments of volunteer_register for this form's cleaned data."""
        data = self.cleaned_data
        return {
            "region": data["region"],
            "name": data["name"],
            "id_number": data["id_number"],
            "phone": data["phone"],
            "guardian_name": data.get("guardian_name") or "",
            "guardian_phone": data.get("guardian_phone") or "",
            "guardian_consents": bool(data.get("guardian_consent")),
        }


class VolunteerChangeForm(forms.ModelForm):
    """Staff edit the record; the ID number is fixed and phones are shown only masked."""

    phone = forms.CharField(
        label=_("手机号"), max_length=20, help_text=_("显示为脱敏号码；改为新号码即更新，不改则保持原号码。")
    )
    guardian_phone = forms.CharField(label=_("监护人电话"), max_length=20, required=False)

    class Meta:
        model = Volunteer
        fields = ("name", "phone", "region", "status", "tags", "skills", "guardian_name", "guardian_phone")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The full numbers never reach the page: the inputs start from the masked forms.
        for name in ("phone", "guardian_phone"):
            if name in self.fields:
                self.initial[name] = mask_phone(getattr(self.instance, name))

    def clean_name(self) -> str:
        name = (self.cleaned_data.get("name") or "").strip()
        if not name:
            raise ValidationError(_("请填写姓名。"), code="required")
        return name

    def _phone_clean(self, name: str, *, required: bool) -> str:
        value = (self.cleaned_data.get(name) or "").strip()
        stored = getattr(self.instance, name)
        if stored and value == mask_phone(stored):
            return stored
        if not value and not required:
            return ""
        return phone_normalize(value)

    def clean_phone(self) -> str:
        return self._phone_clean("phone", required=True)

    def clean_guardian_phone(self) -> str:
        return self._phone_clean("guardian_phone", required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.instance.guardian_consent_at and "guardian_name" in cleaned and not cleaned["guardian_name"].strip():
            self.add_error("guardian_name", _("已有监护人同意记录，须保留监护人姓名。"))
        return cleaned


class IdNumberRevealForm(forms.Form):
    reason = forms.CharField(
        label=_("事由"),
        max_length=200,
        help_text=_("例如：办理意外保险、核对注册信息。每次查看都记入审计日志。"),
    )
