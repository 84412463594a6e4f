"""The small county plus what the API tests need: a team and a contact unit at every scope."""

import contextlib
import copy
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from tests.factories import SmallCounty, id_number_for
from wenming.accounts.models import User
from wenming.accounts.services import role_assign, user_create
from wenming.organizations.models import Organization
from wenming.regions.roles import Role
from wenming.teams.models import Team

# The three scopes of the permission matrix, seen from the station admin's village:
# its own village, the sibling village of the same township, and the parent township.
SCOPES = ("own", "sibling", "parent")
ROLES = tuple(Role)

# Every ID number and mobile number the small county holds, in full (tests/factories.volunteer_make).
FULL_ID_NUMBERS = [id_number_for("19800101", sequence) for sequence in (1, 2, 3)]
FULL_PHONES = [f"1381234{sequence:04d}" for sequence in (1, 2, 3)]


@dataclass
class ApiCounty:
    county: SmallCounty
    users: dict[str, User]
    targets: dict[str, dict[str, Any]]  # resource → scope → the identifier used in the URL


@pytest.fixture
def api_county(county: SmallCounty) -> ApiCounty:
    sibling_team = Team.objects.create(
        region=county.sibling_village,
        name="西林村文化服务队",
        category=county.team.category,
        home_site=county.sibling_station,
        founded_on=dt.date(2022, 6, 1),
    )
    township_team = Team.objects.create(
        region=county.township,
        name="铁力镇医疗健康队",
        category=county.team.category,
        home_site=county.institute,
        founded_on=dt.date(2021, 3, 1),
    )
    unit = Organization.objects.create(region=county.township, name="铁力镇卫生院")
    contact = user_create(username="contact_unit", password="unused-password-1", display_name="联系单位")
    role_assign(user=contact, role=Role.CONTACT_UNIT, organization=unit)
    users = {**county.users, Role.CONTACT_UNIT: contact}
    targets: dict[str, dict[str, Any]] = {
        "regions": {
            "own": county.village.code,
            "sibling": county.sibling_village.code,
            "parent": county.township.code,
        },
        "sites": {"own": county.station.pk, "sibling": county.sibling_station.pk, "parent": county.institute.pk},
        "teams": {"own": county.team.pk, "sibling": sibling_team.pk, "parent": township_team.pk},
        "volunteers": {
            "own": county.volunteers["own"].pk,
            "sibling": county.volunteers["sibling"].pk,
            "parent": county.volunteers["township"].pk,
        },
    }
    return ApiCounty(county=county, users=users, targets=targets)


def client_as(user: User | None, **defaults: Any) -> Client:
    client = Client(**defaults)
    if user is not None:
        client.force_login(user)
    return client


class _RolledBack(Exception):
    pass


@contextlib.contextmanager
def rolled_back(api_county: ApiCounty) -> Iterator[None]:
    """Run one cell of a matrix and undo whatever it wrote, so the next cell starts from the same county.

    The records a builder made and remembered on the fixture go too, so the next cell makes them again.
    """
    targets = copy.deepcopy(api_county.targets)
    try:
        with transaction.atomic():
            yield
            raise _RolledBack
    except _RolledBack:
        pass
    finally:
        api_county.targets.clear()
        api_county.targets.update(targets)
