"""Centralized trainings (集中培训) and who attended them (人次: one row per person per session)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wenming.core.fields import ends_after_starts_clean
from wenming.core.models import TimeStampedModel


class Training(TimeStampedModel):
    region_field = "region"

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属区划"))
    title = models.CharField(_("培训名称"), max_length=120)
    topic = models.CharField(_("主题"), max_length=200, blank=True)
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
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        ends_after_starts_clean(self.starts_at, self.ends_at)


class TrainingAttendance(TimeStampedModel):
    region_field = "training__region"

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("培训"))
    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.PROTECT, related_name="training_attendances", verbose_name=_("志愿者")
    )
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
        ]

    def __str__(self) -> str:
        return f"{self.training} · {self.volunteer}"
