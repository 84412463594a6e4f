"""Forms of the team pages: list filters, registration, reasons, volunteer numbers and category settings."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wenming.teams.models import TeamStatus


class DateInput(forms.DateInput):
    input_type = "date"


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise forms.ValidationError(_("输入含有无效字符。"), code="nul")
    return value.strip()


class TeamFilterForm(forms.Form):
    region_code = forms.CharField(label=_("区划代码"), max_length=12, required=False)
    category = forms.CharField(label=_("服务类别编码"), max_length=40, required=False)
    status = forms.ChoiceField(label=_("审核状态"), choices=[("", _("全部")), *TeamStatus.choices], required=False)
    search = forms.CharField(label=_("队伍名称"), max_length=100, required=False)

    def clean_region_code(self) -> str:
        return _no_nul(self.cleaned_data["region_code"])

    def clean_category(self) -> str:
        return _no_nul(self.cleaned_data["category"])

    def clean_search(self) -> str:
        return _no_nul(self.cleaned_data["search"])

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {key: data.get(key) or None for key in ("region_code", "category", "status", "search")}


class TeamRegisterForm(forms.Form):
    name = forms.CharField(label=_("队伍名称"), max_length=100)
    region_code = forms.CharField(label=_("所属区划代码"), max_length=12)
    category = forms.TypedChoiceField(label=_("服务类别"), coerce=int, choices=())
    home_site = forms.IntegerField(label=_("所属阵地编号"), min_value=1, max_value=2_147_483_647)
    founded_on = forms.DateField(label=_("成立日期"), widget=DateInput)
    description = forms.CharField(
        label=_("简介"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    leader_volunteer_number = forms.CharField(
        label=_("队长志愿者编号"), max_length=20, required=False, help_text=_("管理员申报时填写；志愿者申报时默认本人")
    )

    def __init__(self, *args: Any, categories: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c.pk, c.local_name) for c in categories]  # type: ignore[attr-defined]

    def clean_name(self) -> str:
        return _no_nul(self.cleaned_data["name"])

    def clean_region_code(self) -> str:
        return _no_nul(self.cleaned_data["region_code"])

    def clean_description(self) -> str:
        return _no_nul(self.cleaned_data["description"])

    def clean_leader_volunteer_number(self) -> str:
        return _no_nul(self.cleaned_data["leader_volunteer_number"])


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), min_length=2, max_length=200)

    def clean_reason(self) -> str:
        return _no_nul(self.cleaned_data["reason"])


class VolunteerNumberForm(forms.Form):
    volunteer_number = forms.CharField(label=_("志愿者编号"), max_length=20)

    def clean_volunteer_number(self) -> str:
        return _no_nul(self.cleaned_data["volunteer_number"])


class RequestDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("同意")), ("refuse", _("拒绝"))])
    reason = forms.CharField(label=_("拒绝理由"), max_length=200, required=False)

    def clean_reason(self) -> str:
        return _no_nul(self.cleaned_data["reason"])


class MembershipRequestForm(forms.Form):
    note = forms.CharField(label=_("申请说明"), max_length=200, required=False)

    def clean_note(self) -> str:
        return _no_nul(self.cleaned_data["note"])


class MembersExportForm(forms.Form):
    reason = forms.CharField(label=_("导出未脱敏信息的事由"), max_length=200)

    def clean_reason(self) -> str:
        return _no_nul(self.cleaned_data["reason"])


class CategoryConfigForm(forms.Form):
    category_id = forms.IntegerField(min_value=1, max_value=2_147_483_647, widget=forms.HiddenInput)
    is_enabled = forms.BooleanField(label=_("启用"), required=False)
    name = forms.CharField(label=_("本县名称"), max_length=40, required=False)
    position = forms.IntegerField(label=_("顺序"), min_value=0, max_value=32767, required=False)

    def clean_name(self) -> str:
        return _no_nul(self.cleaned_data["name"])


class CategoryCreateForm(forms.Form):
    name = forms.CharField(label=_("类别名称"), max_length=40)
    code = forms.CharField(label=_("编码"), max_length=40, required=False, help_text=_("留空自动生成"))
    position = forms.IntegerField(label=_("顺序"), min_value=0, max_value=32767, required=False)

    def clean_name(self) -> str:
        return _no_nul(self.cleaned_data["name"])

    def clean_code(self) -> str:
        return _no_nul(self.cleaned_data["code"])
