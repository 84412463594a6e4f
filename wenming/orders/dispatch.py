"""The dispatch engine (派单): rank candidates for one order, assign a batch of orders at the lowest total cost.

Pure computation over plain dataclasses and numpy arrays, with no database access, so that the
order services can feed it from the ORM and stay the only place that writes. The engine proposes;
a person confirms.

Cost of serving an order by a candidate, each term rounded to whole metres (every term is weighted
in metres of straight-line distance, so that "100 metres per order served lately" reads as a
trade-off):

    distance                       great-circle metres from the candidate to the order
  + load_metres  * (recent load + orders already given to it in this batch)    fairness
  + rating_metres * (5 - mean rating)        an unrated candidate counts as `unrated_stars`
  + surplus_skill_metres * (skills held that the order does not need)  keep specialists free

An order left unserved costs `unserved_penalty`. A candidate is eligible for an order when it is
available, serves the order's category, holds every required skill and is within the search
radius (3 km); a volunteer is never proposed for an order it cannot take.

Three batch solvers share that cost and those constraints:
  assign                     the engine: a sparse matching over the k nearest eligible candidates per order
  assign_exact               the reference optimum: a matching over every eligible pair within the radius
  assign_greedy_nearest_free the peer: first come, nearest free candidate
"""

import enum
import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching
from scipy.spatial import cKDTree

EARTH_RADIUS_METRES = 6_371_008.8
SEARCH_RADIUS_METRES = 3_000.0
DETOUR_FACTOR = 1.3  # walking path over straight line, typical of a small town's street grid
WALKING_METRES_PER_MINUTE = 4_500.0 / 60.0  # 4.5 km/h
BEST_STARS = 5.0
# Enough choice for the matching to stay within 0.05% of the optimum with plenty of volunteers and
# 0.3% when they are scarce, on bench/dispatch.py's county; the time hardly depends on it.
DEFAULT_K = 32
# Twice the search radius: more than any single trip within the radius with ordinary load and rating
# terms, so the optimum leaves an order unserved only when serving it would push others 6 km further
# in all.
DEFAULT_UNSERVED_PENALTY = 2 * SEARCH_RADIUS_METRES
# Added to every edge of the matching: a sparse matrix drops explicit zeros (a candidate standing on
# the order's point). Each order is matched exactly once, so the offset never changes the optimum.
_MATCHING_OFFSET = 1.0
_BOUND_SLACK = 1e-9  # cKDTree.query keeps distances strictly below its bound; the radius is inclusive


# A k-d tree of the index: (category, None) for a category, (category, skill) for its holders of a skill.
TreeKey = tuple[int, int | None]


class CandidateKind(enum.StrEnum):
    TEAM = "team"
    VOLUNTEER = "volunteer"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A team or a volunteer as the engine sees it (WGS-84 degrees); `key` is the caller's id, untouched."""

    key: int
    latitude: float
    longitude: float
    categories: frozenset[int]
    skills: frozenset[int] = frozenset()
    is_available: bool = True
    capacity: int = 1  # orders it can take in one batch: 1 for a volunteer, N for a team
    recent_load: int = 0  # orders served in the last 30 days
    rating: float | None = None  # mean past rating, 1 to 5
    kind: CandidateKind = CandidateKind.VOLUNTEER


@dataclass(frozen=True, slots=True)
class Order:
    key: int
    latitude: float
    longitude: float
    category: int
    required_skills: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Weights:
    """The non-distance cost terms, in metres of straight-line distance."""

    load_metres: float = 100.0  # per order served in the last 30 days or given earlier in this batch
    rating_metres: float = 100.0  # per star below 5
    unrated_stars: float = 4.0  # a newcomer is neither rewarded nor punished much
    surplus_skill_metres: float = 50.0  # per skill held that the order does not need

    def __post_init__(self) -> None:
        # The search stops at a candidate farther than the k-th cheapest cost found so far, which is
        # right only while no term can lower a cost below the distance.
        for name in ("load_metres", "rating_metres", "surplus_skill_metres"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value >= 0):
                raise ValueError(f"weight {name} must be a finite number >= 0, not {value!r}")
        if not (math.isfinite(self.unrated_stars) and 1 <= self.unrated_stars <= BEST_STARS):
            raise ValueError(f"unrated_stars must be between 1 and 5, not {self.unrated_stars!r}")


DEFAULT_WEIGHTS = Weights()


@dataclass(slots=True)
class CostParts:
    """A cost broken into its terms, in whole metres; `total` is their sum."""

    distance: float = 0.0
    load: float = 0.0
    rating: float = 0.0
    skill: float = 0.0
    unserved: float = 0.0

    @property
    def total(self) -> float:
        return self.distance + self.load + self.rating + self.skill + self.unserved


@dataclass(slots=True)
class Reason:
    """Why a candidate ranks where it does, as data (the explanation is this in words)."""

    category: int
    distance_metres: float
    walking_metres: float
    walking_minutes: float
    required_skills: frozenset[int]
    surplus_skills: int
    is_available: bool
    recent_load: int
    rating: float | None
    capacity: int
    cost: CostParts


@dataclass(slots=True)
class Proposal:
    rank: int  # 1 is the best
    candidate: Candidate
    reason: Reason
    explanation: str


@dataclass(frozen=True, slots=True)
class Assignment:
    """One batch: per order (in the given order) the chosen candidate or None, and the total cost."""

    candidates: tuple[Candidate | None, ...]
    candidate_positions: npt.NDArray[np.intp]  # position in CandidateIndex.candidates, -1 when unserved
    cost: CostParts
    edges: int = 0  # order-candidate slot pairs the matching weighed

    @property
    def unserved_count(self) -> int:
        return int(np.count_nonzero(self.candidate_positions < 0))


def _unit_vectors(latitudes: npt.NDArray[np.float64], longitudes: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Points on the sphere of the earth's mean radius, in metres (shape n x 3)."""
    phi = np.radians(latitudes)
    lam = np.radians(longitudes)
    cos_phi = np.cos(phi)
    return np.stack([cos_phi * np.cos(lam), cos_phi * np.sin(lam), np.sin(phi)], axis=-1) * EARTH_RADIUS_METRES


def _chord(metres: float) -> float:
    return 2 * EARTH_RADIUS_METRES * math.sin(min(metres, math.pi * EARTH_RADIUS_METRES) / (2 * EARTH_RADIUS_METRES))


def _arc(chords: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Great-circle metres from chord lengths; an infinite chord (no neighbour) becomes half the earth round."""
    return 2 * EARTH_RADIUS_METRES * np.arcsin(np.minimum(chords / (2 * EARTH_RADIUS_METRES), 1.0))


def _coordinates_check(
    what: str, keys: Sequence[int], latitudes: npt.NDArray[np.float64], longitudes: npt.NDArray[np.float64]
) -> None:
    for name, values, limit in (("latitude", latitudes, 90.0), ("longitude", longitudes, 180.0)):
        bad = ~(np.isfinite(values) & (np.abs(values) <= limit))
        if bad.any():
            position = int(np.argmax(bad))
            raise ValueError(
                f"{what} {keys[position]!r}: {name} {float(values[position])!r} "
                f"is not a number between -{limit:g} and {limit:g}"
            )


def _order_point(order: Order) -> npt.NDArray[np.float64]:
    """One order's point on the sphere (as `_unit_vectors`), its coordinates checked."""
    try:
        latitude, longitude = float(order.latitude), float(order.longitude)
    except (TypeError, ValueError):
        raise ValueError(f"order {order.key!r}: coordinates must be numbers") from None
    for name, value, limit in (("latitude", latitude, 90.0), ("longitude", longitude, 180.0)):
        if not (math.isfinite(value) and abs(value) <= limit):
            raise ValueError(f"order {order.key!r}: {name} {value!r} is not a number between -{limit:g} and {limit:g}")
    phi, lam = math.radians(latitude), math.radians(longitude)
    cos_phi = math.cos(phi)
    return np.array(
        [
            EARTH_RADIUS_METRES * cos_phi * math.cos(lam),
            EARTH_RADIUS_METRES * cos_phi * math.sin(lam),
            EARTH_RADIUS_METRES * math.sin(phi),
        ]
    )


def _floats(values: Iterable[object], count: int, what: str, keys: Sequence[int]) -> npt.NDArray[np.float64]:
    try:
        return np.fromiter(values, dtype=np.float64, count=count)
    except (TypeError, ValueError):
        raise ValueError(f"{what} coordinates must be numbers (first keys: {list(keys[:3])!r})") from None


class _Terms(NamedTuple):
    """Per candidate: the cost terms that do not depend on the order (whole metres), and their sum."""

    load: npt.NDArray[np.float64]
    rating: npt.NDArray[np.float64]
    skill: npt.NDArray[np.float64]  # for an order needing no skill
    total: npt.NDArray[np.float64]


class CandidateIndex:
    """The candidates of one dispatch round, indexed for nearest-eligible queries; build once per set.

    Points are projected to 3-D vectors on a sphere of the earth's mean radius (in metres) rather than
    to a local equirectangular plane: the chord between two such vectors grows strictly with the
    great-circle distance, so nearest-first order and a radius are exact at any extent (a county
    or a whole province, where one plane's cos(latitude) scale would be off by several per cent at
    the edges), and the chord converts back to great-circle metres in closed form. The price is a
    third coordinate in the k-d tree, which costs little at these sizes.

    The trees hold only available candidates with room, one tree per category and one per category
    and skill: an order queries its category's tree, or, when it needs skills, the tree of its rarest
    required skill in its category, so every neighbour returned is eligible but for any further
    skills, checked on the neighbours with bit masks. Without the skill trees an order needing a skill
    one candidate in twenty holds would wade through twenty neighbours for each one it can use.
    """

    def __init__(self, candidates: Sequence[Candidate]) -> None:
        self.candidates: tuple[Candidate, ...] = tuple(candidates)
        count = len(self.candidates)
        keys = [candidate.key for candidate in self.candidates]
        latitudes = _floats((candidate.latitude for candidate in self.candidates), count, "candidate", keys)
        longitudes = _floats((candidate.longitude for candidate in self.candidates), count, "candidate", keys)
        _coordinates_check("candidate", keys, latitudes, longitudes)
        self.capacity = np.fromiter((candidate.capacity for candidate in self.candidates), dtype=np.int64, count=count)
        self.recent_load = np.fromiter(
            (candidate.recent_load for candidate in self.candidates), dtype=np.int64, count=count
        )
        self.rating = np.fromiter(
            (np.nan if candidate.rating is None else candidate.rating for candidate in self.candidates),
            dtype=np.float64,
            count=count,
        )
        self.is_available = np.fromiter(
            (bool(candidate.is_available) for candidate in self.candidates), dtype=bool, count=count
        )
        for name, values in (("capacity", self.capacity), ("recent_load", self.recent_load)):
            if (values < 0).any():
                position = int(np.argmax(values < 0))
                raise ValueError(f"candidate {keys[position]!r}: {name} must be >= 0, not {values[position]}")
        rated = ~np.isnan(self.rating)
        bad_rating = rated & ~((self.rating >= 1) & (self.rating <= BEST_STARS))
        if bad_rating.any():
            position = int(np.argmax(bad_rating))
            raise ValueError(
                f"candidate {keys[position]!r}: rating must be between 1 and 5 or None, "
                f"not {float(self.rating[position])!r}"
            )
        self.xyz = _unit_vectors(latitudes, longitudes)

        skill_ids = sorted({skill for candidate in self.candidates for skill in candidate.skills})
        self.skill_bit: dict[int, int] = {skill: bit for bit, skill in enumerate(skill_ids)}
        self.skill_words = max(1, -(-len(skill_ids) // 64))
        self.skill_bits = np.zeros((count, self.skill_words), dtype=np.uint64)
        self.skill_count = np.zeros(count, dtype=np.int64)
        members: dict[TreeKey, list[int]] = {}
        for position, candidate in enumerate(self.candidates):
            if candidate.skills:
                mask = self.skills_mask(candidate.skills)
                assert mask is not None  # every skill a candidate holds has its bit
                self.skill_bits[position] = mask
                self.skill_count[position] = len(candidate.skills)
            if candidate.is_available and candidate.capacity > 0:
                for category in candidate.categories:
                    members.setdefault((category, None), []).append(position)
                    for skill in candidate.skills:
                        members.setdefault((category, skill), []).append(position)
        # Positions in `candidates` of each tree's points, in the tree's order.
        self.tree_members: dict[TreeKey, npt.NDArray[np.intp]] = {
            key: np.asarray(positions, dtype=np.intp) for key, positions in members.items()
        }
        self.trees: dict[TreeKey, cKDTree] = {
            key: cKDTree(self.xyz[positions]) for key, positions in self.tree_members.items()
        }
        self._weighted: dict[Weights, _Terms] = {}
        self._last: tuple[Weights | None, _Terms | None] = (None, None)

    def __len__(self) -> int:
        return len(self.candidates)

    def skills_mask(self, skills: Iterable[int]) -> npt.NDArray[np.uint64] | None:
        """The bit mask of `skills`, or None when a skill is held by no candidate (nobody is eligible)."""
        mask = np.zeros(self.skill_words, dtype=np.uint64)
        for skill in skills:
            bit = self.skill_bit.get(skill)
            if bit is None:
                return None
            mask[bit // 64] |= np.uint64(1) << np.uint64(bit % 64)
        return mask

    def tree_key(self, category: int, required_skills: frozenset[int]) -> TreeKey | None:
        """The tree to query for an order: its category's, or its rarest required skill's in that category.

        None when nobody available serves the category with every required skill.
        """
        if not required_skills:
            key: TreeKey = (category, None)
            return key if key in self.trees else None
        best: TreeKey | None = None
        for skill in required_skills:
            members = self.tree_members.get((category, skill))
            if members is None:
                return None
            if best is None or members.size < self.tree_members[best].size:
                best = (category, skill)
        return best

    def weighted_terms(self, weights: Weights) -> "_Terms":
        """Per candidate, its load (first slot), rating and skill (order needing none) terms under `weights`."""
        last_weights, last_terms = self._last
        if weights is last_weights and last_terms is not None:
            return last_terms
        terms = self._weighted.get(weights)
        if terms is None:
            stars = np.where(np.isnan(self.rating), weights.unrated_stars, self.rating)
            load = np.rint(weights.load_metres * self.recent_load)
            rating = np.rint(weights.rating_metres * (BEST_STARS - stars))
            skill = np.rint(weights.surplus_skill_metres * self.skill_count)
            terms = _Terms(load, rating, skill, load + rating + skill)
            self._weighted[weights] = terms
        self._last = (weights, terms)  # one assignment: another thread sees the old pair or the new one
        return terms

    def nearest_eligible(self, order: Order, *, k: int, max_distance_metres: float = SEARCH_RADIUS_METRES) -> list[int]:
        """Positions of the k nearest eligible candidates, nearest first: the bare query, with no scoring."""
        point = _order_point(order)
        key = self.tree_key(order.category, order.required_skills)
        if key is None or k < 1:
            return []
        required = self.skills_mask(order.required_skills) if len(order.required_skills) > 1 else None
        tree, members = self.trees[key], self.tree_members[key]
        bound = _chord(max_distance_metres) * (1 + _BOUND_SLACK)
        wanted = k
        while True:
            asked = min(wanted, tree.n)
            chords, neighbours = tree.query(point, k=asked, distance_upper_bound=bound)
            chords, neighbours = np.atleast_1d(chords), np.atleast_1d(neighbours)
            found = neighbours < tree.n
            positions = members[neighbours[found]]
            keep = _arc(chords[found]) <= max_distance_metres
            if required is not None:
                keep &= ~(required & ~self.skill_bits[positions]).any(axis=1)
            chosen = positions[keep]
            if chosen.size >= k or not found[-1] or asked >= tree.n:
                return [int(position) for position in chosen[:k]]
            wanted *= 4


def _cost_terms(
    index: CandidateIndex,
    positions: npt.NDArray[np.intp],
    metres: npt.NDArray[np.float64],
    required_count: npt.NDArray[np.int64] | int,
    slots: npt.NDArray[np.int64] | int,
    weights: Weights,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Distance, load, rating and skill terms of each pair, each in whole metres.

    Whole metres are precise enough for dispatch and make the matching much faster: its shortest-path
    search settles all columns of equal reduced cost at once, and integer costs tie often.
    """
    load, rating, skill, _total = index.weighted_terms(weights)
    return (
        np.rint(metres),
        load[positions]
        if isinstance(slots, int) and slots == 0
        else np.rint(weights.load_metres * (index.recent_load[positions] + slots)),
        rating[positions],
        skill[positions]
        if isinstance(required_count, int) and required_count == 0
        else np.rint(weights.surplus_skill_metres * (index.skill_count[positions] - required_count)),
    )


def _pair_costs(
    index: CandidateIndex,
    positions: npt.NDArray[np.intp],
    metres: npt.NDArray[np.float64],
    required_count: npt.NDArray[np.int64] | int,
    weights: Weights,
) -> npt.NDArray[np.float64]:
    distance, load, rating, skill = _cost_terms(index, positions, metres, required_count, 0, weights)
    return distance + load + rating + skill


@dataclass(frozen=True, slots=True)
class _Orders:
    """A batch of orders as arrays, and the rows of the orders that query each tree of the index."""

    keys: list[int]
    xyz: npt.NDArray[np.float64]
    required_bits: npt.NDArray[np.uint64]  # orders x skill words
    required_count: npt.NDArray[np.int64]
    needs_skills: npt.NDArray[np.bool_]  # more skills than the tree's own: checked on the neighbours
    tree_keys: list[TreeKey | None]  # None: nobody could serve the order
    groups: dict[TreeKey, npt.NDArray[np.intp]]

    @property
    def count(self) -> int:
        return len(self.keys)


def _orders_arrays(orders: Sequence[Order], index: CandidateIndex) -> _Orders:
    count = len(orders)
    keys = [order.key for order in orders]
    latitudes = _floats((order.latitude for order in orders), count, "order", keys)
    longitudes = _floats((order.longitude for order in orders), count, "order", keys)
    _coordinates_check("order", keys, latitudes, longitudes)
    required_bits = np.zeros((count, index.skill_words), dtype=np.uint64)
    required_count = np.zeros(count, dtype=np.int64)
    tree_keys: list[TreeKey | None] = []
    groups: dict[TreeKey, list[int]] = {}
    for row, order in enumerate(orders):
        key = index.tree_key(order.category, order.required_skills)
        tree_keys.append(key)
        if key is None:
            continue
        groups.setdefault(key, []).append(row)
        if order.required_skills:
            mask = index.skills_mask(order.required_skills)
            assert mask is not None  # a tree exists, so somebody holds every skill
            required_bits[row] = mask
            required_count[row] = len(order.required_skills)
    return _Orders(
        keys=keys,
        xyz=_unit_vectors(latitudes, longitudes),
        required_bits=required_bits,
        required_count=required_count,
        needs_skills=required_count > 1,
        tree_keys=tree_keys,
        groups={key: np.asarray(rows, dtype=np.intp) for key, rows in groups.items()},
    )


@dataclass(frozen=True, slots=True)
class _Edges:
    """Eligible order-candidate pairs, with the distance and the cost of a candidate's first slot."""

    rows: npt.NDArray[np.intp]
    positions: npt.NDArray[np.intp]
    metres: npt.NDArray[np.float64]
    costs: npt.NDArray[np.float64]


def _edges_concatenate(parts: list[_Edges]) -> _Edges:
    if not parts:
        empty = np.empty(0, dtype=np.intp)
        return _Edges(empty, empty, np.empty(0), np.empty(0))
    return _Edges(
        np.concatenate([part.rows for part in parts]),
        np.concatenate([part.positions for part in parts]),
        np.concatenate([part.metres for part in parts]),
        np.concatenate([part.costs for part in parts]),
    )


def _skills_held(
    orders: _Orders, index: CandidateIndex, rows: npt.NDArray[np.intp], positions: npt.NDArray[np.intp]
) -> npt.NDArray[np.bool_]:
    """Per pair: does the candidate hold every skill the order requires (checked only where one is required)."""
    held = np.ones(rows.shape, dtype=bool)
    needs = orders.needs_skills[rows]
    if needs.any():
        missing = orders.required_bits[rows[needs]] & ~index.skill_bits[positions[needs]]
        held[needs] = ~missing.any(axis=-1)
    return held


def _nearest_edges(
    orders: _Orders, index: CandidateIndex, *, k: int, max_distance_metres: float, weights: Weights
) -> _Edges:
    """Per order, its k nearest eligible candidates within the radius (fewer when there are fewer).

    Neighbours come from the order's tree, so only a second required skill is left to check; an
    order whose first neighbours lack it asks again for four times as many.
    """
    bound = _chord(max_distance_metres) * (1 + _BOUND_SLACK)
    rows_parts: list[npt.NDArray[np.intp]] = []
    positions_parts: list[npt.NDArray[np.intp]] = []
    metres_parts: list[npt.NDArray[np.float64]] = []
    for key, group in orders.groups.items():
        tree, members = index.trees[key], index.tree_members[key]
        pending = group
        asked = min(k, tree.n)
        while pending.size:
            chords, neighbours = tree.query(orders.xyz[pending], k=asked, distance_upper_bound=bound)
            chords = chords.reshape(pending.size, asked)
            neighbours = neighbours.reshape(pending.size, asked)
            found = neighbours < tree.n
            positions = members[np.where(found, neighbours, 0)]
            metres = _arc(chords)
            eligible = metres <= max_distance_metres  # false where nothing was found (half the earth away)
            if orders.needs_skills[pending].any():
                eligible &= _skills_held(orders, index, np.broadcast_to(pending[:, None], positions.shape), positions)
            # Done with k found, or when the radius or the tree ran out before `asked` neighbours.
            done = (eligible.sum(axis=1) >= k) | ~found[:, -1] | (metres[:, -1] > max_distance_metres)
            done |= asked >= tree.n
            taken = eligible & done[:, None] & (np.cumsum(eligible, axis=1) <= k)
            row, column = np.nonzero(taken)
            rows_parts.append(pending[row])
            positions_parts.append(positions[row, column])
            metres_parts.append(metres[row, column])
            pending = pending[~done]
            asked = min(asked * 4, tree.n)
    if not rows_parts:
        return _edges_concatenate([])
    rows = np.concatenate(rows_parts)
    positions = np.concatenate(positions_parts)
    metres = np.concatenate(metres_parts)
    return _Edges(rows, positions, metres, _pair_costs(index, positions, metres, orders.required_count[rows], weights))


def _all_edges(orders: _Orders, index: CandidateIndex, *, max_distance_metres: float, weights: Weights) -> _Edges:
    """Every eligible order-candidate pair within the radius."""
    bound = _chord(max_distance_metres) * (1 + _BOUND_SLACK)
    parts: list[_Edges] = []
    for key, group in orders.groups.items():
        pairs = cKDTree(orders.xyz[group]).sparse_distance_matrix(index.trees[key], bound, output_type="ndarray")
        rows = group[pairs["i"]]
        positions = index.tree_members[key][pairs["j"]]
        metres = _arc(pairs["v"])
        keep = (metres <= max_distance_metres) & _skills_held(orders, index, rows, positions)
        rows, positions, metres = rows[keep], positions[keep], metres[keep]
        costs = _pair_costs(index, positions, metres, orders.required_count[rows], weights)
        parts.append(_Edges(rows, positions, metres, costs))
    return _edges_concatenate(parts)


def _ragged_arange(lengths: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """0..n-1 for each length n, concatenated."""
    starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
    return np.arange(starts.size, dtype=np.int64) - starts


def _assignment(
    orders: _Orders,
    index: CandidateIndex,
    *,
    positions: npt.NDArray[np.intp],
    slots: npt.NDArray[np.int64],
    metres: npt.NDArray[np.float64],
    weights: Weights,
    unserved_penalty: float,
    edges: int,
) -> Assignment:
    """The result of a batch from each order's candidate position (-1: unserved), slot and distance."""
    served = positions >= 0
    distance, load, rating, skill = _cost_terms(
        index, positions[served], metres[served], orders.required_count[served], slots[served], weights
    )
    cost = CostParts(
        distance=float(distance.sum()),
        load=float(load.sum()),
        rating=float(rating.sum()),
        skill=float(skill.sum()),
        unserved=float(unserved_penalty * np.count_nonzero(~served)),
    )
    return Assignment(
        candidates=tuple(index.candidates[position] if position >= 0 else None for position in positions.tolist()),
        candidate_positions=positions,
        cost=cost,
        edges=edges,
    )


def _solve(
    orders: _Orders, index: CandidateIndex, edges: _Edges, *, unserved_penalty: float, weights: Weights
) -> Assignment:
    """The minimum-cost matching of orders to candidate slots, with a private "unserved" column per order.

    A candidate of capacity c becomes min(c, orders it could serve) columns; its s-th slot costs
    `load_metres * s` more (the batch's own orders count as load), so its slots fill in order.
    """
    count = orders.count
    # A pair costing as much as leaving the order unserved can never beat the order's own dummy column.
    useful = edges.costs < unserved_penalty
    rows, positions, metres = edges.rows[useful], edges.positions[useful], edges.metres[useful]
    costs = edges.costs[useful]
    used, inverse = np.unique(positions, return_inverse=True)
    copies = np.minimum(index.capacity[used], np.bincount(inverse, minlength=used.size))
    first_column = np.cumsum(copies) - copies
    slot_columns = int(copies.sum())
    pair = np.repeat(np.arange(rows.size), copies[inverse])
    slot = _ragged_arange(copies[inverse])
    if slot.size and slot.max() > 0:
        load = index.recent_load[positions[pair]]
        costs_of_slots = (
            costs[pair] + np.rint(weights.load_metres * (load + slot)) - np.rint(weights.load_metres * load)
        )
    else:
        costs_of_slots = costs[pair]
    useful = costs_of_slots < unserved_penalty
    pair, slot, costs_of_slots = pair[useful], slot[useful], costs_of_slots[useful]
    columns = first_column[inverse[pair]] + slot
    width = slot_columns + count
    matrix = csr_matrix(
        (
            np.concatenate([costs_of_slots, np.full(count, float(unserved_penalty))]) + _MATCHING_OFFSET,
            (
                np.concatenate([rows[pair], np.arange(count)]),
                np.concatenate([columns, slot_columns + np.arange(count)]),
            ),
        ),
        shape=(count, width),
    )
    matched_rows, matched_columns = min_weight_full_bipartite_matching(matrix)
    column_of_row = np.empty(count, dtype=np.int64)
    column_of_row[matched_rows] = matched_columns
    served = np.flatnonzero(column_of_row < slot_columns)
    # The expanded pair behind each served (row, column), found by its key in the flattened matrix.
    keys = rows[pair].astype(np.int64) * width + columns
    sorting = np.argsort(keys)
    found = sorting[np.searchsorted(keys, served * width + column_of_row[served], sorter=sorting)]
    result_positions = np.full(count, -1, dtype=np.intp)
    result_slots = np.zeros(count, dtype=np.int64)
    result_metres = np.zeros(count, dtype=np.float64)
    result_positions[served] = positions[pair[found]]
    result_slots[served] = slot[found]
    result_metres[served] = metres[pair[found]]
    return _assignment(
        orders,
        index,
        positions=result_positions,
        slots=result_slots,
        metres=result_metres,
        weights=weights,
        unserved_penalty=unserved_penalty,
        edges=int(pair.size),
    )


def _batch_check(k: int, unserved_penalty: float) -> None:
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k!r}")
    if not (math.isfinite(unserved_penalty) and unserved_penalty > 0):
        raise ValueError(f"unserved_penalty must be a finite number > 0, not {unserved_penalty!r}")


def assign(
    orders: Sequence[Order],
    index: CandidateIndex,
    *,
    k: int = DEFAULT_K,
    unserved_penalty: float = DEFAULT_UNSERVED_PENALTY,
    weights: Weights = DEFAULT_WEIGHTS,
    max_distance_metres: float = SEARCH_RADIUS_METRES,
) -> Assignment:
    """The batch at the lowest total cost over each order's k nearest eligible candidates (the engine)."""
    _batch_check(k, unserved_penalty)
    arrays = _orders_arrays(orders, index)
    edges = _nearest_edges(arrays, index, k=k, max_distance_metres=max_distance_metres, weights=weights)
    return _solve(arrays, index, edges, unserved_penalty=unserved_penalty, weights=weights)


def assign_exact(
    orders: Sequence[Order],
    index: CandidateIndex,
    *,
    unserved_penalty: float = DEFAULT_UNSERVED_PENALTY,
    weights: Weights = DEFAULT_WEIGHTS,
    max_distance_metres: float = SEARCH_RADIUS_METRES,
) -> Assignment:
    """The optimum over every eligible order-candidate pair within the radius (the reference)."""
    _batch_check(1, unserved_penalty)
    arrays = _orders_arrays(orders, index)
    edges = _all_edges(arrays, index, max_distance_metres=max_distance_metres, weights=weights)
    return _solve(arrays, index, edges, unserved_penalty=unserved_penalty, weights=weights)


def assign_greedy_nearest_free(
    orders: Sequence[Order],
    index: CandidateIndex,
    *,
    unserved_penalty: float = DEFAULT_UNSERVED_PENALTY,
    weights: Weights = DEFAULT_WEIGHTS,
    max_distance_metres: float = SEARCH_RADIUS_METRES,
) -> Assignment:
    """First come, nearest free: in arrival order, each order takes its nearest eligible candidate with room.

    The usual practice the engine is measured against, costed with the same cost function.
    """
    _batch_check(1, unserved_penalty)
    arrays = _orders_arrays(orders, index)
    count = arrays.count
    bound = _chord(max_distance_metres) * (1 + _BOUND_SLACK)
    given = np.zeros(len(index), dtype=np.int64)
    positions = np.full(count, -1, dtype=np.intp)
    slots = np.zeros(count, dtype=np.int64)
    metres_of_rows = np.zeros(count, dtype=np.float64)
    for row, key in enumerate(arrays.tree_keys):
        if key is None:
            continue
        tree, members = index.trees[key], index.tree_members[key]
        asked = min(8, tree.n)
        while True:
            chords, neighbours = tree.query(arrays.xyz[row], k=asked, distance_upper_bound=bound)
            chords, neighbours = np.atleast_1d(chords), np.atleast_1d(neighbours)
            found = neighbours < tree.n
            candidates = members[neighbours[found]]
            metres = _arc(chords[found])
            free = (metres <= max_distance_metres) & (given[candidates] < index.capacity[candidates])
            if arrays.needs_skills[row]:
                free &= ~(arrays.required_bits[row] & ~index.skill_bits[candidates]).any(axis=1)
            hits = np.flatnonzero(free)
            if hits.size:
                position = candidates[hits[0]]
                positions[row], slots[row], metres_of_rows[row] = position, given[position], metres[hits[0]]
                given[position] += 1
                break
            if not found[-1] or asked >= tree.n or metres[-1] > max_distance_metres:
                break
            asked = min(asked * 4, tree.n)
    return _assignment(
        arrays,
        index,
        positions=positions,
        slots=slots,
        metres=metres_of_rows,
        weights=weights,
        unserved_penalty=unserved_penalty,
        edges=0,
    )


def rank(
    order: Order,
    index: CandidateIndex,
    *,
    k: int = 10,
    weights: Weights = DEFAULT_WEIGHTS,
    max_distance_metres: float = SEARCH_RADIUS_METRES,
) -> list[Proposal]:
    """The k cheapest eligible candidates for one order, best first, each with its reason.

    The k nearest eligible come first; if farther candidates could still cost less than the k-th
    cheapest of them (a cost is never below its distance), one radius query out to that cost
    brings in every such candidate. So the list is exactly the k cheapest within the search
    radius. Ties go to the nearer candidate, then to the earlier one in the index.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k!r}")
    point = _order_point(order)
    key = index.tree_key(order.category, order.required_skills)
    if key is None:
        return []
    required_count = len(order.required_skills)
    required = index.skills_mask(order.required_skills) if required_count > 1 else None
    tree, members = index.trees[key], index.tree_members[key]
    bound = _chord(max_distance_metres) * (1 + _BOUND_SLACK)
    asked = min(4 * k, tree.n)
    while True:
        chords, neighbours = tree.query(point, k=asked, distance_upper_bound=bound)
        if asked == 1:
            chords, neighbours = np.atleast_1d(chords), np.atleast_1d(neighbours)
        complete = neighbours[-1] == tree.n or asked >= tree.n  # every candidate within the radius is here
        if neighbours[-1] == tree.n:
            found = neighbours < tree.n
            chords, neighbours = chords[found], neighbours[found]
        positions, metres, costs = _scored(index, members, neighbours, chords, required, required_count, weights)
        last = float(chords[-1]) if chords.size else 0.0
        farthest = 2 * EARTH_RADIUS_METRES * math.asin(min(last / (2 * EARTH_RADIUS_METRES), 1.0))
        if complete or farthest > max_distance_metres:
            break
        if costs.size >= k:
            kth_cost = float(np.partition(costs, k - 1)[k - 1])
            if round(farthest) < kth_cost:
                # A cost is never below its rounded distance: whoever may still rank lies within
                # that many metres, and one radius query brings them all in.
                reach = _chord(min(kth_cost + 0.5, max_distance_metres)) * (1 + _BOUND_SLACK)
                neighbours = np.asarray(tree.query_ball_point(point, r=reach), dtype=np.intp)
                offsets = tree.data[neighbours] - point
                chords = np.sqrt(np.einsum("ij,ij->i", offsets, offsets))
                positions, metres, costs = _scored(
                    index, members, neighbours, chords, required, required_count, weights
                )
            break
        asked = min(asked * 4, tree.n)
    if farthest > max_distance_metres:
        inside = metres <= max_distance_metres
        positions, metres, costs = positions[inside], metres[inside], costs[inside]
    best = np.lexsort((positions, metres, costs))[:k]
    chosen, chosen_metres = positions[best], metres[best]
    terms = index.weighted_terms(weights)
    parts = np.empty((4, best.size))
    parts[0] = np.rint(chosen_metres)
    parts[1] = terms.load[chosen]
    parts[2] = terms.rating[chosen]
    parts[3] = costs[best] - parts[0] - parts[1] - parts[2]  # the skill term, net of required skills
    texts = _explanation_texts(get_language())
    skills_phrase = texts.skills % {"count": required_count} if required_count else texts.no_skills
    # Whole metres as ints: they print faster, and the terms are whole metres anyway.
    rows = zip(chosen.tolist(), chosen_metres.tolist(), *parts.astype(np.int64).tolist(), strict=True)
    proposals = []
    for place, (position, distance, distance_cost, load_cost, rating_cost, skill_cost) in enumerate(rows, start=1):
        candidate = index.candidates[position]
        walking = distance * DETOUR_FACTOR
        reason = Reason(
            order.category,
            distance,
            walking,
            walking / WALKING_METRES_PER_MINUTE,
            order.required_skills,
            len(candidate.skills) - required_count,
            candidate.is_available,
            candidate.recent_load,
            candidate.rating,
            candidate.capacity,
            CostParts(distance_cost, load_cost, rating_cost, skill_cost),
        )
        rating = texts.unrated if candidate.rating is None else texts.rating % {"stars": candidate.rating}
        team = candidate.kind == CandidateKind.TEAM
        explanation = texts.sentence % {
            "place": place,
            "who": texts.team % {"capacity": candidate.capacity} if team else texts.volunteer,
            "distance": distance_cost,  # the distance term is the distance in whole metres
            "walking": round(walking),
            "minutes": max(1, math.ceil(walking / WALKING_METRES_PER_MINUTE)),
            "skills": skills_phrase,
            "load": candidate.recent_load,
            "rating": rating,
            "total": distance_cost + load_cost + rating_cost + skill_cost,
            "distance_cost": distance_cost,
            "load_cost": load_cost,
            "rating_cost": rating_cost,
            "skill_cost": skill_cost,
        }
        proposals.append(Proposal(place, candidate, reason, explanation))
    return proposals


def _scored(
    index: CandidateIndex,
    members: npt.NDArray[np.intp],
    neighbours: npt.NDArray[np.intp],
    chords: npt.NDArray[np.float64],
    required: npt.NDArray[np.uint64] | None,
    required_count: int,
    weights: Weights,
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """One order's neighbours in a tree that hold its skills: positions, metres and costs (first slot)."""
    positions = members[neighbours]
    if required is not None:  # a second required skill, beyond the tree's
        holding = ~(required & ~index.skill_bits[positions]).any(axis=1)
        positions, chords = positions[holding], chords[holding]
    terms = index.weighted_terms(weights)
    metres = _arc(chords)
    costs = np.rint(metres) + terms.total[positions]
    if required_count:  # the required skills are no surplus
        surplus = np.rint(weights.surplus_skill_metres * (index.skill_count[positions] - required_count))
        costs += surplus - terms.skill[positions]
    return positions, metres, costs


@functools.lru_cache(maxsize=32)
def _explanation_texts(language: str | None) -> "_ExplanationTexts":
    """The phrases in `language`, the active one: translated once, not on every ranking."""
    return _ExplanationTexts()


class _ExplanationTexts:
    """The explanation's phrases in the active language."""

    def __init__(self) -> None:
        self.skills = _("具备全部所需技能（%(count)d 项）")
        self.no_skills = _("无技能要求")
        self.rating = _("平均评分 %(stars).1f 星")
        self.unrated = _("尚无评分")
        self.team = _("队伍（本批可接 %(capacity)d 单）")
        self.volunteer = _("志愿者")
        self.sentence = _(
            "第 %(place)d 名，%(who)s：服务类别相符；直线距离 %(distance)d 米，步行约 %(walking)d 米、"
            "%(minutes)d 分钟；%(skills)s；当前可接单；近 30 天已服务 %(load)d 单；%(rating)s。"
            "综合代价 %(total)d（距离 %(distance_cost)d + 负荷 %(load_cost)d + 评分 %(rating_cost)d + "
            "技能 %(skill_cost)d）。"
        )
