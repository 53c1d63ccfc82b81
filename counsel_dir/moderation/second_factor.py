"""The moderators' second factor: TOTP (RFC 6238) codes from an authenticator app.

The shared secret is stored sealed with AES-GCM under a key derived (HKDF, its own
label) from the deployment's RESIDENT_ID_SECRET: the identity vault itself only seals
resident ID numbers. Failed codes are rate-limited per user in the database and a code
that was accepted once is refused afterwards.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar

import pyotp
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import abort, current_app, redirect, request, url_for
from sqlalchemy import func, select, update

from counsel_dir.accounts.auth import current_login, current_user, roles_required
from counsel_dir.accounts.models import Role, User, UserSession
from counsel_dir.audit.services import record
from counsel_dir.db import session, utcnow
from counsel_dir.i18n import N_
from counsel_dir.moderation.models import SecondFactorAttempt
from counsel_dir.moderation.services import ModerationError

F = TypeVar("F", bound=Callable[..., Any])

ISSUER_NAME = "Counsel Directory"
_LABEL = b"counsel-dir totp secret v1"
_NONCE_BYTES = 12
DEMO_MODERATOR_EMAIL = "moderator@demo.counsel"
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - documented dev-only secret


class TooManyAttempts(ModerationError):
    message = N_("Too many wrong codes. Wait 15 minutes and try again.")


class WrongCode(ModerationError):
    message = N_("That code is not valid. Enter the 6 digits your app shows now.")


def _key() -> bytes:
    secret = current_app.config["RESIDENT_ID_SECRET"].encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_LABEL).derive(secret)


def seal_secret(secret: str) -> bytes:
    """Encrypt a base32 TOTP secret for storage in ``User.totp_secret_sealed``."""
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + AESGCM(_key()).encrypt(nonce, secret.encode("ascii"), _LABEL)


def unseal_secret(blob: bytes) -> str | None:
    """The stored TOTP secret, or None if it cannot be opened (another key, tampering)."""
    blob = bytes(blob)
    try:
        plain = AESGCM(_key()).decrypt(blob[:_NONCE_BYTES], blob[_NONCE_BYTES:], _LABEL)
    except (InvalidTag, ValueError):
        return None
    return plain.decode("ascii")


def pending_secret(user: User) -> str:
    """The secret being enrolled: created and stored sealed on first use."""
    secret = unseal_secret(user.totp_secret_sealed) if user.totp_secret_sealed else None
    if secret is None:
        secret = pyotp.random_base32(length=32)
        user.totp_secret_sealed = seal_secret(secret)
        user.totp_confirmed_at = None
        session.flush()
    return secret


def provisioning_uri(user: User, secret: str) -> str:
    """The otpauth:// URI an authenticator app reads (typed in or from a QR code)."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER_NAME)


def qr_code_data_uri(uri: str) -> str | None:
    """The setup link as an SVG QR code (a data: URI), or None when segno is not installed."""
    try:
        import segno
    except ImportError:
        return None
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def is_enrolled(user: User) -> bool:
    return user.totp_secret_sealed is not None and user.totp_confirmed_at is not None


def _recent_failures(user: User) -> int:
    window = timedelta(minutes=current_app.config.get("TOTP_LOCKOUT_MINUTES", 15))
    return (
        session.scalar(
            select(func.count(SecondFactorAttempt.id)).where(
                SecondFactorAttempt.user_id == user.id,
                SecondFactorAttempt.succeeded.is_(False),
                SecondFactorAttempt.at >= utcnow() - window,
            )
        )
        or 0
    )


def _last_used_counter(user: User) -> int:
    return (
        session.scalar(
            select(func.max(SecondFactorAttempt.counter)).where(
                SecondFactorAttempt.user_id == user.id, SecondFactorAttempt.succeeded.is_(True)
            )
        )
        or -1
    )


def _matching_counter(secret: str, code: str) -> int | None:
    totp = pyotp.TOTP(secret)
    now = utcnow()
    for drift in (0, -1, 1):
        moment = now + timedelta(seconds=drift * totp.interval)
        if hmac.compare_digest(totp.at(moment), code):
            return totp.timecode(moment)
    return None


def verify_code(user: User, code: str) -> None:
    """Accept a current TOTP code once and mark this login as second-factor checked.

    Raises TooManyAttempts after too many wrong codes, WrongCode for a wrong or
    replayed code. The first accepted code also completes enrolment.
    """
    if _recent_failures(user) >= current_app.config.get("TOTP_MAX_FAILURES", 5):
        raise TooManyAttempts()
    code = "".join(code.split())
    secret = unseal_secret(user.totp_secret_sealed) if user.totp_secret_sealed else None
    counter = _matching_counter(secret, code) if secret and code.isdigit() else None
    if counter is None or counter <= _last_used_counter(user):
        session.add(SecondFactorAttempt(user_id=user.id, succeeded=False))
        session.flush()
        raise WrongCode()
    session.add(SecondFactorAttempt(user_id=user.id, succeeded=True, counter=counter))
    if user.totp_confirmed_at is None:
        user.totp_confirmed_at = utcnow()
        record("account.second_factor_enrolled", "user", user.id, actor=user)
    login = current_login()
    if login is not None:
        login.second_factor_at = utcnow()
    session.flush()


def reset_second_factor(user: User) -> None:
    """Forget a user's TOTP secret (lost phone): they enrol again at their next queue visit.

    Open sessions lose their second-factor mark, so the queue asks again everywhere.
    """
    user.totp_secret_sealed = None
    user.totp_confirmed_at = None
    session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
        .values(second_factor_at=None)
    )
    record("account.second_factor_reset", "user", user.id, fields=["totp_secret_sealed"])
    session.flush()


def issue_secret(user: User) -> str:
    """Enrol a fresh TOTP secret from the shell (new staff, lost phone).

    The admin hands it to the person through another channel, so a password alone never
    lets anyone enrol their own authenticator in the moderator's place.
    """
    secret = pyotp.random_base32(length=32)
    user.totp_secret_sealed = seal_secret(secret)
    user.totp_confirmed_at = utcnow()
    session.flush()
    return secret


def enroll_demo_secret(user: User) -> None:
    """Give the demo moderator the documented dev secret (development only)."""
    user.totp_secret_sealed = seal_secret(DEMO_TOTP_SECRET)
    user.totp_confirmed_at = utcnow()
    session.flush()


def has_second_factor() -> bool:
    """Whether this login passed the second factor."""
    login = current_login()
    return login is not None and login.second_factor_at is not None


def moderator_with_second_factor(view: F) -> F:
    """Moderators (and admins) only, and only after a TOTP code in this session."""

    @wraps(view)
    def checked(*args: Any, **kwargs: Any) -> Any:
        if not has_second_factor():
            target = request.full_path if request.method == "GET" else None
            return redirect(url_for("moderation.second_factor", next=target))
        return view(*args, **kwargs)

    return roles_required(Role.MODERATOR)(checked)  # type: ignore[return-value]


def current_moderator() -> User:
    """The moderator of this request (views behind ``moderator_with_second_factor``)."""
    user = current_user()
    if user is None:
        abort(403)
    return user


def secret_for_display(secret: str) -> str:
    """The base32 secret in groups of four, easier to type."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
