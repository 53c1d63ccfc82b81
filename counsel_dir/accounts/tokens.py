"""Signed, expiring tokens for the links mailed to users (confirm, reset, change email).

Each purpose has its own salt so a token for one cannot be used for another. Reset tokens
carry a fingerprint of the current password hash: once the password changes, every reset
link issued before dies, which makes them single-use.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta
from enum import StrEnum
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from counsel_dir.accounts.models import User


class Purpose(StrEnum):
    CONFIRM_EMAIL = "accounts.confirm-email"
    RESET_PASSWORD = "accounts.reset-password"  # noqa: S105 - a salt name
    CHANGE_EMAIL = "accounts.change-email"


LIFETIME = {
    Purpose.CONFIRM_EMAIL: timedelta(hours=24),
    Purpose.RESET_PASSWORD: timedelta(hours=1),
    Purpose.CHANGE_EMAIL: timedelta(hours=24),
}


class InvalidToken(Exception):
    """The link is malformed, tampered with, expired or already used."""

    def __init__(self, expired: bool = False) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _serializer(purpose: Purpose) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose.value)


def _fingerprint(label: str, value: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    message = f"{label}:{value}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:24]


def password_fingerprint(user: User) -> str:
    """A short keyed digest of the password hash, so reset links die when it changes."""
    return _fingerprint("password", user.password_hash)


def email_fingerprint(email: str) -> str:
    """A short keyed digest of an address: links name it without showing it in the URL."""
    return _fingerprint("email", email)


def make_token(purpose: Purpose, user: User, **claims: Any) -> str:
    """A signed token naming ``user`` plus ``claims`` for one purpose."""
    payload: dict[str, Any] = {"uid": user.id, **claims}
    if purpose is Purpose.RESET_PASSWORD:
        payload["pw"] = password_fingerprint(user)
    return _serializer(purpose).dumps(payload)


def read_token(purpose: Purpose, token: str) -> dict[str, Any]:
    """The payload of a valid, unexpired token; InvalidToken otherwise."""
    max_age = int(LIFETIME[purpose].total_seconds())
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        raise InvalidToken(expired=True) from None
    except BadSignature:
        raise InvalidToken() from None
    if not isinstance(payload, dict) or not isinstance(payload.get("uid"), int):
        raise InvalidToken()
    return payload
