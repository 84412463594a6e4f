"""Love points (爱心积分): the exchange shop (爱心超市) and the append-only points ledger.

Earned points are never stored: they are derived from the approved hours ledger, each approved entry
at the rate in force in its county on its service date (PointsRate, falling back to
settings.WENMING_POINTS_PER_HOUR). What is stored is what was spent or corrected: PointsEntry rows
(redemptions, their reversals when a redemption is cancelled, and admins' adjustments), append-only
like the hours ledger. A volunteer's balance = earned − redeemed + reversals + adjustments.
Points do not expire.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wenming.core.append_only import AppendOnlyModel
from wenming.core.models import TimeStampedModel

MAX_QUANTITY = 99  # one redemption's quantity
MAX_POINTS_PRICE = 1_000_000
MAX_STOCK = 1_000_000
MAX_ADJUSTMENT = 100_000
MAX_RATE = 1000  # points per hour
PICKUP_CODE_DIGITS = 8


class PointsRate(models.Model):
    """The points one approved hour earns in a county, from `effective_on` on (until the next rate)."""

    region_field = "region"

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("县级区划"))
    points_per_hour = models.DecimalField(_("每小时积分"), max_digits=7, decimal_places=2)
    effective_on = models.DateField(_("生效日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    set_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("设置人"))
    set_at = models.DateTimeField(_("设置时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("积分比例")
        verbose_name_plural = _("积分比例")
        ordering = ["region", "-effective_on"]
        constraints = [
            models.UniqueConstraint(fields=["region", "effective_on"], name="points_rate_one_per_county_day"),
            models.CheckConstraint(
                condition=models.Q(points_per_hour__gt=0, points_per_hour__lte=MAX_RATE),
                name="points_rate_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.effective_on}: {self.points_per_hour}"


class ShopItem(TimeStampedModel):
    """A good in a shop: the shop is the region's (a station's village, a township or the county)."""

    region_field = "region"

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("爱心超市所属区划")
    )
    name = models.CharField(_("物品名称"), max_length=100)
    description = models.CharField(_("物品说明"), max_length=500, blank=True)
    points_price = models.PositiveIntegerField(_("兑换所需积分"))
    stock = models.PositiveIntegerField(_("库存"), default=0)
    pickup_place = models.CharField(_("领取地点"), max_length=200, blank=True)
    is_active = models.BooleanField(_("上架"), default=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("创建人")
    )

    class Meta:
        verbose_name = _("爱心超市物品")
        verbose_name_plural = _("爱心超市物品")
        ordering = ["points_price", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="shop_item_name_unique_per_shop"),
            models.CheckConstraint(
                condition=models.Q(points_price__gt=0, points_price__lte=MAX_POINTS_PRICE),
                name="shop_item_price_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(stock__gte=0, stock__lte=MAX_STOCK), name="shop_item_stock_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StockChangeKind(models.TextChoices):
    INITIAL = "initial", _("初始库存")
    RESTOCK = "restock", _("补货")
    WRITE_OFF = "write_off", _("盘亏核减")
    REDEMPTION = "redemption", _("兑换出库")
    RETURN = "return", _("取消退回")


class StockChange(AppendOnlyModel):
    """Every change of an item's stock, with who and why: the stock's own audit trail."""

    append_only_message = _("库存变动记录只能追加，不能修改或删除。")
    region_field = "region"

    item = models.ForeignKey(ShopItem, on_delete=models.PROTECT, related_name="stock_changes", verbose_name=_("物品"))
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属区划"))
    kind = models.CharField(_("类型"), max_length=12, choices=StockChangeKind.choices)
    change = models.IntegerField(_("变动数量"))
    stock_after = models.PositiveIntegerField(_("变动后库存"))
    redemption = models.ForeignKey(
        "points.Redemption",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stock_changes",
        verbose_name=_("兑换记录"),
    )
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    acting_user = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("操作人")
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("库存变动")
        verbose_name_plural = _("库存变动")
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["initial", "restock", "return"], change__gt=0)
                | models.Q(kind__in=["write_off", "redemption"], change__lt=0),
                name="stock_change_sign_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.change:+d}"


class RedemptionStatus(models.TextChoices):
    PENDING = "pending", _("待领取")
    HANDED_OVER = "handed_over", _("已领取")
    CANCELLED = "cancelled", _("已取消")


class Redemption(models.Model):
    """A volunteer's exchange of points for goods, collected at the shop with a pickup code.

    Its points are in the ledger (a redemption entry, and a reversal entry when it is cancelled);
    the status here only says where the goods are.
    """

    region_field = "region"

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("爱心超市所属区划")
    )
    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.PROTECT, related_name="redemptions", verbose_name=_("志愿者")
    )
    item = models.ForeignKey(ShopItem, on_delete=models.PROTECT, related_name="redemptions", verbose_name=_("物品"))
    item_name = models.CharField(_("物品名称"), max_length=100)
    quantity = models.PositiveIntegerField(_("数量"))
    points = models.PositiveIntegerField(_("积分"))
    pickup_code = models.CharField(_("领取码"), max_length=PICKUP_CODE_DIGITS, unique=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=RedemptionStatus.choices, default=RedemptionStatus.PENDING
    )
    redeemed_at = models.DateTimeField(_("兑换时间"), auto_now_add=True, db_index=True)
    redeemed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("兑换操作人")
    )
    handed_over_at = models.DateTimeField(_("领取时间"), null=True, blank=True)
    handed_over_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("发放人")
    )
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("取消人")
    )
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("积分兑换")
        verbose_name_plural = _("积分兑换")
        ordering = ["-redeemed_at", "-id"]
        indexes = [models.Index(fields=["volunteer", "redeemed_at"], name="redemption_volunteer_at")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0, quantity__lte=MAX_QUANTITY, points__gt=0),
                name="redemption_quantity_and_points_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending", handed_over_at__isnull=True, cancelled_at__isnull=True)
                | models.Q(status="handed_over", handed_over_at__isnull=False, handed_over_by__isnull=False)
                | (
                    models.Q(status="cancelled", cancelled_at__isnull=False, cancelled_by__isnull=False)
                    & ~models.Q(cancel_reason="")
                ),
                name="redemption_status_has_its_time_and_actor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pickup_code} {self.item_name} ×{self.quantity}"


class PointsEntryKind(models.TextChoices):
    REDEMPTION = "redemption", _("兑换")
    REDEMPTION_REVERSAL = "redemption_reversal", _("兑换取消退回")
    ADJUSTMENT = "adjustment", _("调整")


class PointsEntry(AppendOnlyModel):
    """One movement of points other than earning them: append-only; a correction is a new entry."""

    append_only_message = _("爱心积分台账只能追加，不能修改或删除；更正请登记调整记录。")
    region_field = "region"

    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.PROTECT, related_name="points_entries", verbose_name=_("志愿者")
    )
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属区划"))
    kind = models.CharField(_("类型"), max_length=20, choices=PointsEntryKind.choices)
    points = models.IntegerField(_("积分"))
    redemption = models.ForeignKey(
        Redemption,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="points_entries",
        verbose_name=_("兑换记录"),
    )
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    acting_user = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("操作人")
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("积分记录")
        verbose_name_plural = _("积分台账")
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["volunteer", "recorded_at"], name="points_volunteer_recorded")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="redemption", points__lt=0, redemption__isnull=False)
                | models.Q(kind="redemption_reversal", points__gt=0, redemption__isnull=False)
                | (
                    models.Q(kind="adjustment", redemption__isnull=True)
                    & ~models.Q(points=0)
                    & ~models.Q(reason="")
                    & models.Q(points__gte=-MAX_ADJUSTMENT, points__lte=MAX_ADJUSTMENT)
                ),
                name="points_entry_sign_matches_kind",
            ),
            # A redemption is paid once and given back at most once, whoever acts at the same time.
            models.UniqueConstraint(
                fields=["redemption", "kind"],
                condition=models.Q(redemption__isnull=False),
                name="points_entry_once_per_redemption_and_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} {self.points:+d}"
