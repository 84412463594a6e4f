"""Page-matrix rows of the units pages under /units/ (merged by tests/pages/test_page_matrix.py).

The records are the own village's (tests/organizations/builders.records_in_every_scope): its unit,
pairing, policy document and joint meeting. POST rows send no data: a refusal, never a write (the
writes are tested in tests/organizations/test_pages.py).
"""

from typing import Any

from tests.organizations.builders import records_in_every_scope

ANONYMOUS = "anonymous"
READERS = {ANONYMOUS: 302, "county_admin": 200, "township_admin": 200, "station_admin": 200, "viewer": 200, "*": 403}
UNIT_READERS = {**READERS, "contact_unit": 200}  # a contact unit reads its own unit, pairings and meetings
WRITERS = {ANONYMOUS: 302, "county_admin": 200, "township_admin": 200, "*": 403}
OWN_RECORD = {ANONYMOUS: 302, "county_admin": 200, "township_admin": 200, "station_admin": 200, "viewer": 200, "*": 404}
OWN_EDIT = {ANONYMOUS: 302, "county_admin": 200, "township_admin": 200, "station_admin": 403, "viewer": 403, "*": 404}


def _refused_write(writer_status: int) -> dict[str, int]:
    return {**OWN_EDIT, "county_admin": writer_status, "township_admin": writer_status}


def _own(key: str, name: str) -> Any:
    def kwargs(api_county: Any) -> dict[str, Any]:
        return {name: records_in_every_scope(api_county)[key]["own"].pk}

    return kwargs


UNIT = _own("units", "organization_id")
PAIRING = _own("pairings", "pairing_id")
DOCUMENT = _own("documents", "document_id")
MEETING = _own("meetings", "meeting_id")

PAGES: dict[str, Any] = {
    "organizations:unit_list": ("get", UNIT_READERS),
    "organizations:unit_export": ("get", UNIT_READERS),
    "organizations:unit_create": ("get", WRITERS),
    "organizations:unit_detail": ("get", OWN_RECORD, UNIT),
    "organizations:unit_edit": ("get", OWN_EDIT, UNIT),
    # refused while the unit's pairing runs: back to the unit's page with the reason
    "organizations:unit_deactivate": ("post", _refused_write(302), UNIT),
    "organizations:pairing_list": ("get", UNIT_READERS),
    "organizations:pairing_export": ("get", UNIT_READERS),
    "organizations:pairing_create": ("get", WRITERS),
    "organizations:pairing_detail": ("get", OWN_RECORD, PAIRING),
    "organizations:pairing_edit": ("get", OWN_EDIT, PAIRING),
    "organizations:pairing_end": ("post", _refused_write(302), PAIRING),  # no date: back with the reason
    "organizations:pairing_activities_export": ("get", OWN_RECORD, PAIRING),
    "organizations:document_list": ("get", READERS),
    "organizations:document_export": ("get", READERS),
    "organizations:document_create": ("get", WRITERS),
    "organizations:document_detail": ("get", OWN_RECORD, DOCUMENT),
    "organizations:document_upload": ("post", _refused_write(400), DOCUMENT),  # no file
    "organizations:meeting_list": ("get", UNIT_READERS),
    "organizations:meeting_export": ("get", UNIT_READERS),
    "organizations:meeting_create": ("get", WRITERS),
    "organizations:meeting_detail": ("get", OWN_RECORD, MEETING),
    "organizations:meeting_edit": ("get", OWN_EDIT, MEETING),
    "organizations:meeting_upload": ("post", _refused_write(400), MEETING),  # no file
}
