"""Forms of the organizer's pages: they parse input; every business rule stays in the services."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wenming.activities.models import Activity, ActivityStatus, VenueType
from wenming.core.errors import DomainError
from wenming.organizations.models import Pairing
from wenming.projects.models import Project
from wenming.regions.access import scoped
from wenming.regions.roles import Role
from wenming.sites.models import Site
from wenming.sites.selectors import site_list
from wenming.teams.models import Team, TeamCategory
from wenming.teams.selectors import team_list
from wenming.trainings.models import Training
from wenming.volunteers.models import Skill

DATETIME_INPUT_FORMAT = "%Y-%m-%dT%H:%M"
COORDINATE_SYSTEMS = [("gcj02", _("GCJ-02（高德/腾讯地图）")), ("wgs84", "WGS-84")]
WEEKDAYS = [
    (1, _("周一")),
    (2, _("周二")),
    (3, _("周三")),
    (4, _("周四")),
    (5, _("周五")),
    (6, _("周六")),
    (7, _("周日")),
]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format=DATETIME_INPUT_FORMAT)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%H:%M")


def _text(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def refusal_to_form(
    form: forms.Form, error: DomainError | ValidationError, *, aliases: dict[str, str] | None = None
) -> None:
    """Put a service's refusal next to the field it names (or above the form): the form changes nothing."""
    aliases = aliases or {}

    def field_of(name: str | None) -> str | None:
        name = aliases.get(name or "", name)
        return name if name in form.fields else None

    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                form.add_error(field_of(name), messages)
        else:
            form.add_error(None, error.messages)
        return
    form.add_error(field_of(error.field), str(error.message))


class ActivityForm(forms.Form):
    """Every recruitment field of DESIGN.md §5; choices limited to the user's scope."""

    title = forms.CharField(label=_("活动名称"), max_length=120)
    content = forms.CharField(label=_("服务内容"), widget=_text(4))
    venue_type = forms.ChoiceField(label=_("六进类型"), choices=VenueType.choices)
    category = forms.ModelChoiceField(label=_("服务类别"), queryset=TeamCategory.objects.none(), required=False)
    project = forms.ModelChoiceField(label=_("所属项目"), queryset=Project.objects.none(), required=False)
    organizer_site = forms.ModelChoiceField(label=_("组织阵地"), queryset=Site.objects.none())
    organizer_team = forms.ModelChoiceField(label=_("组织队伍"), queryset=Team.objects.none(), required=False)
    pairing = forms.ModelChoiceField(
        label=_("结对共建"),
        queryset=Pairing.objects.none(),
        required=False,
        help_text=_("与挂点联系单位联合开展时选择"),
    )
    starts_at = forms.DateTimeField(label=_("开始时间"), widget=DateTimeLocalInput())
    ends_at = forms.DateTimeField(label=_("结束时间"), widget=DateTimeLocalInput())
    signup_closes_at = forms.DateTimeField(
        label=_("报名截止时间"), widget=DateTimeLocalInput(), required=False, help_text=_("留空则开始前均可报名")
    )
    place = forms.CharField(label=_("地点"), max_length=200)
    latitude = forms.DecimalField(
        label=_("纬度"), max_digits=9, decimal_places=6, required=False, min_value=-90, max_value=90
    )
    longitude = forms.DecimalField(
        label=_("经度"), max_digits=9, decimal_places=6, required=False, min_value=-180, max_value=180
    )
    coordinate_system = forms.ChoiceField(
        label=_("坐标系"),
        choices=COORDINATE_SYSTEMS,
        initial="gcj02",
        help_text=_("从高德或腾讯地图拾取的坐标选 GCJ-02；系统统一换算为 WGS-84 保存"),
    )
    geofence_radius_m = forms.IntegerField(
        label=_("签到范围（米）"), min_value=1, required=False, help_text=_("留空则不限制签到位置")
    )
    recipient = forms.CharField(label=_("服务对象"), max_length=100, required=False)
    capacity = forms.IntegerField(
        label=_("招募名额"), min_value=1, error_messages={"min_value": _("招募名额至少为 1 人。")}
    )
    signup_method = forms.CharField(
        label=_("报名方式"), max_length=200, required=False, help_text=_("例如：扫码或在“我的活动”中报名，联系负责人")
    )
    contact_name = forms.CharField(label=_("负责人"), max_length=64, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    late_cancel_hours = forms.IntegerField(
        label=_("临近取消提醒窗口（小时）"),
        min_value=0,
        max_value=720,
        initial=24,
        help_text=_("开始前这么多小时内取消报名，将通知组织者"),
    )
    risk_statement = forms.CharField(label=_("风险提示"), widget=_text(), required=False)
    safeguards = forms.CharField(label=_("保障措施"), widget=_text(), required=False)
    requires_insurance = forms.BooleanField(label=_("需意外保险"), required=False)
    insurance_note = forms.CharField(label=_("保险说明"), max_length=200, required=False)
    min_age = forms.IntegerField(label=_("最低年龄"), min_value=0, max_value=150, required=False)
    max_age = forms.IntegerField(label=_("最高年龄"), min_value=0, max_value=150, required=False)
    required_skills = forms.ModelMultipleChoiceField(
        label=_("所需技能"), queryset=Skill.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    required_training = forms.ModelChoiceField(
        label=_("须参加的培训"), queryset=Training.objects.none(), required=False
    )

    # How the page groups the fields (DESIGN.md §4: time, place, content, conditions, risks).
    SECTIONS: list[tuple[Any, tuple[str, ...]]] = [
        (_("基本信息"), ("title", "content", "venue_type", "category", "project")),
        (_("组织"), ("organizer_site", "organizer_team", "pairing", "contact_name", "contact_phone")),
        (_("时间"), ("starts_at", "ends_at", "signup_closes_at", "late_cancel_hours")),
        (_("地点"), ("place", "latitude", "longitude", "coordinate_system", "geofence_radius_m", "recipient")),
        (_("招募"), ("capacity", "signup_method")),
        (_("风险与保障"), ("risk_statement", "safeguards", "requires_insurance", "insurance_note")),
        (_("参加条件"), ("min_age", "max_age", "required_skills", "required_training")),
    ]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self._choices_limit(user)
        team_ids = [a.team_id for a in user.active_assignments if a.role == Role.TEAM_LEADER]
        if len(team_ids) == 1 and not self.is_bound and "organizer_team" not in self.initial:
            self.initial["organizer_team"] = team_ids[0]  # a team leader publishes for their team

    def _choices_limit(self, user: Any) -> None:
        fields: dict[str, Any] = self.fields
        fields["organizer_site"].queryset = site_list(user=user)
        fields["organizer_team"].queryset = team_list(user=user).filter(is_active=True)
        fields["project"].queryset = scoped(Project.objects.all(), user).order_by("name", "pk")
        fields["pairing"].queryset = scoped(Pairing.objects.select_related("organization", "site"), user).order_by("pk")
        fields["required_training"].queryset = scoped(Training.objects.all(), user).order_by("-pk")
        fields["category"].queryset = TeamCategory.objects.order_by("code")
        fields["required_skills"].queryset = Skill.objects.order_by("code")

    def sections(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(heading, [self[name] for name in names if name in self.fields]) for heading, names in self.SECTIONS]

    def activity_fields(self) -> dict[str, Any]:
        """The keyword arguments of activity_create / activity_update (required_skills included)."""
        data = dict(self.cleaned_data)
        data["required_skills"] = list(data.get("required_skills") or [])
        for name in ("recipient", "signup_method", "contact_name", "contact_phone", "insurance_note"):
            data[name] = (data.get(name) or "").strip()
        for name in ("risk_statement", "safeguards"):
            data[name] = (data.get(name) or "").strip()
        return data

    @staticmethod
    def initial_of(activity: Activity) -> dict[str, Any]:
        """The edit form's starting values (coordinates are stored WGS-84)."""
        names = [
            "title",
            "content",
            "venue_type",
            "category",
            "project",
            "organizer_site",
            "organizer_team",
            "pairing",
            "starts_at",
            "ends_at",
            "signup_closes_at",
            "place",
            "latitude",
            "longitude",
            "geofence_radius_m",
            "recipient",
            "capacity",
            "signup_method",
            "contact_name",
            "contact_phone",
            "late_cancel_hours",
            "risk_statement",
            "safeguards",
            "requires_insurance",
            "insurance_note",
            "min_age",
            "max_age",
            "required_training",
        ]
        foreign_keys = {"category", "project", "organizer_site", "organizer_team", "pairing", "required_training"}
        initial: dict[str, Any] = {
            name: getattr(activity, f"{name}_id" if name in foreign_keys else name) for name in names
        }
        initial["coordinate_system"] = "wgs84"
        initial["required_skills"] = [skill.pk for skill in activity.required_skills.all()]
        return initial


class ActivitySeriesForm(ActivityForm):
    """A weekly activity for a season: the same fields, with weekdays and dates instead of one time."""

    weekdays = forms.TypedMultipleChoiceField(
        label=_("每周几"), choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    first_on = forms.DateField(label=_("首次日期"), widget=DateInput())
    last_on = forms.DateField(label=_("末次日期"), widget=DateInput())
    starts_time = forms.TimeField(label=_("开始时刻"), widget=TimeInput())
    ends_time = forms.TimeField(label=_("结束时刻"), widget=TimeInput())

    SECTIONS = [
        (_("基本信息"), ("title", "content", "venue_type", "category", "project")),
        (_("组织"), ("organizer_site", "organizer_team", "pairing", "contact_name", "contact_phone")),
        (_("重复"), ("weekdays", "first_on", "last_on", "starts_time", "ends_time", "late_cancel_hours")),
        *ActivityForm.SECTIONS[3:],
    ]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        for name in ("starts_at", "ends_at", "signup_closes_at"):
            del self.fields[name]


class ActivityFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=[("", _("全部状态")), *ActivityStatus.choices], required=False)


STATUS_ACTIONS = [
    ("publish", _("发布")),
    ("close", _("截止报名")),
    ("finish", _("结束活动")),
    ("cancel", _("取消活动")),
]


class ActivityStatusForm(forms.Form):
    action = forms.ChoiceField(label=_("操作"), choices=STATUS_ACTIONS)
    reason = forms.CharField(label=_("取消原因"), max_length=200, required=False)


class QrKindForm(forms.Form):
    kind = forms.ChoiceField(label=_("二维码"), choices=[("in", _("签到")), ("out", _("签退"))], required=False)

    def chosen_kind(self) -> str:
        return (self.cleaned_data.get("kind") if self.is_valid() else "") or "in"


ROSTER_ACTIONS = [("check_in", _("签到")), ("check_out", _("签退")), ("no_show", _("标记缺席"))]


class RosterActionForm(forms.Form):
    action = forms.ChoiceField(label=_("操作"), choices=ROSTER_ACTIONS)
    at = forms.DateTimeField(label=_("时间"), required=False, widget=DateTimeLocalInput(), help_text=_("留空则为现在"))

    def moment(self) -> dt.datetime | None:
        return self.cleaned_data.get("at")


class HoursFilterForm(forms.Form):
    activity = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)


class HoursApproveForm(forms.Form):
    hours = forms.DecimalField(
        label=_("核定时长（小时）"),
        max_digits=6,
        decimal_places=2,
        required=False,
        help_text=_("留空则按申报时长记入"),
    )
    reason = forms.CharField(label=_("修改原因"), max_length=200, required=False)

    def hours_value(self) -> Decimal | None:
        return self.cleaned_data.get("hours")


class HoursRejectForm(forms.Form):
    reason = forms.CharField(label=_("退回原因"), max_length=200, error_messages={"required": _("退回时请说明原因。")})


class EntryIdsField(forms.Field):
    """The ids of the ticked rows (a repeated `entry_ids` parameter)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("请至少勾选一条待审核记录。"),
        "invalid": _("所选记录无效，请刷新页面后重试。"),
    }

    def to_python(self, value: Any) -> list[int]:
        if not value:
            return []
        if not isinstance(value, list | tuple):
            value = [value]
        try:
            ids = [int(item) for item in value]
        except (TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if any(item < 1 for item in ids) or len(ids) > 500:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return ids


class HoursBulkApproveForm(forms.Form):
    entry_ids = EntryIdsField(label=_("待审核记录"))
    activity = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)


class HoursReverseForm(forms.Form):
    reason = forms.CharField(label=_("冲销原因"), max_length=200, error_messages={"required": _("冲销时请说明原因。")})
    corrected_hours = forms.DecimalField(
        label=_("更正后的时长（小时）"),
        max_digits=6,
        decimal_places=2,
        required=False,
        help_text=_("留空则只冲销，不另记"),
    )
    activity = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)
