import base64
import copy
import pickle
from datetime import date

import pytest

from counsel_dir.credentials.resident_id import InvalidResidentId, generate
from counsel_dir.credentials.vault import (
    PURPOSE,
    IdentityVault,
    InvalidSecret,
    TamperedSeal,
    VaultError,
    generate_secret,
)

EXAMPLE = "11010519491231002X"
OTHER = generate("440106", date(1995, 7, 8), 13)
SECRET = base64.urlsafe_b64encode(bytes(range(32))).decode()


@pytest.fixture
def vault():
    return IdentityVault.from_secret(SECRET)


def test_a_sealed_id_number_opens_to_its_normalized_form(vault):
    blob = vault.seal(" １１０１０５１９４９１２３１００２x ")
    assert isinstance(blob, bytes)
    assert vault.unseal(blob) == EXAMPLE


def test_sealed_value_does_not_contain_the_number(vault):
    blob = vault.seal(EXAMPLE)
    assert EXAMPLE.encode() not in blob
    assert b"19491231" not in blob
    assert len(blob) == 1 + 12 + 18 + 16


def test_sealing_twice_gives_different_blobs(vault):
    assert vault.seal(EXAMPLE) != vault.seal(EXAMPLE)


def test_every_flipped_bit_is_detected(vault):
    blob = vault.seal(EXAMPLE)
    for index in range(len(blob)):
        for bit in (0x01, 0x80):
            tampered = bytearray(blob)
            tampered[index] ^= bit
            with pytest.raises(TamperedSeal):
                vault.unseal(bytes(tampered))


@pytest.mark.parametrize("cut", [0, 1, 13, 28, 46])
def test_truncated_or_extended_blobs_are_refused(vault, cut):
    blob = vault.seal(EXAMPLE)
    with pytest.raises(TamperedSeal):
        vault.unseal(blob[:cut])
    with pytest.raises(TamperedSeal):
        vault.unseal(blob + b"\x00")


def test_a_blob_sealed_for_another_purpose_does_not_open(vault):
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key = bytes(range(32))
    nonce = bytes(12)
    assert PURPOSE == b"resident-id:v1"
    other = IdentityVault(key, bytes(range(1, 33)))
    forged = b"\x01" + nonce + AESGCM(key).encrypt(nonce, EXAMPLE.encode(), b"other:v1")
    with pytest.raises(TamperedSeal):
        other.unseal(forged)


def test_a_blob_sealed_under_another_secret_does_not_open(vault):
    stranger = IdentityVault.from_secret(generate_secret())
    with pytest.raises(TamperedSeal):
        vault.unseal(stranger.seal(EXAMPLE))


def test_tampering_is_a_vault_error_without_the_data(vault):
    blob = bytearray(vault.seal(EXAMPLE))
    blob[-1] ^= 1
    with pytest.raises(VaultError) as caught:
        vault.unseal(bytes(blob))
    assert EXAMPLE not in str(caught.value)


def test_match_hash_is_stable_and_ignores_how_the_number_was_typed(vault):
    digest = vault.match_hash(EXAMPLE)
    assert digest == vault.match_hash("11010519491231002x")
    assert digest == vault.match_hash(" 110105 19491231 002X")
    assert len(digest) == 64 and int(digest, 16) >= 0
    assert digest != vault.match_hash(OTHER)


def test_match_hash_is_keyed(vault):
    import hashlib

    assert vault.match_hash(EXAMPLE) != hashlib.sha256(EXAMPLE.encode()).hexdigest()
    assert IdentityVault.from_secret(generate_secret()).match_hash(EXAMPLE) != vault.match_hash(
        EXAMPLE
    )


def test_the_same_secret_always_derives_the_same_keys():
    first, second = IdentityVault.from_secret(SECRET), IdentityVault.from_secret(SECRET)
    assert first.match_hash(EXAMPLE) == second.match_hash(EXAMPLE)
    assert second.unseal(first.seal(EXAMPLE)) == EXAMPLE


def test_encryption_and_hash_keys_are_independent():
    import hmac
    from hashlib import sha256

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    raw = base64.urlsafe_b64decode(SECRET)

    def derive(label):
        return HKDF(hashes.SHA256(), 32, None, label).derive(raw)

    encryption_key = derive(b"counsel-dir/resident-id/encryption/v1")
    hash_key = derive(b"counsel-dir/resident-id/match-hash/v1")
    assert encryption_key != hash_key
    assert raw not in (encryption_key, hash_key)
    vault = IdentityVault.from_secret(SECRET)
    expected = hmac.new(hash_key, EXAMPLE.encode(), sha256).hexdigest()
    assert vault.match_hash(EXAMPLE) == expected
    assert (
        vault.match_hash(EXAMPLE) != hmac.new(encryption_key, EXAMPLE.encode(), sha256).hexdigest()
    )
    assert IdentityVault(encryption_key, hash_key).unseal(vault.seal(EXAMPLE)) == EXAMPLE


def test_the_same_key_for_both_purposes_is_refused():
    key = bytes(range(32))
    with pytest.raises(ValueError, match="independent"):
        IdentityVault(key, key)


@pytest.mark.parametrize(
    ("encryption", "hashing"), [(bytes(16), bytes(range(32))), (bytes(32), bytes(8))]
)
def test_short_keys_are_refused(encryption, hashing):
    with pytest.raises(ValueError):
        IdentityVault(encryption, hashing)


def test_invalid_numbers_are_never_sealed_or_hashed(vault):
    with pytest.raises(InvalidResidentId):
        vault.seal(EXAMPLE[:17] + "1")
    with pytest.raises(InvalidResidentId):
        vault.match_hash("not a number")


def test_generated_secrets_are_fresh_and_usable():
    first, second = generate_secret(), generate_secret()
    assert first != second
    assert len(base64.urlsafe_b64decode(first + "=" * (-len(first) % 4))) == 32
    assert (
        IdentityVault.from_secret(first).unseal(IdentityVault.from_secret(first).seal(EXAMPLE))
        == EXAMPLE
    )


def test_secret_may_use_standard_base64_with_padding_and_line_breaks():
    raw = bytes(range(200, 248))
    urlsafe = IdentityVault.from_secret(base64.urlsafe_b64encode(raw).decode().rstrip("="))
    standard = base64.b64encode(raw).decode()
    wrapped = IdentityVault.from_secret(standard[:20] + "\n" + standard[20:])
    assert urlsafe.match_hash(EXAMPLE) == wrapped.match_hash(EXAMPLE)


@pytest.mark.parametrize(
    "secret",
    [
        "",
        "short",
        base64.urlsafe_b64encode(bytes(31)).decode(),
        "not*base64*at*all" * 4,
        "秘密" * 30,
    ],
)
def test_a_malformed_or_weak_secret_is_refused(secret):
    with pytest.raises(InvalidSecret):
        IdentityVault.from_secret(secret)


def test_repr_never_reveals_keys_or_secret(vault):
    text = repr(vault) + str(vault) + f"{vault!r}"
    assert "hidden" in text
    assert SECRET not in text
    assert "\\x" not in text and "b'" not in text


def test_the_vault_cannot_be_pickled_or_copied(vault):
    with pytest.raises(TypeError):
        pickle.dumps(vault)
    with pytest.raises(TypeError):
        copy.copy(vault)
    with pytest.raises(AttributeError):
        vault.__dict__  # noqa: B018
