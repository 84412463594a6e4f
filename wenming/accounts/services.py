"""Writes of users and role assignments."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wenming.accounts.models import AuditEvent, RoleAssignment, User
from wenming.regions.roles import STAFF_ROLES, Role


@transaction.atomic
def role_assign(
    *,
    user: User,
    role: str,
    region: Any = None,
    site: Any = None,
    team: Any = None,
    organization: Any = None,
    acting_user: User | None = None,
) -> RoleAssignment:
    """Give `user` a role over a scope; the region follows from the site, team or unit."""
    if role == Role.STATION_ADMIN and site is None:
        raise ValidationError({"site": _("站管理员必须指定所管理的阵地。")})
    if role == Role.TEAM_LEADER and team is None:
        raise ValidationError({"team": _("队长必须指定队伍。")})
    if role == Role.CONTACT_UNIT and organization is None:
        raise ValidationError({"organization": _("联系单位账号必须指定单位。")})
    region = region or (site.region if site else team.region if team else organization.region if organization else None)
    if region is None:
        raise ValidationError({"region": _("请指定角色的区划范围。")})
    assignment = RoleAssignment.objects.create(
        user=user,
        role=role,
        region=region,
        site=site,
        team=team,
        organization=organization,
        granted_by=acting_user,
    )
    if role in STAFF_ROLES and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.__dict__.pop("active_assignments", None)
    return assignment


def user_create(*, username: str, password: str, display_name: str = "", phone: str = "") -> User:
    return User.objects.create_user(username=username, password=password, display_name=display_name, phone=phone)


def audit_event_record(
    *, actor: User, action: str, region: Any, target: Any, reason: str, ip_address: str | None = None
) -> AuditEvent:
    """Append one audit row; call it inside the transaction of the audited act."""
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        region=region,
        target_type=target._meta.label_lower,
        target_id=target.pk,
        reason=reason,
        ip_address=ip_address,
    )
