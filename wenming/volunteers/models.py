"""Registered volunteers (注册志愿者). The ID number is encrypted; its keyed hash keeps it unique."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from wenming.core.masking import mask_phone
from wenming.core.models import TimeStampedModel
from wenming.volunteers.search import name_search_keys


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class VolunteerStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    ACTIVE = "active", _("在册")
    REJECTED = "rejected", _("未通过")
    SUSPENDED = "suspended", _("暂停")
    WITHDRAWN = "withdrawn", _("已注销")


class RegistrationChannel(models.TextChoices):
    SELF_SERVICE = "self_service", _("本人注册")
    STAFF = "staff", _("工作人员录入")
    IMPORT = "import", _("表格导入")
    SEED = "seed", _("初始数据")


class VolunteerTag(models.Model):
    """Tags such as 五老 (老干部、老战士…), 乡土文化人才, 科技能人, 返乡创业."""

    code = models.SlugField(_("编码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=40, unique=True)
    group = models.CharField(_("分组"), max_length=40, blank=True, help_text=_("如：五老"))

    class Meta:
        verbose_name = _("志愿者标签")
        verbose_name_plural = _("志愿者标签")
        ordering = ["group", "code"]

    def __str__(self) -> str:
        return self.name


class Skill(models.Model):
    code = models.SlugField(_("编码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=40, unique=True)
    requires_qualification = models.BooleanField(_("需资质"), default=False)

    class Meta:
        verbose_name = _("技能")
        verbose_name_plural = _("技能")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Volunteer(TimeStampedModel):
    region_field = "region"

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="volunteers", verbose_name=_("所属区划")
    )
    user = models.OneToOneField(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer",
        verbose_name=_("登录账号"),
    )
    volunteer_number = models.CharField(_("志愿者编号"), max_length=20, unique=True)
    name = models.CharField(_("姓名"), max_length=64)
    # Search keys derived from the name (volunteers.search.name_search_keys): simplified characters,
    # full pinyin without tones and pinyin initials, so that 张永志 is found by "zhangyongzhi" or "zyz".
    name_simplified = models.CharField(_("姓名（简体）"), max_length=64, db_index=True, editable=False, default="")
    name_pinyin = models.CharField(_("姓名拼音"), max_length=255, db_index=True, editable=False, default="")
    name_initials = models.CharField(_("姓名拼音首字母"), max_length=64, db_index=True, editable=False, default="")
    id_number_encrypted = models.TextField(_("身份证号（密文）"), editable=False)
    id_number_hash = models.CharField(_("身份证号（keyed hash）"), max_length=64, unique=True, editable=False)
    id_number_masked = models.CharField(_("身份证号"), max_length=18, editable=False)
    gender = models.CharField(_("性别"), max_length=8, choices=Gender.choices, editable=False)
    birth_on = models.DateField(_("出生日期"), editable=False)
    phone = models.CharField(_("手机号"), max_length=20)
    # The phone number backwards, indexed: a search by the last digits is a prefix search on this column
    # (an index range), not a scan of every row with `LIKE '%5678'`.
    phone_reversed = models.CharField(_("手机号（倒序）"), max_length=20, db_index=True, editable=False, default="")
    status = models.CharField(_("状态"), max_length=16, choices=VolunteerStatus.choices, default=VolunteerStatus.ACTIVE)
    tags = models.ManyToManyField(VolunteerTag, blank=True, related_name="volunteers", verbose_name=_("标签"))
    skills = models.ManyToManyField(Skill, blank=True, related_name="volunteers", verbose_name=_("技能"))
    guardian_name = models.CharField(_("监护人姓名"), max_length=64, blank=True)
    guardian_phone = models.CharField(_("监护人电话"), max_length=20, blank=True)
    guardian_consent_at = models.DateTimeField(_("监护人同意时间"), null=True, blank=True)
    registered_at = models.DateTimeField(_("注册时间"))
    channel = models.CharField(
        _("注册渠道"), max_length=16, choices=RegistrationChannel.choices, default=RegistrationChannel.STAFF
    )
    consent_at = models.DateTimeField(_("同意个人信息规则时间"), null=True, blank=True)
    # Minors' records are sensitive personal information (PIPL art. 28): shown and exported more narrowly.
    is_sensitive = models.BooleanField(_("敏感记录（未成年人）"), default=False)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )
    review_note = models.CharField(_("审核意见"), max_length=200, blank=True)
    calendar_token = models.CharField(
        _("日历订阅令牌"), max_length=43, null=True, blank=True, unique=True, editable=False
    )
    # Raised by every sign-up written for the volunteer, so that the row changes with each one. On
    # PostgreSQL the usual sign-up is written without taking this row's lock first: its one write
    # checks that the row is still the version it read, and goes the careful way if any sign-up (or
    # any edit of the record) came in between (ADR 0006).
    signup_version = models.PositiveIntegerField(_("报名版本"), default=0, editable=False)

    class Meta:
        verbose_name = _("志愿者")
        verbose_name_plural = _("志愿者")
        ordering = ["volunteer_number"]
        indexes = [
            models.Index(fields=["region", "status"], name="volunteer_region_status"),
            models.Index(fields=["phone"], name="volunteer_phone"),
            models.Index(fields=["name"], name="volunteer_name"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(guardian_consent_at__isnull=True) | ~models.Q(guardian_name=""),
                name="volunteer_consent_names_guardian",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.volunteer_number}）"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_keys_fill()
        super().save(*args, **kwargs)

    def search_keys_fill(self) -> None:
        """Derive the search keys of the name and phone; bulk writers call this themselves (bulk_create skips save)."""
        self.name_simplified, self.name_pinyin, self.name_initials = name_search_keys(self.name)
        self.phone_reversed = (self.phone or "")[::-1]

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)


class VolunteerNumberCounter(models.Model):
    """The last sequence number of public volunteer numbers per county: locked while a number is taken."""

    county_code = models.CharField(_("县级区划代码"), max_length=6, unique=True)
    last_number = models.PositiveIntegerField(_("已用序号"), default=0)

    class Meta:
        verbose_name = _("志愿者编号计数")
        verbose_name_plural = _("志愿者编号计数")

    def __str__(self) -> str:
        return f"{self.county_code}: {self.last_number}"
