"""Forms of the order pages: they parse input; every business rule stays in the services."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wenming.orders.models import OrderChannel, OrderStatus, Tier
from wenming.orders.selectors import CatalogueEntry

DATETIME_INPUT_FORMAT = "%Y-%m-%dT%H:%M"
COORDINATE_SYSTEMS = [("gcj02", _("GCJ-02（高德/腾讯地图）")), ("wgs84", _("WGS-84（GPS）"))]
STAFF_CHANNELS = [
    (OrderChannel.PHONE.value, OrderChannel.PHONE.label),
    (OrderChannel.WALK_IN.value, OrderChannel.WALK_IN.label),
]
STARS = [(value, "★" * value) for value in range(5, 0, -1)]
MAX_PEOPLE = 200


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format=DATETIME_INPUT_FORMAT)


def _datetime_field(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=False,
        input_formats=[DATETIME_INPUT_FORMAT, "%Y-%m-%d %H:%M"],
        widget=DateTimeLocalInput(),
        error_messages={"invalid": _("请填写正确的日期和时间。")},
    )


def catalogue_choices(entries: list[CatalogueEntry]) -> list[Any]:
    """The catalogue grouped as the select shows it: the categories, then each brand's projects."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for entry in entries:
        groups.setdefault(entry.group, []).append((entry.code, entry.name))
    return [("", _("请选择服务类别")), *[(group, choices) for group, choices in groups.items()]]


class OrderFieldsForm(forms.Form):
    """What every order says: the service, the need, where and when, how many people."""

    service_code = forms.ChoiceField(
        label=_("服务类别"), error_messages={"required": _("请选择服务类别。"), "invalid_choice": _("请选择服务类别。")}
    )
    description = forms.CharField(
        label=_("需求描述"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("请填写需求描述。"), "max_length": _("需求描述不能超过2000个字。")},
    )
    address = forms.CharField(
        label=_("服务地址"),
        max_length=200,
        error_messages={"required": _("请填写服务地址。"), "max_length": _("服务地址不能超过200个字。")},
    )
    place = forms.TypedChoiceField(label=_("所在村（社区）"), required=False, coerce=int, empty_value=None)
    latitude = forms.DecimalField(
        label=_("纬度"),
        required=False,
        max_digits=9,
        decimal_places=6,
        error_messages={"invalid": _("坐标必须是数字。")},
    )
    longitude = forms.DecimalField(
        label=_("经度"),
        required=False,
        max_digits=9,
        decimal_places=6,
        error_messages={"invalid": _("坐标必须是数字。")},
    )
    coordinate_system = forms.ChoiceField(label=_("坐标系"), choices=COORDINATE_SYSTEMS, initial="gcj02")
    desired_at = _datetime_field(_("期望时间（开始）"))
    desired_end_at = _datetime_field(_("期望时间（截止）"))
    people_needed = forms.IntegerField(
        label=_("需要人数"),
        min_value=1,
        max_value=MAX_PEOPLE,
        initial=1,
        error_messages={
            "required": _("请填写需要人数。"),
            "invalid": _("需要人数须为整数。"),
            "min_value": _("需要人数须在 1 到 200 人之间。"),
            "max_value": _("需要人数须在 1 到 200 人之间。"),
        },
    )
    requester_name = forms.CharField(
        label=_("姓名"),
        max_length=64,
        error_messages={"required": _("请填写点单人姓名。"), "max_length": _("点单人姓名不能超过64个字。")},
    )

    def __init__(
        self, *args: Any, catalogue: list[CatalogueEntry], places: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        service_field = self.fields["service_code"]
        assert isinstance(service_field, forms.ChoiceField)
        service_field.choices = catalogue_choices(catalogue)
        place_field = self.fields["place"]
        assert isinstance(place_field, forms.TypedChoiceField)
        place_field.choices = [("", _("不清楚 / 不选")), *places]
        place_field.error_messages["invalid_choice"] = _("请从列表中选择村（社区）。")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("latitude", _("纬度和经度须同时填写或同时留空。"))
        return data


class PublicOrderForm(OrderFieldsForm):
    """The resident's own order: their mobile number and the code sent to it."""

    phone = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        error_messages={"required": _("请填写手机号码。")},
    )
    code = forms.CharField(
        label=_("短信验证码"),
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        error_messages={"required": _("请填写短信验证码。")},
    )


class PhoneForm(forms.Form):
    phone = forms.CharField(max_length=20, required=False)


class StaffOrderForm(OrderFieldsForm):
    """Staff entry of a phone or walk-in request, for the resident."""

    channel = forms.ChoiceField(label=_("渠道"), choices=STAFF_CHANNELS, initial=OrderChannel.PHONE.value)
    requester_phone = forms.CharField(
        label=_("联系电话"), max_length=20, error_messages={"required": _("请填写正确的联系电话。")}
    )

    field_order = ["channel", "requester_name", "requester_phone"]


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("评分"),
        choices=STARS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择评分（1 到 5 星）。"), "invalid_choice": _("评分须为 1 到 5 星。")},
    )
    comment = forms.CharField(
        label=_("评价"),
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("评价不能超过200个字。")},
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=200, required=False, error_messages={"max_length": _("说明不能超过200个字。")})


class DispatchForm(forms.Form):
    team_id = forms.TypedChoiceField(label=_("承接队伍"), required=False, coerce=int, empty_value=None)
    site_id = forms.TypedChoiceField(label=_("承办阵地"), required=False, coerce=int, empty_value=None)
    tier = forms.ChoiceField(label=_("层级"), required=False)
    reason = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(
        self,
        *args: Any,
        teams: list[tuple[int, str]],
        sites: list[tuple[int, str]],
        tiers: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        team_field, site_field = self.fields["team_id"], self.fields["site_id"]
        assert isinstance(team_field, forms.TypedChoiceField) and isinstance(site_field, forms.TypedChoiceField)
        team_field.choices = [("", _("—— 不指定队伍 ——")), *teams]
        team_field.error_messages["invalid_choice"] = _("承接队伍不存在、未在服务或不在您的管辖范围内。")
        site_field.choices = [("", _("—— 不指定阵地 ——")), *sites]
        site_field.error_messages["invalid_choice"] = _("承办阵地不存在、未在用或不在您的管辖范围内。")
        tier_field = self.fields["tier"]
        assert isinstance(tier_field, forms.ChoiceField)
        tier_field.choices = [("", _("按阵地或当前层级")), *tiers]
        tier_field.error_messages["invalid_choice"] = _("未知的层级。")


class StaffRatingForm(RatingForm):
    """A rating the resident gave by phone, recorded by staff."""


class OrderFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部")), *OrderStatus.choices])
    tier = forms.ChoiceField(label=_("层级"), required=False, choices=[("", _("全部")), *Tier.choices])
    category = forms.TypedChoiceField(label=_("服务类别"), required=False, coerce=int, empty_value=None)
    overdue = forms.BooleanField(label=_("只看超期"), required=False)
    number = forms.CharField(label=_("订单编号"), required=False, max_length=24)

    def __init__(self, *args: Any, categories: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        category_field = self.fields["category"]
        assert isinstance(category_field, forms.TypedChoiceField)
        category_field.choices = [("", _("全部")), *categories]

    def filters(self) -> dict[str, Any]:
        """The valid filters; an invalid one is ignored (the list shows everything instead)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "status": data.get("status") or None,
            "tier": data.get("tier") or None,
            "category_id": data.get("category"),
            "overdue_only": bool(data.get("overdue")),
            "number": data.get("number") or None,
        }


class AnswerForm(forms.Form):
    """Accept or decline for a team: which team (when the leader leads several), and the reason."""

    team_id = forms.IntegerField(required=False)
    reason = forms.CharField(max_length=200, required=False, error_messages={"max_length": _("说明不能超过200个字。")})


class AssignForm(forms.Form):
    volunteer_ids = forms.TypedMultipleChoiceField(
        label=_("指派队员"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请选择要指派的队员。"), "invalid_choice": _("只能指派本队在册的队员。")},
    )

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["volunteer_ids"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = members


class CompleteForm(forms.Form):
    """The service report and the hours of each assigned member (fields `hours_<volunteer id>`)."""

    report = forms.CharField(
        label=_("服务情况"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写服务情况。"), "max_length": _("服务情况不能超过2000个字。")},
    )

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member_fields: list[str] = []
        for volunteer_id, name in members:
            field_name = f"hours_{volunteer_id}"
            self.fields[field_name] = forms.DecimalField(
                label=_("%(name)s 服务时长（小时）") % {"name": name},
                required=False,
                min_value=0,
                max_value=24,
                max_digits=5,
                decimal_places=2,
                error_messages={
                    "invalid": _("时长须为数字。"),
                    "min_value": _("时长须在 0 到 24 小时之间。"),
                    "max_value": _("时长须在 0 到 24 小时之间。"),
                    "max_decimal_places": _("时长最多两位小数。"),
                },
            )
            self.member_fields.append(field_name)

    def hours(self) -> list[tuple[int, Any]]:
        """(volunteer id, hours) of each member with hours above zero."""
        rows = []
        for field_name in self.member_fields:
            value = self.cleaned_data.get(field_name)
            if value:
                rows.append((int(field_name.removeprefix("hours_")), value))
        return rows
