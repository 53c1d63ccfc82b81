"""Login rate limiting with counters in the database, so every worker sees the same counts.

Failures are counted per account (keyed hash of the normalized email, whether or not the
account exists, so a lockout says nothing about existence) and per client address (keyed
hash, never the raw address). ``LOGIN_MAX_FAILURES_PER_ACCOUNT`` failures within
``LOGIN_FAILURE_WINDOW`` lock the account for ``LOGIN_LOCKOUT`` from the last of them; the
address limit works the same way. Attempts refused while locked are not counted, so the lock
ends on time.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select

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


def _locked(scope: ThrottleScope, value: str) -> bool:
    """Whether ``limit`` failures fell within one window that ended less than a lockout ago."""
    config = current_app.config
    window, lockout, limit = config["LOGIN_FAILURE_WINDOW"], config["LOGIN_LOCKOUT"], _limit(scope)
    now = utcnow()
    times = session.scalars(
        select(LoginFailure.at)
        .where(
            LoginFailure.scope == scope,
            LoginFailure.key == throttle_key(scope, value),
            LoginFailure.at > now - window - lockout,
        )
        .order_by(LoginFailure.at)
    ).all()
    return any(
        times[last] - times[last - limit + 1] <= window and times[last] > now - lockout
        for last in range(limit - 1, len(times))
    )


def is_locked(email: str, address: str | None) -> bool:
    """Whether logins for this email, or from this address, are locked right now."""
    if _locked(ThrottleScope.ACCOUNT, email):
        return True
    return address is not None and _locked(ThrottleScope.ADDRESS, address)


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
