"""Forms of the units pages: filters of each list, and the admins' forms for units, pairings, documents, meetings.

The forms only parse input; every rule (scope, uniqueness, modes, overlaps, file types) is the services'.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wenming.organizations import selectors
from wenming.organizations.models import (
    JointMeeting,
    Organization,
    OrganizationKind,
    Pairing,
    PolicyDocument,
    PolicyKind,
)

ACTIVE_CHOICES = [("", _("全部")), ("1", _("在用")), ("0", _("已停用"))]
PAIRING_STATE_CHOICES = [("", _("全部")), ("1", _("进行中")), ("0", _("已结束"))]
MODE_CHOICES = [
    ("", _("全部")),
    ("shares_site", _("阵地联建")),
    ("shares_team", _("队伍共用")),
    ("gives_technical_guidance", _("技术指导")),
    ("shares_resources", _("资源共享")),
]


class DateInput(forms.DateInput):
    input_type = "date"


def _flag(value: str) -> bool | None:
    return {"1": True, "0": False}.get(value)


class FilterForm(forms.Form):
    """A list filter: invalid input is ignored field by field (the list shows everything for that field)."""

    def values(self) -> dict[str, Any]:
        self.is_valid()
        return {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}


class OrganizationFilterForm(FilterForm):
    region_code = forms.RegexField(label=_("区划代码"), regex=r"^\d{6,12}$", required=False)
    kind = forms.ChoiceField(label=_("单位类型"), choices=[("", _("全部")), *OrganizationKind.choices], required=False)
    active = forms.ChoiceField(label=_("状态"), choices=ACTIVE_CHOICES, required=False)
    q = forms.CharField(label=_("单位名称"), max_length=120, required=False)

    def selector_arguments(self) -> dict[str, Any]:
        values = self.values()
        return {
            "region_code": values.get("region_code") or None,
            "kind": values.get("kind") or None,
            "is_active": _flag(values.get("active") or ""),
            "search": values.get("q") or None,
        }


class PairingFilterForm(FilterForm):
    region_code = forms.RegexField(label=_("区划代码"), regex=r"^\d{6,12}$", required=False)
    site = forms.IntegerField(label=_("结对阵地"), min_value=1, max_value=2_147_483_647, required=False)
    mode = forms.ChoiceField(label=_("结对方式"), choices=MODE_CHOICES, required=False)
    active = forms.ChoiceField(label=_("状态"), choices=PAIRING_STATE_CHOICES, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sites = [(site.pk, site.name) for site in selectors.pairing_site_choices(user=user)]
        self.fields["site"].widget = forms.Select(choices=[("", _("全部")), *sites])

    def selector_arguments(self) -> dict[str, Any]:
        values = self.values()
        return {
            "region_code": values.get("region_code") or None,
            "site_id": values.get("site"),
            "mode": values.get("mode") or None,
            "is_active": _flag(values.get("active") or ""),
        }


class PolicyDocumentFilterForm(FilterForm):
    region_code = forms.RegexField(label=_("区划代码"), regex=r"^\d{6,12}$", required=False)
    kind = forms.ChoiceField(label=_("类别"), choices=[("", _("全部")), *PolicyKind.choices], required=False)
    q = forms.CharField(label=_("标题或文号"), max_length=200, required=False)

    def selector_arguments(self) -> dict[str, Any]:
        values = self.values()
        return {
            "region_code": values.get("region_code") or None,
            "kind": values.get("kind") or None,
            "search": values.get("q") or None,
        }


class JointMeetingFilterForm(FilterForm):
    region_code = forms.RegexField(label=_("区划代码"), regex=r"^\d{6,12}$", required=False)
    held_from = forms.DateField(label=_("召开日期从"), required=False, widget=DateInput)
    held_to = forms.DateField(label=_("召开日期至"), required=False, widget=DateInput)
    q = forms.CharField(label=_("会议名称或议题"), max_length=200, required=False)

    def selector_arguments(self) -> dict[str, Any]:
        values = self.values()
        return {
            "region_code": values.get("region_code") or None,
            "held_from": values.get("held_from"),
            "held_to": values.get("held_to"),
            "search": values.get("q") or None,
        }


class UnmaskedExportForm(forms.Form):
    reason = forms.CharField(label=_("导出未脱敏信息的事由"), min_length=2, max_length=200)


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["region", "name", "kind", "contact_name", "contact_phone", "address"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = selectors.regions_for_writing(user=user, model=Organization)  # type: ignore[attr-defined]
        if self.instance.pk:
            del self.fields["region"]

    def validate_unique(self) -> None:
        """The service checks the unique name (under its lock) and names the field."""


class PairingForm(forms.ModelForm):
    class Meta:
        model = Pairing
        fields = [
            "organization",
            "site",
            "shares_site",
            "shares_team",
            "gives_technical_guidance",
            "shares_resources",
            "started_on",
            "ended_on",
            "note",
        ]
        widgets = {"started_on": DateInput, "ended_on": DateInput}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = selectors.organization_choices(user=user)  # type: ignore[attr-defined]
        self.fields["site"].queryset = selectors.pairing_site_choices(user=user)  # type: ignore[attr-defined]
        if self.instance.pk:
            del self.fields["organization"]
            del self.fields["site"]

    def _post_clean(self) -> None:
        """Model rules (modes, site kind, overlap) are the service's: it names the field that is wrong."""

    def validate_unique(self) -> None:
        """The service refuses overlapping pairings under a lock."""


class PairingEndForm(forms.Form):
    ended_on = forms.DateField(label=_("结束日期"), widget=DateInput)


class PolicyDocumentForm(forms.ModelForm):
    file = forms.FileField(label=_("文件"), required=False, help_text=_("PDF、DOCX、DOC、XLSX、JPG 或 PNG"))
    change_note = forms.CharField(label=_("修订说明"), max_length=200, required=False)

    class Meta:
        model = PolicyDocument
        fields = ["region", "title", "kind", "document_number", "issuer", "issued_on", "summary"]
        widgets = {"issued_on": DateInput}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = selectors.regions_for_writing(user=user, model=PolicyDocument)  # type: ignore[attr-defined]

    def validate_unique(self) -> None:
        """The service checks the unique title and names the field."""


class FileUploadForm(forms.Form):
    file = forms.FileField(label=_("文件"), help_text=_("PDF、DOCX、DOC、XLSX、JPG 或 PNG"))
    change_note = forms.CharField(label=_("说明"), max_length=200, required=False)


class JointMeetingForm(forms.ModelForm):
    class Meta:
        model = JointMeeting
        fields = [
            "region",
            "title",
            "held_on",
            "place",
            "convener",
            "attendee_units",
            "attendee_sites",
            "topics",
            "minutes",
        ]
        widgets = {
            "held_on": DateInput,
            "attendee_units": forms.CheckboxSelectMultiple,
            "attendee_sites": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = selectors.regions_for_writing(user=user, model=JointMeeting)  # type: ignore[attr-defined]
        self.fields["attendee_units"].queryset = selectors.organization_choices(user=user)  # type: ignore[attr-defined]
        self.fields["attendee_sites"].queryset = selectors.site_choices(user=user)  # type: ignore[attr-defined]
        if self.instance.pk:
            del self.fields["region"]

    def _post_clean(self) -> None:
        """The service validates the record (dates, lengths, attendees in scope) and names the field."""
