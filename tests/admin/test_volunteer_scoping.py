"""A village station admin neither sees nor changes the sibling village's volunteers in the admin."""

import json

from django.urls import reverse

from tests.admin.conftest import change_url, changelist_url
from wenming.regions.roles import Role
from wenming.volunteers.models import Volunteer


def _change_data(volunteer: Volunteer, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": volunteer.name,
        "phone": volunteer.phone_masked,
        "region": volunteer.region_id,
        "status": volunteer.status,
        "guardian_name": "",
        "guardian_phone": "",
    }
    data.update(changes)
    return data


def _row(volunteer: Volunteer) -> tuple:
    volunteer.refresh_from_db()
    return (volunteer.name, volunteer.phone, volunteer.region_id, volunteer.status, volunteer.updated_at)


def test_station_admin_lists_own_village_volunteer_only(client, county):
    # given
    client.force_login(county.users[Role.STATION_ADMIN])
    # when
    response = client.get(changelist_url(Volunteer))
    # then
    content = response.content.decode()
    assert response.status_code == 200
    assert "张东兴" in content
    assert "李西林" not in content
    assert "王镇上" not in content  # the township's own volunteer is above the station
    assert list(response.context["cl"].result_list) == [county.volunteers["own"]]


def test_station_admin_cannot_open_sibling_volunteer(client, county):
    # given
    client.force_login(county.users[Role.STATION_ADMIN])
    # when
    response = client.get(change_url(county.volunteers["sibling"]), follow=True)
    # then: sent back to the admin index, told the record does not exist
    assert response.redirect_chain == [(reverse("admin:index"), 302)]
    assert "李西林" not in response.content.decode()


def test_station_admin_cannot_change_sibling_volunteer(client, county):
    # given
    sibling = county.volunteers["sibling"]
    before = _row(sibling)
    client.force_login(county.users[Role.STATION_ADMIN])
    # when
    response = client.post(change_url(sibling), _change_data(sibling, name="改名", status="suspended"))
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert _row(sibling) == before


def test_station_admin_cannot_move_own_volunteer_to_sibling_village(client, county):
    # given
    own = county.volunteers["own"]
    before = _row(own)
    client.force_login(county.users[Role.STATION_ADMIN])
    # when
    response = client.post(change_url(own), _change_data(own, region=county.sibling_village.pk))
    # then
    assert response.status_code == 200
    assert "region" in response.context["adminform"].form.errors
    assert _row(own) == before


def test_station_admin_can_change_own_volunteer(client, county):
    # given
    own = county.volunteers["own"]
    client.force_login(county.users[Role.STATION_ADMIN])
    # when
    response = client.post(change_url(own), _change_data(own, name="张东兴新", status="suspended"))
    # then
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.name, own.status, own.phone) == ("张东兴新", "suspended", "13812340001")


def _autocomplete(client, **params: str) -> list[str]:
    response = client.get(reverse("admin:autocomplete"), params)
    assert response.status_code == 200
    return [result["text"] for result in json.loads(response.content)["results"]]


def test_autocomplete_offers_only_own_village_records(client, county):
    # given
    client.force_login(county.users[Role.STATION_ADMIN])
    # when
    volunteers = _autocomplete(client, app_label="teams", model_name="membership", field_name="volunteer", term="")
    searched = _autocomplete(client, app_label="teams", model_name="membership", field_name="volunteer", term="李西林")
    regions = _autocomplete(client, app_label="volunteers", model_name="volunteer", field_name="region", term="")
    # then
    assert volunteers == [str(county.volunteers["own"])]
    assert searched == []
    assert regions == [str(county.village)]


def test_township_admin_sees_both_villages(client, county):
    # given
    client.force_login(county.users[Role.TOWNSHIP_ADMIN])
    # when
    response = client.get(changelist_url(Volunteer))
    # then
    assert {volunteer.name for volunteer in response.context["cl"].result_list} == {"张东兴", "李西林", "王镇上"}
