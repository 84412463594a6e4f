"""A village station admin sees the rows of their own village only, also where the region is reached
through a relation (a file through its meeting or document, an import row through its batch, a
membership request through its team), and cannot open the sibling village's rows."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db.models import Model
from django.urls import reverse

from tests.admin.conftest import change_url, changelist_url
from wenming.imports.models import ImportBatch, ImportRow, RowOutcome
from wenming.organizations.models import (
    JointMeeting,
    JointMeetingFile,
    PolicyDocument,
    PolicyDocumentVersion,
    PolicyKind,
)
from wenming.points.models import (
    PointsEntry,
    PointsEntryKind,
    Redemption,
    ShopItem,
    StockChange,
    StockChangeKind,
)
from wenming.projects.models import Project, ProjectBeneficiaryReport
from wenming.regions.models import Region
from wenming.regions.roles import Role
from wenming.sites.models import Site
from wenming.teams.models import MembershipRequest, MembershipRequestKind, Team, TeamCategory
from wenming.volunteers.models import Volunteer

Builder = Callable[[Any, Region, Volunteer, Site], Model]


def _admin(county: Any) -> Any:
    return county.users[Role.COUNTY_ADMIN]


def _stored(county: Any, name: str) -> dict[str, Any]:
    return {
        "number": 1,
        "file": f"policy/scoping/{name}",
        "original_name": name,
        "content_type": "application/pdf",
        "size": 100,
        "sha256": "a" * 64,
        "uploaded_by": _admin(county),
    }


def _meeting(county: Any, region: Region) -> JointMeeting:
    return JointMeeting.objects.create(
        region=region,
        title=f"{region.name}联席会议",
        held_on=dt.date(2024, 1, 2),
        convener="镇党委",
        topics="结对",
        recorded_by=_admin(county),
    )


def _document_version(county: Any, region: Region, volunteer: Volunteer, site: Site) -> Model:
    document = PolicyDocument.objects.create(
        region=region, title=f"{region.name}制度", kind=PolicyKind.OTHER, issuer="村委会", issued_on=dt.date(2024, 1, 1)
    )
    return PolicyDocumentVersion.objects.create(document=document, **_stored(county, f"{region.code}.pdf"))


def _meeting_file(county: Any, region: Region, volunteer: Volunteer, site: Site) -> Model:
    return JointMeetingFile.objects.create(meeting=_meeting(county, region), **_stored(county, f"{region.code}.pdf"))


def _beneficiary_report(county: Any, region: Region, volunteer: Volunteer, site: Site) -> Model:
    project = Project.objects.create(region=region, name=f"{region.name}项目")
    return ProjectBeneficiaryReport.objects.create(
        region=region,
        project=project,
        period_from=dt.date(2024, 1, 1),
        period_to=dt.date(2024, 1, 31),
        beneficiaries=30,
        reported_by=_admin(county),
    )


def _shop_item(county: Any, region: Region, volunteer: Volunteer, site: Site) -> ShopItem:
    return ShopItem.objects.get_or_create(
        region=region,
        name=f"{region.name}毛巾",
        defaults={"points_price": 10, "stock": 4, "created_by": _admin(county)},
    )[0]


def _stock_change(county: Any, region: Region, volunteer: Volunteer, site: Site) -> Model:
    item = _shop_item(county, region, volunteer, site)
    return StockChange.objects.create(
        item=item, region=region, kind=StockChangeKind.INITIAL, change=4, stock_after=4, acting_user=_admin(county)
    )


def _redemption(county: Any, region: Region, volunteer: Volunteer, site: Site) -> Redemption:
    item = _shop_item(county, region, volunteer, site)
    return Redemption.objects.create(
        region=region,
        volunteer=volunteer,
        item=item,
        item_name=item.name,
        quantity=1,
        points=10,
        pickup_code=region.code[-8:],
        redeemed_by=_admin(county),
    )


def _points_entry(county: Any, region: Region, volunteer: Volunteer, site: Site) -> Model:
    return PointsEntry.objects.create(
        volunteer=volunteer,
        region=region,
        kind=PointsEntryKind.REDEMPTION,
        points=-10,
        redemption=_redemption(county, region, volunteer, site),
        acting_user=_admin(county),
    )


def _membership_request(county: Any, region: Region, volunteer: Volunteer, site: Site) -> Model:
    team = Team.objects.create(
        region=region,
        name=f"{region.name}宣讲队",
        category=TeamCategory.objects.get(code="theory"),
        home_site=site,
        founded_on=dt.date(2023, 1, 1),
    )
    return MembershipRequest.objects.create(team=team, volunteer=volunteer, kind=MembershipRequestKind.JOIN)


def _import_batch(county: Any, region: Region, volunteer: Volunteer, site: Site) -> ImportBatch:
    return ImportBatch.objects.create(region=region, file_name=f"{region.code}.xlsx", upload=b"PK\x03\x04")


def _import_row(county: Any, region: Region, volunteer: Volunteer, site: Site) -> Model:
    return ImportRow.objects.create(
        batch=_import_batch(county, region, volunteer, site),
        row_number=2,
        name=volunteer.name,
        id_number_masked=volunteer.id_number_masked,
        outcome=RowOutcome.REJECTED,
    )


BUILDERS: dict[type[Model], Builder] = {
    PolicyDocumentVersion: _document_version,
    JointMeeting: lambda county, region, volunteer, site: _meeting(county, region),
    JointMeetingFile: _meeting_file,
    ProjectBeneficiaryReport: _beneficiary_report,
    ShopItem: _shop_item,
    StockChange: _stock_change,
    Redemption: _redemption,
    PointsEntry: _points_entry,
    MembershipRequest: _membership_request,
    ImportBatch: _import_batch,
    ImportRow: _import_row,
}


@pytest.mark.parametrize("model", list(BUILDERS), ids=lambda model: model._meta.label)
def test_station_admin_sees_own_village_rows_only(client, county, model):
    # given: one row in the own village, one in the sibling village
    build = BUILDERS[model]
    own = build(county, county.village, county.volunteers["own"], county.station)
    sibling = build(county, county.sibling_village, county.volunteers["sibling"], county.sibling_station)
    client.force_login(county.users[Role.STATION_ADMIN])
    # when
    listing = client.get(changelist_url(model))
    opened_own = client.get(change_url(own))
    opened_sibling = client.get(change_url(sibling))
    # then
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [own]
    assert opened_own.status_code == 200
    assert (opened_sibling.status_code, opened_sibling["Location"]) == (302, reverse("admin:index"))
