"""The navigation links each role needs, from the role assignments the page header already loaded."""

from typing import Any

from django import template

from wenming.regions.roles import ADMIN_ROLES, Role

register = template.Library()


@register.inclusion_tag("activities/_nav.html", takes_context=True)
def activities_nav(context: dict[str, Any]) -> dict[str, Any]:
    user = context["user"]
    is_admin = user.is_superuser or user.has_role(*ADMIN_ROLES)
    return {
        "is_volunteer": user.has_role(Role.VOLUNTEER),
        "organizes": is_admin or user.has_role(Role.TEAM_LEADER),
        "issues_certificates": is_admin,
        "is_admin": is_admin,
        "reads_network": is_admin or user.has_role(Role.VIEWER, Role.CONTACT_UNIT),
    }
