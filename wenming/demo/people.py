"""Synthetic people for the demo: valid GB 11643 ID numbers, names and mainland mobile numbers.

Deterministic for a seed: `volunteer_identities(seed=1, count=10)` is the same list every time,
so tests can check what the demo stored without keeping the plaintext anywhere.
"""

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

from wenming.core.identity import GENDER_FEMALE, GENDER_MALE, id_check_character
from wenming.demo import tieli

REFERENCE_DAY = dt.date(2023, 12, 31)  # "as of 2024-01": ages are taken on this day

# (share, youngest age, oldest age) on the reference day; a few children need a guardian's consent.
AGE_BANDS = ((0.0015, 10, 13), (0.04, 14, 17), (0.35, 18, 35), (0.42, 36, 59), (0.1885, 60, 85))


@dataclass(frozen=True)
class Identity:
    id_number: str
    name: str
    gender: str
    birth_on: dt.date
    phone: str


def mobile_number(rng: random.Random) -> str:
    return rng.choice(tieli.MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def person_name(rng: random.Random, gender: str, *, korean: bool = False) -> str:
    surname = rng.choice(tieli.KOREAN_SURNAMES if korean else tieli.SURNAMES)
    pool = tieli.GIVEN_MALE if gender == GENDER_MALE else tieli.GIVEN_FEMALE
    given = rng.choice(pool) if rng.random() < 0.3 else rng.choice(pool) + rng.choice(pool)
    return surname + given


def _birth_on(rng: random.Random) -> dt.date:
    roll = rng.random()
    band = AGE_BANDS[-1]
    for candidate in AGE_BANDS:
        if roll < candidate[0]:
            band = candidate
            break
        roll -= candidate[0]
    _share, youngest, oldest = band
    age = rng.randint(youngest, oldest)
    latest = dt.date(REFERENCE_DAY.year - age, REFERENCE_DAY.month, REFERENCE_DAY.day)
    return latest - dt.timedelta(days=rng.randrange(365))


def volunteer_identities(*, seed: int, count: int) -> Iterator[Identity]:
    """`count` distinct identities; the ID numbers are valid and unique."""
    rng = random.Random(f"{seed}:identities")
    prefixes = [code for code, _ in tieli.ID_PREFIXES]
    weights = [weight for _, weight in tieli.ID_PREFIXES]
    seen: set[str] = set()
    produced = 0
    while produced < count:
        birth_on = _birth_on(rng)
        prefix = rng.choices(prefixes, weights)[0]
        sequence = rng.randrange(1000)
        first = f"{prefix}{birth_on:%Y%m%d}{sequence:03d}"
        id_number = first + id_check_character(first)
        if id_number in seen:
            continue
        seen.add(id_number)
        gender = GENDER_MALE if sequence % 2 == 1 else GENDER_FEMALE
        name = person_name(rng, gender, korean=rng.random() < 0.03)
        produced += 1
        yield Identity(id_number=id_number, name=name, gender=gender, birth_on=birth_on, phone=mobile_number(rng))
