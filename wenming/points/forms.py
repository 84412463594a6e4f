"""Forms of the points pages: filters, the staff's goods and adjustments, a volunteer's redemption."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wenming.points.models import MAX_QUANTITY, PointsEntryKind, RedemptionStatus
from wenming.points.selectors import shop_regions


class DateInput(forms.DateInput):
    input_type = "date"


class RedeemForm(forms.Form):
    quantity = forms.IntegerField(label=_("数量"), min_value=1, max_value=MAX_QUANTITY, initial=1)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=200, required=False)


class ItemFilterForm(forms.Form):
    search = forms.CharField(label=_("物品名称"), max_length=100, required=False)
    is_active = forms.TypedChoiceField(
        label=_("上架"),
        required=False,
        choices=[("", _("全部")), ("1", _("上架")), ("0", _("下架"))],
        coerce=lambda value: value == "1",
        empty_value=None,
    )


class ItemForm(forms.Form):
    region: forms.ModelChoiceField = forms.ModelChoiceField(label=_("爱心超市所属区划"), queryset=None)  # type: ignore[arg-type]
    name = forms.CharField(label=_("物品名称"), max_length=100)
    points_price = forms.IntegerField(label=_("兑换所需积分"))
    stock = forms.IntegerField(label=_("库存"), initial=0)
    pickup_place = forms.CharField(label=_("领取地点"), max_length=200, required=False)
    description = forms.CharField(label=_("物品说明"), max_length=500, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = shop_regions(user=user)  # type: ignore[attr-defined]


class ItemUpdateForm(forms.Form):
    points_price = forms.IntegerField(label=_("兑换所需积分"))
    is_active = forms.BooleanField(label=_("上架"), required=False)


class RestockForm(forms.Form):
    change = forms.IntegerField(label=_("变动数量"), help_text=_("正数补货，负数核减"))
    reason = forms.CharField(label=_("原因"), max_length=200, required=False)


class RedemptionFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部")), *RedemptionStatus.choices])
    pickup_code = forms.CharField(label=_("领取码"), max_length=8, required=False)
    volunteer_number = forms.CharField(label=_("志愿者编号"), max_length=20, required=False)
    redeemed_from = forms.DateField(label=_("兑换日期起"), required=False, widget=DateInput)
    redeemed_to = forms.DateField(label=_("兑换日期止"), required=False, widget=DateInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, last = cleaned.get("redeemed_from"), cleaned.get("redeemed_to")
        if first and last and first > last:
            self.add_error("redeemed_to", _("截止日期不能早于起始日期。"))
        return cleaned


class ExportForm(forms.Form):
    unmasked = forms.BooleanField(label=_("导出完整手机号"), required=False)
    reason = forms.CharField(label=_("导出事由"), max_length=200, required=False)


class EntryFilterForm(forms.Form):
    volunteer_number = forms.CharField(label=_("志愿者编号"), max_length=20, required=False)
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=[("", _("全部")), *PointsEntryKind.choices])


class AdjustmentForm(forms.Form):
    volunteer_number = forms.CharField(label=_("志愿者编号"), max_length=20)
    points = forms.IntegerField(label=_("调整积分"), help_text=_("正数增加，负数扣减"))
    reason = forms.CharField(label=_("调整原因"), max_length=200)
