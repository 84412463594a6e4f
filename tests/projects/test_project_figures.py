"""A project's figures from raw records: activities, distinct volunteers and approved hours only."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.certificates.builders import activity_make, credit_make, reversal_make
from wenming.activities.models import ActivityStatus
from wenming.ledger.models import EntryStatus
from wenming.projects.models import Brand, Project, ProjectBeneficiaryReport
from wenming.projects.selectors import brand_totals, project_get, project_list
from wenming.regions.roles import Role


@pytest.fixture
def figures_county(county):
    """Two projects of one brand: 关老爱老 with 2 counted activities (+1 draft, +1 cancelled), 文化惠民 with 1."""
    brand = Brand.objects.create(region=county.county, name="爱撒骊城")
    elder = Project.objects.create(region=county.county, brand=brand, name="关老爱老")
    culture = Project.objects.create(region=county.county, brand=brand, name="文化惠民")
    first = activity_make(county, title="敬老院慰问", day=5)
    second = activity_make(county, title="重阳节包饺子", day=8)
    draft = activity_make(county, title="草稿", day=9)
    cancelled = activity_make(county, title="取消的", day=10)
    show = activity_make(county, site=county.sibling_station, title="送戏下乡", day=12)
    for activity, project in ((first, elder), (second, elder), (draft, elder), (cancelled, elder), (show, culture)):
        activity.project = project
        activity.save(update_fields=["project"])
    type(draft).objects.filter(pk=draft.pk).update(status=ActivityStatus.DRAFT)
    type(cancelled).objects.filter(pk=cancelled.pk).update(status=ActivityStatus.CANCELLED, cancelled_at=timezone.now())
    own, sibling, township = (county.volunteers[key] for key in ("own", "sibling", "township"))
    credit_make(county, volunteer=own, activity=first, hours="2.50")
    credit_make(county, volunteer=own, activity=second, hours="3.00")
    credit_make(county, volunteer=sibling, activity=first, hours="1.50")
    credit_make(county, volunteer=township, activity=second, hours="4.00", status=EntryStatus.PENDING)
    credit_make(county, volunteer=township, activity=first, hours="2.00", status=EntryStatus.REJECTED)
    reversed_credit = credit_make(county, volunteer=township, activity=second, hours="5.00")
    reversal_make(reversed_credit, "5.00")
    credit_make(county, volunteer=own, activity=show, hours="2.00")
    credit_make(county, volunteer=sibling, activity=show, hours="1.00")
    ProjectBeneficiaryReport.objects.create(
        region=county.county,
        project=elder,
        period_from=dt.date(2024, 1, 1),
        period_to=dt.date(2024, 1, 31),
        beneficiaries=80,
        reported_by=county.users[Role.COUNTY_ADMIN],
    )
    return county, brand, elder, culture


def test_project_counts_activities_distinct_volunteers_and_approved_hours_only(figures_county):
    # given the fixture: pending, rejected and reversed hours, a draft and a cancelled activity
    county, _brand, elder, _culture = figures_county
    # when
    project = project_get(user=county.users[Role.COUNTY_ADMIN], project_id=elder.pk)
    # then
    assert project.activity_count == 2
    assert project.volunteer_count == 2  # own and sibling; township's only credit was reversed
    assert project.approved_hours == Decimal("7.00")
    assert project.beneficiaries == 80
    assert project.award_count == 0


def test_project_list_figures_per_project(figures_county):
    county, _brand, _elder, _culture = figures_county
    rows = {
        project.name: (project.activity_count, project.volunteer_count, project.approved_hours, project.beneficiaries)
        for project in project_list(user=county.users[Role.COUNTY_ADMIN])
    }
    assert rows == {"关老爱老": (2, 2, Decimal("7.00"), 80), "文化惠民": (1, 2, Decimal("3.00"), 0)}


def test_brand_totals_count_each_volunteer_once(figures_county):
    county, brand, _elder, _culture = figures_county
    totals = brand_totals(user=county.users[Role.COUNTY_ADMIN], brand=brand)
    assert (totals.projects, totals.activities, totals.volunteers) == (2, 3, 2)
    assert totals.approved_hours == Decimal("10.00")
    assert (totals.beneficiaries, totals.awards) == (80, 0)


def test_project_list_costs_one_query(figures_county, django_assert_num_queries):
    county, _brand, _elder, _culture = figures_county
    user = county.users[Role.COUNTY_ADMIN]
    user.active_assignments  # noqa: B018  # the assignments are read once per request, before
    with django_assert_num_queries(1):
        assert len(list(project_list(user=user))) == 2


def test_county_projects_are_public_record_for_a_volunteer_of_the_village(figures_county):
    county, _brand, _elder, _culture = figures_county
    names = sorted(project.name for project in project_list(user=county.users[Role.VOLUNTEER]))
    assert names == ["关老爱老", "文化惠民"]
