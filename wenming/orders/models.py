"""Residents' service orders (点单派单) and their event log: one row per transition.

The service catalogue is not a model of its own: it is the county's "8+N" categories
(`teams.TeamCategory` with `teams.CountyCategory`, see `teams.selectors.category_list_for_county`)
plus the county's brand projects (`projects.Project` with a brand); an order names its category and,
when it asks for a brand project, the project too.
"""

from decimal import Decimal

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
    desired_at = models.DateTimeField(_("期望时间"), null=True, blank=True)  # the start of the desired window
    desired_end_at = models.DateTimeField(_("期望时间（截止）"), null=True, blank=True)
    people_needed = models.PositiveSmallIntegerField(_("需要人数"), default=1)
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_orders",
        verbose_name=_("品牌项目"),
    )
    api_client = models.ForeignKey(
        "orders.ApiClient",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_orders",
        verbose_name=_("接口客户端"),
    )
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
    is_overdue = models.BooleanField(_("已超期"), default=False)
    escalation_count = models.PositiveSmallIntegerField(_("升级次数"), default=0)
    completion_report = models.TextField(_("服务情况"), blank=True)
    proposed_hours = models.DecimalField(
        _("申报时长合计（小时）"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    rating = models.PositiveSmallIntegerField(_("评分"), null=True, blank=True)
    rating_comment = models.CharField(_("评价"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("点单")
        verbose_name_plural = _("点单")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["region", "status"], name="order_region_status"),
            models.Index(fields=["deadline_at"], name="order_deadline"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(people_needed__gte=1), name="order_people_needed_positive"),
            models.CheckConstraint(
                condition=models.Q(desired_at__isnull=True)
                | models.Q(desired_end_at__isnull=True)
                | models.Q(desired_end_at__gt=models.F("desired_at")),
                name="order_desired_window_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(proposed_hours__isnull=True) | models.Q(proposed_hours__gt=Decimal(0)),
                name="order_proposed_hours_positive",
            ),
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


class OrderEventKind(models.TextChoices):
    TRANSITION = "transition", _("状态变更")
    OVERDUE = "overdue", _("超期")


class OrderEvent(AppendOnlyModel):
    append_only_message = _("订单事件只能追加。")
    region_field = "order__region"

    order = models.ForeignKey(ServiceOrder, on_delete=models.PROTECT, related_name="events", verbose_name=_("订单"))
    from_status = models.CharField(_("原状态"), max_length=16, choices=OrderStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=OrderStatus.choices)
    # A transition changes the status; an overdue event records that a state's deadline ran out.
    kind = models.CharField(
        _("事件类型"), max_length=12, choices=OrderEventKind.choices, default=OrderEventKind.TRANSITION
    )
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
                condition=models.Q(kind="transition") & ~models.Q(from_status=models.F("to_status"))
                | models.Q(kind="overdue", from_status=models.F("to_status")),
                name="order_event_changes_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_status or '∅'} → {self.to_status}"


class OrderAssignment(models.Model):
    """A member of the accepting team whom the leader sent to serve the order."""

    region_field = "order__region"

    order = models.ForeignKey(
        ServiceOrder, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("订单")
    )
    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.PROTECT, related_name="order_assignments", verbose_name=_("志愿者")
    )
    assigned_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("指派人")
    )
    assigned_at = models.DateTimeField(_("指派时间"))

    class Meta:
        verbose_name = _("订单服务队员")
        verbose_name_plural = _("订单服务队员")
        ordering = ["order", "assigned_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["order", "volunteer"], name="order_assignment_unique")]

    def __str__(self) -> str:
        return f"{self.order_id} · {self.volunteer_id}"


# Deadlines per state when a county has set none (hours).
DEFAULT_DEADLINE_HOURS = {"review": 24, "acceptance": 24, "start": 48, "completion": 72}


class CountyOrderSetting(TimeStampedModel):
    """One county's deadlines per order state, the area its orders may lie in and the categories it
    dispatches automatically.

    Regions have no boundary polygons, so "inside the county" is a bounding box: the one set here, or
    else the box around the county's sites and residential points widened by a margin
    (orders.selectors.county_service_area).
    """

    region_field = "county"

    county = models.OneToOneField(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("县（市、区）")
    )
    review_hours = models.PositiveIntegerField(_("审核派单时限（小时）"), default=DEFAULT_DEADLINE_HOURS["review"])
    acceptance_hours = models.PositiveIntegerField(_("接单时限（小时）"), default=DEFAULT_DEADLINE_HOURS["acceptance"])
    start_hours = models.PositiveIntegerField(_("开始服务时限（小时）"), default=DEFAULT_DEADLINE_HOURS["start"])
    completion_hours = models.PositiveIntegerField(
        _("完成服务时限（小时）"), default=DEFAULT_DEADLINE_HOURS["completion"]
    )
    area_south = models.DecimalField(_("服务范围南界纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    area_north = models.DecimalField(_("服务范围北界纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    area_west = models.DecimalField(_("服务范围西界经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    area_east = models.DecimalField(_("服务范围东界经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    # Catalogue codes of the categories the system dispatches by itself to the top-ranked team
    # (orders.proposals.auto_dispatch); empty: a person confirms every dispatch.
    auto_dispatch_categories = models.JSONField(_("自动派单的服务类别"), default=list, blank=True)

    class Meta:
        verbose_name = _("本县点单设置")
        verbose_name_plural = _("本县点单设置")
        ordering = ["county__code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    review_hours__gte=1, acceptance_hours__gte=1, start_hours__gte=1, completion_hours__gte=1
                ),
                name="county_order_setting_hours_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    area_south__isnull=True, area_north__isnull=True, area_west__isnull=True, area_east__isnull=True
                )
                | models.Q(
                    area_south__isnull=False,
                    area_north__gt=models.F("area_south"),
                    area_west__isnull=False,
                    area_east__gt=models.F("area_west"),
                ),
                name="county_order_setting_area_complete",
            ),
        ]

    def __str__(self) -> str:
        return str(self.county.name)

    def hours_for(self, stage: str) -> int:
        return int(getattr(self, f"{stage}_hours"))


class ApiClient(TimeStampedModel):
    """A system that places orders through the API (the city app, an Open311 client) with its own key.

    Only a SHA-256 hash of the key is kept; the key is shown once, when it is made. The first
    characters (`key_prefix`) find the row; the hash is compared in constant time.
    """

    region_field = "region"

    name = models.CharField(_("名称"), max_length=60)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("可点单区划")
    )
    key_prefix = models.CharField(_("密钥前缀"), max_length=16, unique=True, editable=False)
    key_hash = models.CharField(_("密钥摘要"), max_length=64, editable=False)
    is_active = models.BooleanField(_("在用"), default=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("创建人")
    )
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("接口客户端")
        verbose_name_plural = _("接口客户端")
        ordering = ["region__code", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="api_client_unique_name")]

    def __str__(self) -> str:
        return self.name


class PhoneCodePurpose(models.TextChoices):
    ORDER = "order", _("网上点单")


PHONE_CODE_MAX_ATTEMPTS = 5


class PhoneCode(models.Model):
    """A one-time code sent to a mobile number to confirm it (the public order page).

    Neither the code nor the number is kept in clear: both as keyed hashes (`core.crypto.keyed_hash`),
    the number also masked for people reading the admin. A code lives ten minutes, allows five wrong
    tries and is used once (orders.services_public).
    """

    phone_hash = models.CharField(_("手机号摘要"), max_length=64, editable=False)
    phone_masked = models.CharField(_("手机号"), max_length=20, editable=False)
    purpose = models.CharField(_("用途"), max_length=16, choices=PhoneCodePurpose.choices)
    code_hash = models.CharField(_("验证码摘要"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("发送时间"))
    expires_at = models.DateTimeField(_("失效时间"))
    attempts = models.PositiveSmallIntegerField(_("错误次数"), default=0)
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("手机验证码")
        verbose_name_plural = _("手机验证码")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["phone_hash", "purpose", "created_at"], name="phone_code_phone_created")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")), name="phone_code_expires_after_sent"
            ),
            models.CheckConstraint(
                condition=models.Q(attempts__lte=PHONE_CODE_MAX_ATTEMPTS), name="phone_code_attempts_capped"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.phone_masked} · {self.get_purpose_display()}"
