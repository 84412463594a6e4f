"""Volunteer search by pinyin initials against an indexed exact-name lookup, at 37,019 volunteers.

    .venv/bin/python bench/volunteer_search.py [--database-url URL] [--scale N] [--runs N]

Reuses the volunteers of the database (the demo county after `wenming seed_demo`), adding synthetic
ones (bulk_create with their search keys) until there are 37,019 / scale; a database without regions
gets a small county first. Ours: `volunteers.selectors.volunteer_search` with the initials of a real
volunteer's name, as a county admin sees it (scoped to the county, ordered, every row read). Reference:
`Volunteer.objects.filter(name=...)`, the indexed exact-name lookup, for the same person. Each is timed
over `runs` people and the medians compared: ratio = reference / ours, goal >= 0.2 (ours at most 5x).

From bench/runner.py: `volunteer_search.volunteer_search_bench(database_url, scale=scale)` returns the
result dicts of the runner's format (it works in a subprocess, like the figures worker).
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET_VOLUNTEERS = 37_019
GOAL_RATIO = 0.2  # reference / ours: the initials search may take at most 5 times the exact lookup
BATCH = 2_000


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wenming.config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _county() -> Any:
    """The county holding most volunteers, or a small one made for the bench on an empty database."""
    from django.db.models import Count

    from wenming.regions.models import Region, RegionLevel

    county = (
        Region.objects.filter(level=RegionLevel.COUNTY)
        .annotate(volunteer_count=Count("volunteers"))
        .order_by("-volunteer_count", "code")
        .first()
    )
    if county is not None:
        return county
    province = Region.objects.create(code="230000", name="黑龙江省", level=RegionLevel.PROVINCE)
    city = Region.objects.create(code="230700", name="伊春市", level=RegionLevel.CITY, parent=province)
    county = Region.objects.create(code="230781", name="铁力市", level=RegionLevel.COUNTY, parent=city)
    township = Region.objects.create(code="230781100", name="铁力镇", level=RegionLevel.TOWNSHIP, parent=county)
    for number in range(1, 11):
        Region.objects.create(
            code=f"230781100{200 + number:03d}", name=f"村{number}", level=RegionLevel.VILLAGE, parent=township
        )
    return county


def _fill(county: Any, target: int) -> int:
    """Add synthetic volunteers under the county until the database holds `target`; returns how many were added."""
    from django.utils import timezone

    from wenming.demo.people import volunteer_identities
    from wenming.regions.models import Region, RegionLevel
    from wenming.volunteers.models import RegistrationChannel, Volunteer
    from wenming.volunteers.services import id_number_seal

    missing = target - Volunteer.objects.count()
    if missing <= 0:
        return 0
    villages = list(Region.objects.filter(path__startswith=county.path, level=RegionLevel.VILLAGE)) or [county]
    taken = set(Volunteer.objects.values_list("id_number_hash", flat=True))
    now = timezone.now()
    added = 0
    batch: list[Volunteer] = []
    for identity in volunteer_identities(seed=7919, count=missing * 2):
        if added + len(batch) >= missing:
            break
        sealed = id_number_seal(identity.id_number)
        if sealed.hash in taken:
            continue
        record = Volunteer(
            region=villages[len(batch) % len(villages)],
            volunteer_number="",
            name=identity.name,
            id_number_encrypted=sealed.encrypted,
            id_number_hash=sealed.hash,
            id_number_masked=sealed.masked,
            gender=sealed.gender,
            birth_on=sealed.birth_on,
            phone=identity.phone,
            registered_at=now,
            consent_at=now,
            channel=RegistrationChannel.IMPORT,
        )
        record.search_keys_fill()
        batch.append(record)
        if len(batch) == BATCH:
            added += _insert(batch, county)
            batch = []
    return added + (_insert(batch, county) if batch else 0)


def _insert(batch: list[Any], county: Any) -> int:
    from django.db import transaction

    from wenming.volunteers.models import Volunteer
    from wenming.volunteers.services import volunteer_numbers_allocate

    with transaction.atomic():
        for record, number in zip(batch, volunteer_numbers_allocate(county.code, len(batch)), strict=True):
            record.volunteer_number = number
        Volunteer.objects.bulk_create(batch)
    return len(batch)


def _admin(county: Any) -> Any:
    from wenming.accounts.models import User
    from wenming.accounts.services import role_assign
    from wenming.regions.roles import Role

    user, created = User.objects.get_or_create(username="bench_volunteer_search", defaults={"is_active": True})
    if created or not user.role_assignments.filter(role=Role.COUNTY_ADMIN, region=county).exists():
        role_assign(user=user, role=Role.COUNTY_ADMIN, region=county)
    return User.objects.get(pk=user.pk)


def _median_seconds(timed: Any, arguments: list[Any]) -> float:
    durations = []
    for argument in arguments:
        started = time.perf_counter()
        timed(argument)
        durations.append(time.perf_counter() - started)
    return statistics.median(durations)


def measure(*, scale: int, runs: int) -> dict[str, Any]:
    """Run inside a configured Django process: fill, warm up, time both lookups; a JSON-able dict."""
    from django.db import connection

    from wenming.volunteers.models import Volunteer
    from wenming.volunteers.selectors import volunteer_search

    county = _county()
    target = max(1, TARGET_VOLUNTEERS // scale)
    added = _fill(county, target)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE volunteers_volunteer")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    admin = _admin(county)
    people = list(
        Volunteer.objects.filter(region__path__startswith=county.path)
        .exclude(name_initials="")
        .values_list("name", "name_initials")
    )
    chosen = random.Random(2024).sample(people, min(runs, len(people)))
    names = [name for name, _initials in chosen]
    initials = [initials for _name, initials in chosen]
    matched = sum(len(volunteer_search(user=admin, query=value)) for value in initials[:3])  # warm-up
    for name in names[:3]:
        list(Volunteer.objects.filter(name=name))
    ours = _median_seconds(lambda value: list(volunteer_search(user=admin, query=value)), initials)
    reference = _median_seconds(lambda value: list(Volunteer.objects.filter(name=value)), names)
    # Sound only if every person searched for is among the answers to their own initials.
    found = sum(
        any(volunteer.name == name for volunteer in volunteer_search(user=admin, query=value))
        for name, value in zip(names, initials, strict=True)
    )
    return {
        "vendor": connection.vendor,
        "volunteers": Volunteer.objects.count(),
        "added": added,
        "ours_seconds": ours,
        "reference_seconds": reference,
        "warm_up_matches": matched,
        "searched": len(names),
        "found": found,
    }


def result_of(measured: dict[str, Any]) -> dict[str, Any]:
    """The runner's result line (name, ours, reference, ratio, goal)."""
    ratio = measured["reference_seconds"] / measured["ours_seconds"]
    return {
        "name": f"volunteer_search_{measured['vendor'].replace('postgresql', 'postgres')}",
        "ours": round(measured["ours_seconds"], 5),
        "unit": "s",
        "reference": round(measured["reference_seconds"], 5),
        "reference_kind": "peer: indexed exact-name lookup",
        "ratio": round(ratio, 2),
        "goal": GOAL_RATIO,
        "passed": ratio >= GOAL_RATIO and measured["found"] == measured["searched"],
        "sound": measured["found"] == measured["searched"],  # a search that misses its person is wrong
        "found": f"{measured['found']}/{measured['searched']}",
        "volunteers": measured["volunteers"],
    }


def volunteer_search_bench(database_url: str, *, scale: int, runs: int = 31) -> list[dict[str, Any]]:
    """For bench/runner.py: measure in a subprocess against `database_url` (migrated; seeded or not)."""
    completed = subprocess.run(  # noqa: S603
        [sys.executable, str(Path(__file__).resolve()), "--scale", str(scale), "--runs", str(runs), "--json"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "wenming.config.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout + completed.stderr)
        raise SystemExit("benchmark step failed: bench/volunteer_search.py")
    return [result_of(json.loads(completed.stdout.strip().splitlines()[-1]))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""), help="default: DATABASE_URL")
    parser.add_argument("--scale", type=int, default=1, help="divide the 37,019 volunteers by N")
    parser.add_argument("--runs", type=int, default=31, help="people searched (median of the timings)")
    parser.add_argument("--json", action="store_true", help="print the raw measurement as JSON (for the runner)")
    args = parser.parse_args()
    if not args.database_url:
        raise SystemExit("give --database-url or DATABASE_URL (a migrated scratch database)")
    _setup(args.database_url)
    measured = measure(scale=args.scale, runs=args.runs)
    if args.json:
        print(json.dumps(measured))
        return 0
    result = result_of(measured)
    reference = f"{result['reference']}{result['unit']}({result['reference_kind'].split(':')[0]})"
    verdict = "PASS" if result["passed"] else "FAIL"
    print(
        f"{result['name']:<18} ours={result['ours']}{result['unit']}  reference={reference}  "
        f"ratio={result['ratio']}x  goal>={result['goal']}  volunteers={result['volunteers']} {verdict}"
    )
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
