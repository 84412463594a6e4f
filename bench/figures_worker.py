"""Time the figures query on an already seeded database (run by bench/runner.py in a subprocess).

Ours: `figures_compute` (aggregates in the database). Peer: the naive way, which loads the rows
into Python and counts and sums there. Both must give the same figures. Prints one JSON object.
"""

import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wenming.config.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from wenming.activities.models import Activity, Attendance  # noqa: E402
from wenming.ledger.models import HoursEntry  # noqa: E402
from wenming.orders.models import ServiceOrder  # noqa: E402
from wenming.organizations.models import Pairing, PolicyDocument  # noqa: E402
from wenming.projects.models import Award, Project  # noqa: E402
from wenming.regions.models import Region  # noqa: E402
from wenming.reports.selectors import AWARD_KEYS, figures_compute, figures_default_region  # noqa: E402
from wenming.sites.models import Site  # noqa: E402
from wenming.teams.models import Team  # noqa: E402
from wenming.trainings.models import Training, TrainingAttendance  # noqa: E402
from wenming.volunteers.models import Volunteer  # noqa: E402


def figures_naive(region: Region) -> dict[str, Any]:
    """Load every row of the subtree and add up in Python."""
    path = region.path
    sites = list(Site.objects.filter(region__path__startswith=path).values_list("kind", "is_active"))
    activities = list(Activity.objects.filter(region__path__startswith=path).values_list("pk", "status", "pairing_id"))
    finished = {pk for pk, status, _pairing in activities if status == "finished"}
    attendances = Attendance.objects.filter(activity__region__path__startswith=path).values_list(
        "activity_id", "checked_in_at", "is_no_show"
    )
    hours = HoursEntry.objects.filter(region__path__startswith=path).values_list("status", "hours")
    trainings = list(Training.objects.filter(region__path__startswith=path).values_list("pk", flat=True))
    present = TrainingAttendance.objects.filter(training_id__in=trainings).values_list("is_present", flat=True)
    awards = list(Award.objects.filter(region__path__startswith=path).values_list("level", "category"))
    total = sum((h for status, h in hours if status == "approved"), Decimal(0))
    whole = total.to_integral_value()
    return {
        "three_tier_sites": sum(1 for kind, active in sites if active and kind in ("center", "institute", "station")),
        "service_posts": sum(1 for kind, active in sites if active and kind == "service_post"),
        "volunteer_squares": sum(1 for kind, active in sites if active and kind == "square"),
        "practice_points": sum(1 for kind, active in sites if active and kind == "practice_point"),
        "policy_documents": len(list(PolicyDocument.objects.filter(region__path__startswith=path).values_list("pk"))),
        "paired_units": len(
            set(Pairing.objects.filter(region__path__startswith=path).values_list("organization_id", flat=True))
        ),
        "pairing_joint_activities": sum(1 for pk, status, pairing in activities if status == "finished" and pairing),
        "service_orders": len(list(ServiceOrder.objects.filter(region__path__startswith=path).values_list("pk"))),
        "teams": sum(
            1
            for active in Team.objects.filter(region__path__startswith=path).values_list("is_active", flat=True)
            if active
        ),
        "registered_volunteers": sum(
            1
            for status in Volunteer.objects.filter(region__path__startswith=path).values_list("status", flat=True)
            if status != "withdrawn"
        ),
        "service_hours": int(whole) if whole == total else float(total),
        "trainings": {"sessions": len(trainings), "participations": sum(1 for p in present if p)},
        "brand_projects": sum(
            1
            for brand in Project.objects.filter(region__path__startswith=path).values_list("brand_id", flat=True)
            if brand
        ),
        "themed_activities": {
            "activities": len(finished),
            "participations": sum(
                1 for a, checked_in, no_show in attendances if a in finished and checked_in and not no_show
            ),
        },
        "awards": {
            key: sum(1 for award in awards if award == (level, category)) for key, level, category in AWARD_KEYS
        },
    }


def median_seconds(function: Callable[[], Any], runs: int) -> float:
    function()  # warm-up: connection, statement and page caches
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    region = figures_default_region()
    assert region is not None, "the benchmark database has no regions"
    ours = figures_compute(region=region).as_dict()["figures"]
    peer = figures_naive(region)
    with CaptureQueriesContext(connection) as queries:
        figures_compute(region=region)
    result = {
        "region": region.code,
        "ours_seconds": median_seconds(lambda: figures_compute(region=region), runs),
        "peer_seconds": median_seconds(lambda: figures_naive(region), runs),
        "queries": len(queries.captured_queries),
        "same_figures": ours == peer,
        "figures": ours,
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
