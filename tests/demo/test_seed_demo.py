"""The full demo county adds up to the article's figures (DESIGN.md §3), row by row."""

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from wenming.core.crypto import decrypt_text, keyed_hash
from wenming.core.identity import id_number_parse
from wenming.core.masking import mask_id_number
from wenming.demo.people import volunteer_identities
from wenming.demo.seed import DemoBuilder, demo_seed
from wenming.demo.users import DEMO_PASSWORD, demo_users_ensure
from wenming.ledger.models import EntryStatus, HoursEntry
from wenming.regions.models import Region
from wenming.regions.roles import Role
from wenming.reports.selectors import figures_compute, figures_for_user
from wenming.volunteers.models import Volunteer

pytestmark = [pytest.mark.demo, pytest.mark.django_db]

ARTICLE = {
    "three_tier_sites": 97,
    "service_posts": 126,
    "volunteer_squares": 2,
    "practice_points": 15,
    "policy_documents": 4,
    "paired_units": 126,
    "pairing_joint_activities": 187,
    "service_orders": 529,
    "teams": 171,
    "registered_volunteers": 37019,
    "service_hours": 190980,
    "trainings": {"sessions": 5, "participations": 1638},
    "brand_projects": 15,
    "themed_activities": {"activities": 2419, "participations": 22729},
    "awards": {
        "city_excellent_project": 6,
        "city_contest_prize": 5,
        "city_organization_prize": 1,
        "province_contribution": 1,
        "province_excellent_volunteer": 1,
        "province_excellent_community": 1,
    },
}
ARTICLE_ROWS = [
    "97",
    "126",
    "2",
    "15",
    "4",
    "126",
    "187",
    "529",
    "171",
    "37,019",
    "190,980",
    "5 / 1,638",
    "15",
    "2,419 / 22,729",
]


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[DemoBuilder]:
    """The demo county, built once for this module inside a transaction that is rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        builder = demo_seed(seed=1)
        yield builder
        transaction.set_rollback(True)


def test_all_fifteen_figures_match_the_article(demo: DemoBuilder) -> None:
    tieli = Region.objects.get(code="230781")

    figures = figures_compute(region=tieli)

    assert figures.as_dict() == {"region": {"code": "230781", "name": "铁力市"}, "figures": ARTICLE}
    rows = figures.rows()
    assert [value for _number, _label, value in rows[:14]] == ARTICLE_ROWS
    assert "6" in rows[14][2] and "5" in rows[14][2]


def test_figures_command_prints_the_article_as_json(demo: DemoBuilder) -> None:
    out = io.StringIO()

    call_command("figures", "--json", stdout=out)

    assert json.loads(out.getvalue()) == {"region": {"code": "230781", "name": "铁力市"}, "figures": ARTICLE}


def test_stored_id_numbers_decrypt_to_valid_numbers(demo: DemoBuilder) -> None:
    sample = list(Volunteer.objects.order_by("pk")[::250])
    assert len(sample) > 100

    for volunteer in sample:
        id_number = decrypt_text(volunteer.id_number_encrypted)
        parsed = id_number_parse(id_number)
        assert keyed_hash(id_number) == volunteer.id_number_hash
        assert mask_id_number(id_number) == volunteer.id_number_masked
        assert (parsed.birth_on, parsed.gender) == (volunteer.birth_on, volunteer.gender)


def test_identities_are_deterministic_for_the_seed(demo: DemoBuilder) -> None:
    planned = list(volunteer_identities(seed=1, count=40))
    assert planned == list(volunteer_identities(seed=1, count=40))

    stored = {
        v.id_number_hash: v
        for v in Volunteer.objects.filter(id_number_hash__in=[keyed_hash(p.id_number) for p in planned])
    }

    assert len(stored) == 40
    for identity in planned:
        volunteer = stored[keyed_hash(identity.id_number)]
        assert (volunteer.name, volunteer.phone, volunteer.birth_on) == (
            identity.name,
            identity.phone,
            identity.birth_on,
        )


def test_ledger_has_a_long_tail_and_corrections(demo: DemoBuilder) -> None:
    from django.db.models import Sum

    totals = list(
        HoursEntry.objects.filter(status=EntryStatus.APPROVED)
        .values("volunteer")
        .annotate(total=Sum("hours"))
        .values_list("total", flat=True)
    )
    volunteers = Volunteer.objects.count()

    assert volunteers - len(totals) > volunteers // 3  # many have no hours at all
    assert 200 <= sum(1 for total in totals if total > 100) <= 800
    assert sum(1 for total in totals if total > 1000) >= 5
    assert HoursEntry.objects.filter(kind="reversal").count() == 64
    assert HoursEntry.objects.filter(status=EntryStatus.PENDING, decided_by__isnull=True).count() == 30
    assert HoursEntry.objects.filter(status=EntryStatus.REJECTED).count() == 30


def test_seed_demo_skips_a_loaded_database(demo: DemoBuilder) -> None:
    before = Volunteer.objects.count()
    out = io.StringIO()

    call_command("seed_demo", stdout=out)

    assert "跳过" in out.getvalue()
    assert Volunteer.objects.count() == before


def test_demo_users_give_one_login_per_role_and_are_idempotent(demo: DemoBuilder) -> None:
    logins = demo_users_ensure()
    again = demo_users_ensure()

    assert [login.username for login in logins] == [str(role) for role in Role]
    assert again == logins
    assert all(login.password == DEMO_PASSWORD for login in logins)
    from wenming.accounts.models import User

    county_admin = User.objects.get(username="county_admin")
    assert county_admin.check_password(DEMO_PASSWORD)
    assert figures_for_user(user=county_admin).as_dict()["figures"] == ARTICLE
    viewer = User.objects.get(username="viewer")
    assert figures_for_user(user=viewer).region_code == "230700"
    volunteer = User.objects.get(username="volunteer")
    assert Volunteer.objects.filter(user=volunteer).count() == 1
    out = io.StringIO()
    call_command("demo_users", stdout=out)
    assert "county_admin" in out.getvalue() and DEMO_PASSWORD in out.getvalue()
