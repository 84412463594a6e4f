"""Centralized trainings (集中培训), enrolment and who attended them (人次: one row per person per session).

A volunteer's row in a session (TrainingAttendance) is their enrolment first (enrolled, waitlisted or
cancelled) and, once the session is held, their attendance (is_present) and result (is_passed). Only
present rows are participations. Whether training hours go to the ledger is the county's choice
(TrainingHoursSetting) and the training's (credit_hours > 0).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wenming.core.fields import ends_after_starts_clean
from wenming.core.models import TimeStampedModel


class TrainingStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("报名中")
    FINISHED = "finished", _("已结束")
    CANCELLED = "cancelled", _("已取消")


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("已报名")
    WAITLISTED = "waitlisted", _("候补")
    CANCELLED = "cancelled", _("已取消")


class Training(TimeStampedModel):
    region_field = "region"

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属区划"))
    title = models.CharField(_("培训名称"), max_length=120)
    topic = models.CharField(_("主题"), max_length=200, blank=True)
    content = models.TextField(_("培训内容"), blank=True)
    trainer_name = models.CharField(_("授课人"), max_length=64, blank=True)
    trainer = models.ForeignKey(
        "volunteers.Volunteer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainings_given",
        verbose_name=_("授课志愿者"),
    )
    organizer_site = models.ForeignKey(
        "sites.Site", on_delete=models.PROTECT, related_name="trainings", verbose_name=_("主办阵地")
    )
    place = models.CharField(_("地点"), max_length=200)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    capacity = models.PositiveIntegerField(_("名额"))
    credit_hours = models.DecimalField(_("计入时长（小时）"), max_digits=5, decimal_places=2, default=0)
    qualifies_skill = models.ForeignKey(
        "volunteers.Skill",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("结业获得技能"),
    )
    # Rows written straight to the table (the demo seed, imports of past sessions) record trainings that
    # were held; the services create drafts and move them through publish, finish or cancel.
    status = models.CharField(
        _("状态"), max_length=16, choices=TrainingStatus.choices, default=TrainingStatus.FINISHED, db_index=True
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("创建人")
    )

    class Meta:
        verbose_name = _("培训")
        verbose_name_plural = _("培训")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="training_ends_after_start"
            ),
            models.CheckConstraint(condition=models.Q(capacity__gt=0), name="training_capacity_positive"),
            models.CheckConstraint(
                condition=models.Q(credit_hours__gte=0, credit_hours__lte=24), name="training_credit_hours_in_range"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[choice.value for choice in TrainingStatus]),
                name="training_status_known",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        """The CheckConstraints' rules, each named by its field (a constraint only says which rule)."""
        errors: dict[str, list[Any]] = {}
        if self.capacity is not None and self.capacity <= 0:
            errors["capacity"] = [_("名额必须大于 0。")]
        if self.credit_hours is not None and not (0 <= self.credit_hours <= 24):
            errors["credit_hours"] = [_("计入时长须在 0 到 24 小时之间。")]
        if errors:
            raise ValidationError(errors)
        ends_after_starts_clean(self.starts_at, self.ends_at)

    @property
    def trainer_display(self) -> str:
        if self.trainer_name:
            return self.trainer_name
        return self.trainer.name if self.trainer_id and self.trainer else ""


class TrainingAttendance(TimeStampedModel):
    region_field = "training__region"

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("培训"))
    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.PROTECT, related_name="training_attendances", verbose_name=_("志愿者")
    )
    status = models.CharField(
        _("报名状态"), max_length=16, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED
    )
    enrolled_at = models.DateTimeField(_("报名时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消报名时间"), null=True, blank=True)
    is_present = models.BooleanField(_("已出席"), default=False)
    is_passed = models.BooleanField(_("已结业"), default=False)

    class Meta:
        verbose_name = _("培训出勤")
        verbose_name_plural = _("培训出勤")
        constraints = [
            models.UniqueConstraint(fields=["training", "volunteer"], name="training_attendance_unique"),
            models.CheckConstraint(
                condition=models.Q(is_passed=False) | models.Q(is_present=True), name="training_pass_needs_presence"
            ),
            models.CheckConstraint(
                condition=models.Q(is_present=False) | models.Q(status="enrolled"),
                name="training_presence_needs_enrolment",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[choice.value for choice in EnrolmentStatus]),
                name="training_enrolment_status_known",
            ),
        ]
        indexes = [models.Index(fields=["training", "status"], name="training_attendance_status")]

    def __str__(self) -> str:
        return f"{self.training} · {self.volunteer}"


class TrainingHoursSetting(TimeStampedModel):
    """Whether a county (or any region, for its subtree) counts training hours as volunteer service hours.

    The nearest region up the tree with a setting decides; without any, a training with credit hours counts.
    """

    region_field = "region"

    region = models.OneToOneField(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属区划")
    )
    counts_training_hours = models.BooleanField(_("培训时长计入志愿服务时长"), default=True)

    class Meta:
        verbose_name = _("培训时长设置")
        verbose_name_plural = _("培训时长设置")

    def __str__(self) -> str:
        return f"{self.region} · {self.counts_training_hours}"
