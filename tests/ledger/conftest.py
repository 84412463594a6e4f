"""Ledger fixtures: one approved credit entry for the own-village volunteer."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from wenming.ledger.models import EntryKind, EntryStatus, HoursEntry, SourceKind
from wenming.regions.roles import Role


def credit_make(county: Any, hours: str = "2.50", status: str = EntryStatus.APPROVED, **overrides: Any) -> HoursEntry:
    """An approved 2.5-hour duty credit of the own-village volunteer; any field can be overridden."""
    values: dict[str, Any] = {
        "volunteer": county.volunteers["own"],
        "region": county.village,
        "kind": EntryKind.CREDIT,
        "status": status,
        "source_kind": SourceKind.DUTY,
        "site": county.station,
        "service_on": dt.date(2024, 1, 5),
        "hours": Decimal(hours),
        "content": "站点值守",
        "approver": county.users[Role.STATION_ADMIN] if status != EntryStatus.PENDING else None,
    }
    values.update(overrides)
    return HoursEntry.objects.create(**values)


@pytest.fixture
def entry(county: Any) -> HoursEntry:
    return credit_make(county)
