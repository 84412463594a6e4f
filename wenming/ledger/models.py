"""The hours ledger (志愿服务时长): append-only, in code and by database triggers.

An entry is never changed or deleted. A correction is a reversing entry (negative hours, pointing
at the entry it reverses); a pending entry (e.g. a paper record awaiting review) is decided by a
later entry that points at it with status approved or rejected. Only approved entries count.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wenming.core.append_only import AppendOnlyModel, AppendOnlyQuerySet

MAX_HOURS_PER_ENTRY = 24


class HoursEntryQuerySet(AppendOnlyQuerySet):
    def approved(self) -> "HoursEntryQuerySet":
        return self.filter(status=EntryStatus.APPROVED)


class SourceKind(models.TextChoices):
    ACTIVITY = "activity", _("主题活动")
    TRAINING = "training", _("培训")
    ORDER = "order", _("点单服务")
    DUTY = "duty", _("站点值守")
    IMPORT = "import", _("历史记录导入")


class EntryKind(models.TextChoices):
    CREDIT = "credit", _("记入")
    REVERSAL = "reversal", _("冲销")


class EntryStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已审核")
    REJECTED = "rejected", _("未通过")


class HoursEntry(AppendOnlyModel):
    append_only_message = _("志愿服务时长台账只能追加，不能修改或删除；更正请登记冲销记录。")
    region_field = "region"

    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.PROTECT, related_name="hours_entries", verbose_name=_("志愿者")
    )
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属区划"))
    kind = models.CharField(_("类型"), max_length=12, choices=EntryKind.choices, default=EntryKind.CREDIT)
    status = models.CharField(_("状态"), max_length=12, choices=EntryStatus.choices)
    source_kind = models.CharField(_("来源"), max_length=12, choices=SourceKind.choices)
    activity = models.ForeignKey(
        "activities.Activity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hours_entries",
        verbose_name=_("活动"),
    )
    training = models.ForeignKey(
        "trainings.Training",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hours_entries",
        verbose_name=_("培训"),
    )
    order = models.ForeignKey(
        "orders.ServiceOrder",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hours_entries",
        verbose_name=_("服务订单"),
    )
    attendance = models.ForeignKey(
        "activities.Attendance",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hours_entries",
        verbose_name=_("签到记录"),
    )
    training_attendance = models.ForeignKey(
        "trainings.TrainingAttendance",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hours_entries",
        verbose_name=_("培训出勤"),
    )
    site = models.ForeignKey(
        "sites.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hours_entries",
        verbose_name=_("服务阵地"),
    )
    service_on = models.DateField(_("服务日期"), db_index=True)
    hours = models.DecimalField(_("时长（小时）"), max_digits=6, decimal_places=2)
    content = models.CharField(_("服务内容"), max_length=200)
    place = models.CharField(_("服务地点"), max_length=200, blank=True)
    recipient = models.CharField(_("服务对象"), max_length=100, blank=True)
    evaluation = models.CharField(_("服务评价"), max_length=100, blank=True)
    person_in_charge = models.CharField(_("负责人"), max_length=64, blank=True)
    recorder = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("记录人")
    )
    approver = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("审核人")
    )
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
        verbose_name=_("冲销的记录"),
    )
    decides = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decided_by",
        verbose_name=_("审核的待审记录"),
    )
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True, db_index=True)

    objects = HoursEntryQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("时长记录")
        verbose_name_plural = _("时长台账")
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["volunteer", "status"], name="hours_volunteer_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="credit", hours__gt=0, reverses__isnull=True)
                | models.Q(kind="reversal", hours__lt=0, reverses__isnull=False, status="approved"),
                name="hours_credit_positive_reversal_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gte=-MAX_HOURS_PER_ENTRY, hours__lte=MAX_HOURS_PER_ENTRY),
                name="hours_within_daily_cap",
            ),
            models.CheckConstraint(
                condition=models.Q(decides__isnull=True) | models.Q(status__in=["approved", "rejected"]),
                name="hours_decision_is_approved_or_rejected",
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending") | models.Q(approver__isnull=False) | models.Q(kind="reversal"),
                name="hours_decided_entry_has_approver",
            ),
            models.CheckConstraint(
                condition=~models.Q(source_kind="activity") | models.Q(activity__isnull=False),
                name="hours_activity_source_names_activity",
            ),
            models.CheckConstraint(
                condition=~models.Q(source_kind="training") | models.Q(training__isnull=False),
                name="hours_training_source_names_training",
            ),
            models.CheckConstraint(
                condition=~models.Q(source_kind="order") | models.Q(order__isnull=False),
                name="hours_order_source_names_order",
            ),
            # One original credit per attendance: a retried check-out or a second proposal cannot double-count.
            models.UniqueConstraint(
                fields=["attendance"],
                condition=models.Q(kind="credit", decides__isnull=True, attendance__isnull=False),
                name="hours_one_credit_per_attendance",
            ),
            models.UniqueConstraint(
                fields=["training_attendance"],
                condition=models.Q(kind="credit", decides__isnull=True, training_attendance__isnull=False),
                name="hours_one_credit_per_training_attendance",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} {self.service_on} {self.hours}h"
