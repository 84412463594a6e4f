"""Forms of the project and award pages: list filters, and the admins' edit forms."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.projects.exports import AWARDEE_TYPE_LABELS
from wenming.projects.models import AwardCategory, AwardLevel
from wenming.projects.selectors import brand_list, project_writable_regions
from wenming.regions.access import scoped
from wenming.regions.roles import VIEW
from wenming.teams.models import Team, TeamCategory


class DateInput(forms.DateInput):
    input_type = "date"


ACTIVE_CHOICES = [("", _("全部")), ("1", _("在用")), ("0", _("已停用"))]
AWARDEE_TYPE_CHOICES = [(key, label) for key, label in AWARDEE_TYPE_LABELS.items()]


class ProjectFilterForm(forms.Form):
    brand = forms.IntegerField(label=_("所属品牌"), required=False, min_value=1, max_value=2_147_483_647)
    category = forms.ModelChoiceField(label=_("服务类别"), queryset=TeamCategory.objects.all(), required=False)
    active = forms.ChoiceField(label=_("状态"), choices=ACTIVE_CHOICES, required=False)
    q = forms.CharField(label=_("项目名称"), max_length=80, required=False)

    def filters(self) -> dict[str, Any]:
        """The selector's filters from valid input; invalid input filters nothing."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        active = {"1": True, "0": False}.get(data.get("active") or "")
        return {
            "brand_id": data.get("brand"),
            "category_id": data["category"].pk if data.get("category") else None,
            "is_active": active,
            "search": data.get("q") or "",
        }


class AwardFilterForm(forms.Form):
    level = forms.ChoiceField(label=_("级别"), choices=[("", _("全部")), *AwardLevel.choices], required=False)
    year = forms.IntegerField(label=_("年度"), required=False, min_value=1990, max_value=2100)
    category = forms.ChoiceField(label=_("类别"), choices=[("", _("全部")), *AwardCategory.choices], required=False)
    awardee_type = forms.ChoiceField(
        label=_("获奖对象类型"), choices=[("", _("全部")), *AWARDEE_TYPE_CHOICES], required=False
    )
    site = forms.IntegerField(
        label=_("阵地编号"), required=False, min_value=1, max_value=2_147_483_647, widget=forms.HiddenInput
    )

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        if data.get("site"):  # a site's awards: /projects/awards/?site=ID
            return {"awardee_type": "site", "awardee_id": data["site"]}
        return {
            "level": data.get("level") or "",
            "year": data.get("year"),
            "category": data.get("category") or "",
            "awardee_type": data.get("awardee_type") or "",
        }


class BrandForm(forms.Form):
    region: forms.ModelChoiceField = forms.ModelChoiceField(label=_("所属区划"), queryset=None)  # type: ignore[arg-type]
    name = forms.CharField(label=_("品牌名称"), max_length=60)
    slogan = forms.CharField(label=_("口号"), max_length=120, required=False)

    def __init__(self, *args: Any, user: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = project_writable_regions(  # type: ignore[attr-defined]
            user=user, model_label="projects.brand"
        )
        if editing:
            del self.fields["region"]


class ProjectForm(forms.Form):
    region: forms.ModelChoiceField = forms.ModelChoiceField(label=_("所属区划"), queryset=None)  # type: ignore[arg-type]
    name = forms.CharField(label=_("项目名称"), max_length=80)
    brand: forms.ModelChoiceField = forms.ModelChoiceField(label=_("所属品牌"), queryset=None, required=False)  # type: ignore[arg-type]
    category = forms.ModelChoiceField(label=_("服务类别"), queryset=TeamCategory.objects.all(), required=False)
    lead_team: forms.ModelChoiceField = forms.ModelChoiceField(  # type: ignore[arg-type]
        label=_("牵头队伍"), queryset=None, required=False
    )
    description = forms.CharField(
        label=_("简介"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    started_on = forms.DateField(label=_("启动日期"), required=False, widget=DateInput)

    def __init__(self, *args: Any, user: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = project_writable_regions(user=user)  # type: ignore[attr-defined]
        self.fields["brand"].queryset = brand_list(user=user)  # type: ignore[attr-defined]
        self.fields["lead_team"].queryset = scoped(  # type: ignore[attr-defined]
            Team.objects.filter(is_active=True).order_by("name", "pk"), user, VIEW
        )
        if editing:
            del self.fields["region"]


class BeneficiaryReportForm(forms.Form):
    period_from = forms.DateField(label=_("统计起始日期"), widget=DateInput)
    period_to = forms.DateField(label=_("统计截止日期"), widget=DateInput)
    beneficiaries = forms.IntegerField(label=_("受益人次"), min_value=1, max_value=10_000_000)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class AwardForm(forms.Form):
    awardee_type = forms.ChoiceField(label=_("获奖对象类型"), choices=AWARDEE_TYPE_CHOICES)
    awardee_id = forms.IntegerField(
        label=_("获奖对象编号"),
        min_value=1,
        max_value=2_147_483_647,
        help_text=_("项目、队伍、志愿者、阵地或单位在系统中的编号"),
    )
    level = forms.ChoiceField(label=_("级别"), choices=AwardLevel.choices)
    category = forms.ChoiceField(label=_("类别"), choices=AwardCategory.choices)
    year = forms.IntegerField(label=_("年度"), min_value=1990, max_value=2100)
    title = forms.CharField(label=_("荣誉名称"), max_length=200)
    issuer = forms.CharField(label=_("授予单位"), max_length=120, required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        if editing:
            self.fields["reason"] = forms.CharField(label=_("更正原因"), min_length=2, max_length=200)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("删除原因"), min_length=2, max_length=200)
