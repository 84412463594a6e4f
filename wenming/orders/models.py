"""Residents' service orders (点单派单) and their event log: one row per transition."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wenming.core.append_only import AppendOnlyModel
from wenming.core.fields import coordinate_constraints, coordinates_clean, latitude_field, longitude_field
from wenming.core.models import TimeStampedModel


class OrderChannel(models.TextChoices):
    WEB = "web", _("网页/H5")
    CITY_APP = "city_app", _("城市App（接口）")
    PHONE = "phone", _("电话（工作人员录入）")
    WALK_IN = "walk_in", _("现场（工作人员录入）")


class OrderStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已点单")
    UNDER_REVIEW = "under_review", _("审核中")
    REJECTED = "rejected", _("已驳回")
    DISPATCHED = "dispatched", _("已派单")
    ACCEPTED = "accepted", _("已接单")
    DECLINED = "declined", _("已拒单")
    IN_SERVICE = "in_service", _("服务中")
    COMPLETED = "completed", _("已完成")
    RATED = "rated", _("已评价")
    CLOSED = "closed", _("已办结")
    CANCELLED = "cancelled", _("已取消")
    EXPIRED = "expired", _("已过期")


class Tier(models.TextChoices):
    STATION = "station", _("站")
    INSTITUTE = "institute", _("所")
    CENTER = "center", _("中心")


class ServiceOrder(TimeStampedModel):
    region_field = "region"

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="service_orders", verbose_name=_("所属区划")
    )
    number = models.CharField(_("订单编号"), max_length=24, unique=True)
    requester = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_orders",
        verbose_name=_("点单人账号"),
    )
    requester_name = models.CharField(_("点单人"), max_length=64)
    requester_phone = models.CharField(_("联系电话"), max_length=20)
    channel = models.CharField(_("渠道"), max_length=12, choices=OrderChannel.choices)
    category = models.ForeignKey(
        "teams.TeamCategory", on_delete=models.PROTECT, related_name="+", verbose_name=_("服务类别")
    )
    description = models.TextField(_("需求描述"))
    address = models.CharField(_("服务地址"), max_length=200)
    latitude = latitude_field()
    longitude = longitude_field()
    desired_at = models.DateTimeField(_("期望时间"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.SUBMITTED)
    tier = models.CharField(_("当前层级"), max_length=12, choices=Tier.choices, default=Tier.STATION)
    assigned_site = models.ForeignKey(
        "sites.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_orders",
        verbose_name=_("承办阵地"),
    )
    assigned_team = models.ForeignKey(
        "teams.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_orders",
        verbose_name=_("承接队伍"),
    )
    submitted_at = models.DateTimeField(_("点单时间"), db_index=True)
    deadline_at = models.DateTimeField(_("本环节期限"), null=True, blank=True)
    completion_report = models.TextField(_("服务情况"), blank=True)
    rating = models.PositiveSmallIntegerField(_("评分"), null=True, blank=True)
    rating_comment = models.CharField(_("评价"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("点单")
        verbose_name_plural = _("点单")
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["region", "status"], name="order_region_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="order_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rated") | models.Q(rating__isnull=False),
                name="order_rated_has_rating",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["accepted", "in_service", "completed", "rated"])
                | models.Q(assigned_team__isnull=False),
                name="order_accepted_has_team",
            ),
            *coordinate_constraints("order"),
        ]

    def __str__(self) -> str:
        return self.number

    def clean(self) -> None:
        coordinates_clean(self)


class OrderEvent(AppendOnlyModel):
    append_only_message = _("订单事件只能追加。")
    region_field = "order__region"

    order = models.ForeignKey(ServiceOrder, on_delete=models.PROTECT, related_name="events", verbose_name=_("订单"))
    from_status = models.CharField(_("原状态"), max_length=16, choices=OrderStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=OrderStatus.choices)
    tier = models.CharField(_("层级"), max_length=12, choices=Tier.choices, blank=True)
    actor = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("操作人")
    )
    occurred_at = models.DateTimeField(_("时间"), db_index=True)
    reason = models.CharField(_("说明"), max_length=200, blank=True)
    team = models.ForeignKey(
        "teams.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("相关队伍")
    )

    class Meta:
        verbose_name = _("订单事件")
        verbose_name_plural = _("订单事件")
        ordering = ["occurred_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_status=models.F("to_status")), name="order_event_changes_status"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_status or '∅'} → {self.to_status}"
