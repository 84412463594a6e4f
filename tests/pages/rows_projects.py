"""Page-matrix rows of the brand, project and award pages (merged by tests/pages/test_page_matrix.py).

The records of the pages are the own village's brand, project and award (tests/projects/builders):
public record, so every signed-in role sees them. The POST rows send no data: a refusal or an
invalid form, never a write, except deactivation (its effects are in tests/projects/test_project_pages.py).
"""

from typing import Any

from tests.projects.builders import records_in_every_scope

ANONYMOUS = "anonymous"
ADMINS_ONLY = {ANONYMOUS: 302, "county_admin": 200, "township_admin": 200, "*": 403}
EVERYONE = {ANONYMOUS: 302, "*": 200}


def _own(kind: str, key: str) -> Any:
    def kwargs(api_county: Any) -> dict[str, Any]:
        return {key: records_in_every_scope(api_county)[kind]["own"].pk}

    return kwargs


PAGES: dict[str, Any] = {
    "projects:project_list": ("get", EVERYONE),
    "projects:project_export": ("get", EVERYONE),
    "projects:project_create": ("get", ADMINS_ONLY),
    "projects:project_detail": ("get", EVERYONE, _own("projects", "project_id")),
    "projects:project_edit": ("get", ADMINS_ONLY, _own("projects", "project_id")),
    "projects:project_deactivate": (
        "post",
        {ANONYMOUS: 302, "county_admin": 302, "township_admin": 302, "*": 403},
        _own("projects", "project_id"),
    ),
    # an empty report is refused on the project page (400) for admins
    "projects:project_beneficiaries": (
        "post",
        {ANONYMOUS: 302, "county_admin": 400, "township_admin": 400, "*": 403},
        _own("projects", "project_id"),
    ),
    "projects:brand_list": ("get", EVERYONE),
    "projects:brand_create": ("get", ADMINS_ONLY),
    "projects:brand_detail": ("get", EVERYONE, _own("brands", "brand_id")),
    "projects:brand_edit": ("get", ADMINS_ONLY, _own("brands", "brand_id")),
    "projects:award_list": ("get", EVERYONE),
    "projects:award_export": ("get", EVERYONE),
    "projects:award_create": ("get", ADMINS_ONLY),
    "projects:award_edit": ("get", ADMINS_ONLY, _own("awards", "award_id")),
    # county admins are sent back to the form with the missing reason; nobody else may delete
    "projects:award_delete": (
        "post",
        {ANONYMOUS: 302, "county_admin": 302, "*": 403},
        _own("awards", "award_id"),
    ),
}
