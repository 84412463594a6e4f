"""Forms of the trainings pages: they parse input; every business rule stays in the services."""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wenming.core.errors import DomainError
from wenming.regions.access import scoped
from wenming.regions.roles import CHANGE
from wenming.sites.models import Site
from wenming.trainings.models import Training, TrainingStatus
from wenming.volunteers.models import Skill


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def refusal_to_form(form: forms.Form, error: DomainError | ValidationError) -> None:
    """Put a service's refusal next to the field it names (or above the form): the form changes nothing."""

    def field_of(name: str | None) -> str | None:
        return name if name in form.fields else None

    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                form.add_error(field_of(name), messages)
        else:
            form.add_error(None, error.messages)
        return
    form.add_error(field_of(error.field), str(error.message))


TRAINING_FIELDS = (
    "title",
    "topic",
    "content",
    "trainer_name",
    "organizer_site",
    "place",
    "starts_at",
    "ends_at",
    "capacity",
    "credit_hours",
    "qualifies_skill",
)


class TrainingFilterForm(forms.Form):
    """The list's filters; the export takes the same."""

    status = forms.ChoiceField(label=_("状态"), choices=[("", _("全部")), *TrainingStatus.choices], required=False)
    region_code = forms.RegexField(
        label=_("区划代码"), regex=r"^\d{6,12}$", required=False, help_text=_("只看该区划及其下级")
    )
    starts_from = forms.DateField(label=_("开始日期自"), required=False, widget=DateInput)
    starts_to = forms.DateField(label=_("开始日期至"), required=False, widget=DateInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, last = cleaned.get("starts_from"), cleaned.get("starts_to")
        if first and last and first > last:
            self.add_error("starts_to", _("截止日期不能早于起始日期。"))
        return cleaned

    def filters(self) -> dict[str, Any]:
        """The selector's keyword arguments (none when the form is invalid: the page says why)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "status": data["status"] or None,
            "region_code": data["region_code"] or None,
            "starts_from": data["starts_from"],
            "starts_to": data["starts_to"],
        }


class TrainingForm(forms.Form):
    """A training session: trainer, place and content; sites limited to the user's scope."""

    title = forms.CharField(label=_("培训名称"), max_length=120)
    topic = forms.CharField(label=_("主题"), max_length=200, required=False)
    content = forms.CharField(label=_("培训内容"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    trainer_name = forms.CharField(label=_("授课人"), max_length=64, required=False)
    organizer_site: forms.ModelChoiceField = forms.ModelChoiceField(label=_("主办阵地"), queryset=Site.objects.none())
    place = forms.CharField(label=_("地点"), max_length=200)
    starts_at = forms.DateTimeField(label=_("开始时间"), widget=DateTimeLocalInput)
    ends_at = forms.DateTimeField(label=_("结束时间"), widget=DateTimeLocalInput)
    capacity = forms.IntegerField(label=_("名额"), min_value=1, max_value=100_000)
    credit_hours = forms.DecimalField(
        label=_("计入时长（小时）"),
        min_value=Decimal(0),
        max_value=Decimal(24),
        max_digits=5,
        decimal_places=2,
        initial=Decimal(0),
        help_text=_("0 表示不计入志愿服务时长"),
    )
    qualifies_skill: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("结业获得技能"), queryset=Skill.objects.order_by("name"), required=False
    )

    def __init__(self, *args: Any, user: Any, training: Training | None = None, **kwargs: Any) -> None:
        if training is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(training, name) for name in TRAINING_FIELDS}
        super().__init__(*args, **kwargs)
        sites = scoped(Site.objects.filter(is_active=True), user, CHANGE).order_by("region__code", "kind", "name")
        self.fields["organizer_site"].queryset = sites  # type: ignore[attr-defined]

    def training_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in TRAINING_FIELDS}


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("取消原因"), max_length=200)


class StatusActionForm(forms.Form):
    action = forms.ChoiceField(choices=[("publish", "publish"), ("finish", "finish")])


class MarkForm(forms.Form):
    """Attendance and pass marks of the roster: the checked volunteers, or everyone enrolled."""

    action = forms.ChoiceField(
        choices=[
            ("present", "present"),
            ("absent", "absent"),
            ("all_present", "all_present"),
            ("passed", "passed"),
            ("failed", "failed"),
        ]
    )
    volunteer_ids = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args: Any, volunteer_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["volunteer_ids"].choices = [(str(pk), str(pk)) for pk in volunteer_ids]  # type: ignore[attr-defined]


class RosterExportForm(forms.Form):
    unmasked = forms.BooleanField(label=_("导出完整身份证号和手机号"), required=False)
    reason = forms.CharField(label=_("事由"), max_length=200, required=False)
