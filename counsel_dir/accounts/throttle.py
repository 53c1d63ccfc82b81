"""Login rate limiting with counters in the database, so every worker sees the same counts.

Failures are counted per account (keyed hash of the normalized email, whether or not the
account exists, so a lockout says nothing about existence) and per client address (keyed
hash, never the raw address). ``LOGIN_MAX_FAILURES_PER_ACCOUNT`` failures within
``LOGIN_FAILURE_WINDOW`` lock the account until the oldest of them leaves the window, that
is for at most one window; the address limit works the same way.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from counsel_dir.accounts.models import LoginFailure, ThrottleScope
from counsel_dir.db import session, utcnow

KEEP_FAILURES_FOR = timedelta(days=1)


def throttle_key(scope: ThrottleScope, value: str) -> str:
    """The stored key for an email or address: an HMAC under the app's secret key."""
    secret = current_app.config["SECRET_KEY"].encode()
    message = f"{scope.value}:{value.strip().lower()}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def _limit(scope: ThrottleScope) -> int:
    if scope is ThrottleScope.ACCOUNT:
        return int(current_app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"])
    return int(current_app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"])


def _recent_failures(scope: ThrottleScope, key: str) -> int:
    since = utcnow() - current_app.config["LOGIN_FAILURE_WINDOW"]
    return (
        session.scalar(
            select(func.count())
            .select_from(LoginFailure)
            .where(LoginFailure.scope == scope, LoginFailure.key == key, LoginFailure.at > since)
        )
        or 0
    )


def is_locked(email: str, address: str | None) -> bool:
    """Whether logins for this email, or from this address, are locked right now."""
    if _recent_failures(ThrottleScope.ACCOUNT, throttle_key(ThrottleScope.ACCOUNT, email)) >= (
        _limit(ThrottleScope.ACCOUNT)
    ):
        return True
    if address:
        key = throttle_key(ThrottleScope.ADDRESS, address)
        return _recent_failures(ThrottleScope.ADDRESS, key) >= _limit(ThrottleScope.ADDRESS)
    return False


def record_failure(email: str, address: str | None) -> None:
    """Count a failed login against the account and the address; forget day-old failures."""
    now = utcnow()
    keys = [(ThrottleScope.ACCOUNT, throttle_key(ThrottleScope.ACCOUNT, email))]
    if address:
        keys.append((ThrottleScope.ADDRESS, throttle_key(ThrottleScope.ADDRESS, address)))
    session.execute(delete(LoginFailure).where(LoginFailure.at < now - KEEP_FAILURES_FOR))
    for scope, key in keys:
        session.add(LoginFailure(scope=scope, key=key, at=now))
    session.flush()


def clear_account_failures(email: str) -> None:
    """Forget an account's failures (after a successful login or a password reset)."""
    key = throttle_key(ThrottleScope.ACCOUNT, email)
    session.execute(
        delete(LoginFailure).where(
            LoginFailure.scope == ThrottleScope.ACCOUNT, LoginFailure.key == key
        )
    )
