"""Reads of volunteer records, already scoped to what the user may see."""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from wenming.core.errors import NotFoundError
from wenming.regions.access import scoped
from wenming.regions.roles import VIEW
from wenming.regions.selectors import region_path_of
from wenming.volunteers.models import Volunteer


def volunteer_list(
    *, user: Any, region_code: str | None = None, status: str | None = None, search: str | None = None
) -> QuerySet[Volunteer]:
    """Volunteers of the user's scope; `search` matches a part of the name or the whole volunteer number."""
    volunteers = scoped(Volunteer.objects.select_related("region"), user, VIEW)
    if region_code:
        volunteers = volunteers.filter(region__path__startswith=region_path_of(region_code))
    if status:
        volunteers = volunteers.filter(status=status)
    search = (search or "").strip()
    if search:
        volunteers = volunteers.filter(Q(name__icontains=search) | Q(volunteer_number=search))
    return volunteers.order_by("volunteer_number", "pk")


def volunteer_of_user(*, user: Any) -> Volunteer | None:
    """The logged-in user's own volunteer record, or None (staff, residents, anonymous)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Volunteer.objects.filter(user_id=user.pk).first()


def volunteer_get(*, user: Any, volunteer_id: int) -> Volunteer:
    """One volunteer of the user's scope; one outside it is reported exactly like a missing one."""
    volunteer = volunteer_list(user=user).filter(pk=volunteer_id).first()
    if volunteer is None:
        raise NotFoundError(_("志愿者不存在。"), field="id")
    return volunteer
