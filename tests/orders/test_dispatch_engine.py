"""The dispatch engine: costs, eligibility, capacities, the exact optimum, ranking with reasons, bad input."""

import itertools
import math
import random
from decimal import Decimal

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from wenming.core.geo import distance_metres
from wenming.orders.dispatch import (
    DEFAULT_UNSERVED_PENALTY,
    DEFAULT_WEIGHTS,
    Candidate,
    CandidateIndex,
    CandidateKind,
    Order,
    Weights,
    assign,
    assign_exact,
    assign_greedy_nearest_free,
    rank,
)

CENTRE = (46.98, 128.02)
METRES_PER_DEGREE = 111_195.0
ELDERLY_CARE, LEGAL_AID = 1, 2
FIRST_AID, DRIVING = 10, 11


def point(east: float, north: float) -> tuple[float, float]:
    """WGS-84 coordinates `east` and `north` metres from the centre (nearly exact at these distances)."""
    latitude = CENTRE[0] + north / METRES_PER_DEGREE
    return latitude, CENTRE[1] + east / (METRES_PER_DEGREE * math.cos(math.radians(CENTRE[0])))


def volunteer(key: int, east: float, north: float, **fields: object) -> Candidate:
    latitude, longitude = point(east, north)
    fields.setdefault("categories", frozenset({ELDERLY_CARE}))
    return Candidate(key=key, latitude=latitude, longitude=longitude, **fields)  # type: ignore[arg-type]


def order(key: int, east: float, north: float, **fields: object) -> Order:
    latitude, longitude = point(east, north)
    fields.setdefault("category", ELDERLY_CARE)
    return Order(key=key, latitude=latitude, longitude=longitude, **fields)  # type: ignore[arg-type]


def pair_cost(order: Order, candidate: Candidate, slot: int = 0, weights: Weights = DEFAULT_WEIGHTS) -> float | None:
    """The cost of the issue, computed here independently of the engine; None when not eligible."""
    metres = distance_metres(order.latitude, order.longitude, candidate.latitude, candidate.longitude)
    eligible = (
        candidate.is_available
        and order.category in candidate.categories
        and order.required_skills <= candidate.skills
        and metres <= 3000
        and slot < candidate.capacity
    )
    if not eligible:
        return None
    stars = weights.unrated_stars if candidate.rating is None else candidate.rating
    return (
        round(metres)
        + round(weights.load_metres * (candidate.recent_load + slot))
        + round(weights.rating_metres * (5 - stars))
        + round(weights.surplus_skill_metres * len(candidate.skills - order.required_skills))
    )


def brute_force(orders: list[Order], candidates: list[Candidate], penalty: float) -> float:
    """The optimum by trying every choice of every order (tiny cases only)."""
    best = math.inf
    for choice in itertools.product([None, *range(len(candidates))], repeat=len(orders)):
        total = 0.0
        given = [0] * len(candidates)
        for number, picked in enumerate(choice):
            if picked is None:
                total += penalty
                continue
            cost = pair_cost(orders[number], candidates[picked], given[picked])
            if cost is None:
                break
            given[picked] += 1
            total += cost
        else:
            best = min(best, total)
    return best


def dense_optimum(orders: list[Order], candidates: list[Candidate], penalty: float) -> float:
    """The optimum by a dense assignment over every slot of every candidate and a dummy per order."""
    columns = [(number, slot) for number, candidate in enumerate(candidates) for slot in range(candidate.capacity)]
    matrix = np.full((len(orders), len(columns) + len(orders)), 1e9)
    for row, served in enumerate(orders):
        for column, (number, slot) in enumerate(columns):
            cost = pair_cost(served, candidates[number], slot)
            if cost is not None:
                matrix[row, column] = cost
        matrix[row, len(columns) + row] = penalty
    rows, chosen = linear_sum_assignment(matrix)
    return float(matrix[rows, chosen].sum())


def random_case(seed: int, orders: int, candidates: int) -> tuple[list[Order], list[Candidate]]:
    rng = random.Random(seed)
    made_candidates = [
        volunteer(
            number,
            rng.uniform(-2500, 2500),
            rng.uniform(-2500, 2500),
            categories=frozenset(rng.sample([ELDERLY_CARE, LEGAL_AID], rng.choice([1, 2]))),
            skills=frozenset(rng.sample([FIRST_AID, DRIVING], rng.choice([0, 0, 1, 2]))),
            is_available=rng.random() < 0.9,
            capacity=rng.choice([1, 1, 1, 2, 3]),
            recent_load=rng.randrange(4),
            rating=rng.choice([None, 3.5, 4.2, 5.0]),
            kind=CandidateKind.VOLUNTEER,
        )
        for number in range(candidates)
    ]
    made_orders = [
        order(
            number,
            rng.uniform(-2500, 2500),
            rng.uniform(-2500, 2500),
            category=rng.choice([ELDERLY_CARE, LEGAL_AID]),
            required_skills=frozenset(rng.sample([FIRST_AID, DRIVING], rng.choice([0, 0, 0, 1]))),
        )
        for number in range(orders)
    ]
    return made_orders, made_candidates


def test_cost_is_distance_plus_load_rating_and_surplus_skill_terms_in_whole_metres():
    # given a volunteer 1,000 m east with two orders served lately, 4.5 stars and a skill the order does not need
    candidate = volunteer(7, 1000, 0, recent_load=2, rating=4.5, skills=frozenset({FIRST_AID}))
    served = order(1, 0, 0)
    index = CandidateIndex([candidate])
    metres = distance_metres(served.latitude, served.longitude, candidate.latitude, candidate.longitude)

    # when
    result = assign_exact([served], index)

    # then
    assert result.candidates == (candidate,)
    assert result.cost.distance == round(metres) == 1000
    assert result.cost.load == 200
    assert result.cost.rating == 50
    assert result.cost.skill == 50
    assert result.cost.unserved == 0
    assert result.cost.total == 1300


def test_unrated_candidate_counts_as_four_stars():
    index = CandidateIndex([volunteer(1, 0, 0, rating=None)])

    result = assign_exact([order(1, 0, 0)], index)

    assert result.cost.rating == DEFAULT_WEIGHTS.rating_metres * (5 - 4)


def test_weights_change_the_terms():
    weights = Weights(load_metres=10, rating_metres=0, unrated_stars=5, surplus_skill_metres=1)
    index = CandidateIndex([volunteer(1, 500, 0, recent_load=3, skills=frozenset({DRIVING}))])

    result = assign([order(1, 0, 0)], index, weights=weights)

    assert (result.cost.distance, result.cost.load, result.cost.rating, result.cost.skill) == (500, 30, 0, 1)


@pytest.mark.parametrize("seed", range(6))
def test_assign_exact_matches_brute_force_on_tiny_cases(seed):
    orders, candidates = random_case(seed, orders=4, candidates=4)

    result = assign_exact(orders, CandidateIndex(candidates), unserved_penalty=4000)

    assert result.cost.total == brute_force(orders, candidates, 4000)


@pytest.mark.parametrize("seed", range(8))
def test_assign_exact_matches_a_dense_assignment(seed):
    orders, candidates = random_case(100 + seed, orders=25, candidates=20)
    penalty = DEFAULT_UNSERVED_PENALTY

    result = assign_exact(orders, CandidateIndex(candidates), unserved_penalty=penalty)

    assert result.cost.total == dense_optimum(orders, candidates, penalty)


@pytest.mark.parametrize("seed", range(4))
def test_assign_reaches_the_optimum_when_k_covers_every_candidate(seed):
    orders, candidates = random_case(200 + seed, orders=25, candidates=20)
    index = CandidateIndex(candidates)

    ours = assign(orders, index, k=len(candidates))

    assert ours.cost == assign_exact(orders, index).cost


@pytest.mark.parametrize("seed", range(4))
def test_every_solver_respects_eligibility_radius_and_capacity(seed):
    orders, candidates = random_case(300 + seed, orders=40, candidates=15)
    index = CandidateIndex(candidates)

    for result in (assign(orders, index, k=3), assign_exact(orders, index), assign_greedy_nearest_free(orders, index)):
        given: dict[int, int] = {}
        for served, candidate in zip(orders, result.candidates, strict=True):
            if candidate is not None:
                given[candidate.key] = given.get(candidate.key, 0) + 1
                assert pair_cost(served, candidate) is not None
        assert all(count <= candidates[key].capacity for key, count in given.items())
        assert result.cost.unserved == DEFAULT_UNSERVED_PENALTY * result.unserved_count


def test_team_capacity_serves_several_orders_with_the_batch_load_counted():
    team = volunteer(1, 0, 0, capacity=2, kind=CandidateKind.TEAM, rating=5.0)
    orders = [order(1, 100, 0), order(2, 200, 0), order(3, 300, 0)]

    result = assign_exact(orders, CandidateIndex([team]), unserved_penalty=1000)

    # the team's second order in the batch costs one more order of load
    assert [candidate is team for candidate in result.candidates].count(True) == 2
    assert result.unserved_count == 1
    assert result.cost.load == 100
    assert result.cost.unserved == 1000
    assert result.cost.distance in (300, 400, 500)


def test_capacity_is_shared_optimally_between_orders():
    # given a team next to two orders, and a volunteer that only the first order can reach
    team = volunteer(1, 0, 0, capacity=1, kind=CandidateKind.TEAM)
    helper = volunteer(2, -2000, 0)
    orders = [order(1, -100, 0), order(2, 100, 0)]
    index = CandidateIndex([team, helper])

    exact = assign_exact(orders, index)
    greedy = assign_greedy_nearest_free(orders, index)

    # the optimum sends the helper to order 1 (1,900 m) so the team serves order 2; first-come takes the team
    # for order 1 and then sends the helper 2,100 m to order 2
    assert [candidate.key for candidate in exact.candidates if candidate] == [2, 1]
    assert exact.cost.distance == 1900 + 100
    assert [candidate.key for candidate in greedy.candidates if candidate] == [1, 2]
    assert greedy.cost.distance == 100 + 2100


def test_order_is_unserved_when_nobody_is_within_three_kilometres():
    index = CandidateIndex([volunteer(1, 3100, 0), volunteer(2, 0, 2900, categories=frozenset({LEGAL_AID}))])
    orders = [order(1, 0, 0)]

    for result in (assign(orders, index), assign_exact(orders, index), assign_greedy_nearest_free(orders, index)):
        assert result.candidates == (None,)
        assert result.cost.total == DEFAULT_UNSERVED_PENALTY
    assert rank(orders[0], index) == []


def test_order_is_unserved_when_serving_would_cost_more_than_the_penalty():
    index = CandidateIndex([volunteer(1, 2500, 0, recent_load=10)])

    result = assign_exact([order(1, 0, 0)], index, unserved_penalty=3000)

    assert result.candidates == (None,)
    assert result.cost.total == 3000


@pytest.mark.parametrize(
    ("excluded", "reason"),
    [
        (volunteer(1, 10, 0, categories=frozenset({LEGAL_AID})), "another category"),
        (volunteer(1, 10, 0, is_available=False), "unavailable"),
        (volunteer(1, 10, 0, capacity=0), "no capacity"),
        (volunteer(1, 10, 0, skills=frozenset({DRIVING})), "lacks first aid"),
    ],
)
def test_ineligible_candidates_are_never_proposed_or_assigned(excluded, reason):
    eligible = volunteer(2, 900, 0, skills=frozenset({FIRST_AID}))
    served = order(1, 0, 0, required_skills=frozenset({FIRST_AID}))
    index = CandidateIndex([excluded, eligible])

    for result in (assign([served], index), assign_exact([served], index), assign_greedy_nearest_free([served], index)):
        assert result.candidates == (eligible,), reason
    assert [proposal.candidate for proposal in rank(served, index)] == [eligible]
    assert index.nearest_eligible(served, k=5) == [1]


def test_order_needing_a_skill_nobody_holds_is_unserved():
    index = CandidateIndex([volunteer(1, 10, 0, skills=frozenset({FIRST_AID}))])
    served = order(1, 0, 0, required_skills=frozenset({999}))

    assert assign([served], index).candidates == (None,)
    assert assign_exact([served], index).candidates == (None,)
    assert rank(served, index) == []


def test_skills_beyond_sixty_four_are_checked():
    skills = frozenset(range(100, 170))
    index = CandidateIndex([volunteer(1, 10, 0, skills=skills), volunteer(2, 5, 0, skills=frozenset({100}))])
    served = order(1, 0, 0, required_skills=frozenset({100, 169}))

    assert index.skill_words == 2
    assert assign([served], index).candidates[0].key == 1  # type: ignore[union-attr]
    assert [proposal.candidate.key for proposal in rank(served, index)] == [1]


def test_rank_orders_by_cost_with_structured_reasons():
    # given a near volunteer who served a lot lately, and two farther fresh ones
    busy = volunteer(1, 100, 0, recent_load=8, rating=4.0)
    fresh = volunteer(2, 600, 0, rating=5.0)
    unrated = volunteer(3, 300, 0)
    served = order(9, 0, 0)
    index = CandidateIndex([busy, fresh, unrated])

    # when
    proposals = rank(served, index, k=3)

    # then: costs 100+800+100, 600+0+0, 300+0+100
    assert [(proposal.rank, proposal.candidate.key) for proposal in proposals] == [(1, 3), (2, 2), (3, 1)]
    assert [proposal.reason.cost.total for proposal in proposals] == [400, 600, 1000]
    best = proposals[0].reason
    assert best.category == ELDERLY_CARE
    assert best.distance_metres == pytest.approx(300, abs=0.5)
    assert best.walking_metres == pytest.approx(best.distance_metres * 1.3)
    assert best.walking_minutes == pytest.approx(best.distance_metres * 1.3 / 75)
    assert (best.is_available, best.recent_load, best.rating, best.capacity) == (True, 0, None, 1)
    assert (best.cost.distance, best.cost.load, best.cost.rating, best.cost.skill) == (300, 0, 100, 0)


def test_rank_explains_each_proposal_in_chinese():
    team = volunteer(1, 300, 0, kind=CandidateKind.TEAM, capacity=4, recent_load=2, rating=4.6)
    served = order(9, 0, 0)

    [proposal] = rank(served, CandidateIndex([team]))

    assert proposal.explanation == (
        "第 1 名，队伍（本批可接 4 单）：服务类别相符；直线距离 300 米，步行约 390 米、6 分钟；无技能要求；"
        "当前可接单；近 30 天已服务 2 单；平均评分 4.6 星。综合代价 540（距离 300 + 负荷 200 + 评分 40 + 技能 0）。"
    )


def test_rank_finds_the_cheapest_beyond_the_nearest():
    index = CandidateIndex(
        [volunteer(number, 20 + number, 0, recent_load=20) for number in range(30)]
        + [volunteer(99, 1500, 0, rating=5.0)]
    )

    [best] = rank(order(1, 0, 0), index, k=1)

    assert best.candidate.key == 99
    assert best.reason.cost.total == 1500


@pytest.mark.parametrize("seed", range(5))
def test_rank_lists_exactly_the_k_cheapest_within_the_radius(seed):
    rng = random.Random(seed)
    candidates = [
        volunteer(
            number,
            rng.gauss(0, 800),
            rng.gauss(0, 800),
            recent_load=rng.randrange(12),
            rating=rng.choice([None, 3.0, 5.0]),
        )
        for number in range(80)
    ]
    served = order(1, rng.uniform(-300, 300), rng.uniform(-300, 300))
    expected = sorted(
        (cost, distance_metres(served.latitude, served.longitude, candidate.latitude, candidate.longitude), number)
        for number, candidate in enumerate(candidates)
        if (cost := pair_cost(served, candidate)) is not None
    )[:5]

    proposals = rank(served, CandidateIndex(candidates), k=5)

    assert [(proposal.reason.cost.total, proposal.candidate.key) for proposal in proposals] == [
        (cost, number) for cost, _metres, number in expected
    ]


def test_rank_breaks_ties_by_distance_then_index_order():
    index = CandidateIndex([volunteer(1, 200, 0), volunteer(2, 0, 100), volunteer(3, 100, 0)])

    proposals = rank(order(1, 0, 0), index, k=2)

    assert [proposal.candidate.key for proposal in proposals] == [2, 3]


def test_nearest_eligible_is_nearest_first_and_stops_at_k():
    index = CandidateIndex([volunteer(number, 100 * (5 - number), 0) for number in range(5)])

    assert index.nearest_eligible(order(1, 0, 0), k=3) == [4, 3, 2]


def test_empty_batches_and_empty_candidate_sets():
    index = CandidateIndex([volunteer(1, 0, 0)])
    nobody = CandidateIndex([])

    for result in (assign([], index), assign_exact([], index), assign_greedy_nearest_free([], index)):
        assert result.candidates == ()
        assert result.cost.total == 0
    for result in (assign([order(1, 0, 0)], nobody), assign_exact([order(1, 0, 0)], nobody)):
        assert result.candidates == (None,)
        assert result.cost.unserved == DEFAULT_UNSERVED_PENALTY
    assert rank(order(1, 0, 0), nobody) == []
    assert len(nobody) == 0


def test_candidates_on_the_same_point_as_the_order_are_served_at_zero_distance():
    # a zero cost would vanish from a sparse matrix: the engine must still see the edge
    weights = Weights(load_metres=0, rating_metres=0, surplus_skill_metres=0)
    index = CandidateIndex([volunteer(1, 0, 0), volunteer(2, 0, 0), volunteer(3, 0, 0)])
    orders = [order(1, 0, 0), order(2, 0, 0)]

    for result in (assign(orders, index, k=2, weights=weights), assign_exact(orders, index, weights=weights)):
        assert result.unserved_count == 0
        assert result.cost.total == 0
        assert len({candidate.key for candidate in result.candidates if candidate}) == 2


def test_distances_are_great_circle_metres_far_from_the_equator():
    far_north = Candidate(key=1, latitude=69.99, longitude=-179.99, categories=frozenset({ELDERLY_CARE}))
    across_the_antimeridian = Order(key=1, latitude=69.995, longitude=179.995, category=ELDERLY_CARE)

    [proposal] = rank(across_the_antimeridian, CandidateIndex([far_north]))

    expected = distance_metres(69.995, 179.995, 69.99, -179.99)
    assert proposal.reason.distance_metres == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize(
    ("latitude", "longitude", "message"),
    [
        (float("nan"), 128.0, "latitude nan is not a number between -90 and 90"),
        (91.0, 128.0, "latitude 91.0 is not a number between -90 and 90"),
        (46.9, float("inf"), "longitude inf is not a number between -180 and 180"),
        (46.9, -180.5, "longitude -180.5 is not a number between -180 and 180"),
    ],
)
def test_bad_coordinates_are_refused_with_a_clear_message(latitude, longitude, message):
    index = CandidateIndex([volunteer(1, 0, 0)])
    bad_order = Order(key=42, latitude=latitude, longitude=longitude, category=ELDERLY_CARE)
    bad_candidate = Candidate(key=43, latitude=latitude, longitude=longitude, categories=frozenset({ELDERLY_CARE}))

    for solve in (assign, assign_exact, assign_greedy_nearest_free):
        with pytest.raises(ValueError, match=f"order 42: {message}"):
            solve([order(1, 0, 0), bad_order], index)
    with pytest.raises(ValueError, match=f"order 42: {message}"):
        rank(bad_order, index)
    with pytest.raises(ValueError, match=f"candidate 43: {message}"):
        CandidateIndex([volunteer(1, 0, 0), bad_candidate])


def test_decimal_coordinates_from_the_database_are_accepted():
    index = CandidateIndex([volunteer(1, 100, 0)])
    latitude, longitude = point(0, 0)
    served = Order(key=1, latitude=Decimal(f"{latitude:.6f}"), longitude=Decimal(f"{longitude:.6f}"), category=1)  # type: ignore[arg-type]

    assert assign([served], index).candidates[0].key == 1  # type: ignore[union-attr]
    assert rank(served, index)[0].candidate.key == 1


def test_coordinates_that_are_not_numbers_are_refused():
    not_a_number = Order(key=7, latitude="north", longitude=128.0, category=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="order coordinates must be numbers"):
        assign([not_a_number], CandidateIndex([]))
    with pytest.raises(ValueError, match="order 7: coordinates must be numbers"):
        rank(not_a_number, CandidateIndex([]))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"rating": 6.0}, "rating must be between 1 and 5 or None, not 6.0"),
        ({"rating": 0.5}, "rating must be between 1 and 5 or None, not 0.5"),
        ({"capacity": -1}, "capacity must be >= 0, not -1"),
        ({"recent_load": -2}, "recent_load must be >= 0, not -2"),
    ],
)
def test_bad_candidate_fields_are_refused(fields, message):
    with pytest.raises(ValueError, match=f"candidate 5: {message}"):
        CandidateIndex([volunteer(5, 0, 0, **fields)])


def test_bad_parameters_are_refused():
    index = CandidateIndex([volunteer(1, 0, 0)])
    with pytest.raises(ValueError, match="k must be at least 1, not 0"):
        assign([order(1, 0, 0)], index, k=0)
    with pytest.raises(ValueError, match="k must be at least 1, not 0"):
        rank(order(1, 0, 0), index, k=0)
    with pytest.raises(ValueError, match="unserved_penalty must be a finite number > 0"):
        assign_exact([order(1, 0, 0)], index, unserved_penalty=float("nan"))
    with pytest.raises(ValueError, match="weight load_metres must be a finite number >= 0, not -1"):
        Weights(load_metres=-1)
    with pytest.raises(ValueError, match="unrated_stars must be between 1 and 5"):
        Weights(unrated_stars=0)
