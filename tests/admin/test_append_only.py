"""Append-only records (hours and points ledgers, stock changes, order events) and the records only
services write are read in the admin, never added, changed or deleted there."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Model
from django.urls import reverse

from tests.admin.conftest import change_url, changelist_url, records_add
from wenming.imports.models import ImportBatch, ImportRow
from wenming.ledger.models import EntryKind, EntryStatus, HoursEntry, SourceKind
from wenming.orders.models import OrderEvent
from wenming.organizations.models import JointMeetingFile, PolicyDocumentVersion
from wenming.points.models import PointsEntry, PointsRate, Redemption, StockChange
from wenming.projects.models import ProjectBeneficiaryReport
from wenming.regions.roles import Role
from wenming.teams.models import MembershipRequest

APPEND_ONLY = [HoursEntry, OrderEvent, PointsEntry, StockChange]
# Numbered uploads, ledgers' companions and workflow records: written by their services only.
SERVICE_WRITTEN = [
    PolicyDocumentVersion,
    JointMeetingFile,
    ProjectBeneficiaryReport,
    PointsRate,
    Redemption,
    MembershipRequest,
    ImportBatch,
    ImportRow,
]


def _url(model: type[Model], view: str, *args: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _duty_entry(county: Any, volunteer: str, region: Any) -> HoursEntry:
    return HoursEntry.objects.create(
        volunteer=county.volunteers[volunteer],
        region=region,
        kind=EntryKind.CREDIT,
        status=EntryStatus.APPROVED,
        source_kind=SourceKind.DUTY,
        service_on=dt.date(2024, 1, 5),
        hours=Decimal("2.50"),
        content="站点值守",
        approver=county.users[Role.COUNTY_ADMIN],
    )


def _model_id(model: type[Model]) -> str:
    return model._meta.model_name or ""


def _read_only_check(client: Any, county: Any, superuser: Any, model: type[Model], who: str) -> None:
    # given
    records_add(county, 1)
    row = model._default_manager.order_by("pk").first()
    assert row is not None
    before = model._default_manager.filter(pk=row.pk).values().get()
    count = model._default_manager.count()
    client.force_login(superuser if who == "superuser" else county.users[who])
    # when
    listing = client.get(changelist_url(model))
    detail = client.get(change_url(row))
    add = client.get(_url(model, "add"))
    add_post = client.post(_url(model, "add"), {"hours": "5", "content": "补录", "points": "100", "reason": "补录"})
    change_post = client.post(change_url(row), {"hours": "9.00", "content": "改", "points": "-1", "status": "approved"})
    delete = client.get(_url(model, "delete", row.pk))
    delete_post = client.post(_url(model, "delete", row.pk), {"post": "yes"})
    bulk_delete = client.post(changelist_url(model), {"action": "delete_selected", "_selected_action": [row.pk]})
    # then: readable, view-only, and no way to add, change or delete
    assert listing.status_code == 200
    assert "delete_selected" not in listing.content.decode()
    assert listing.context["action_form"] is None
    assert detail.status_code == 200
    assert detail.context["has_change_permission"] is False
    assert 'name="_save"' not in detail.content.decode()
    assert (add.status_code, add_post.status_code) == (403, 403)
    assert change_post.status_code == 403
    assert (delete.status_code, delete_post.status_code) == (403, 403)
    assert bulk_delete.status_code in (200, 302)
    assert model._default_manager.count() == count
    assert model._default_manager.filter(pk=row.pk).values().get() == before


@pytest.mark.parametrize("model", APPEND_ONLY, ids=_model_id)
@pytest.mark.parametrize("who", ["superuser", Role.COUNTY_ADMIN, Role.STATION_ADMIN])
def test_append_only_records_are_read_only_for_everyone(client, county, superuser, model, who):
    _read_only_check(client, county, superuser, model, who)


@pytest.mark.parametrize("model", SERVICE_WRITTEN, ids=_model_id)
@pytest.mark.parametrize("who", ["superuser", Role.COUNTY_ADMIN])
def test_service_written_records_are_read_only_in_the_admin(client, county, superuser, model, who):
    _read_only_check(client, county, superuser, model, who)


def test_station_admin_sees_only_own_village_hours(client, county):
    # given: one entry in the own village, one in the sibling village
    own = _duty_entry(county, "own", county.village)
    sibling = _duty_entry(county, "sibling", county.sibling_village)
    client.force_login(county.users[Role.STATION_ADMIN])
    # when
    response = client.get(changelist_url(HoursEntry))
    # then
    assert list(response.context["cl"].result_list) == [own]
    assert client.get(change_url(sibling)).status_code == 302
