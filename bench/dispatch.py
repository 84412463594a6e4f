"""Benchmark: the dispatch engine (wenming/orders/dispatch.py) against the exact optimum and first-come dispatch.

    .venv/bin/python bench/dispatch.py [--quick]

Seeded synthetic county: 40 km x 40 km around 46.98N 128.02E, people clustered in a county seat
(42%), 8 towns and 60 villages, 5% scattered; orders and volunteers are drawn from the same places.
10 service categories of uneven demand (a volunteer serves 1-3), 6 skills (20% of volunteers hold
some, 8% of orders need one), 85% available, 30-day loads ~ Poisson(1.2), 70% rated 3.0-5.0.
The candidate index is built once per volunteer set; its time is reported (index_seconds), never
counted in a measurement. Every measurement times the whole function (order arrays, neighbour
queries, cost matrix, matching), as the median of 3 runs; each scenario runs in a fresh process.

Results, in bench/runner.py's format (ratio >= goal passes; `sound` is false when the exact optimum
costs more than ours or any assignment breaks eligibility, the radius or a capacity):
  dispatch_abundant  10,000 orders x 100,000 volunteers: `assign` against `assign_exact` (every eligible
                     pair within 3 km) in the same run; ratio = exact seconds / ours, goal >= 5, and the
                     total cost at most 0.1% above the optimum (cost_gap_percent).
  dispatch_scarce    10,000 orders x 12,000 volunteers: ratio goal >= 2, cost at most 1% above the
                     optimum, and at least 15% below first-come nearest-free (below_greedy_percent).
                     Greedy is a quality peer only: its time is printed, not compared.
  dispatch_rank_p95  one order's ranked proposal (`rank`, k=10, with reasons and the explanation text)
                     for 1,000 orders over 100,000 volunteers against the bare query of the same index
                     (`CandidateIndex.nearest_eligible`: the 10 nearest eligible, no scoring);
                     ratio = bare p95 / ours p95, goal >= 0.2, i.e. ours at most 5x the bare query.
--quick: a tenth of the orders and volunteers on a tenth of the area (the same density, so the same
local contention), for CI.

From bench/runner.py: `dispatch.dispatch_bench(quick=quick)` returns the three result dicts.
"""

import argparse
import dataclasses
import json
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SEED = 20240117
CENTRE_LATITUDE, CENTRE_LONGITUDE = 46.98, 128.02
HALF_SIDE_KM = 20.0
CATEGORIES = 10
SKILLS = 6
RANK_K = 10
RANK_RUNS = 1_000
ABUNDANT_RATIO_GOAL, ABUNDANT_GAP_GOAL = 5.0, 0.1
SCARCE_RATIO_GOAL, SCARCE_GAP_GOAL, BELOW_GREEDY_GOAL = 2.0, 1.0, 15.0
RANK_RATIO_GOAL = 0.2  # bare / ours: the ranked proposal may take at most 5 times the bare query


def _settlements(rng: Any, shrink: float) -> tuple[Any, Any, Any]:
    """Centres (km east, km north), spreads (km) and shares of the county's people."""
    towns, villages = 8, 60
    centres = np.vstack(
        [
            [[0.0, 0.0]],
            rng.uniform(-16, 16, size=(towns, 2)),
            rng.uniform(-19, 19, size=(villages, 2)),
        ]
    )
    spreads = np.concatenate([[1.5], rng.uniform(0.4, 0.8, towns), rng.uniform(0.15, 0.35, villages)])
    centres, spreads = centres * shrink, spreads * shrink
    shares = np.concatenate([[0.42], 0.30 * rng.dirichlet(np.ones(towns)), 0.23 * rng.dirichlet(np.ones(villages))])
    return centres, spreads, shares / shares.sum() * 0.95  # 5% live scattered over the county


def _points(rng: Any, count: int, settlements: tuple[Any, Any, Any], shrink: float) -> tuple[Any, Any]:
    """Latitudes and longitudes of `count` people placed by the settlements' shares."""
    centres, spreads, shares = settlements
    choice = rng.choice(shares.size + 1, size=count, p=[*shares, 1 - shares.sum()])
    scattered = choice == shares.size
    clustered = ~scattered
    half_side = HALF_SIDE_KM * shrink
    km = np.empty((count, 2))
    km[scattered] = rng.uniform(-half_side, half_side, size=(int(scattered.sum()), 2))
    km[clustered] = (
        centres[choice[clustered]] + rng.normal(size=(int(clustered.sum()), 2)) * spreads[choice[clustered], None]
    )
    km = np.clip(km, -half_side, half_side)
    latitudes = CENTRE_LATITUDE + km[:, 1] / 111.2
    longitudes = CENTRE_LONGITUDE + km[:, 0] / (111.2 * math.cos(math.radians(CENTRE_LATITUDE)))
    return latitudes, longitudes


def county_build(*, orders: int, volunteers: int, area: float = 1.0, seed: int = SEED) -> tuple[list[Any], list[Any]]:
    """Seeded orders (in arrival order) and volunteers of the synthetic county.

    `area` shrinks the county (its places and their spreads) to that fraction of its surface, so that
    a tenth of the people on a tenth of the area live as densely as the full county's.
    """
    from wenming.orders.dispatch import Candidate, Order

    shrink = math.sqrt(area)
    rng = np.random.default_rng(seed)
    settlements = _settlements(rng, shrink)
    demand = 1.0 / np.arange(1, CATEGORIES + 1) ** 0.7  # uneven: elderly care far above legal aid
    demand /= demand.sum()
    volunteer_latitudes, volunteer_longitudes = _points(rng, volunteers, settlements, shrink)
    category_counts = rng.choice([1, 2, 3], size=volunteers, p=[0.4, 0.4, 0.2])
    skill_counts = rng.choice([0, 1, 2], size=volunteers, p=[0.8, 0.15, 0.05])
    available = rng.random(volunteers) < 0.85
    loads = rng.poisson(1.2, size=volunteers)
    rated = rng.random(volunteers) < 0.7
    ratings = np.round(rng.uniform(3.0, 5.0, size=volunteers), 1)
    candidates = [
        Candidate(
            key=number,
            latitude=float(volunteer_latitudes[number]),
            longitude=float(volunteer_longitudes[number]),
            categories=frozenset(
                int(category) + 1
                for category in rng.choice(CATEGORIES, size=int(category_counts[number]), replace=False, p=demand)
            ),
            skills=frozenset(
                int(skill) + 1 for skill in rng.choice(SKILLS, size=int(skill_counts[number]), replace=False)
            ),
            is_available=bool(available[number]),
            recent_load=int(loads[number]),
            rating=float(ratings[number]) if rated[number] else None,
        )
        for number in range(volunteers)
    ]
    order_latitudes, order_longitudes = _points(rng, orders, settlements, shrink)
    order_categories = rng.choice(CATEGORIES, size=orders, p=demand) + 1
    needs_skill = rng.random(orders) < 0.08
    order_skills = rng.integers(1, SKILLS + 1, size=orders)
    order_list = [
        Order(
            key=number,
            latitude=float(order_latitudes[number]),
            longitude=float(order_longitudes[number]),
            category=int(order_categories[number]),
            required_skills=frozenset([int(order_skills[number])]) if needs_skill[number] else frozenset(),
        )
        for number in range(orders)
    ]
    return order_list, candidates


def _feasible(assignment: Any, orders: list[Any], index: Any, max_distance_metres: float) -> bool:
    """Every served order went to an available candidate of its category, with its skills, within the
    radius, and no candidate took more orders than its capacity."""
    from wenming.core.geo import distance_metres

    taken = np.bincount(assignment.candidate_positions[assignment.candidate_positions >= 0], minlength=len(index))
    if (taken > index.capacity).any():
        return False
    for order, candidate in zip(orders, assignment.candidates, strict=True):
        if candidate is None:
            continue
        metres = distance_metres(order.latitude, order.longitude, candidate.latitude, candidate.longitude)
        if not (
            candidate.is_available
            and order.category in candidate.categories
            and order.required_skills <= candidate.skills
            and metres <= max_distance_metres + 0.01
        ):
            return False
    return True


def _timed(function: Any, runs: int) -> tuple[float, Any]:
    """Median seconds of `runs` calls, and the last result."""
    seconds = []
    result = None
    for _run in range(runs):
        started = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), result


def _batch(name: str, *, orders: int, volunteers: int, area: float, runs: int, scarce: bool) -> dict[str, Any]:
    from wenming.orders import dispatch

    order_list, candidates = county_build(orders=orders, volunteers=volunteers, area=area)
    started = time.perf_counter()
    index = dispatch.CandidateIndex(candidates)
    index_seconds = time.perf_counter() - started
    k, penalty = dispatch.DEFAULT_K, dispatch.DEFAULT_UNSERVED_PENALTY
    exact_seconds, exact = _timed(lambda: dispatch.assign_exact(order_list, index, unserved_penalty=penalty), runs)
    ours_seconds, ours = _timed(lambda: dispatch.assign(order_list, index, k=k, unserved_penalty=penalty), runs)
    radius = dispatch.SEARCH_RADIUS_METRES
    sound = (
        exact.cost.total <= ours.cost.total
        and _feasible(exact, order_list, index, radius)
        and _feasible(ours, order_list, index, radius)
    )
    gap = 100 * (ours.cost.total / exact.cost.total - 1)
    ratio = exact_seconds / ours_seconds
    ratio_goal, gap_goal = (SCARCE_RATIO_GOAL, SCARCE_GAP_GOAL) if scarce else (ABUNDANT_RATIO_GOAL, ABUNDANT_GAP_GOAL)
    result: dict[str, Any] = {
        "name": name,
        "ours": round(ours_seconds, 3),
        "unit": "s",
        "reference": round(exact_seconds, 3),
        "reference_kind": "peer: exact optimum over every eligible pair within 3 km",
        "ratio": round(ratio, 2),
        "goal": ratio_goal,
        "orders": orders,
        "volunteers": volunteers,
        "k": k,
        "unserved_penalty": penalty,
        "weights": dataclasses.asdict(dispatch.DEFAULT_WEIGHTS),
        "index_seconds": round(index_seconds, 3),
        "cost_ours": ours.cost.total,
        "cost_exact": exact.cost.total,
        "cost_gap_percent": round(gap, 4),
        "cost_gap_goal": gap_goal,
        "unserved_ours": ours.unserved_count,
        "unserved_exact": exact.unserved_count,
        "edges_ours": ours.edges,
        "edges_exact": exact.edges,
        "cost_parts_ours": _parts(ours.cost),
        "cost_parts_exact": _parts(exact.cost),
        "sound": sound,
    }
    passed = sound and ratio >= ratio_goal and gap <= gap_goal
    if scarce:
        greedy_seconds, greedy = _timed(
            lambda: dispatch.assign_greedy_nearest_free(order_list, index, unserved_penalty=penalty), 1
        )
        below = 100 * (1 - ours.cost.total / greedy.cost.total)
        result |= {
            "cost_greedy": greedy.cost.total,
            "greedy_seconds": round(greedy_seconds, 3),
            "unserved_greedy": greedy.unserved_count,
            "cost_parts_greedy": _parts(greedy.cost),
            "below_greedy_percent": round(below, 2),
            "below_greedy_goal": BELOW_GREEDY_GOAL,
        }
        result["sound"] = sound = sound and _feasible(greedy, order_list, index, radius)
        passed = passed and sound and below >= BELOW_GREEDY_GOAL
    result["passed"] = passed
    return result


def _parts(cost: Any) -> dict[str, float]:
    return {
        "distance": cost.distance,
        "load": cost.load,
        "rating": cost.rating,
        "skill": cost.skill,
        "unserved": cost.unserved,
        "total": cost.total,
    }


def _rank(*, orders: int, volunteers: int, area: float, runs: int) -> dict[str, Any]:
    from wenming.orders import dispatch

    order_list, candidates = county_build(orders=max(orders, runs), volunteers=volunteers, area=area, seed=SEED + 1)
    index = dispatch.CandidateIndex(candidates)
    ours_ns: list[int] = []
    bare_ns: list[int] = []
    found_alike = 0
    for number, order in enumerate(order_list[:runs]):
        # Alternate which goes first, so that neither always meets a warm cache.
        for turn in (0, 1) if number % 2 else (1, 0):
            started = time.perf_counter_ns()
            if turn:
                proposals = dispatch.rank(order, index, k=RANK_K)
                ours_ns.append(time.perf_counter_ns() - started)
            else:
                nearest = index.nearest_eligible(order, k=RANK_K)
                bare_ns.append(time.perf_counter_ns() - started)
        found_alike += bool(proposals) == bool(nearest)
    ours_p95 = statistics.quantiles(ours_ns, n=20)[-1] / 1e6
    bare_p95 = statistics.quantiles(bare_ns, n=20)[-1] / 1e6
    ratio = bare_p95 / ours_p95
    sound = found_alike == runs  # both find candidates for the same orders
    return {
        "name": "dispatch_rank_p95",
        "ours": round(ours_p95, 3),
        "unit": "ms",
        "reference": round(bare_p95, 3),
        "reference_kind": "peer: bare k-d tree query of the 10 nearest eligible",
        "ratio": round(ratio, 2),
        "goal": RANK_RATIO_GOAL,
        "passed": sound and ratio >= RANK_RATIO_GOAL,
        "sound": sound,
        "volunteers": volunteers,
        "k": RANK_K,
        "runs": runs,
        "ours_median_ms": round(statistics.median(ours_ns) / 1e6, 3),
        "reference_median_ms": round(statistics.median(bare_ns) / 1e6, 3),
        "ours_over_reference_p95": round(ours_p95 / bare_p95, 2),
    }


SCENARIOS = ("abundant", "scarce", "rank")


def _measure(scenario: str, *, quick: bool) -> dict[str, Any]:
    scale = 10 if quick else 1
    area = 1.0 / scale
    orders = 10_000 // scale
    if scenario == "abundant":
        return _batch("dispatch_abundant", orders=orders, volunteers=100_000 // scale, area=area, runs=3, scarce=False)
    if scenario == "scarce":
        return _batch("dispatch_scarce", orders=orders, volunteers=12_000 // scale, area=area, runs=3, scarce=True)
    return _rank(orders=orders, volunteers=100_000 // scale, area=area, runs=RANK_RUNS)


def dispatch_bench(*, quick: bool) -> list[dict[str, Any]]:
    """Run the dispatch benchmark, each scenario in a fresh process (Django configured for the explanations)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "wenming.config.settings")}
    results = []
    for scenario in SCENARIOS:
        completed = subprocess.run(  # noqa: S603
            [sys.executable, __file__, "--worker", scenario, *(["--quick"] if quick else [])],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            sys.stderr.write(completed.stdout + completed.stderr)
            raise SystemExit(f"dispatch benchmark failed: {scenario}")
        results.append(json.loads(completed.stdout.strip().splitlines()[-1]))
    return results


def line(result: dict[str, Any]) -> str:
    """The runner's line, with the cost figures after it."""
    reference = f"{result['reference']}{result['unit']}({result['reference_kind'].split(':')[0]})"
    extra = ""
    if "cost_gap_percent" in result:
        extra += (
            f"  cost={result['cost_ours']:.0f} exact={result['cost_exact']:.0f}"
            f" gap={result['cost_gap_percent']}% (goal<={result['cost_gap_goal']}%)"
            f" unserved={result['unserved_ours']}/{result['unserved_exact']}"
        )
    if "cost_greedy" in result:
        extra += (
            f"  greedy={result['cost_greedy']:.0f} (unserved {result['unserved_greedy']})"
            f" ours {result['below_greedy_percent']}% below (goal>={result['below_greedy_goal']}%)"
        )
    if "ours_over_reference_p95" in result:
        extra += f"  ours/bare={result['ours_over_reference_p95']}x (at most 5x)"
    if not result.get("sound", True):
        extra += "  UNSOUND"
    verdict = "PASS" if result["passed"] else "FAIL"
    return (
        f"{result['name']:<18} ours={result['ours']}{result['unit']}  reference={reference}  "
        f"ratio={result['ratio']}x  goal>={result['goal']}{extra} {verdict}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a tenth of the orders, volunteers and area (CI)")
    parser.add_argument("--worker", choices=SCENARIOS, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wenming.config.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        print(json.dumps(_measure(options.worker, quick=options.quick), ensure_ascii=False))
        return 0
    results = dispatch_bench(quick=options.quick)
    for result in results:
        print(line(result))
    print(json.dumps(results, ensure_ascii=False))
    return 0 if all(result["passed"] for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
