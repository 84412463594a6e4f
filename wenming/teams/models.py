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
            models.UniqueConstraint(
                fields=["region", "name"],
                condition=models.Q(region__isnull=False),
                name="team_category_local_name_unique_per_county",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CountyCategory(TimeStampedModel):
    """One county's setting of one category: enabled or not, its local name and its place in the list.

    Without a row a standing category is enabled under its own name; a county's local category
    is enabled too. Only the county's admins (and those above) reach these rows.
    """

    region_field = "county"

    county = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("县（市、区）")
    )
    category = models.ForeignKey(
        TeamCategory, on_delete=models.CASCADE, related_name="county_settings", verbose_name=_("服务类别")
    )
    is_enabled = models.BooleanField(_("启用"), default=True)
    name = models.CharField(_("本县名称"), max_length=40, blank=True, help_text=_("留空则用类别的统一名称"))
    position = models.PositiveSmallIntegerField(_("顺序"), null=True, blank=True, help_text=_("留空则用统一顺序"))

    class Meta:
        verbose_name = _("本县服务类别设置")
        verbose_name_plural = _("本县服务类别设置")
        ordering = ["county__code", "position", "category__position"]
        constraints = [
            models.UniqueConstraint(fields=["county", "category"], name="county_category_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.county.name} · {self.name or self.category.name}"


class TeamStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未通过")
    DISSOLVED = "dissolved", _("已解散")


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
    # Only an approved team is active: is_active mirrors status == approved (a database constraint).
    status = models.CharField(_("审核状态"), max_length=16, choices=TeamStatus.choices, default=TeamStatus.APPROVED)
    is_active = models.BooleanField(_("在用"), default=True)
    submitted_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("申报人")
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("审核人")
    )
    review_reason = models.CharField(_("审核意见"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("志愿服务队")
        verbose_name_plural = _("志愿服务队")
        ordering = ["region__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="team_unique_name_per_region"),
            models.CheckConstraint(
                condition=models.Q(status=TeamStatus.APPROVED, is_active=True)
                | (~models.Q(status=TeamStatus.APPROVED) & models.Q(is_active=False)),
                name="team_active_exactly_when_approved",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=TeamStatus.REJECTED) | ~models.Q(review_reason=""),
                name="team_rejection_has_reason",
            ),
        ]

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
            # One open membership per person and team; leaving closes it and re-joining opens a new one.
            models.UniqueConstraint(
                fields=["team", "volunteer"],
                condition=models.Q(left_on__isnull=True),
                name="membership_one_open_per_team",
            ),
            models.UniqueConstraint(
                fields=["team"],
                condition=models.Q(role=MembershipRole.LEADER, left_on__isnull=True),
                name="membership_one_leader_per_team",
            ),
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


class MembershipRequestKind(models.TextChoices):
    JOIN = "join", _("申请入队")
    LEAVE = "leave", _("申请退队")


class MembershipRequestStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已同意")
    REFUSED = "refused", _("已拒绝")
    WITHDRAWN = "withdrawn", _("已撤回")


class MembershipRequest(TimeStampedModel):
    """A volunteer's request to join or to leave a team, decided by its leader, a deputy or an admin."""

    region_field = "team__region"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="membership_requests", verbose_name=_("队伍"))
    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.CASCADE, related_name="membership_requests", verbose_name=_("志愿者")
    )
    kind = models.CharField(_("申请类型"), max_length=8, choices=MembershipRequestKind.choices)
    status = models.CharField(
        _("状态"), max_length=12, choices=MembershipRequestStatus.choices, default=MembershipRequestStatus.PENDING
    )
    note = models.CharField(_("申请说明"), max_length=200, blank=True)
    # The membership the approved request opened (join) or closed (leave).
    membership = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("队员记录")
    )
    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("申请人")
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("处理人")
    )
    decision_reason = models.CharField(_("处理意见"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("入队退队申请")
        verbose_name_plural = _("入队退队申请")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "volunteer", "kind"],
                condition=models.Q(status=MembershipRequestStatus.PENDING),
                name="membership_request_one_pending",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=MembershipRequestStatus.REFUSED) | ~models.Q(decision_reason=""),
                name="membership_request_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(status=MembershipRequestStatus.PENDING, decided_at__isnull=True)
                | (~models.Q(status=MembershipRequestStatus.PENDING) & models.Q(decided_at__isnull=False)),
                name="membership_request_decided_when_not_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} · {self.volunteer} · {self.get_kind_display()}"
