"""Users and their role assignments, each scoped to a region, a site or a team."""

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from wenming.accounts.roles import Role
from wenming.core.models import TimeStampedModel


class User(AbstractUser):
    display_name = models.CharField(_("姓名"), max_length=64, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    @cached_property
    def active_assignments(self) -> list["RoleAssignment"]:
        return list(self.role_assignments.filter(is_active=True).select_related("region"))

    def region_paths(self, roles: frozenset[str] | None = None) -> list[str]:
        """Region paths of the user's active assignments, for the given roles (all when None)."""
        return [a.region.path for a in self.active_assignments if roles is None or a.role in roles]

    def has_role(self, *roles: str) -> bool:
        return any(a.role in roles for a in self.active_assignments)


class RoleAssignment(TimeStampedModel):
    """One role of one user over one scope; its region is always set (a site's or team's region)."""

    region_field = "region"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("用户"))
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属区划"))
    site = models.ForeignKey(
        "sites.Site", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("阵地")
    )
    team = models.ForeignKey(
        "teams.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("队伍")
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("联系单位"),
    )
    is_active = models.BooleanField(_("有效"), default=True)
    granted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("授权人")
    )

    class Meta:
        verbose_name = _("角色分配")
        verbose_name_plural = _("角色分配")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "region"], name="role_assignment_unique_per_scope"),
            models.CheckConstraint(
                condition=~models.Q(role=Role.STATION_ADMIN) | models.Q(site__isnull=False),
                name="role_station_admin_has_site",
            ),
            models.CheckConstraint(
                condition=~models.Q(role=Role.TEAM_LEADER) | models.Q(team__isnull=False),
                name="role_team_leader_has_team",
            ),
            models.CheckConstraint(
                condition=~models.Q(role=Role.CONTACT_UNIT) | models.Q(organization__isnull=False),
                name="role_contact_unit_has_organization",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.region.name}"
