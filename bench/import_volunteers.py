"""Benchmark: importing 37,019 volunteer rows from an .xlsx workbook, end to end.

    python bench/import_volunteers.py [--scale N] [--postgres URL]

Two results per database, in bench/runner.py's format:
  import_volunteers_<db>        rows/s of the whole import (read the workbook, check every row, seal the
                                ID numbers, write volunteers and the per-row report) against the issue's
                                floor of 1,000 rows/s; ratio = ours / floor, goal >= 1.
  import_vs_bulk_insert_<db>    the same import against a bare bulk_create of the same prepared Volunteer
                                rows (sealed and keyed beforehand, untimed) on a fresh database;
                                ratio = bulk seconds / import seconds, goal >= 0.3.
Each measurement runs in its own process on a freshly created and migrated database.

To hook it into bench/runner.py: `from import_volunteers import import_bench` and extend the results
with `import_bench(database_url, scale=scale)` for each database (a fresh URL; the database is dropped
and re-created here).
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
FULL_ROWS = 37_019
FLOOR_ROWS_PER_SECOND = 1000.0
BULK_RATIO_GOAL = 0.3
SEED = 11


def _fresh(database_url: str) -> str:
    if database_url.startswith("sqlite"):
        path = Path(urlsplit(database_url).path)
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return database_url
    import psycopg
    from psycopg import sql

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not name or name in ("postgres", "template0", "template1"):
        raise SystemExit("the PostgreSQL URL must name a scratch database")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return database_url


def _worker(mode: str, database_url: str, rows: int, workbook: Path) -> dict[str, Any]:
    url = _fresh(database_url)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "wenming.config.settings"}
    subprocess.run([sys.executable, "-m", "wenming", "migrate", "--verbosity", "0"], cwd=ROOT, env=env, check=True)
    completed = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--worker", mode, "--rows", str(rows), "--workbook", str(workbook)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout + completed.stderr)
        raise SystemExit(f"import benchmark step failed: {mode}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def import_bench(database_url: str, *, scale: int = 1) -> list[dict[str, Any]]:
    """Run the import benchmark on a fresh database at `database_url` (dropped and re-created)."""
    vendor = "sqlite" if database_url.startswith("sqlite") else "postgres"
    rows = FULL_ROWS // scale
    workbook = ROOT / "var" / "bench" / f"import-{rows}.xlsx"
    workbook.parent.mkdir(parents=True, exist_ok=True)
    bulk = _worker("bulk", database_url, rows, workbook)  # also writes the workbook
    ours = _worker("import", database_url, rows, workbook)
    rate = rows / ours["seconds"]
    ratio = bulk["seconds"] / ours["seconds"]
    right = ours["imported"] == rows and ours["volunteers"] == rows and bulk["volunteers"] == rows
    return [
        {
            "name": f"import_volunteers_{vendor}",
            "ours": round(rate, 1),
            "unit": "rows/s",
            "reference": FLOOR_ROWS_PER_SECOND,
            "reference_kind": "floor",
            "ratio": round(rate / FLOOR_ROWS_PER_SECOND, 2),
            "goal": 1.0,
            "passed": right and rate >= FLOOR_ROWS_PER_SECOND,
            "rows": rows,
            "seconds": round(ours["seconds"], 2),
            "phases": ours["phases"],
            "same_result": right,
            "sound": right,  # an import that lost or duplicated rows fails CI, whatever its speed
        },
        {
            "name": f"import_vs_bulk_insert_{vendor}",
            "ours": round(ours["seconds"], 2),
            "unit": "s",
            "reference": round(bulk["seconds"], 2),
            "reference_kind": "peer: bare bulk_create of the prepared rows",
            "ratio": round(ratio, 2),
            "goal": BULK_RATIO_GOAL,
            "passed": right and ratio >= BULK_RATIO_GOAL,
            "same_result": right,
            "sound": right,  # a missed ratio is a speed floor (exit 1), not a wrong result
        },
    ]


def _identities(rows: int) -> list[Any]:
    from wenming.demo.people import volunteer_identities

    return list(volunteer_identities(seed=SEED, count=rows))


def _regions() -> list[Any]:
    """The demo county's shape in small: a county, two townships and six villages."""
    from wenming.regions.models import Region, RegionLevel

    province = Region.objects.create(code="230000", name="黑龙江省", level=RegionLevel.PROVINCE)
    city = Region.objects.create(code="230700", name="伊春市", level=RegionLevel.CITY, parent=province)
    county = Region.objects.create(code="230781", name="铁力市", level=RegionLevel.COUNTY, parent=city)
    villages = []
    for township_number in (1, 2):
        township = Region.objects.create(
            code=f"230781{township_number}00", name=f"第{township_number}镇", level=RegionLevel.TOWNSHIP, parent=county
        )
        for village_number in range(1, 4):
            villages.append(
                Region.objects.create(
                    code=f"{township.code}20{village_number}",
                    name=f"第{township_number}镇{village_number}村",
                    level=RegionLevel.VILLAGE,
                    parent=township,
                )
            )
    return [county, *villages]


def _workbook_write(path: Path, identities: list[Any], villages: list[Any]) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("志愿者")
    from django.utils import timezone

    from wenming.core.identity import age_on

    today = timezone.localdate()
    for column, title in enumerate(["姓名", "身份证号", "手机号", "所属区划", "队伍", "监护人姓名", "监护人电话"]):
        sheet.write_string(0, column, title)
    for row, identity in enumerate(identities, start=1):
        sheet.write_string(row, 0, identity.name)
        sheet.write_string(row, 1, identity.id_number)
        sheet.write_string(row, 2, identity.phone)
        sheet.write_string(row, 3, villages[row % len(villages)].code)
        if age_on(identity.birth_on, today) < 14:  # children come with their guardian's consent
            sheet.write_string(row, 5, "监护人")
            sheet.write_string(row, 6, identity.phone)
    workbook.close()


def _work(mode: str, rows: int, workbook: Path) -> dict[str, Any]:
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from wenming.core.identity import age_on
    from wenming.volunteers.models import RegistrationChannel, Volunteer
    from wenming.volunteers.services import id_number_seal

    county, *villages = _regions()
    identities = _identities(rows)
    if mode == "bulk":
        _workbook_write(workbook, identities, villages)
        now = timezone.now()
        prepared = []
        for number, identity in enumerate(identities, start=1):
            sealed = id_number_seal(identity.id_number)
            record = Volunteer(
                region=villages[number % len(villages)],
                volunteer_number=f"230781{number:08d}",
                name=identity.name,
                id_number_encrypted=sealed.encrypted,
                id_number_hash=sealed.hash,
                id_number_masked=sealed.masked,
                gender=sealed.gender,
                birth_on=sealed.birth_on,
                phone=identity.phone,
                registered_at=now,
                channel=RegistrationChannel.IMPORT,
                is_sensitive=age_on(sealed.birth_on, now.date()) < 18,
            )
            record.search_keys_fill()
            prepared.append(record)
        started = time.perf_counter()
        from django.db import transaction

        with transaction.atomic():
            Volunteer.objects.bulk_create(prepared, batch_size=2000)
        seconds = time.perf_counter() - started
        return {"seconds": seconds, "volunteers": Volunteer.objects.count()}
    from wenming.imports import services
    from wenming.imports.reading import volunteer_workbook_read

    content = workbook.read_bytes()
    phases: dict[str, float] = {}
    started = time.perf_counter()
    volunteer_workbook_read(content=content, file_name=workbook.name)
    phases["read"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    batch = services.import_file_run(
        file_name=workbook.name, content=content, region=county, acting_user=None, dry_run=False
    )
    seconds = time.perf_counter() - started
    connection.close()
    return {
        "seconds": seconds,
        "imported": batch.imported_count,
        "rejected": batch.rejected_count,
        "volunteers": Volunteer.objects.count(),
        "phases": phases,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=int(os.environ.get("BENCH_SCALE", "1")))
    parser.add_argument("--postgres", default="", help="also on PostgreSQL: a scratch database URL")
    parser.add_argument("--worker", default="", help=argparse.SUPPRESS)
    parser.add_argument("--rows", type=int, default=FULL_ROWS, help=argparse.SUPPRESS)
    parser.add_argument("--workbook", default="", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        print(json.dumps(_work(options.worker, options.rows, Path(options.workbook))))
        return 0
    sqlite = f"sqlite:///{ROOT / 'var' / 'bench' / 'import-bench.sqlite3'}"
    results = import_bench(sqlite, scale=options.scale)
    if options.postgres:
        results += import_bench(options.postgres, scale=options.scale)
    for result in results:
        reference = f"{result['reference']}{result['unit']}({result['reference_kind'].split(':')[0]})"
        verdict = "PASS" if result["passed"] else "FAIL"
        print(
            f"{result['name']:<30} ours={result['ours']}{result['unit']}  reference={reference}  "
            f"ratio={result['ratio']}x  goal>={result['goal']} {verdict}"
        )
    print(json.dumps(results, ensure_ascii=False))
    return 0 if all(result["passed"] for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
