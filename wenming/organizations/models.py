"""Contact units (挂点联系单位), their pairings with institutes/stations, policy documents and joint meetings."""

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wenming.core.models import TimeStampedModel

PAIRING_SITE_KINDS = ("institute", "station")
PAIRING_MODE_FIELDS = ("shares_site", "shares_team", "gives_technical_guidance", "shares_resources")


class OrganizationKind(models.TextChoices):
    PARTY_GOVERNMENT = "party_government", _("党政机关")
    PUBLIC_INSTITUTION = "public_institution", _("事业单位")
    STATE_ENTERPRISE = "state_enterprise", _("国有企业")
    PRIVATE_ENTERPRISE = "private_enterprise", _("民营企业")
    SCHOOL = "school", _("学校")
    HOSPITAL = "hospital", _("医院")
    SOCIAL_ORGANIZATION = "social_organization", _("社会组织")
    OTHER = "other", _("其他")


class Organization(TimeStampedModel):
    region_field = "region"

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="organizations", verbose_name=_("所属区划")
    )
    name = models.CharField(_("单位名称"), max_length=120)
    kind = models.CharField(
        _("单位类型"), max_length=24, choices=OrganizationKind.choices, default=OrganizationKind.OTHER
    )
    contact_name = models.CharField(_("联系人"), max_length=64, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("联系单位")
        verbose_name_plural = _("联系单位")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="organization_unique_name")]

    def __str__(self) -> str:
        return self.name


def pairing_active_q(on: dt.date, prefix: str = "") -> models.Q:
    """Pairings still running on `on`: not ended, or ending on that day or later (the end day is the last day)."""
    return models.Q(**{f"{prefix}ended_on__isnull": True}) | models.Q(**{f"{prefix}ended_on__gte": on})


class PairingQuerySet(models.QuerySet["Pairing"]):
    def active(self, on: dt.date) -> "PairingQuerySet":
        return self.filter(pairing_active_q(on))

    def ended(self, on: dt.date) -> "PairingQuerySet":
        return self.filter(ended_on__lt=on)


class Pairing(TimeStampedModel):
    """A unit twinned with an institute or station (结对共建), by one or more modes."""

    region_field = "region"

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属区划"))
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="pairings", verbose_name=_("联系单位")
    )
    site = models.ForeignKey(
        "sites.Site", on_delete=models.PROTECT, related_name="pairings", verbose_name=_("结对阵地")
    )
    shares_site = models.BooleanField(_("阵地联建"), default=False)
    shares_team = models.BooleanField(_("队伍共用"), default=False)
    gives_technical_guidance = models.BooleanField(_("技术指导"), default=False)
    shares_resources = models.BooleanField(_("资源共享"), default=False)
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    objects = PairingQuerySet.as_manager()

    class Meta:
        verbose_name = _("结对共建")
        verbose_name_plural = _("结对共建")
        ordering = ["-started_on"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "site", "started_on"], name="pairing_unique_start"),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="pairing_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(shares_site=True)
                | models.Q(shares_team=True)
                | models.Q(gives_technical_guidance=True)
                | models.Q(shares_resources=True),
                name="pairing_has_a_mode",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ↔ {self.site}"

    def clean(self) -> None:
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("结束日期不能早于开始日期。")})
        if self.site_id and self.site.kind not in PAIRING_SITE_KINDS:
            raise ValidationError({"site": _("结对阵地须是文明实践所或站。")})
        if not (self.shares_site or self.shares_team or self.gives_technical_guidance or self.shares_resources):
            raise ValidationError({"shares_site": _("请至少选择一种结对方式。")})

    @property
    def modes(self) -> list[str]:
        labels = [
            (self.shares_site, _("阵地联建")),
            (self.shares_team, _("队伍共用")),
            (self.gives_technical_guidance, _("技术指导")),
            (self.shares_resources, _("资源共享")),
        ]
        return [str(label) for flag, label in labels if flag]

    def is_active_on(self, on: dt.date) -> bool:
        return self.ended_on is None or self.ended_on >= on


class PolicyKind(models.TextChoices):
    WORK_PLAN = "work_plan", _("工作方案")
    JOINT_MEETING = "joint_meeting", _("联席会议制度")
    PAIRING_SYSTEM = "pairing_system", _("挂点联系制度")
    OTHER = "other", _("其他制度文件")


class PolicyDocument(TimeStampedModel):
    region_field = "region"

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("发文区划"))
    title = models.CharField(_("标题"), max_length=200)
    kind = models.CharField(_("类别"), max_length=20, choices=PolicyKind.choices)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    issuer = models.CharField(_("发文单位"), max_length=120)
    issued_on = models.DateField(_("印发日期"))
    summary = models.TextField(_("摘要"), blank=True)

    class Meta:
        verbose_name = _("制度文件")
        verbose_name_plural = _("制度文件")
        ordering = ["-issued_on"]
        constraints = [models.UniqueConstraint(fields=["region", "title"], name="policy_document_unique_title")]

    def __str__(self) -> str:
        return self.title


def _stored_file_path(folder: str, owner_id: int, number: int, extension: str) -> str:
    """A server-chosen name (never the uploader's): the owner's folder, the number and a random part."""
    return f"{folder}/{owner_id}/v{number}-{uuid.uuid4().hex}.{extension}"


def policy_version_upload_to(instance: "PolicyDocumentVersion", filename: str) -> str:
    return _stored_file_path("policy", instance.document_id, instance.number, filename.rsplit(".", 1)[-1])


def meeting_file_upload_to(instance: "JointMeetingFile", filename: str) -> str:
    return _stored_file_path("policy/meetings", instance.meeting_id, instance.number, filename.rsplit(".", 1)[-1])


class StoredFile(models.Model):
    """An uploaded file kept under MEDIA_ROOT and served only through an access-checked view.

    Numbered per owner without gaps; a new one never replaces an old one (the rows are never updated).
    """

    number = models.PositiveIntegerField(_("版本号"))
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("文件大小（字节）"))
    sha256 = models.CharField(_("SHA-256 校验值"), max_length=64)
    uploaded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("上传人")
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        abstract = True


class PolicyDocumentVersion(StoredFile):
    """One version of a policy document's file (work plan, joint-meeting rules, contact-point rules…)."""

    region_field = "document__region"

    document = models.ForeignKey(
        PolicyDocument, on_delete=models.PROTECT, related_name="versions", verbose_name=_("制度文件")
    )
    file = models.FileField(_("文件"), upload_to=policy_version_upload_to, max_length=255)
    change_note = models.CharField(_("修订说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("制度文件版本")
        verbose_name_plural = _("制度文件版本")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="policy_version_unique_number"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="policy_version_number_positive"),
            models.CheckConstraint(condition=models.Q(size__gt=0), name="policy_version_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


class JointMeeting(TimeStampedModel):
    """A joint meeting (联席会议) of the practice network and its contact units: who met, on what, what was decided."""

    region_field = "region"

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属区划"))
    title = models.CharField(_("会议名称"), max_length=200)
    held_on = models.DateField(_("召开日期"))
    place = models.CharField(_("会议地点"), max_length=200, blank=True)
    convener = models.CharField(_("召集人"), max_length=120)
    attendee_units = models.ManyToManyField(
        Organization, related_name="joint_meetings", blank=True, verbose_name=_("参会单位")
    )
    attendee_sites = models.ManyToManyField(
        "sites.Site", related_name="joint_meetings", blank=True, verbose_name=_("参会阵地")
    )
    topics = models.TextField(_("议题"))
    minutes = models.TextField(_("会议纪要与决定事项"), blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("记录人")
    )

    class Meta:
        verbose_name = _("联席会议")
        verbose_name_plural = _("联席会议")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class JointMeetingFile(StoredFile):
    """The minutes (or another record) of a joint meeting as a file, numbered like document versions."""

    region_field = "meeting__region"

    meeting = models.ForeignKey(
        JointMeeting, on_delete=models.PROTECT, related_name="files", verbose_name=_("联席会议")
    )
    file = models.FileField(_("文件"), upload_to=meeting_file_upload_to, max_length=255)
    change_note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("会议纪要文件")
        verbose_name_plural = _("会议纪要文件")
        ordering = ["meeting", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="meeting_file_unique_number"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="meeting_file_number_positive"),
            models.CheckConstraint(condition=models.Q(size__gt=0), name="meeting_file_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} #{self.number}"
