"""What the admin shows of uploads and imports (names and sizes, never the stored file or the workbook's
plain ID numbers), and what it lets an admin write (goods without stock, meetings of in-scope units)."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.admin.conftest import change_url, changelist_url, plain_id_number, records_add
from wenming.imports.models import ImportBatch, ImportRow
from wenming.organizations.models import JointMeeting, JointMeetingFile, Organization, PolicyDocumentVersion
from wenming.points.models import ShopItem, StockChange
from wenming.regions.roles import Role


def _add_url(model: type) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")


def test_import_pages_never_show_or_read_the_uploaded_workbook(client, county):
    # given: the round's workbook holds the volunteer's full ID number
    records_add(county, 1)
    batch, row = ImportBatch.objects.get(), ImportRow.objects.get()
    client.force_login(county.users[Role.COUNTY_ADMIN])
    urls = [changelist_url(ImportBatch), change_url(batch), changelist_url(ImportRow), change_url(row)]
    # when
    with CaptureQueriesContext(connection) as queries:
        pages = [client.get(url) for url in urls]
    # then: the size is measured by the database; the bytes are never selected
    for page in pages:
        assert page.status_code == 200
        assert plain_id_number(1) not in page.content.decode()
    assert row.id_number_masked in pages[3].content.decode()
    assert "字节" in pages[1].content.decode()  # the workbook's size, e.g. "31 字节"
    selected = [
        query["sql"].replace('LENGTH("imports_importbatch"."upload")', "") for query in queries.captured_queries
    ]
    assert not [sql for sql in selected if '"upload"' in sql]


def test_stored_file_pages_show_name_size_and_a_checked_download_not_the_storage_path(client, county):
    # given
    records_add(county, 1)
    version, meeting_file = PolicyDocumentVersion.objects.get(), JointMeetingFile.objects.get()
    client.force_login(county.users[Role.COUNTY_ADMIN])
    downloads = {
        version: reverse("api-v1:policy_document_version_file", args=[version.document_id, version.number]),
        meeting_file: reverse(
            "api-v1:joint_meeting_file_download", args=[meeting_file.meeting_id, meeting_file.number]
        ),
    }
    for stored, download in downloads.items():
        # when
        pages = [client.get(changelist_url(type(stored))), client.get(change_url(stored))]
        # then
        for page in pages:
            html = page.content.decode()
            assert page.status_code == 200
            assert stored.original_name in html
            assert "2.0\xa0KB" in html  # filesizeformat, with a no-break space
            assert f'href="{download}"' in html
            assert stored.file.name not in html


def test_shop_item_added_in_the_admin_starts_empty_and_names_its_creator(client, county):
    # given
    station_admin = county.users[Role.STATION_ADMIN]
    client.force_login(station_admin)
    form = {"name": "肥皂", "description": "", "points_price": "15", "stock": "50", "pickup_place": "村部"}
    form["is_active"] = "on"
    # when
    response = client.post(_add_url(ShopItem), {**form, "region": county.village.pk})
    # then: the stock is not the form's to set; it is stocked, and recorded, on the shop page
    assert response.status_code == 302
    item = ShopItem.objects.get()
    assert (item.region, item.name, item.points_price, item.stock, item.created_by) == (
        county.village,
        "肥皂",
        15,
        0,
        station_admin,
    )
    assert StockChange.objects.count() == 0


def test_shop_item_cannot_be_added_to_another_village_or_above_the_admin(client, county):
    # given
    client.force_login(county.users[Role.STATION_ADMIN])
    form = {"name": "肥皂", "description": "", "points_price": "15", "pickup_place": "", "is_active": "on"}
    for region in (county.sibling_village, county.township, county.city):
        # when
        response = client.post(_add_url(ShopItem), {**form, "region": region.pk})
        # then
        assert response.status_code == 200
        assert "region" in response.context["adminform"].form.errors
    assert ShopItem.objects.count() == 0


def _meeting_form(county, **changes):
    form = {
        "region": county.township.pk,
        "title": "第一季度联席会议",
        "held_on": "2024-01-03",
        "place": "镇政府",
        "convener": "铁力镇党委",
        "topics": "结对共建",
        "minutes": "",
        "attendee_sites": [county.station.pk],
    }
    form.update(changes)
    return form


def test_joint_meeting_refuses_attending_units_outside_the_admins_scope(client, county):
    # given: a unit of the county, above the township admin's scope
    county_unit = Organization.objects.create(region=county.county, name="铁力市文明办")
    client.force_login(county.users[Role.TOWNSHIP_ADMIN])
    # when
    response = client.post(_add_url(JointMeeting), _meeting_form(county, attendee_units=[county_unit.pk]))
    # then
    assert response.status_code == 200
    assert "attendee_units" in response.context["adminform"].form.errors
    assert JointMeeting.objects.count() == 0


def test_joint_meeting_added_in_the_admin_is_recorded_by_the_admin(client, county):
    # given
    township_admin = county.users[Role.TOWNSHIP_ADMIN]
    unit = Organization.objects.create(region=county.village, name="东兴村卫生所")
    client.force_login(township_admin)
    # when
    response = client.post(_add_url(JointMeeting), _meeting_form(county, attendee_units=[unit.pk]))
    # then
    assert response.status_code == 302
    meeting = JointMeeting.objects.get()
    assert (meeting.region, meeting.held_on, meeting.recorded_by) == (
        county.township,
        dt.date(2024, 1, 3),
        township_admin,
    )
    assert list(meeting.attendee_units.all()) == [unit]
    assert list(meeting.attendee_sites.all()) == [county.station]


def test_joint_meeting_edit_keeps_attending_units_the_admin_cannot_see(client, county):
    # given: a township meeting that a county unit attended, beside a village unit
    county_unit = Organization.objects.create(region=county.county, name="铁力市文明办")
    village_unit = Organization.objects.create(region=county.village, name="东兴村卫生所")
    meeting = JointMeeting.objects.create(
        region=county.township,
        title="第一季度联席会议",
        held_on=dt.date(2024, 1, 3),
        convener="铁力镇党委",
        topics="结对共建",
        recorded_by=county.users[Role.COUNTY_ADMIN],
    )
    meeting.attendee_units.add(county_unit, village_unit)
    client.force_login(county.users[Role.TOWNSHIP_ADMIN])
    # when: the township admin, who is offered the village unit only, corrects the title
    response = client.post(
        change_url(meeting), _meeting_form(county, title="第一季度联席会议（更正）", attendee_units=[village_unit.pk])
    )
    # then
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "第一季度联席会议（更正）"
    assert set(meeting.attendee_units.all()) == {county_unit, village_unit}
    assert list(meeting.attendee_sites.all()) == [county.station]
