"""The order links of the page header, for the roles that have order pages."""

from typing import Any

from django import template

from wenming.orders.access import led_team_ids
from wenming.orders.selectors_pages import orders_readable
from wenming.regions.roles import Role

register = template.Library()


@register.inclusion_tag("orders/_nav.html", takes_context=True)
def orders_nav(context: dict[str, Any]) -> dict[str, Any]:
    user = context["user"]
    return {
        "reads_orders": orders_readable(user=user),
        "leads_team": bool(led_team_ids(user)),
        "is_volunteer": user.has_role(Role.VOLUNTEER),
    }
