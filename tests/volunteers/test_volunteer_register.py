"""Registration: validated, encrypted at rest, masked, derived facts, duplicates by keyed hash."""

import datetime as dt
import threading
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.db.models import QuerySet
from django.utils import timezone, translation

from tests.factories import id_number_for
from wenming.core.crypto import decrypt_text, keyed_hash
from wenming.volunteers.models import Gender, Volunteer
from wenming.volunteers.services import volunteer_register

REGISTERED_AT = timezone.make_aware(dt.datetime(2024, 1, 5, 10, 0))


def register(county, **overrides):  # type: ignore[no-untyped-def]
    values = {
        "region": county.village,
        "name": "刘春华",
        "id_number": "11010519491231002X",
        "phone": "139 1234 5678",
        "registered_at": REGISTERED_AT,
    }
    values.update(overrides)
    return volunteer_register(**values)


def test_valid_registration_is_encrypted_masked_and_derived(county):
    # when
    volunteer = register(county)
    # then
    stored = Volunteer.objects.get(pk=volunteer.pk)
    assert stored.id_number_masked == "110***********002X"
    assert decrypt_text(stored.id_number_encrypted) == "11010519491231002X"
    assert stored.id_number_hash == keyed_hash("11010519491231002X")
    assert stored.gender == Gender.FEMALE
    assert stored.birth_on == dt.date(1949, 12, 31)
    assert stored.phone == "13912345678"
    assert stored.phone_masked == "139****5678"
    assert stored.volunteer_number == "23078100000004"


def test_plain_number_is_not_in_any_column(county):
    volunteer = register(county)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM volunteers_volunteer WHERE id = %s", [volunteer.pk])
        row = cursor.fetchone()
    assert row is not None
    assert not any("11010519491231002X" in str(value) for value in row)
    assert not any("19491231" in str(value) for value in row if isinstance(value, str))


def test_lower_case_x_is_stored_upper_case(county):
    volunteer = register(county, id_number="11010519491231002x")
    assert decrypt_text(volunteer.id_number_encrypted) == "11010519491231002X"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"id_number": "110105198001011234"}, "id_number"),
        ({"id_number": "1101051980"}, "id_number"),
        ({"phone": "12345"}, "phone"),
        ({"name": "   "}, "name"),
    ],
)
def test_bad_field_is_named_and_nothing_is_saved(county, overrides, field):
    before = Volunteer.objects.count()
    with pytest.raises(ValidationError) as caught:
        register(county, **overrides)
    assert set(caught.value.message_dict) == {field}
    assert Volunteer.objects.count() == before


def test_every_bad_field_is_reported_at_once(county):
    before = Volunteer.objects.count()
    with pytest.raises(ValidationError) as caught:
        register(county, name="", id_number="110105198001011234", phone="12345")
    assert set(caught.value.message_dict) == {"name", "id_number", "phone"}
    assert Volunteer.objects.count() == before


def test_errors_are_in_english_under_english(county):
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            register(county, name="", id_number="110105198001011234", phone="12345")
        assert caught.value.message_dict == {
            "name": ["Please enter the name."],
            "id_number": ["The check digit of the ID number is wrong."],
            "phone": ["The phone number is not valid."],
        }
    with translation.override("zh-hans"):
        assert caught.value.message_dict["name"] == ["请填写姓名。"]


@pytest.mark.parametrize("variant", ["11010519491231002X", "11010519491231002x", " 11010519491231002X "])
def test_duplicate_is_caught_by_keyed_hash(county, variant):
    # given
    register(county)
    before = Volunteer.objects.count()
    # when
    with pytest.raises(ValidationError) as caught:
        register(county, name="冒名者", id_number=variant, phone="13712345678")
    # then
    assert list(caught.value.message_dict) == ["id_number"]
    assert Volunteer.objects.count() == before


def test_under_fourteen_needs_guardian_consent(county):
    child_id = id_number_for("20120301", 11)
    with pytest.raises(ValidationError) as caught:
        register(county, name="小明", id_number=child_id)
    assert list(caught.value.message_dict) == ["guardian_consent"]
    with pytest.raises(ValidationError):
        register(county, name="小明", id_number=child_id, guardian_consents=True)  # no guardian name
    assert not Volunteer.objects.filter(name="小明").exists()


def test_under_fourteen_with_guardian_consent_is_registered(county):
    volunteer = register(
        county,
        name="小明",
        id_number=id_number_for("20120301", 11),
        guardian_name="王芳",
        guardian_phone="13612345678",
        guardian_consents=True,
    )
    assert volunteer.guardian_name == "王芳"
    assert volunteer.guardian_phone == "13612345678"
    assert volunteer.guardian_consent_at == REGISTERED_AT


def test_fourteen_year_old_needs_no_consent(county):
    volunteer = register(county, name="小红", id_number=id_number_for("20100105", 12))
    assert volunteer.guardian_consent_at is None


def test_duplicate_that_slips_past_the_check_gives_validation_error(county):
    # given: a concurrent registration inserted the same number after our duplicate check ran
    register(county)
    before = Volunteer.objects.count()
    # when: the check is made to miss, so only the unique constraint on the keyed hash can catch it
    with mock.patch.object(QuerySet, "exists", return_value=False), pytest.raises(ValidationError) as caught:
        register(county, name="并发者", phone="13712345678")
    # then
    assert list(caught.value.message_dict) == ["id_number"]
    assert Volunteer.objects.count() == before


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_give_one_volunteer_and_a_validation_error(county):
    outcomes: list[str] = []

    def race(index: int) -> None:
        try:
            register(county, name=f"并发{index}", phone=f"1371234567{index}")
            outcomes.append("registered")
        except ValidationError as error:
            outcomes.append("duplicate:" + ",".join(error.message_dict))
        except Exception as error:  # the test reports any other error class, e.g. IntegrityError
            outcomes.append(type(error).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=race, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["duplicate:id_number", "registered"]
    assert Volunteer.objects.filter(id_number_hash=keyed_hash("11010519491231002X")).count() == 1
