"""Fixtures of the import tests: the small county and an upload helper."""

from typing import Any

import pytest

from tests.factories import SmallCounty
from wenming.imports.models import ImportBatch
from wenming.imports.services import import_batch_upload
from wenming.regions.roles import Role


@pytest.fixture
def station_admin(county: SmallCounty) -> Any:
    return county.users[Role.STATION_ADMIN]


def upload(
    county: SmallCounty, content: bytes, *, user: Any = None, region: Any = None, name: str = "志愿者.xlsx"
) -> ImportBatch:
    return import_batch_upload(
        file_name=name,
        content=content,
        region=region or county.village,
        acting_user=user or county.users[Role.STATION_ADMIN],
    )
