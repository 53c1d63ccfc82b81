"""Password hashing with argon2 and the password rules (length, common passwords)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from counsel_dir.i18n import N_

MIN_LENGTH = 10
MAX_LENGTH = 128

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches; never raises for a wrong or malformed hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with weaker parameters than today's."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except (InvalidHashError, ValueError):
        return False


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords (lower-case), loaded once."""
    text = files("counsel_dir.accounts").joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def password_problem(password: str, email: str | None = None) -> str | None:
    """Why ``password`` may not be used (an ``N_`` msgid), or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return N_("Use at least 10 characters.")
    if len(password) > MAX_LENGTH:
        return N_("Use at most 128 characters.")
    lowered = password.lower()
    if lowered in common_passwords() or len(set(lowered)) == 1:
        return N_(
            "This password is among the most common ones; choose one that is harder to guess."
        )
    if email and lowered in {email.lower(), email.split("@", 1)[0].lower()}:
        return N_("Do not use your email address as your password.")
    return None
