"""Users and their role assignments, each scoped to a region, a site or a team."""

from collections.abc import Iterable
from functools import cached_property, lru_cache
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from wenming.accounts.user_cache import users_forget
from wenming.core.append_only import AppendOnlyModel
from wenming.core.models import TimeStampedModel
from wenming.regions.roles import Role


class UserQuerySet(models.QuerySet["User"]):
    """Bulk changes drop the cached copies of the users they touch (wenming.accounts.backends)."""

    def update(self, **kwargs: Any) -> int:
        user_ids = list(self.values_list("pk", flat=True))
        changed = super().update(**kwargs)
        users_forget(user_ids)
        return changed


class CachedUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    use_in_migrations = True


class User(AbstractUser):
    display_name = models.CharField(_("姓名"), max_length=64, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)

    objects: ClassVar[CachedUserManager] = CachedUserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """Django's HMAC of the password field (every request of a session checks it against the
        session), remembered per password hash and key: the same for every request of the user."""
        return _session_auth_hash(self.password, secret if secret is not None else settings.SECRET_KEY)

    @cached_property
    def active_assignments(self) -> list["RoleAssignment"]:
        return list(self.role_assignments.filter(is_active=True).select_related("region"))

    def region_paths(self, roles: frozenset[str] | None = None) -> list[str]:
        """Region paths of the user's active assignments, for the given roles (all when None)."""
        return [a.region.path for a in self.active_assignments if roles is None or a.role in roles]

    def has_role(self, *roles: str) -> bool:
        return any(a.role in roles for a in self.active_assignments)


SESSION_AUTH_HASH_SALT = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"  # Django's
SESSION_AUTH_HASHES = 4096  # per process: (password hash, key) -> HMAC


@lru_cache(maxsize=SESSION_AUTH_HASHES)
def _session_auth_hash(password: str, secret: str) -> str:
    """What AbstractBaseUser._get_session_auth_hash computes; a pure function of its arguments."""
    return salted_hmac(SESSION_AUTH_HASH_SALT, password, secret=secret, algorithm="sha256").hexdigest()


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    """Bulk changes drop the cached copies of the users whose roles they touch."""

    def update(self, **kwargs: Any) -> int:
        user_ids = list(self.values_list("user_id", flat=True))
        changed = super().update(**kwargs)
        users_forget(user_ids)
        return changed

    def bulk_create(self, objs: Iterable["RoleAssignment"], *args: Any, **kwargs: Any) -> list["RoleAssignment"]:
        created = super().bulk_create(objs, *args, **kwargs)
        users_forget(assignment.user_id for assignment in created)
        return created

    def bulk_update(self, objs: Iterable["RoleAssignment"], *args: Any, **kwargs: Any) -> int:
        objs = list(objs)
        changed = super().bulk_update(objs, *args, **kwargs)
        users_forget(assignment.user_id for assignment in objs)
        return changed


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
    objects = RoleAssignmentQuerySet.as_manager()
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


class AuditAction(models.TextChoices):
    ID_NUMBER_REVEALED = "id_number_revealed", _("查看完整身份证号")
    HOURS_REVERSED = "hours_reversed", _("冲销志愿服务时长")
    CERTIFICATE_ISSUED = "certificate_issued", _("出具志愿服务记录证明")
    CERTIFICATE_REVOKED = "certificate_revoked", _("撤销志愿服务记录证明")
    PERSONAL_DATA_EXPORTED = "personal_data_exported", _("导出未脱敏个人信息")
    VOLUNTEERS_IMPORTED = "volunteers_imported", _("表格导入志愿者")
    AWARD_CORRECTED = "award_corrected", _("更正荣誉记录")
    AWARD_DELETED = "award_deleted", _("删除荣誉记录")
    POINTS_ADJUSTED = "points_adjusted", _("调整爱心积分")


class AuditEvent(AppendOnlyModel):
    """Who saw or did what sensitive thing, when and why: append-only, like the hours ledger."""

    append_only_message = _("审计日志只能追加，不能修改或删除。")

    region_field = "region"

    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("操作人"))
    action = models.CharField(_("操作"), max_length=32, choices=AuditAction.choices)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属区划"))
    target_type = models.CharField(_("对象类型"), max_length=64)
    target_id = models.BigIntegerField(_("对象编号"))
    reason = models.CharField(_("事由"), max_length=200)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    occurred_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_event_target")]
        constraints = [models.CheckConstraint(condition=~models.Q(reason=""), name="audit_event_has_reason")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor} {self.get_action_display()}"
