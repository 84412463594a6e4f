"""Volunteer teams of the "8+N" categories and their members."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wenming.core.models import TimeStampedModel


class TeamCategory(models.Model):
    """The 8 standing categories plus local ones (a local category belongs to a region)."""

    code = models.SlugField(_("编码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=40)
    is_standing = models.BooleanField(_("“8”类常设"), default=False)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("本地类别所属区划"),
    )
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("服务类别")
        verbose_name_plural = _("服务类别")
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_standing=True, region__isnull=True) | models.Q(is_standing=False),
                name="team_category_standing_is_global",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Team(TimeStampedModel):
    region_field = "region"

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="teams", verbose_name=_("所属区划")
    )
    name = models.CharField(_("队伍名称"), max_length=100)
    category = models.ForeignKey(
        TeamCategory, on_delete=models.PROTECT, related_name="teams", verbose_name=_("服务类别")
    )
    home_site = models.ForeignKey(
        "sites.Site", on_delete=models.PROTECT, related_name="teams", verbose_name=_("所属阵地")
    )
    leader = models.ForeignKey(
        "volunteers.Volunteer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_teams",
        verbose_name=_("队长"),
    )
    founded_on = models.DateField(_("成立日期"))
    description = models.TextField(_("简介"), blank=True)
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("志愿服务队")
        verbose_name_plural = _("志愿服务队")
        ordering = ["region__code", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="team_unique_name_per_region")]

    def __str__(self) -> str:
        return self.name


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("队员")
    DEPUTY = "deputy", _("副队长")
    LEADER = "leader", _("队长")


class Membership(TimeStampedModel):
    region_field = "team__region"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("队伍"))
    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.CASCADE, related_name="memberships", verbose_name=_("志愿者")
    )
    role = models.CharField(_("队内角色"), max_length=16, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    joined_on = models.DateField(_("加入日期"))
    left_on = models.DateField(_("退出日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("队员")
        verbose_name_plural = _("队员")
        constraints = [
            models.UniqueConstraint(fields=["team", "volunteer"], name="membership_unique_per_team"),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("joined_on")),
                name="membership_leaves_after_joining",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} · {self.volunteer}"

    def clean(self) -> None:
        if self.joined_on and self.left_on and self.left_on < self.joined_on:
            raise ValidationError({"left_on": _("退出日期不能早于加入日期。")})
