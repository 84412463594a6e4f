"""Encryption at rest (AES-256-GCM) and keyed hashing (HMAC-SHA256) of personal identifiers.

Keys come from WENMING_FIELD_KEY / WENMING_HASH_KEY; when unset (development) they are derived
from SECRET_KEY with HKDF, each with its own purpose label, so that they are never the same key.
"""

import base64
import functools
import hashlib
import hmac
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

CIPHERTEXT_VERSION = "v1"


def _derive(secret: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"wenming", info=purpose).derive(secret.encode())


@functools.cache
def _field_key(configured: str, secret: str) -> bytes:
    return _derive(configured or secret, b"field-encryption")


@functools.cache
def _hash_key(configured: str, secret: str) -> bytes:
    return _derive(configured or secret, b"keyed-hash")


def _keys() -> tuple[bytes, bytes]:
    return (
        _field_key(settings.WENMING_FIELD_KEY, settings.SECRET_KEY),
        _hash_key(settings.WENMING_HASH_KEY, settings.SECRET_KEY),
    )


def encrypt_text(plaintext: str) -> str:
    """Return `v1:<base64 nonce+ciphertext>`; a fresh nonce each time, so equal inputs differ."""
    key, _ = _keys()
    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, plaintext.encode(), CIPHERTEXT_VERSION.encode())
    return f"{CIPHERTEXT_VERSION}:{base64.b64encode(nonce + sealed).decode()}"


def decrypt_text(token: str) -> str:
    key, _ = _keys()
    version, _, payload = token.partition(":")
    if version != CIPHERTEXT_VERSION:
        raise ValueError("unknown ciphertext version")
    raw = base64.b64decode(payload)
    return AESGCM(key).decrypt(raw[:12], raw[12:], version.encode()).decode()


def keyed_hash(value: str) -> str:
    """A deterministic HMAC of a normalized value: finds duplicates without decrypting."""
    _, key = _keys()
    return hmac.new(key, value.strip().upper().encode(), hashlib.sha256).hexdigest()
