"""Encryption at rest and the keyed hash of ID numbers."""

import pytest
from cryptography.exceptions import InvalidTag

from wenming.core.crypto import decrypt_text, encrypt_text, keyed_hash


def test_round_trip():
    token = encrypt_text("11010519491231002X")
    assert token.startswith("v1:")
    assert "11010519491231002X" not in token
    assert decrypt_text(token) == "11010519491231002X"


def test_nonce_differs_so_equal_plaintexts_give_different_ciphertexts():
    assert encrypt_text("11010519491231002X") != encrypt_text("11010519491231002X")


def test_tampered_ciphertext_is_refused():
    token = encrypt_text("11010519491231002X")
    version, _, payload = token.partition(":")
    tampered = f"{version}:{payload[:-4]}{'AAAA' if payload[-4:] != 'AAAA' else 'BBBB'}"
    with pytest.raises((InvalidTag, ValueError)):
        decrypt_text(tampered)


def test_unknown_ciphertext_version_is_refused():
    with pytest.raises(ValueError):
        decrypt_text("v0:AAAA")


def test_keyed_hash_is_stable_and_case_insensitive_for_x():
    assert keyed_hash("11010519491231002X") == keyed_hash("11010519491231002X")
    assert keyed_hash("11010519491231002x") == keyed_hash(" 11010519491231002X ")
    assert keyed_hash("11010519491231002X") != keyed_hash("440524188001010014")
    assert len(keyed_hash("11010519491231002X")) == 64


def test_keyed_hash_depends_on_the_key(settings):
    before = keyed_hash("11010519491231002X")
    settings.WENMING_HASH_KEY = "another-hash-key-for-this-test-only"
    assert keyed_hash("11010519491231002X") != before


def test_encryption_key_and_hash_key_are_separate(settings):
    # a new hash key changes the hash but leaves earlier ciphertexts readable
    token = encrypt_text("440524188001010014")
    settings.WENMING_HASH_KEY = "another-hash-key-for-this-test-only"
    assert decrypt_text(token) == "440524188001010014"


def test_ciphertext_under_another_field_key_is_unreadable(settings):
    token = encrypt_text("440524188001010014")
    settings.WENMING_FIELD_KEY = "another-field-key-for-this-test-only"
    with pytest.raises(InvalidTag):
        decrypt_text(token)
