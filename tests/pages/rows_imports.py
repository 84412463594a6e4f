"""Page-matrix rows of the import pages (merged by tests/pages/test_page_matrix.py).

The batch of the pages is the own village's (tests/imports/builders.batches_in_every_scope). The upload
and confirm rows POST no data: the form comes back with what is missing, never a write.
"""

from typing import Any

from tests.imports.builders import batches_in_every_scope

ANONYMOUS = "anonymous"
ADMINS_ONLY = {ANONYMOUS: 302, "county_admin": 200, "township_admin": 200, "station_admin": 200, "*": 403}
# who sees the batch gets the page; to everyone else it does not exist
BATCH_SEEN = {ANONYMOUS: 302, "county_admin": 200, "township_admin": 200, "station_admin": 200, "*": 404}


def _own_batch(api_county: Any) -> dict[str, Any]:
    return {"batch_id": batches_in_every_scope(api_county)["own"].pk}


PAGES: dict[str, Any] = {
    "imports:volunteers": ("get", ADMINS_ONLY),
    "imports:template": ("get", ADMINS_ONLY),
    "imports:batches_xlsx": ("get", ADMINS_ONLY),
    "imports:batch": ("get", BATCH_SEEN, _own_batch),
    "imports:progress": ("get", BATCH_SEEN, _own_batch),
    "imports:report": ("get", BATCH_SEEN, _own_batch),
    # a previewed batch is queued by its admins (redirect to its page); to everyone else it does not exist
    "imports:confirm": (
        "post",
        {**BATCH_SEEN, "county_admin": 302, "township_admin": 302, "station_admin": 302},
        _own_batch,
    ),
}
