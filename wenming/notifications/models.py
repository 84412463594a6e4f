"""In-app inbox (站内消息) and the outbound channels (SMS, WeChat…) notifications go through."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wenming.core.masking import mask_phone


class NotificationKind(models.TextChoices):
    SIGNUP_CONFIRMED = "signup_confirmed", _("报名成功")
    SIGNUP_WAITLISTED = "signup_waitlisted", _("已进入候补")
    WAITLIST_PROMOTED = "waitlist_promoted", _("候补转正")
    LATE_CANCELLATION = "late_cancellation", _("临近取消报名")  # sent to the organizers
    ACTIVITY_REMINDER = "activity_reminder", _("活动提醒")
    ACTIVITY_CHANGED = "activity_changed", _("活动变更")
    ACTIVITY_CANCELLED = "activity_cancelled", _("活动取消")
    HOURS_APPROVED = "hours_approved", _("时长已审核")
    HOURS_REJECTED = "hours_rejected", _("时长未通过审核")
    CERTIFICATE_ISSUED = "certificate_issued", _("服务证明已开具")
    GENERAL = "general", _("通知")


INBOX_KEY_PREFIXES = ("user:", "volunteer:")  # addresses of the log channel for people without a phone


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class Notification(models.Model):
    """One message in one person's inbox: keyed to a user, a volunteer record, or both."""

    recipient_user = models.ForeignKey(
        "accounts.User",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("接收账号"),
    )
    recipient_volunteer = models.ForeignKey(
        "volunteers.Volunteer",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("接收志愿者"),
    )
    kind = models.CharField(_("类型"), max_length=32, choices=NotificationKind.choices)
    title = models.CharField(_("标题"), max_length=120)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    # "activities.activity:12": which record the message is about, without a content-type table.
    related_label = models.CharField(_("相关记录"), max_length=80, blank=True, db_index=True)
    created_at = models.DateTimeField(_("发送时间"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内消息")
        verbose_name_plural = _("站内消息")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient_user", "read_at"], name="notification_user_read"),
            models.Index(fields=["recipient_volunteer", "read_at"], name="notification_volunteer_read"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recipient_user__isnull=False) | models.Q(recipient_volunteer__isnull=False),
                name="notification_has_recipient",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationDelivery(models.Model):
    """One notification through one outbound channel; a delivery is sent at most once."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("站内消息")
    )
    channel = models.CharField(_("渠道"), max_length=200, help_text=_("渠道类的完整路径"))
    address = models.CharField(_("发送地址"), max_length=200)
    status = models.CharField(_("状态"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发送成功时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("消息投递")
        verbose_name_plural = _("消息投递")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="delivery_status_created")]
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="delivery_once_per_channel"),
            models.CheckConstraint(
                condition=~models.Q(status=DeliveryStatus.SENT) | models.Q(sent_at__isnull=False),
                name="delivery_sent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notification_id} · {self.channel_name} · {self.get_status_display()}"

    @property
    def channel_name(self) -> str:
        return self.channel.rsplit(".", 1)[-1]

    @property
    def address_masked(self) -> str:
        return address_mask(self.address)


def address_mask(address: str) -> str:
    """An inbox key ("user:7") as it is; anything else may be a phone number: 138****5678."""
    return address if address.startswith(INBOX_KEY_PREFIXES) else mask_phone(address)
