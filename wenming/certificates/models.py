"""Service-record certificates (志愿服务记录证明): numbered, verifiable, revocable.

A certificate is an immutable record (民发〔2015〕149号): what it states is copied from the volunteer,
the issuing unit and the approved hours ledger when it is issued, so a later change to any of them
never changes a certificate already handed out. The only later change is its revocation.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

SERIAL_PREFIX = "ZM"  # 证明


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")


class CertificateCounter(models.Model):
    """The last sequence number used per county code and year: serial numbers are gapless and unique."""

    county_code = models.CharField(_("县级区划代码"), max_length=6)
    year = models.PositiveSmallIntegerField(_("年度"))
    last_number = models.PositiveIntegerField(_("已用序号"), default=0)

    class Meta:
        verbose_name = _("证明编号计数")
        verbose_name_plural = _("证明编号计数")
        constraints = [
            models.UniqueConstraint(fields=["county_code", "year"], name="certificate_counter_one_per_county_year"),
        ]

    def __str__(self) -> str:
        return f"{self.county_code}-{self.year}: {self.last_number}"


class Certificate(models.Model):
    region_field = "region"

    serial_number = models.CharField(_("证明编号"), max_length=32, unique=True, editable=False)
    verification_token = models.CharField(_("核验令牌"), max_length=43, unique=True, editable=False)
    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.PROTECT, related_name="certificates", verbose_name=_("志愿者")
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("出具单位所属区划")
    )
    issuer_site = models.ForeignKey(
        "sites.Site", on_delete=models.PROTECT, related_name="certificates", verbose_name=_("出具单位")
    )
    issuer_name = models.CharField(_("出具单位名称"), max_length=100)
    person_in_charge = models.CharField(_("负责人"), max_length=64, blank=True)
    handler = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("经办人账号")
    )
    handler_name = models.CharField(_("经办人"), max_length=64)
    handler_contact = models.CharField(_("联系电话"), max_length=20, blank=True)
    volunteer_name = models.CharField(_("志愿者姓名"), max_length=64)
    id_type = models.CharField(_("证件类型"), max_length=16, choices=IdType.choices, default=IdType.RESIDENT_ID)
    id_number_masked = models.CharField(_("证件号码"), max_length=18)
    volunteer_number = models.CharField(_("志愿者编号"), max_length=20)
    hours = models.DecimalField(_("志愿服务时长（小时）"), max_digits=8, decimal_places=2)
    service_content = models.TextField(_("志愿服务内容"))
    period_from = models.DateField(_("服务起始日期"))
    period_to = models.DateField(_("服务截止日期"))
    activity = models.ForeignKey(
        "activities.Activity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("活动"),
    )
    issued_on = models.DateField(_("出具日期"))
    issued_at = models.DateTimeField(_("出具时间"), auto_now_add=True)
    issued_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("申请或开具人")
    )
    notes = models.TextField(_("备注"), blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoke_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)
    revoked_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("撤销人")
    )

    class Meta:
        verbose_name = _("志愿服务记录证明")
        verbose_name_plural = _("志愿服务记录证明")
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["volunteer", "issued_on"], name="certificate_volunteer_issued")]
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="certificate_hours_positive"),
            models.CheckConstraint(
                condition=models.Q(period_to__gte=models.F("period_from")), name="certificate_period_ordered"
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True, revoke_reason="", revoked_by__isnull=True)
                | (models.Q(revoked_at__isnull=False, revoked_by__isnull=False) & ~models.Q(revoke_reason="")),
                name="certificate_revocation_has_reason_and_actor",
            ),
            # One valid certificate per volunteer and activity: a repeated request cannot issue twice.
            models.UniqueConstraint(
                fields=["volunteer", "activity"],
                condition=models.Q(activity__isnull=False, revoked_at__isnull=True),
                name="certificate_one_valid_per_activity",
            ),
        ]

    def __str__(self) -> str:
        return self.serial_number

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
