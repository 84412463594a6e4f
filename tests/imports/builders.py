"""Import batches for the permission matrices: one previewed batch per scope."""

from typing import Any

from tests.imports.files import good_workbook
from wenming.imports.models import ImportBatch
from wenming.imports.services import import_batch_upload


def batches_in_every_scope(api_county: Any) -> dict[str, ImportBatch]:
    """A previewed batch into the own village, the sibling village and the township (made from the command
    line, without a user); made once per test and kept on the fixture."""
    if "import_objects" not in api_county.targets:
        county = api_county.county
        regions = {"own": county.village, "sibling": county.sibling_village, "parent": county.township}
        made = {
            scope: import_batch_upload(
                file_name=f"{scope}.xlsx",
                content=good_workbook(2, first_sequence=600 + 10 * index),
                region=region,
                acting_user=None,
            )
            for index, (scope, region) in enumerate(regions.items())
        }
        api_county.targets["imports"] = {scope: batch.pk for scope, batch in made.items()}
        api_county.targets["import_objects"] = made
    return api_county.targets["import_objects"]
