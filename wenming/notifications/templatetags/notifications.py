"""`{% load notifications %}{% notifications_badge %}`: the link to the inbox with the unread count."""

from typing import Any

from django import template

from wenming.notifications.selectors import notification_unread_count

register = template.Library()


@register.inclusion_tag("notifications/_badge.html", takes_context=True)
def notifications_badge(context: template.Context) -> dict[str, Any]:
    """One COUNT query for a logged-in user, none for an anonymous one (who sees no link)."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    is_authenticated = bool(user is not None and user.is_authenticated)
    return {
        "is_authenticated": is_authenticated,
        "unread_count": notification_unread_count(user=user) if is_authenticated else 0,
    }
