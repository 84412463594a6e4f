"""Registration through the admin goes through the service; no page shows a full ID or phone."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from tests.admin.conftest import change_url, changelist_url, records_add
from tests.factories import id_number_for
from wenming.core.crypto import decrypt_text, keyed_hash
from wenming.regions.roles import Role
from wenming.volunteers.models import Volunteer

ADD_URL = "admin:volunteers_volunteer_add"


def _add_data(county, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "赵新来",
        "id_number": "11010519491231002X",
        "phone": "139 0000 1234",
        "region": county.village.pk,
        "guardian_name": "",
        "guardian_phone": "",
    }
    data.update(changes)
    return data


def _add(client, county, **changes: object):
    client.force_login(county.users[Role.STATION_ADMIN])
    return client.post(reverse(ADD_URL), _add_data(county, **changes))


def _errors(response) -> dict[str, list[str]]:
    return {
        field: [str(message) for message in messages]
        for field, messages in response.context["adminform"].form.errors.items()
    }


def test_add_registers_one_volunteer_with_encrypted_id_number(client, county):
    # given
    before = Volunteer.objects.count()
    # when
    response = _add(client, county)
    # then
    assert response.status_code == 302
    assert Volunteer.objects.count() == before + 1
    volunteer = Volunteer.objects.get(name="赵新来")
    assert "11010519491231002X" not in volunteer.id_number_encrypted
    assert "19491231" not in volunteer.id_number_encrypted
    assert decrypt_text(volunteer.id_number_encrypted) == "11010519491231002X"
    assert volunteer.id_number_hash == keyed_hash("11010519491231002X")
    assert volunteer.id_number_masked == "110***********002X"
    assert (volunteer.phone, volunteer.region, volunteer.gender) == ("13900001234", county.village, "female")
    assert volunteer.volunteer_number == "23078100000004"  # after the three volunteers of the fixture
    assert response["Location"] == changelist_url(Volunteer)


def test_add_with_wrong_check_digit_names_the_field_in_chinese(client, county):
    # given
    before = Volunteer.objects.count()
    # when
    with translation.override("zh-hans"):
        response = _add(client, county, id_number="110105198001011234")
    # then
    assert response.status_code == 200
    assert _errors(response) == {"id_number": ["身份证号码校验位错误。"]}
    content = response.content.decode()
    assert "身份证号码校验位错误。" in content
    assert "身份证号" in content
    assert Volunteer.objects.count() == before


def test_add_with_impossible_birth_date_is_refused(client, county):
    before = Volunteer.objects.count()
    response = _add(client, county, id_number=id_number_for("19800230", 9))
    assert _errors(response) == {"id_number": ["身份证号码中的出生日期不存在。"]}
    assert Volunteer.objects.count() == before


def test_add_of_registered_id_number_is_caught_by_the_keyed_hash(client, county):
    # given: the own village's volunteer holds this number (lower-case x works the same)
    before = Volunteer.objects.count()
    # when
    response = _add(client, county, id_number=id_number_for("19800101", 1).lower())
    # then
    assert _errors(response) == {"id_number": ["该身份证号码已注册为志愿者。"]}
    assert Volunteer.objects.count() == before


def test_add_of_child_without_guardian_consent_is_refused(client, county):
    # given
    before = Volunteer.objects.count()
    child = id_number_for("20150601", 7)
    # when
    response = _add(client, county, id_number=child, guardian_name="赵监护")
    # then
    assert _errors(response) == {"guardian_consent": ["未满14周岁的志愿者须由监护人填写姓名并同意。"]}
    assert Volunteer.objects.count() == before


def test_add_of_child_with_guardian_consent_records_it(client, county):
    response = _add(
        client,
        county,
        id_number=id_number_for("20150601", 7),
        guardian_name="赵监护",
        guardian_phone="13900005678",
        guardian_consent="on",
    )
    assert response.status_code == 302
    child = Volunteer.objects.get(name="赵新来")
    assert (child.guardian_name, child.guardian_phone) == ("赵监护", "13900005678")
    assert child.guardian_consent_at is not None


def test_add_reports_every_bad_field_at_once(client, county):
    before = Volunteer.objects.count()
    response = _add(client, county, name=" ", phone="12345", region=county.sibling_village.pk)
    assert set(_errors(response)) == {"name", "phone", "region"}
    assert _errors(response)["phone"] == ["电话号码无效。"]
    assert Volunteer.objects.count() == before


FULL_ID = id_number_for("19800101", 1)
FULL_PHONE = "13812340001"


@pytest.mark.parametrize("role", [Role.COUNTY_ADMIN, Role.STATION_ADMIN])
def test_pages_never_show_full_id_number_or_phone(client, county, superuser, role):
    # given: the own volunteer also has a guardian phone on record
    Volunteer.objects.filter(pk=county.volunteers["own"].pk).update(guardian_name="张父", guardian_phone="13700007777")
    records_add(county, 1)
    own = county.volunteers["own"]
    for user in (superuser, county.users[role]):
        client.force_login(user)
        # when
        pages = [
            client.get(changelist_url(Volunteer)),
            client.get(changelist_url(Volunteer), {"q": "张东兴"}),
            client.get(change_url(own)),
            client.get(reverse("admin:volunteers_volunteer_history", args=[own.pk])),
        ]
        # then
        for page in pages:
            content = page.content.decode()
            assert page.status_code == 200
            assert FULL_ID not in content
            assert FULL_PHONE not in content
            assert "13700007777" not in content
            assert own.id_number_hash not in content
            assert own.id_number_encrypted not in content
        assert "230***********" in pages[0].content.decode()
        assert "138****0001" in pages[0].content.decode()
        assert "138****0001" in pages[2].content.decode()
        assert "137****7777" in pages[2].content.decode()


def test_change_keeps_phone_when_mask_left_and_updates_when_replaced(client, county):
    # given
    own = county.volunteers["own"]
    client.force_login(county.users[Role.STATION_ADMIN])
    data = {"name": own.name, "region": own.region_id, "status": own.status, "guardian_name": "", "guardian_phone": ""}
    # when: the masked number is posted back unchanged
    kept = client.post(change_url(own), {**data, "phone": "138****0001"})
    own.refresh_from_db()
    phone_after_kept = own.phone
    # and: a new number is typed in
    replaced = client.post(change_url(own), {**data, "phone": "139-0000-4321"})
    own.refresh_from_db()
    # then
    assert (kept.status_code, phone_after_kept) == (302, FULL_PHONE)
    assert (replaced.status_code, own.phone) == (302, "13900004321")


def test_change_refuses_invalid_phone(client, county):
    own = county.volunteers["own"]
    client.force_login(county.users[Role.STATION_ADMIN])
    data = {"name": own.name, "region": own.region_id, "status": own.status, "guardian_name": "", "guardian_phone": ""}
    response = client.post(change_url(own), {**data, "phone": "138****9999"})
    assert _errors(response) == {"phone": ["电话号码无效。"]}
    own.refresh_from_db()
    assert own.phone == FULL_PHONE


def test_change_form_offers_no_id_number_field(client, county):
    client.force_login(county.users[Role.COUNTY_ADMIN])
    response = client.get(change_url(county.volunteers["own"]))
    form = response.context["adminform"].form
    assert not {"id_number", "id_number_encrypted", "id_number_hash", "id_number_masked"} & set(form.fields)


def test_search_by_full_id_number_uses_the_keyed_hash(client, county):
    client.force_login(county.users[Role.COUNTY_ADMIN])
    response = client.get(changelist_url(Volunteer), {"q": FULL_ID})
    assert list(response.context["cl"].result_list) == [county.volunteers["own"]]


def test_add_goes_through_volunteer_register(client, county, monkeypatch):
    # given
    from wenming.volunteers import admin as volunteer_admin

    calls: list[dict[str, Any]] = []
    register = volunteer_admin.volunteer_register

    def spy(**kwargs: Any) -> Volunteer:
        calls.append(kwargs)
        return register(**kwargs)

    monkeypatch.setattr(volunteer_admin, "volunteer_register", spy)
    # when
    _add(client, county)
    # then
    assert len(calls) == 1
    assert calls[0]["acting_user"] == county.users[Role.STATION_ADMIN]
    assert calls[0]["id_number"] == "11010519491231002X"


def test_add_with_unknown_region_prefix_saves_and_warns(client, county):
    # given: a valid number whose region prefix (99) is no province code, e.g. a retired one
    id_number = id_number_for("19800101", 7, region_code="990101")
    # when
    response = _add(client, county, id_number=id_number)
    # then
    assert response.status_code == 302
    assert Volunteer.objects.filter(name="赵新来").count() == 1
    page = client.get(response["Location"])
    assert "身份证号码的地区码未知（可能是旧编码），请核对。" in page.content.decode()
