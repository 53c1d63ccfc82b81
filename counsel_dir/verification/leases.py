"""Claiming due checks so that two workers never check the same credential at once.

PostgreSQL: ``SELECT ... FOR UPDATE SKIP LOCKED`` then stamp the lease. SQLite:
one atomic ``UPDATE ... WHERE id IN (due, unleased or lease expired)``, then
re-select the rows stamped with this claim's unique owner token. A worker that
dies leaves leases that expire and are taken over; a worker that comes back
after losing its lease cannot write its result (see :func:`release`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update

from counsel_dir.credentials.kinds import CredentialKind
from counsel_dir.credentials.models import Credential
from counsel_dir.db import is_postgresql, session


def new_owner(worker_id: str) -> str:
    """A lease owner token unique to one claim."""
    return f"{worker_id[:40]}:{uuid.uuid4().hex[:16]}"


def _due(now: datetime, due_before: datetime, skip_kinds: Iterable[CredentialKind]):  # type: ignore[no-untyped-def]
    condition = and_(
        Credential.next_check_due.is_not(None),
        Credential.next_check_due <= due_before,
        or_(Credential.lease_expires_at.is_(None), Credential.lease_expires_at < now),
    )
    skipped = list(skip_kinds)
    if skipped:
        condition = and_(condition, Credential.kind.not_in(skipped))
    return condition


def claim(
    owner: str,
    now: datetime,
    limit: int,
    lease: timedelta,
    skip_kinds: Iterable[CredentialKind] = (),
    due_before: datetime | None = None,
) -> list[int]:
    """Lease up to ``limit`` credentials due by ``due_before`` (default now) to ``owner``.

    Commits, and returns the ids now leased to ``owner``.
    """
    session.commit()
    condition = _due(now, due_before or now, skip_kinds)
    order = (Credential.next_check_due, Credential.id)
    stamp = {"lease_owner": owner, "lease_expires_at": now + lease}
    if is_postgresql(session.get_bind().engine):
        ids = list(
            session.scalars(
                select(Credential.id)
                .where(condition)
                .order_by(*order)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        )
        if ids:
            session.execute(
                update(Credential).where(Credential.id.in_(ids)).values(**stamp),
                execution_options={"synchronize_session": False},
            )
    else:
        due_ids = select(Credential.id).where(condition).order_by(*order).limit(limit)
        session.execute(
            update(Credential).where(Credential.id.in_(due_ids.scalar_subquery())).values(**stamp),
            execution_options={"synchronize_session": False},
        )
        ids = list(
            session.scalars(
                select(Credential.id).where(Credential.lease_owner == owner).order_by(*order)
            )
        )
    session.commit()
    return ids


def release(credential_id: int, owner: str, due_at: datetime | None = None) -> bool:
    """End the lease if ``owner`` still holds it (and, given ``due_at``, the check is
    still the one claimed). The row stays locked until the transaction ends."""
    statement = update(Credential).where(
        Credential.id == credential_id, Credential.lease_owner == owner
    )
    if due_at is not None:
        statement = statement.where(Credential.next_check_due == due_at)
    result = session.execute(
        statement.values(lease_owner=None, lease_expires_at=None),
        execution_options={"synchronize_session": False},
    )
    return result.rowcount == 1


def count_due(now: datetime) -> int:
    """How many credentials are due now (leased or not)."""
    from sqlalchemy import func

    return (
        session.scalar(
            select(func.count())
            .select_from(Credential)
            .where(Credential.next_check_due.is_not(None), Credential.next_check_due <= now)
        )
        or 0
    )
