"""Themed volunteer-service activities (主题志愿服务活动), sign-ups and attendance."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wenming.core.fields import (
    coordinate_constraints,
    coordinates_clean,
    ends_after_starts_clean,
    latitude_field,
    longitude_field,
)
from wenming.core.models import TimeStampedModel


class VenueType(models.TextChoices):
    """The "six into" (六进) venue types."""

    VILLAGE = "village", _("进乡村")
    CAMPUS = "campus", _("进校园")
    COMMUNITY = "community", _("进社区")
    GOVERNMENT = "government", _("进机关")
    ENTERPRISE = "enterprise", _("进企业")
    COURTYARD = "courtyard", _("进庭院")


class ActivityStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("报名中")
    CLOSED = "closed", _("报名截止")
    FINISHED = "finished", _("已结束")
    CANCELLED = "cancelled", _("已取消")


class ActivitySeries(TimeStampedModel):
    """A recurring activity (every week on the given weekdays, for a season): one Activity per occurrence."""

    region_field = "region"

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属区划"))
    title = models.CharField(_("活动名称"), max_length=120)
    weekdays = models.CharField(_("每周几"), max_length=20, help_text=_("1=周一 … 7=周日，逗号分隔"))
    first_on = models.DateField(_("首次日期"))
    last_on = models.DateField(_("末次日期"))
    starts_time = models.TimeField(_("开始时刻"))
    ends_time = models.TimeField(_("结束时刻"))
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("创建人")
    )

    class Meta:
        verbose_name = _("周期活动")
        verbose_name_plural = _("周期活动")
        ordering = ["-first_on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(last_on__gte=models.F("first_on")), name="series_dates_ordered"),
            models.CheckConstraint(
                condition=models.Q(ends_time__gt=models.F("starts_time")), name="series_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def weekday_numbers(self) -> list[int]:
        return [int(part) for part in self.weekdays.split(",") if part.strip()]


class Activity(TimeStampedModel):
    region_field = "region"

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="activities", verbose_name=_("所属区划")
    )
    title = models.CharField(_("活动名称"), max_length=120)
    content = models.TextField(_("服务内容"))
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("所属项目"),
    )
    organizer_site = models.ForeignKey(
        "sites.Site", on_delete=models.PROTECT, related_name="activities", verbose_name=_("组织阵地")
    )
    organizer_team = models.ForeignKey(
        "teams.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("组织队伍"),
    )
    pairing = models.ForeignKey(
        "organizations.Pairing",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("结对共建"),
    )
    category = models.ForeignKey(
        "teams.TeamCategory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("服务类别"),
    )
    series = models.ForeignKey(
        ActivitySeries,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="occurrences",
        verbose_name=_("所属周期活动"),
    )
    venue_type = models.CharField(_("六进类型"), max_length=16, choices=VenueType.choices)
    place = models.CharField(_("地点"), max_length=200)
    latitude = latitude_field()
    longitude = longitude_field()
    geofence_radius_m = models.PositiveIntegerField(
        _("签到范围（米）"), null=True, blank=True, help_text=_("留空则不限制签到位置")
    )
    recipient = models.CharField(_("服务对象"), max_length=100, blank=True)
    contact_name = models.CharField(_("负责人"), max_length=64, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    signup_closes_at = models.DateTimeField(_("报名截止时间"), null=True, blank=True)
    late_cancel_hours = models.PositiveSmallIntegerField(
        _("临近取消提醒窗口（小时）"), default=24, help_text=_("开始前这么多小时内取消报名，将通知组织者")
    )
    starts_at = models.DateTimeField(_("开始时间"), db_index=True)
    ends_at = models.DateTimeField(_("结束时间"))
    capacity = models.PositiveIntegerField(_("招募名额"))
    confirmed_count = models.PositiveIntegerField(_("已确认人数"), default=0, editable=False)
    signup_method = models.CharField(_("报名方式"), max_length=200, blank=True)
    risk_statement = models.TextField(_("风险提示"), blank=True)
    safeguards = models.TextField(_("保障措施"), blank=True)
    requires_insurance = models.BooleanField(_("需意外保险"), default=False)
    insurance_note = models.CharField(_("保险说明"), max_length=200, blank=True)
    min_age = models.PositiveSmallIntegerField(_("最低年龄"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("最高年龄"), null=True, blank=True)
    required_skills = models.ManyToManyField(
        "volunteers.Skill", blank=True, related_name="+", verbose_name=_("所需技能")
    )
    required_training = models.ForeignKey(
        "trainings.Training",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("须参加的培训"),
    )
    status = models.CharField(_("状态"), max_length=16, choices=ActivityStatus.choices, default=ActivityStatus.DRAFT)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("创建人")
    )

    class Meta:
        verbose_name = _("志愿服务活动")
        verbose_name_plural = _("志愿服务活动")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["region", "status"], name="activity_region_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="activity_ends_after_start"
            ),
            models.CheckConstraint(condition=models.Q(capacity__gt=0), name="activity_capacity_positive"),
            models.CheckConstraint(
                condition=models.Q(confirmed_count__lte=models.F("capacity")), name="activity_confirmed_within_capacity"
            ),
            models.CheckConstraint(
                condition=models.Q(min_age__isnull=True)
                | models.Q(max_age__isnull=True)
                | models.Q(max_age__gte=models.F("min_age")),
                name="activity_age_range_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(requires_insurance=False) | ~models.Q(risk_statement=""),
                name="activity_insured_states_risk",
            ),
            models.CheckConstraint(
                condition=models.Q(geofence_radius_m__isnull=True)
                | models.Q(geofence_radius_m__gt=0, latitude__isnull=False),
                name="activity_geofence_has_place",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="cancelled") | models.Q(cancelled_at__isnull=False),
                name="activity_cancellation_has_time",
            ),
            *coordinate_constraints("activity"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.confirmed_count, 0)

    def clean(self) -> None:
        coordinates_clean(self)
        ends_after_starts_clean(self.starts_at, self.ends_at)
        if self.min_age is not None and self.max_age is not None and self.max_age < self.min_age:
            raise ValidationError({"max_age": _("最高年龄不能小于最低年龄。")})
        if self.requires_insurance and not self.risk_statement.strip():
            raise ValidationError({"risk_statement": _("需要意外保险的活动必须写明风险提示。")})
        if self.capacity is not None and self.capacity <= 0:
            raise ValidationError({"capacity": _("招募名额必须大于 0。")})
        if self.confirmed_count > (self.capacity or 0):
            raise ValidationError({"capacity": _("招募名额不能少于已确认的人数。")})
        if self.geofence_radius_m is not None and self.latitude is None:
            raise ValidationError({"geofence_radius_m": _("设置签到范围前，请先在地图上选定活动地点。")})
        if self.signup_closes_at is not None and self.ends_at is not None and self.signup_closes_at > self.ends_at:
            raise ValidationError({"signup_closes_at": _("报名截止时间不能晚于活动结束时间。")})


class SignUpStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("已确认")
    WAITLISTED = "waitlisted", _("候补")
    CANCELLED = "cancelled", _("已取消")
    REFUSED = "refused", _("未通过")


class SignUp(TimeStampedModel):
    region_field = "activity__region"

    # No index of its own: signup_activity_queue and signup_unique_per_activity both lead with it.
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="signups", verbose_name=_("活动"), db_index=False
    )
    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.PROTECT, related_name="signups", verbose_name=_("志愿者")
    )
    status = models.CharField(_("状态"), max_length=16, choices=SignUpStatus.choices)
    queued_at = models.DateTimeField(_("排队时间"), null=True, blank=True, help_text=_("候补按此先后递补"))
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    is_late_cancellation = models.BooleanField(_("临近取消"), default=False)
    reminded_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["activity", "status", "queued_at"], name="signup_activity_queue")]
        constraints = [
            models.UniqueConstraint(fields=["activity", "volunteer"], name="signup_unique_per_activity"),
            models.CheckConstraint(
                condition=~models.Q(status="cancelled") | models.Q(cancelled_at__isnull=False),
                name="signup_cancellation_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.volunteer}"


class AttendanceMethod(models.TextChoices):
    QR = "qr", _("扫码签到")
    MANUAL = "manual", _("手工签到")
    IMPORTED = "imported", _("导入")
    AUTOMATIC = "automatic", _("系统自动")


class Attendance(TimeStampedModel):
    """One volunteer's presence at one activity: the source of that activity's hours."""

    region_field = "activity__region"

    # No index of its own: attendance_unique_per_activity leads with it (one index less to write per
    # check-in, and the check-in's read finds the volunteer's row by both columns).
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("活动"), db_index=False
    )
    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.PROTECT, related_name="attendances", verbose_name=_("志愿者")
    )
    signup = models.OneToOneField(
        SignUp, on_delete=models.PROTECT, null=True, blank=True, related_name="attendance", verbose_name=_("报名")
    )
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("签退时间"), null=True, blank=True)
    method = models.CharField(
        _("签到方式"), max_length=16, choices=AttendanceMethod.choices, default=AttendanceMethod.QR
    )
    checked_out_method = models.CharField(_("签退方式"), max_length=16, choices=AttendanceMethod.choices, blank=True)
    is_no_show = models.BooleanField(_("缺席"), default=False)
    needs_review = models.BooleanField(_("待复核"), default=False)
    is_closed_automatically = models.BooleanField(_("系统自动签退"), default=False)
    # The idempotency keys are unique by constraints (Meta), not unique=True, which on PostgreSQL adds
    # a second, LIKE-pattern index that nothing searches.
    checkout_idempotency_key = models.CharField(_("签退幂等键"), max_length=64, null=True, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("记录人")
    )
    idempotency_key = models.CharField(_("幂等键"), max_length=64, null=True, blank=True)

    class Meta:
        verbose_name = _("签到记录")
        verbose_name_plural = _("签到记录")
        constraints = [
            models.UniqueConstraint(fields=["activity", "volunteer"], name="attendance_unique_per_activity"),
            models.UniqueConstraint(fields=["idempotency_key"], name="attendance_idempotency_key_unique"),
            models.UniqueConstraint(
                fields=["checkout_idempotency_key"], name="attendance_checkout_idempotency_key_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(checked_out_at__isnull=True)
                | models.Q(checked_in_at__isnull=False, checked_out_at__gt=models.F("checked_in_at")),
                name="attendance_checks_out_after_in",
            ),
            models.CheckConstraint(
                condition=models.Q(is_no_show=False) | models.Q(checked_in_at__isnull=True),
                name="attendance_no_show_not_checked_in",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.volunteer}"
