"""Excel exports of the points lists, shared by the pages and the API: the rows a filtered list shows.

Phones are masked unless volunteers.services.personal_data_export_authorize allowed (and audited)
an unmasked export.
"""

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.core.exports import xlsx_response
from wenming.core.masking import mask_phone
from wenming.points.models import PointsEntry, Redemption, ShopItem


def shop_item_export(*, items: QuerySet[ShopItem]) -> HttpResponse:
    headers = [
        _("物品名称"),
        _("爱心超市所属区划"),
        _("兑换所需积分"),
        _("库存"),
        _("领取地点"),
        _("上架"),
        _("物品说明"),
    ]
    rows = (
        [
            item.name,
            item.region.name,
            item.points_price,
            item.stock,
            item.pickup_place,
            item.is_active,
            item.description,
        ]
        for item in items.iterator(chunk_size=500)
    )
    return xlsx_response(
        filename=_("爱心超市物品_%(day)s") % {"day": timezone.localdate().isoformat()},
        sheet_title=_("爱心超市物品"),
        headers=headers,
        rows=rows,
    )


def _redemption_rows(redemptions: QuerySet[Redemption], unmasked: bool) -> Iterator[list[Any]]:
    for redemption in redemptions.iterator(chunk_size=500):
        phone = redemption.volunteer.phone
        yield [
            redemption.redeemed_at,
            redemption.volunteer.name,
            redemption.volunteer.volunteer_number,
            phone if unmasked else mask_phone(phone),
            redemption.item_name,
            redemption.quantity,
            redemption.points,
            redemption.region.name,
            redemption.pickup_code,
            str(redemption.get_status_display()),
            redemption.handed_over_at,
            redemption.cancel_reason,
        ]


def redemption_export(*, redemptions: QuerySet[Redemption], unmasked: bool) -> HttpResponse:
    headers = [
        _("兑换时间"),
        _("志愿者姓名"),
        _("志愿者编号"),
        _("手机号"),
        _("物品名称"),
        _("数量"),
        _("积分"),
        _("爱心超市所属区划"),
        _("领取码"),
        _("状态"),
        _("领取时间"),
        _("取消原因"),
    ]
    return xlsx_response(
        filename=_("积分兑换记录_%(day)s") % {"day": timezone.localdate().isoformat()},
        sheet_title=_("积分兑换"),
        headers=headers,
        rows=_redemption_rows(redemptions, unmasked),
    )


def points_entry_export(*, entries: QuerySet[PointsEntry]) -> HttpResponse:
    headers = [_("记录时间"), _("志愿者姓名"), _("志愿者编号"), _("类型"), _("积分"), _("原因"), _("所属区划")]
    rows = (
        [
            entry.recorded_at,
            entry.volunteer.name,
            entry.volunteer.volunteer_number,
            str(entry.get_kind_display()),
            entry.points,
            entry.reason,
            entry.region.name,
        ]
        for entry in entries.iterator(chunk_size=500)
    )
    return xlsx_response(
        filename=_("爱心积分台账_%(day)s") % {"day": timezone.localdate().isoformat()},
        sheet_title=_("爱心积分台账"),
        headers=headers,
        rows=rows,
    )
