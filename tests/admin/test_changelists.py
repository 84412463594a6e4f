"""Every admin list loads, in Chinese, and costs the same number of queries whatever its length."""

from typing import Any

import pytest
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext

from tests.admin.conftest import changelist_url, records_add, wenming_models
from wenming.activities.models import Activity
from wenming.imports.models import ImportRow
from wenming.ledger.models import HoursEntry
from wenming.points.models import PointsEntry
from wenming.projects.models import ProjectBeneficiaryReport
from wenming.regions.roles import Role
from wenming.teams.models import MembershipRequest, Team
from wenming.volunteers.models import Volunteer

MODELS = wenming_models()
# Personal messages and the volunteer number counters (no region): only superusers read them in the admin.
SUPERUSER_ONLY = {
    "notifications.Notification",
    "notifications.NotificationDelivery",
    "volunteers.VolunteerNumberCounter",
}


def _label(model: type[Model]) -> str:
    return model._meta.label


def _queries_of(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_every_domain_model_is_registered():
    labels = {model._meta.label for model in MODELS}
    assert len(labels) == 48
    assert {"volunteers.Volunteer", "ledger.HoursEntry", "orders.OrderEvent", "accounts.User"} <= labels
    assert {
        "organizations.PolicyDocumentVersion",
        "organizations.JointMeeting",
        "organizations.JointMeetingFile",
        "projects.ProjectBeneficiaryReport",
        "points.PointsRate",
        "points.ShopItem",
        "points.StockChange",
        "points.Redemption",
        "points.PointsEntry",
        "teams.MembershipRequest",
        "imports.ImportBatch",
        "imports.ImportRow",
        "volunteers.VolunteerNumberCounter",
    } <= labels


@pytest.mark.parametrize("model", MODELS, ids=_label)
def test_changelist_loads_for_superuser_and_county_admin(client, county, superuser, model):
    # given
    records_add(county, 1)
    for user in (superuser, county.users[Role.COUNTY_ADMIN]):
        client.force_login(user)
        # when
        response = client.get(changelist_url(model))
        # then
        if _label(model) in SUPERUSER_ONLY and not user.is_superuser:
            assert response.status_code == 403, (user, model)
            continue
        assert response.status_code == 200, (user, model)
        assert str(model._meta.verbose_name_plural) in response.content.decode()


@pytest.mark.parametrize("model", MODELS, ids=_label)
def test_changelist_queries_do_not_grow_with_rows(client, county, superuser, model):
    # given: one row of each model, then three more
    records_add(county, 1)
    client.force_login(superuser if _label(model) in SUPERUSER_ONLY else county.users[Role.COUNTY_ADMIN])
    url = changelist_url(model)
    client.get(url)  # warms per-process caches (content types, translations)
    with_one_round = _queries_of(client, url)
    records_add(county, 2)
    records_add(county, 3)
    records_add(county, 4)
    # when
    with_four_rounds = _queries_of(client, url)
    # then
    assert with_four_rounds == with_one_round


# Every list: session, user, its role assignments, the two permission queries of the plain
# ModelAdmins in the sidebar (auth groups, axes), COUNT and rows (a warm session is not saved again).
# Volunteers add the tags and skills filter choices; activities and the ledger the two queries of
# their date hierarchy, as do the points ledger and the beneficiary reports; teams the categories present
# in the list (RelatedOnlyFieldListFilter), beneficiary reports the projects. Import rows and membership
# requests join their batch, team and volunteer into the one query of rows.
PINNED = [
    (Volunteer, 9),
    (Activity, 9),
    (HoursEntry, 9),
    (Team, 8),
    (PointsEntry, 9),
    (ProjectBeneficiaryReport, 10),
    (ImportRow, 7),
    (MembershipRequest, 7),
]


@pytest.mark.parametrize(("model", "queries"), PINNED, ids=[_label(model) for model, _ in PINNED])
def test_changelist_query_count_is_pinned(client, county, django_assert_num_queries, model, queries):
    # given
    for round_number in (1, 2, 3):
        records_add(county, round_number)
    client.force_login(county.users[Role.COUNTY_ADMIN])
    url = changelist_url(model)
    client.get(url)
    # when / then
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
