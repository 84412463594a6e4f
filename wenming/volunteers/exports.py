"""The Excel export of the volunteer list, shared by the page and the API: the same filters as the list,
ID and phone numbers masked unless an authorized admin asks for them in full (audited)."""

from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.core.errors import PermissionDeniedError
from wenming.core.exports import xlsx_response
from wenming.volunteers.selectors import (
    EXPORT_HEADERS,
    volunteer_export_rows,
    volunteer_list_readable,
    volunteer_search,
)
from wenming.volunteers.services import personal_data_export_authorize

EXPORT_NAME = "志愿者名册"


def volunteer_export_response(
    *,
    user: Any,
    query: str | None,
    tags: Iterable[str] | None,
    skills: Iterable[str] | None,
    status: str | None,
    region_code: str | None,
    unmasked: bool,
    reason: str,
    ip_address: str | None = None,
) -> HttpResponse:
    """Refused (PermissionDeniedError) to users who read no volunteer list, and when full numbers are
    asked for by someone who may not see them."""
    if not volunteer_list_readable(user=user):
        raise PermissionDeniedError(_("没有查看志愿者名册的权限。"))
    unmasked = personal_data_export_authorize(
        user=user, unmasked=unmasked, reason=reason, export_name=EXPORT_NAME, ip_address=ip_address
    )
    volunteers = volunteer_search(
        user=user, query=query, tags=tags, skills=skills, status=status, region_code=region_code
    ).select_related("region")
    return xlsx_response(
        filename=f"{_('志愿者名册')}-{timezone.localdate().isoformat()}",
        sheet_title=_("志愿者名册"),
        headers=[str(header) for header in EXPORT_HEADERS],
        rows=volunteer_export_rows(volunteers=volunteers, unmasked=unmasked),
    )
