"""Writes of love points: rates, the shop's goods and stock, redemptions, and admins' adjustments.

Spending is race-safe: a redemption locks the volunteer's row (their balance is read inside that
lock) and takes the stock with a conditional UPDATE (stock = stock − q WHERE stock >= q) on the
locked item row; on SQLite the IMMEDIATE transaction holds the write lock instead. So neither the
balance nor the stock can go below zero, however many requests arrive at once. Every change of
points appends to the points ledger and every change of stock to the stock changes, in the same
transaction; nothing in either is ever updated or deleted.
"""

import datetime as dt
import secrets
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.accounts.models import AuditAction
from wenming.accounts.services import audit_event_record
from wenming.core.errors import DomainError, NotFoundError, PermissionDeniedError
from wenming.notifications.models import NotificationKind
from wenming.notifications.services import notification_send
from wenming.points.models import (
    MAX_ADJUSTMENT,
    MAX_POINTS_PRICE,
    MAX_QUANTITY,
    MAX_RATE,
    MAX_STOCK,
    PICKUP_CODE_DIGITS,
    PointsEntry,
    PointsEntryKind,
    PointsRate,
    Redemption,
    RedemptionStatus,
    ShopItem,
    StockChange,
    StockChangeKind,
)
from wenming.points.selectors import points_rate_counties, points_standing, shop_regions
from wenming.regions.access import scoped
from wenming.regions.roles import ADD, CHANGE, VIEW, roles_allowed
from wenming.volunteers.models import Volunteer, VolunteerStatus

PICKUP_CODE_ATTEMPTS = 5


def _whole_number(value: Any, *, field: str, low: int, high: int, message: Any) -> int:
    """An int within [low, high] (a digit string from a form too); anything else is the field's error."""
    if isinstance(value, bool):
        raise ValidationError({field: [message]})
    if isinstance(value, str):
        value = value.strip()
        if not value.lstrip("-").isdigit() or len(value) > 12:
            raise ValidationError({field: [message]})
        value = int(value)
    if not isinstance(value, int) or not low <= value <= high:
        raise ValidationError({field: [message]})
    return value


def _text(value: Any, *, field: str, max_length: int, required: bool, label: Any) -> str:
    text = str(value or "").strip()
    if "\x00" in text:
        raise ValidationError({field: [_("%(label)s含有无效字符。") % {"label": label}]})
    if required and not text:
        raise ValidationError({field: [_("请填写%(label)s。") % {"label": label}]})
    if len(text) > max_length:
        raise ValidationError({field: [_("%(label)s不能超过 %(max)d 个字。") % {"label": label, "max": max_length}]})
    return text


# -- rates -------------------------------------------------------------------------------------------


@transaction.atomic
def points_rate_set(
    *, region: Any, points_per_hour: Any, effective_on: dt.date, note: str = "", acting_user: Any
) -> PointsRate:
    """A county's new rate from `effective_on` on (today or later: points already earned never change)."""
    if not points_rate_counties(user=acting_user).filter(pk=region.pk).exists():
        raise PermissionDeniedError(_("只有本县（市）的中心管理员可以设置积分比例。"))
    try:
        rate = Decimal(str(points_per_hour)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ValidationError({"points_per_hour": [_("每小时积分必须是数字。")]}) from None
    if not (Decimal(0) < rate <= MAX_RATE):
        raise ValidationError({"points_per_hour": [_("每小时积分必须大于 0 且不超过 %(max)d。") % {"max": MAX_RATE}]})
    if effective_on < timezone.localdate():
        raise ValidationError({"effective_on": [_("生效日期不能早于今天：已获得的积分不能追溯改变。")]})
    note = _text(note, field="note", max_length=200, required=False, label=_("说明"))
    try:
        with transaction.atomic():
            return PointsRate.objects.create(
                region=region, points_per_hour=rate, effective_on=effective_on, note=note, set_by=acting_user
            )
    except IntegrityError:
        raise ValidationError({"effective_on": [_("该日期已设置过积分比例。")]}) from None


# -- the shop's goods --------------------------------------------------------------------------------


def _price(value: Any) -> int:
    message = _("兑换所需积分必须是 1 到 %(max)d 之间的整数。") % {"max": MAX_POINTS_PRICE}
    return _whole_number(value, field="points_price", low=1, high=MAX_POINTS_PRICE, message=message)


@transaction.atomic
def shop_item_create(
    *,
    region: Any,
    name: str,
    points_price: Any,
    stock: Any = 0,
    description: str = "",
    pickup_place: str = "",
    is_active: bool = True,
    acting_user: Any,
) -> ShopItem:
    """Put a good in the shop of `region` (a region of the admin's scope); its first stock is recorded."""
    if region is None or not shop_regions(user=acting_user).filter(pk=region.pk).exists():
        raise PermissionDeniedError(_("您无权在该区划的爱心超市上架物品。"))
    name = _text(name, field="name", max_length=100, required=True, label=_("物品名称"))
    description = _text(description, field="description", max_length=500, required=False, label=_("物品说明"))
    pickup_place = _text(pickup_place, field="pickup_place", max_length=200, required=False, label=_("领取地点"))
    price = _price(points_price)
    stock_message = _("库存必须是 0 到 %(max)d 之间的整数。") % {"max": MAX_STOCK}
    stock = _whole_number(stock, field="stock", low=0, high=MAX_STOCK, message=stock_message)
    try:
        with transaction.atomic():
            item = ShopItem.objects.create(
                region=region,
                name=name,
                description=description,
                points_price=price,
                stock=stock,
                pickup_place=pickup_place,
                is_active=bool(is_active),
                created_by=acting_user,
            )
    except IntegrityError:
        raise ValidationError({"name": [_("该爱心超市已有同名物品。")]}) from None
    if stock:
        StockChange.objects.create(
            item=item,
            region=region,
            kind=StockChangeKind.INITIAL,
            change=stock,
            stock_after=stock,
            acting_user=acting_user,
        )
    return item


def _item_for_change(*, item_id: int, acting_user: Any) -> ShopItem:
    item = scoped(ShopItem.objects.all(), acting_user, CHANGE).select_for_update().filter(pk=item_id).first()
    if item is None:
        if scoped(ShopItem.objects.all(), acting_user, VIEW).filter(pk=item_id).exists():
            raise PermissionDeniedError(_("您无权管理该物品。"))
        raise NotFoundError(_("物品不存在。"), field="item_id")
    return item


@transaction.atomic
def shop_item_update(
    *,
    item_id: int,
    acting_user: Any,
    name: str | None = None,
    description: str | None = None,
    points_price: Any = None,
    pickup_place: str | None = None,
    is_active: bool | None = None,
) -> ShopItem:
    """Change a good's description, price or whether it is on sale (its stock changes by restocking).
    A new price applies to later redemptions only: a redemption keeps the points it cost."""
    item = _item_for_change(item_id=item_id, acting_user=acting_user)
    if name is not None:
        item.name = _text(name, field="name", max_length=100, required=True, label=_("物品名称"))
    if description is not None:
        item.description = _text(description, field="description", max_length=500, required=False, label=_("物品说明"))
    if pickup_place is not None:
        item.pickup_place = _text(
            pickup_place, field="pickup_place", max_length=200, required=False, label=_("领取地点")
        )
    if points_price is not None:
        item.points_price = _price(points_price)
    if is_active is not None:
        item.is_active = bool(is_active)
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:
        raise ValidationError({"name": [_("该爱心超市已有同名物品。")]}) from None
    return item


@transaction.atomic
def shop_item_restock(*, item_id: int, change: Any, reason: str = "", acting_user: Any) -> StockChange:
    """Add stock (a restock), or take it off (a write-off, with a reason); recorded as a stock change."""
    message = _("变动数量必须是非零整数，绝对值不超过 %(max)d。") % {"max": MAX_STOCK}
    change = _whole_number(change, field="change", low=-MAX_STOCK, high=MAX_STOCK, message=message)
    if change == 0:
        raise ValidationError({"change": [message]})
    reason = _text(reason, field="reason", max_length=200, required=change < 0, label=_("核减原因"))
    item = _item_for_change(item_id=item_id, acting_user=acting_user)
    stock_after = item.stock + change
    if stock_after < 0:
        raise DomainError(
            _("核减数量超过现有库存（%(stock)d 件）。") % {"stock": item.stock}, field="change", code="stock_too_low"
        )
    if stock_after > MAX_STOCK:
        raise ValidationError({"change": [_("补货后库存不能超过 %(max)d。") % {"max": MAX_STOCK}]})
    ShopItem.objects.filter(pk=item.pk).update(stock=F("stock") + change, updated_at=timezone.now())
    return StockChange.objects.create(
        item=item,
        region_id=item.region_id,
        kind=StockChangeKind.RESTOCK if change > 0 else StockChangeKind.WRITE_OFF,
        change=change,
        stock_after=stock_after,
        reason=reason,
        acting_user=acting_user,
    )


# -- redemptions -------------------------------------------------------------------------------------


def _shop_serves(shop_region: Any, volunteer_region: Any) -> bool:
    """A shop serves the volunteers of its region's subtree."""
    return bool(volunteer_region.path.startswith(shop_region.path))


def _redemption_insert(**values: Any) -> Redemption:
    """A redemption with a fresh random pickup code (a collision, however unlikely, draws again)."""
    for attempt in range(PICKUP_CODE_ATTEMPTS):
        code = f"{secrets.randbelow(10**PICKUP_CODE_DIGITS):0{PICKUP_CODE_DIGITS}d}"
        try:
            with transaction.atomic():
                return Redemption.objects.create(pickup_code=code, **values)
        except IntegrityError:
            if attempt == PICKUP_CODE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def redemption_create(*, volunteer: Volunteer, item_id: int, quantity: Any, acting_user: Any) -> Redemption:
    """A volunteer exchanges their own points for `quantity` of a good of their shops; nothing is written
    when the points or the stock do not suffice."""
    if volunteer.user_id is None or volunteer.user_id != acting_user.pk:
        raise PermissionDeniedError(_("只能用本人的爱心积分兑换。"))
    quantity_message = _("兑换数量必须是 1 到 %(max)d 之间的整数。") % {"max": MAX_QUANTITY}
    quantity = _whole_number(quantity, field="quantity", low=1, high=MAX_QUANTITY, message=quantity_message)
    # The volunteer's row lock serializes their spending: the balance read below cannot be spent twice.
    locked = Volunteer.objects.select_for_update().select_related("region").filter(pk=volunteer.pk).first()
    if locked is None:
        raise NotFoundError(_("志愿者不存在。"), field="volunteer")
    if locked.status != VolunteerStatus.ACTIVE:
        raise DomainError(_("志愿者不在册，不能兑换。"), code="volunteer_not_active")
    item = ShopItem.objects.select_for_update().select_related("region").filter(pk=item_id).first()
    if item is None or not _shop_serves(item.region, locked.region):
        raise NotFoundError(_("物品不存在。"), field="item_id")
    if not item.is_active:
        raise DomainError(_("该物品已下架，不能兑换。"), field="item_id", code="item_inactive")
    price = item.points_price * quantity
    balance = points_standing(volunteer=locked).balance
    if balance < price:
        raise DomainError(
            _("爱心积分不足：需要 %(price)d 分，当前余额 %(balance)d 分。") % {"price": price, "balance": balance},
            field="quantity",
            code="not_enough_points",
        )
    if not ShopItem.objects.filter(pk=item.pk, stock__gte=quantity).update(stock=F("stock") - quantity):
        raise DomainError(
            _("库存不足：该物品只剩 %(stock)d 件。") % {"stock": item.stock}, field="quantity", code="out_of_stock"
        )
    redemption = _redemption_insert(
        region=item.region,
        volunteer=locked,
        item=item,
        item_name=item.name,
        quantity=quantity,
        points=price,
        redeemed_by=acting_user,
    )
    PointsEntry.objects.create(
        volunteer=locked,
        region=item.region,
        kind=PointsEntryKind.REDEMPTION,
        points=-price,
        redemption=redemption,
        reason=str(_("兑换 %(name)s ×%(quantity)d") % {"name": item.name, "quantity": quantity})[:200],
        acting_user=acting_user,
    )
    StockChange.objects.create(
        item=item,
        region=item.region,
        kind=StockChangeKind.REDEMPTION,
        change=-quantity,
        stock_after=item.stock - quantity,
        redemption=redemption,
        acting_user=acting_user,
    )
    return redemption


def _redemption_for_change(*, redemption_id: int, acting_user: Any, allow_own: bool) -> Redemption:
    """The redemption locked for a change by a staff member of its shop (or, if allowed, its volunteer)."""
    visible = scoped(Redemption.objects.all(), acting_user, VIEW).filter(pk=redemption_id).first()
    if visible is None:
        raise NotFoundError(_("兑换记录不存在。"), field="redemption_id")
    redemption = Redemption.objects.select_for_update().select_related("volunteer", "region").get(pk=visible.pk)
    is_own = redemption.volunteer.user_id is not None and redemption.volunteer.user_id == acting_user.pk
    may_manage = scoped(Redemption.objects.all(), acting_user, CHANGE).filter(pk=redemption.pk).exists()
    if not (may_manage or (allow_own and is_own)):
        raise PermissionDeniedError(_("只有爱心超市所在辖区的管理员可以处理兑换。"))
    if redemption.status != RedemptionStatus.PENDING:
        raise DomainError(
            _("该兑换已%(status)s，不能再处理。") % {"status": redemption.get_status_display()},
            code="redemption_not_pending",
        )
    return redemption


@transaction.atomic
def redemption_hand_over(*, redemption_id: int, acting_user: Any) -> Redemption:
    """Staff of the shop hand the goods over (the volunteer shows the pickup code)."""
    redemption = _redemption_for_change(redemption_id=redemption_id, acting_user=acting_user, allow_own=False)
    redemption.status = RedemptionStatus.HANDED_OVER
    redemption.handed_over_at = timezone.now()
    redemption.handed_over_by = acting_user
    redemption.save(update_fields=["status", "handed_over_at", "handed_over_by"])
    return redemption


@transaction.atomic
def redemption_cancel(*, redemption_id: int, reason: str = "", acting_user: Any) -> Redemption:
    """Cancel a redemption not yet handed over: its points come back (a reversal entry), its goods to stock.
    The volunteer may cancel their own; staff of the shop cancel with a reason and the volunteer is told."""
    redemption = _redemption_for_change(redemption_id=redemption_id, acting_user=acting_user, allow_own=True)
    is_own = redemption.volunteer.user_id == acting_user.pk
    reason = _text(reason, field="reason", max_length=200, required=not is_own, label=_("取消原因"))
    reason = reason or str(_("本人取消"))
    item = ShopItem.objects.select_for_update().get(pk=redemption.item_id)
    redemption.status = RedemptionStatus.CANCELLED
    redemption.cancelled_at = timezone.now()
    redemption.cancelled_by = acting_user
    redemption.cancel_reason = reason
    redemption.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"])
    PointsEntry.objects.create(
        volunteer=redemption.volunteer,
        region=redemption.region,
        kind=PointsEntryKind.REDEMPTION_REVERSAL,
        points=redemption.points,
        redemption=redemption,
        reason=reason,
        acting_user=acting_user,
    )
    # The stock may have been written off meanwhile: the returned goods always go back on the shelf.
    ShopItem.objects.filter(pk=item.pk).update(stock=F("stock") + redemption.quantity)
    StockChange.objects.create(
        item=item,
        region=redemption.region,
        kind=StockChangeKind.RETURN,
        change=redemption.quantity,
        stock_after=item.stock + redemption.quantity,
        redemption=redemption,
        reason=reason,
        acting_user=acting_user,
    )
    if not is_own:
        notification_send(
            recipients=[redemption.volunteer],
            kind=NotificationKind.GENERAL,
            title=str(_("积分兑换已取消")),
            body=_("您兑换的「%(name)s」×%(quantity)d 已取消，%(points)d 积分已退回：%(reason)s")
            % {
                "name": redemption.item_name,
                "quantity": redemption.quantity,
                "points": redemption.points,
                "reason": reason,
            },
            related=redemption,
        )
    return redemption


# -- adjustments -------------------------------------------------------------------------------------


def points_adjust_may(*, user: Any, volunteer: Any) -> bool:
    """Admins whose region holds the volunteer's adjust their points."""
    if user.is_superuser and user.is_active:
        return True
    paths = user.region_paths(roles_allowed("points.pointsentry", ADD))
    return any(volunteer.region.path.startswith(path) for path in paths)


@transaction.atomic
def points_adjust(*, volunteer: Volunteer, points: Any, reason: str, acting_user: Any) -> PointsEntry:
    """An admin's correction of a volunteer's points (signed), with a reason; audited, the volunteer told.
    A deduction never takes the balance below zero."""
    if not points_adjust_may(user=acting_user, volunteer=volunteer):
        raise PermissionDeniedError(_("只有志愿者所在辖区的管理员可以调整爱心积分。"))
    message = _("调整积分必须是非零整数，绝对值不超过 %(max)d。") % {"max": MAX_ADJUSTMENT}
    points = _whole_number(points, field="points", low=-MAX_ADJUSTMENT, high=MAX_ADJUSTMENT, message=message)
    if points == 0:
        raise ValidationError({"points": [message]})
    reason = _text(reason, field="reason", max_length=200, required=True, label=_("调整原因"))
    if len(reason) < 2:
        raise ValidationError({"reason": [_("请填写调整原因。")]})
    locked = Volunteer.objects.select_for_update().select_related("region").get(pk=volunteer.pk)
    if points < 0:
        balance = points_standing(volunteer=locked).balance
        if balance + points < 0:
            raise DomainError(
                _("扣减后积分余额不能为负数：当前余额 %(balance)d 分。") % {"balance": balance},
                field="points",
                code="not_enough_points",
            )
    entry = PointsEntry.objects.create(
        volunteer=locked,
        region=locked.region,
        kind=PointsEntryKind.ADJUSTMENT,
        points=points,
        reason=reason,
        acting_user=acting_user,
    )
    audit_event_record(
        actor=acting_user,
        action=AuditAction.POINTS_ADJUSTED,
        region=locked.region,
        target=entry,
        reason=(
            str(_("调整 %(volunteer)s 的爱心积分 %(points)+d：%(reason)s"))
            % {"volunteer": locked.volunteer_number, "points": points, "reason": reason}
        )[:200],
    )
    notification_send(
        recipients=[locked],
        kind=NotificationKind.GENERAL,
        title=str(_("爱心积分已调整")),
        body=_("您的爱心积分调整 %(points)+d 分：%(reason)s") % {"points": points, "reason": reason},
        related=entry,
    )
    return entry
