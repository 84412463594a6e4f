"""Volunteer-service brands, their projects, and awards of any kind of awardee."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wenming.core.models import TimeStampedModel


class Brand(TimeStampedModel):
    region_field = "region"

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属区划"))
    name = models.CharField(_("品牌名称"), max_length=60)
    slogan = models.CharField(_("口号"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("志愿服务品牌")
        verbose_name_plural = _("志愿服务品牌")
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="brand_unique_name")]

    def __str__(self) -> str:
        return self.name


class Project(TimeStampedModel):
    region_field = "region"

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属区划"))
    brand = models.ForeignKey(
        Brand, on_delete=models.PROTECT, null=True, blank=True, related_name="projects", verbose_name=_("所属品牌")
    )
    name = models.CharField(_("项目名称"), max_length=80)
    category = models.ForeignKey(
        "teams.TeamCategory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("服务类别"),
    )
    lead_team = models.ForeignKey(
        "teams.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("牵头队伍"),
    )
    description = models.TextField(_("简介"), blank=True)
    started_on = models.DateField(_("启动日期"), null=True, blank=True)
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("志愿服务项目")
        verbose_name_plural = _("志愿服务项目")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="project_unique_name")]

    def __str__(self) -> str:
        return self.name


class AwardLevel(models.TextChoices):
    COUNTY = "county", _("县级")
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")
    NATIONAL = "national", _("国家级")


class AwardCategory(models.TextChoices):
    EXCELLENT_PROJECT = "excellent_project", _("优秀志愿服务项目")
    CONTEST_PRIZE = "contest_prize", _("项目大赛获奖")
    ORGANIZATION_PRIZE = "organization_prize", _("优秀组织奖")
    CONTRIBUTION = "contribution", _("优秀志愿服务贡献单位（个人）")
    EXCELLENT_VOLUNTEER = "excellent_volunteer", _("优秀志愿者")
    EXCELLENT_COMMUNITY = "excellent_community", _("优秀志愿服务社区")
    OTHER = "other", _("其他")


AWARDEE_FIELDS = ("project", "team", "volunteer", "site", "organization")


def _exactly_one_awardee() -> models.Q:
    condition = models.Q()
    for chosen in AWARDEE_FIELDS:
        clause = models.Q(**{f"{chosen}__isnull": False})
        for other in AWARDEE_FIELDS:
            if other != chosen:
                clause &= models.Q(**{f"{other}__isnull": True})
        condition |= clause
    return condition


class Award(TimeStampedModel):
    """An honour (荣誉) given to exactly one project, team, volunteer, site or unit."""

    region_field = "region"

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属区划"))
    level = models.CharField(_("级别"), max_length=12, choices=AwardLevel.choices)
    category = models.CharField(_("类别"), max_length=24, choices=AwardCategory.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("荣誉名称"), max_length=200)
    issuer = models.CharField(_("授予单位"), max_length=120, blank=True)
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, null=True, blank=True, related_name="awards", verbose_name=_("获奖项目")
    )
    team = models.ForeignKey(
        "teams.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="awards", verbose_name=_("获奖队伍")
    )
    volunteer = models.ForeignKey(
        "volunteers.Volunteer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
        verbose_name=_("获奖志愿者"),
    )
    site = models.ForeignKey(
        "sites.Site", on_delete=models.PROTECT, null=True, blank=True, related_name="awards", verbose_name=_("获奖阵地")
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
        verbose_name=_("获奖单位"),
    )

    class Meta:
        verbose_name = _("荣誉")
        verbose_name_plural = _("荣誉")
        ordering = ["-year", "level", "category"]
        constraints = [
            models.CheckConstraint(condition=_exactly_one_awardee(), name="award_has_exactly_one_awardee"),
            models.CheckConstraint(condition=models.Q(year__gte=1990, year__lte=2100), name="award_year_plausible"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"

    @property
    def awardee(self) -> object:
        return next(getattr(self, name) for name in AWARDEE_FIELDS if getattr(self, f"{name}_id"))


class ProjectBeneficiaryReport(TimeStampedModel):
    """People a project served in one period, as reported by staff (服务对象人次).

    Activities record no count of the people they serve, so a project's beneficiaries are what staff
    report per period: honest, attributable (who reported, when) and never derived from sign-ups.
    """

    region_field = "region"

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属区划"))
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="beneficiary_reports", verbose_name=_("项目")
    )
    period_from = models.DateField(_("统计起始日期"))
    period_to = models.DateField(_("统计截止日期"))
    beneficiaries = models.PositiveIntegerField(_("受益人次"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    reported_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("填报人")
    )

    class Meta:
        verbose_name = _("项目受益人次填报")
        verbose_name_plural = _("项目受益人次填报")
        ordering = ["-period_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_to__gte=models.F("period_from")), name="beneficiary_report_period_ordered"
            ),
            models.CheckConstraint(condition=models.Q(beneficiaries__gt=0), name="beneficiary_report_count_positive"),
            models.UniqueConstraint(fields=["project", "period_from"], name="beneficiary_report_unique_period"),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.period_from}–{self.period_to}: {self.beneficiaries}"
