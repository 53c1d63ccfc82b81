"""When a credential is checked again with its official channel.

Each issuer has a re-verification interval (see the issuer registry). Due
times are spread with jitter so that credentials verified together do not hit
a channel together, and an expiring registration is checked on its end date.
All times are timezone-aware UTC datetimes.
"""

import random
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta

from counsel_dir.credentials.issuers import DEFAULT_REGISTRY, IssuerRegistry
from counsel_dir.credentials.kinds import CredentialKind

JITTER = 0.10
"""Due times vary by up to this fraction of the interval, either way."""
OVERDUE_FACTOR = 2
"""A check is overdue once it is late by more than this many intervals."""
EXPIRY_CHECK_TIME = time(0, 0, tzinfo=UTC)
"""Time of day of the check on an end date: 08:00 in China, same calendar date."""


def _utc(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
    return moment.astimezone(UTC)


def _interval(
    kind: CredentialKind,
    intervals: Mapping[str, int] | None,
    registry: IssuerRegistry | None,
) -> timedelta:
    base = registry or DEFAULT_REGISTRY
    if intervals:
        base = base.with_overrides(intervals=intervals)
    return base.reverify_interval(kind)


def next_check_due(
    kind: CredentialKind,
    checked_at: datetime,
    valid_until: date | None,
    rng: random.Random,
    intervals: Mapping[str, int] | None = None,
    *,
    registry: IssuerRegistry | None = None,
) -> datetime:
    """When to check a credential next, given when it was last checked.

    The issuer's interval (overridden per issuer code by ``intervals``, in
    days) is stretched or shrunk by up to JITTER, drawn from ``rng`` so that
    a seeded generator gives repeatable schedules. For kinds that expire, a
    validity end date still ahead caps the result: the check then happens on
    that date. Raises ValueError for an unrecognized kind or a naive datetime.
    """
    checked_at = _utc(checked_at, "checked_at")
    interval = _interval(kind, intervals, registry)
    spread = interval * (1 + rng.uniform(-JITTER, JITTER))
    due = (checked_at + spread).replace(microsecond=0)
    issuer = (registry or DEFAULT_REGISTRY).issuer_for(kind)
    if valid_until is not None and issuer is not None and issuer.credentials_expire:
        end_check = datetime.combine(valid_until, EXPIRY_CHECK_TIME)
        if checked_at < end_check < due:
            due = end_check
    return due


def is_overdue(
    next_check_due: datetime,
    now: datetime,
    kind: CredentialKind,
    intervals: Mapping[str, int] | None = None,
    *,
    registry: IssuerRegistry | None = None,
) -> bool:
    """A check late by more than OVERDUE_FACTOR intervals: its verification is stale."""
    late = _utc(now, "now") - _utc(next_check_due, "next_check_due")
    return late > OVERDUE_FACTOR * _interval(kind, intervals, registry)


def should_escalate(
    consecutive_inconclusive: int,
    next_check_due: datetime,
    now: datetime,
    kind: CredentialKind,
    threshold: int = 3,
    intervals: Mapping[str, int] | None = None,
    *,
    registry: IssuerRegistry | None = None,
) -> bool:
    """Hand the credential to a moderator: repeatedly inconclusive, or overdue."""
    if consecutive_inconclusive >= threshold:
        return True
    return is_overdue(next_check_due, now, kind, intervals, registry=registry)
