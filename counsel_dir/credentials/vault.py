"""Keeping resident ID numbers encrypted at rest, with a keyed hash for matching.

The secret comes from the environment, never from the repository. Its format:
URL-safe base64 (standard base64 is accepted too, padding optional) of at
least 32 random bytes, as made by :func:`generate_secret`. Two independent
keys are derived from it with HKDF-SHA256 under distinct labels: one for
AES-256-GCM encryption, one for the HMAC-SHA256 matching hash.

A sealed value is ``version (1 byte) || nonce (12 bytes) || ciphertext+tag``;
the associated data binds it to its purpose, so a blob sealed for anything
else does not open as an ID number.
"""

import base64
import binascii
import hmac
import os
import secrets
from hashlib import sha256
from typing import NoReturn

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from counsel_dir.credentials import resident_id

PURPOSE = b"resident-id:v1"
FORMAT_VERSION = b"\x01"
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_BYTES = 32
MIN_SECRET_BYTES = 32
_ENCRYPTION_LABEL = b"counsel-dir/resident-id/encryption/v1"
_HASH_LABEL = b"counsel-dir/resident-id/match-hash/v1"


class VaultError(Exception):
    """A sealed ID number cannot be opened."""


class TamperedSeal(VaultError):
    """The sealed value was altered, cut, or sealed with another key or purpose."""


class InvalidSecret(ValueError):
    """The configured vault secret is not in the documented format."""


def generate_secret() -> str:
    """Return a fresh secret for the environment: URL-safe base64 of 32 random bytes."""
    return secrets.token_urlsafe(MIN_SECRET_BYTES)


def _decode_secret(secret: str) -> bytes:
    text = "".join(secret.split()).replace("+", "-").replace("/", "_").rstrip("=")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise InvalidSecret("the vault secret is not base64") from None
    if base64.urlsafe_b64encode(raw).rstrip(b"=") != text.encode("ascii", "replace"):
        raise InvalidSecret("the vault secret is not base64")
    if len(raw) < MIN_SECRET_BYTES:
        raise InvalidSecret(f"the vault secret must decode to at least {MIN_SECRET_BYTES} bytes")
    return raw


def _derive(secret: bytes, label: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=label).derive(secret)


class IdentityVault:
    """Seals, opens and hashes resident ID numbers; holds keys, never shows them."""

    __slots__ = ("_aead", "_hash_key")

    def __init__(self, encryption_key: bytes, hash_key: bytes) -> None:
        if len(encryption_key) != KEY_BYTES:
            raise ValueError(f"encryption key must be {KEY_BYTES} bytes")
        if len(hash_key) < KEY_BYTES:
            raise ValueError(f"hash key must be at least {KEY_BYTES} bytes")
        if hmac.compare_digest(encryption_key, hash_key[: len(encryption_key)]):
            raise ValueError("encryption and hash keys must be independent")
        self._aead = AESGCM(encryption_key)
        self._hash_key = bytes(hash_key)

    @classmethod
    def from_secret(cls, secret: str) -> "IdentityVault":
        """Build a vault from the environment secret (see the module docstring)."""
        raw = _decode_secret(secret)
        return cls(_derive(raw, _ENCRYPTION_LABEL), _derive(raw, _HASH_LABEL))

    def seal(self, id_number: str) -> bytes:
        """Encrypt a valid ID number, normalized first; InvalidResidentId otherwise."""
        number = resident_id.validate(id_number)
        nonce = os.urandom(NONCE_BYTES)
        return FORMAT_VERSION + nonce + self._aead.encrypt(nonce, number.encode("ascii"), PURPOSE)

    def unseal(self, blob: bytes) -> str:
        """Decrypt a sealed ID number; raises TamperedSeal if it was altered at all."""
        blob = bytes(blob)
        if len(blob) < 1 + NONCE_BYTES + TAG_BYTES or blob[:1] != FORMAT_VERSION:
            raise TamperedSeal("sealed value is malformed")
        nonce, ciphertext = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
        try:
            plain = self._aead.decrypt(nonce, ciphertext, PURPOSE)
        except InvalidTag:
            raise TamperedSeal("sealed value failed authentication") from None
        return plain.decode("ascii")

    def match_hash(self, id_number: str) -> str:
        """Keyed hash (HMAC-SHA256, hex) of the normalized number, to match numbers."""
        number = resident_id.validate(id_number)
        return hmac.new(self._hash_key, number.encode("ascii"), sha256).hexdigest()

    def __repr__(self) -> str:
        return "IdentityVault(keys=<hidden>)"

    def __reduce__(self) -> NoReturn:
        raise TypeError("an IdentityVault holds keys and cannot be pickled or copied")
