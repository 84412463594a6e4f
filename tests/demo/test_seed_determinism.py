"""The demo generator is deterministic for a seed (checked on a small scale: fast)."""

from typing import Any

import pytest
from django.db import transaction
from django.db.models import Sum

from wenming.activities.models import Activity, Attendance
from wenming.demo.seed import Volumes, demo_seed
from wenming.ledger.models import EntryStatus, HoursEntry
from wenming.orders.models import OrderEvent
from wenming.reports.selectors import figures_compute
from wenming.volunteers.models import Volunteer

pytestmark = pytest.mark.django_db

SCALE = 40


def fingerprint() -> dict[str, Any]:
    return {
        "volunteers": list(
            Volunteer.objects.order_by("volunteer_number").values_list("volunteer_number", "id_number_hash", "name")
        ),
        "activities": list(
            Activity.objects.order_by("starts_at", "title").values_list("title", "starts_at", "capacity")
        ),
        "attendances": Attendance.objects.filter(is_no_show=False).count(),
        "events": list(OrderEvent.objects.order_by("occurred_at", "to_status").values_list("to_status", "reason")),
        "hours": list(
            HoursEntry.objects.filter(status=EntryStatus.APPROVED)
            .values("volunteer__volunteer_number")
            .annotate(total=Sum("hours"))
            .order_by("volunteer__volunteer_number")
            .values_list("volunteer__volunteer_number", "total")
        ),
    }


def seeded_fingerprint(seed: int) -> dict[str, Any]:
    with transaction.atomic():
        builder = demo_seed(seed=seed, scale=SCALE)
        result = fingerprint()
        result["figures"] = figures_compute(region=builder.county).as_dict()
        transaction.set_rollback(True)
    return result


def test_same_seed_builds_the_same_county() -> None:
    first = seeded_fingerprint(3)
    second = seeded_fingerprint(3)

    assert first == second
    assert first != seeded_fingerprint(4)


def test_a_scaled_county_still_hits_its_own_targets() -> None:
    volumes = Volumes().scaled(SCALE)
    figures = seeded_fingerprint(1)["figures"]["figures"]

    assert figures["service_hours"] == volumes.service_hours
    assert figures["themed_activities"] == {"activities": volumes.activities, "participations": volumes.participations}
    assert figures["registered_volunteers"] == volumes.volunteers
    assert figures["three_tier_sites"] == 97
