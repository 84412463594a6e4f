"""Forms of the certificate pages: the staff issue form, a volunteer's request, and a revocation."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wenming.certificates.selectors import certificate_issuer_sites, certificate_volunteer_find
from wenming.core.errors import NotFoundError


class DateInput(forms.DateInput):
    input_type = "date"


class CertificateIssueForm(forms.Form):
    volunteer_number = forms.CharField(label=_("志愿者编号"), max_length=20)
    issuer_site: forms.ModelChoiceField = forms.ModelChoiceField(label=_("出具单位"), queryset=None)  # type: ignore[arg-type]
    period_from = forms.DateField(
        label=_("服务起始日期"), required=False, widget=DateInput, help_text=_("留空则从最早的服务记录算起")
    )
    period_to = forms.DateField(
        label=_("服务截止日期"), required=False, widget=DateInput, help_text=_("留空则算到最近的服务记录")
    )
    person_in_charge = forms.CharField(
        label=_("负责人"), max_length=64, required=False, help_text=_("留空则取活动或阵地的负责人")
    )
    handler_contact = forms.CharField(
        label=_("联系电话"), max_length=20, required=False, help_text=_("经办人联系电话；留空则取您账号的手机号")
    )
    notes = forms.CharField(label=_("备注"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.volunteer: Any = None
        self.fields["issuer_site"].queryset = certificate_issuer_sites(user=user)  # type: ignore[attr-defined]

    def clean_volunteer_number(self) -> str:
        number = self.cleaned_data["volunteer_number"].strip()
        try:
            self.volunteer = certificate_volunteer_find(user=self.user, volunteer_number=number)
        except NotFoundError:
            raise forms.ValidationError(
                _("未找到该志愿者编号，或该志愿者不在您的管辖范围内。"), code="not_found"
            ) from None
        return number

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, last = cleaned.get("period_from"), cleaned.get("period_to")
        if first and last and first > last:
            self.add_error("period_to", _("截止日期不能早于起始日期。"))
        return cleaned


class CertificateRequestForm(forms.Form):
    activity = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class CertificateRevokeForm(forms.Form):
    reason = forms.CharField(label=_("撤销原因"), min_length=2, max_length=200)
