"""ID-card numbers (GB 11643) and phone numbers: the vectors of DESIGN.md §5 and properties."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from wenming.core.identity import (
    GENDER_FEMALE,
    GENDER_MALE,
    age_on,
    id_check_character,
    id_number_parse,
    phone_normalize,
)

TODAY = dt.date(2024, 1, 5)


@pytest.mark.parametrize(
    ("raw", "birth_on", "gender"),
    [
        ("11010519491231002X", dt.date(1949, 12, 31), GENDER_FEMALE),
        ("440524188001010014", dt.date(1880, 1, 1), GENDER_MALE),
    ],
)
def test_valid_vectors_parse(raw, birth_on, gender):
    parsed = id_number_parse(raw, today=TODAY)
    assert parsed.value == raw
    assert parsed.birth_on == birth_on
    assert parsed.gender == gender
    assert parsed.warnings == ()


def test_invalid_check_digit_vector_is_refused():
    with pytest.raises(ValidationError) as caught:
        id_number_parse("110105198001011234", today=TODAY)
    assert caught.value.code == "id_check_digit"


def test_lower_case_x_is_accepted_and_upper_cased():
    parsed = id_number_parse(" 11010519491231002x ", today=TODAY)
    assert parsed.value == "11010519491231002X"


def test_impossible_birth_date_is_refused():
    first = "110105" + "19990230" + "123"
    with pytest.raises(ValidationError) as caught:
        id_number_parse(first + id_check_character(first), today=TODAY)
    assert caught.value.code == "id_birth_date"


def test_future_birth_date_is_refused():
    first = "110105" + "20240106" + "123"
    with pytest.raises(ValidationError) as caught:
        id_number_parse(first + id_check_character(first), today=TODAY)
    assert caught.value.code == "id_birth_date"


@pytest.mark.parametrize(
    "raw", ["", "1101051949123100", "11010519491231002Y", "1101051949123100 2X", "A1010519491231002X"]
)
def test_wrong_shape_is_refused(raw):
    with pytest.raises(ValidationError) as caught:
        id_number_parse(raw, today=TODAY)
    assert caught.value.code == "id_shape"


def test_unknown_region_prefix_is_only_a_warning():
    first = "990105" + "19800101" + "123"
    parsed = id_number_parse(first + id_check_character(first), today=TODAY)
    assert parsed.birth_on == dt.date(1980, 1, 1)
    assert len(parsed.warnings) == 1


def test_age_on_counts_birthdays():
    assert age_on(dt.date(2010, 1, 6), TODAY) == 13
    assert age_on(dt.date(2010, 1, 5), TODAY) == 14


@pytest.mark.parametrize(
    ("raw", "english"),
    [
        ("110105198001011234", "The check digit of the ID number is wrong."),
        ("1101051980", "The ID number must have 18 characters: 17 digits, then a digit or X."),
        ("110105199902301234", "The birth date in the ID number does not exist."),
    ],
)
def test_error_messages_are_english_under_english(raw, english):
    # messages are lazy: they take the language active when they are read
    with pytest.raises(ValidationError) as caught:
        id_number_parse(raw, today=TODAY)
    with translation.override("en"):
        assert caught.value.messages == [english]
    with translation.override("zh-hans"):
        assert caught.value.messages[0] != english


def test_phone_error_is_english_under_english():
    with pytest.raises(ValidationError) as caught:
        phone_normalize("12345")
    with translation.override("en"):
        assert caught.value.messages == ["The phone number is not valid."]


birth_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY)


@st.composite
def valid_id_numbers(draw: st.DrawFn) -> str:
    region = draw(st.sampled_from(["110105", "230781", "440524", "650102"]))
    birth = draw(birth_dates).strftime("%Y%m%d")
    sequence = draw(st.integers(min_value=0, max_value=999))
    first = f"{region}{birth}{sequence:03d}"
    return first + id_check_character(first)


@given(valid_id_numbers())
def test_any_generated_valid_number_passes(number):
    parsed = id_number_parse(number, today=TODAY)
    assert parsed.value == number
    assert parsed.gender == (GENDER_MALE if int(number[16]) % 2 else GENDER_FEMALE)


@given(valid_id_numbers(), st.integers(min_value=0, max_value=17), st.integers(min_value=1, max_value=10))
def test_any_single_character_change_fails(number, position, shift):
    # MOD 11-2 detects every single-character substitution, whether in a digit or the check character
    alphabet = "0123456789X" if position == 17 else "0123456789"
    current = alphabet.index(number[position])
    replacement = alphabet[(current + shift) % len(alphabet)]
    if replacement == number[position]:
        return
    changed = number[:position] + replacement + number[position + 1 :]
    with pytest.raises(ValidationError):
        id_number_parse(changed, today=TODAY)


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("0458-6123456", "04586123456"),
    ],
)
def test_phone_normalize_accepts_mobile_and_landline(raw, normalized):
    assert phone_normalize(raw) == normalized


@pytest.mark.parametrize("raw", ["", "12345", "1381234567", "23812345678", "phone", "0458-12"])
def test_phone_normalize_refuses_invalid(raw):
    with pytest.raises(ValidationError) as caught:
        phone_normalize(raw)
    assert caught.value.code == "phone"
