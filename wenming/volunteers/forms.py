"""Admin forms of volunteers: registration goes through the service; the ID number is never shown."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.core.identity import age_on, phone_normalize
from wenming.core.masking import mask_phone
from wenming.regions.models import Region
from wenming.volunteers.models import Skill, Volunteer, VolunteerStatus, VolunteerTag
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


# -- pages -----------------------------------------------------------------------------------------


class VolunteerSelfRegisterForm(forms.Form):
    """The public phone page: what a resident fills in; the service checks everything again."""

    region: forms.ModelChoiceField[Region] = forms.ModelChoiceField(
        label=_("所在村（社区）"), queryset=Region.objects.none(), empty_label=_("请选择")
    )
    name = forms.CharField(label=_("姓名"), max_length=64)
    id_number = forms.CharField(label=_("身份证号"), max_length=18, help_text=_("加密保存，页面和导出只显示脱敏号码。"))
    phone = forms.CharField(label=_("手机号"), max_length=20, help_text=_("也是您登录平台的用户名。"))
    password = forms.CharField(label=_("登录密码"), max_length=128, widget=forms.PasswordInput, required=False)
    password_again = forms.CharField(
        label=_("再次输入密码"), max_length=128, widget=forms.PasswordInput, required=False
    )
    guardian_name = forms.CharField(label=_("监护人姓名"), max_length=64, required=False)
    guardian_phone = forms.CharField(label=_("监护人电话"), max_length=20, required=False)
    guardian_consent = forms.BooleanField(
        label=_("监护人同意"), required=False, help_text=_("未满14周岁的志愿者须由监护人填写姓名并同意。")
    )
    consents = forms.BooleanField(
        label=_("我已阅读并同意志愿者个人信息处理规则"),
        required=False,
        help_text=_("您的信息只用于志愿服务的组织和记录，未经同意不向他人公开（《志愿服务条例》第二十条）。"),
    )

    def __init__(self, *args: Any, needs_password: bool = True, regions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["region"].queryset = regions if regions is not None else Region.objects.none()
        if not needs_password:
            del self.fields["password"]
            del self.fields["password_again"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "password" in self.fields and cleaned.get("password") != cleaned.get("password_again"):
            self.add_error("password_again", _("两次输入的密码不一致。"))
        return cleaned


class VolunteerStaffRegisterForm(forms.Form):
    """Staff entry of a registration in a region of their scope."""

    region: forms.ModelChoiceField[Region] = forms.ModelChoiceField(
        label=_("所属区划"), queryset=Region.objects.none(), empty_label=_("请选择")
    )
    name = forms.CharField(label=_("姓名"), max_length=64)
    id_number = forms.CharField(label=_("身份证号"), max_length=18)
    phone = forms.CharField(label=_("手机号"), max_length=20)
    tags = forms.ModelMultipleChoiceField(
        label=_("标签"), queryset=VolunteerTag.objects.none(), required=False, to_field_name="code"
    )
    skills = forms.ModelMultipleChoiceField(
        label=_("技能"), queryset=Skill.objects.none(), required=False, to_field_name="code"
    )
    guardian_name = forms.CharField(label=_("监护人姓名"), max_length=64, required=False)
    guardian_phone = forms.CharField(label=_("监护人电话"), max_length=20, required=False)
    guardian_consent = forms.BooleanField(label=_("监护人同意"), required=False)
    consents = forms.BooleanField(label=_("本人已同意志愿者个人信息处理规则"), required=False)
    activate = forms.BooleanField(
        label=_("直接生效"), required=False, initial=True, help_text=_("不勾选则进入待审核队列。")
    )

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["region"].queryset = regions
        fields["tags"].queryset = VolunteerTag.objects.order_by("group", "code")
        fields["skills"].queryset = Skill.objects.order_by("code")


class VolunteerFilterForm(forms.Form):
    """The list's search box and filters (also the export's)."""

    q = forms.CharField(
        label=_("搜索"),
        max_length=64,
        required=False,
        help_text=_("姓名、拼音或拼音首字母、志愿者编号、手机尾号"),
    )
    region = forms.CharField(label=_("区划代码"), max_length=12, required=False)
    status = forms.ChoiceField(label=_("状态"), choices=[("", _("全部状态")), *VolunteerStatus.choices], required=False)
    tag = forms.MultipleChoiceField(label=_("标签"), choices=(), required=False)
    skill = forms.MultipleChoiceField(label=_("技能"), choices=(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["tag"].choices = list(VolunteerTag.objects.order_by("group", "code").values_list("code", "name"))
        fields["skill"].choices = list(Skill.objects.order_by("code").values_list("code", "name"))

    def filters(self) -> dict[str, Any]:
        """Keyword arguments of volunteers.selectors.volunteer_search; bad input filters nothing out."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "query": data.get("q") or "",
            "region_code": data.get("region") or None,
            "status": data.get("status") or None,
            "tags": data.get("tag") or [],
            "skills": data.get("skill") or [],
        }


class VolunteerExportForm(forms.Form):
    unmasked = forms.BooleanField(label=_("导出完整身份证号和手机号"), required=False)
    reason = forms.CharField(label=_("事由"), max_length=200, required=False)


class VolunteerReviewForm(forms.Form):
    note = forms.CharField(label=_("审核意见"), max_length=200, required=False)


class VolunteerEditForm(forms.Form):
    """Staff edit: phone (shown masked; unchanged keeps the stored number), status, tags and skills."""

    phone = forms.CharField(label=_("手机号"), max_length=20)
    status = forms.ChoiceField(label=_("状态"), choices=VolunteerStatus.choices)
    tags = forms.ModelMultipleChoiceField(
        label=_("标签"), queryset=VolunteerTag.objects.none(), required=False, to_field_name="code"
    )
    skills = forms.ModelMultipleChoiceField(
        label=_("技能"), queryset=Skill.objects.none(), required=False, to_field_name="code"
    )

    def __init__(self, *args: Any, volunteer: Volunteer, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "phone": mask_phone(volunteer.phone),
                "status": volunteer.status,
                "tags": list(volunteer.tags.all()),
                "skills": list(volunteer.skills.all()),
            },
        )
        super().__init__(*args, **kwargs)
        self.volunteer = volunteer
        fields: dict[str, Any] = self.fields
        fields["tags"].queryset = VolunteerTag.objects.order_by("group", "code")
        fields["skills"].queryset = Skill.objects.order_by("code")

    def changes(self) -> dict[str, Any]:
        """Keyword arguments of volunteers.services.volunteer_update."""
        data = self.cleaned_data
        phone = data["phone"].strip()
        return {
            "phone": None if phone == mask_phone(self.volunteer.phone) else phone,
            "status": data["status"],
            "tags": [tag.code for tag in data["tags"]],
            "skills": [skill.code for skill in data["skills"]],
        }
