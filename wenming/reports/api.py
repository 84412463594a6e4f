"""The figures endpoint: the report of the caller's widest region, for the roles that may read reports."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from wenming.reports.schemas import FiguresOut
from wenming.reports.selectors import figures_for_user

router = Router(tags=["reports"])


@router.get("", response=FiguresOut, url_name="figures")
def figures_api(request: HttpRequest) -> dict[str, Any]:
    """The figures of DESIGN.md §3 for the widest region of the caller's report roles, from raw records.

    Volunteers, residents and contact units have no reports (DESIGN.md §1): they get 403.
    """
    return figures_for_user(user=request.user).as_dict()
