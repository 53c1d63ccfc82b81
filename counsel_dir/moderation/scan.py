"""Items the system raises by itself: doubtful or stale credentials found by a periodic scan.

Run by ``flask moderation scan`` (cron). An item a moderator already closed is not
raised again until the credential's status changes.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from flask import current_app
from sqlalchemy import exists, select

from counsel_dir.credentials.kinds import CredentialKind, CredentialStatus
from counsel_dir.credentials.models import Credential, VerificationMethod, VerificationRecord
from counsel_dir.credentials.schedule import is_overdue
from counsel_dir.credentials.services import issuer_registry
from counsel_dir.db import session, utcnow
from counsel_dir.directory.models import Counselor, ProfileStatus
from counsel_dir.moderation.models import ItemKind, ItemStatus, ModerationItem
from counsel_dir.moderation.services import raise_item


def _known(kind: ItemKind, credential: Credential) -> bool:
    """An item is open for it, or one was closed since its status last changed."""
    settled = (ModerationItem.status == ItemStatus.CLOSED) & (
        ModerationItem.closed_at >= credential.status_changed_at
    )
    return (
        session.scalars(
            select(ModerationItem.id).where(
                ModerationItem.kind == kind,
                ModerationItem.credential_id == credential.id,
                (ModerationItem.status != ItemStatus.CLOSED) | settled,
            )
        ).first()
        is not None
    )


def _raise(kind: ItemKind, credential: Credential, counts: Counter[ItemKind]) -> None:
    if _known(kind, credential):
        return
    raise_item(
        kind,
        counselor_id=credential.counselor_id,
        credential_id=credential.id,
        summary=str(credential.kind),
    )
    counts[kind] += 1


def _set_by_a_moderator() -> object:
    """The credential's current status comes from a moderator's own check: nothing to raise."""
    return exists().where(
        VerificationRecord.credential_id == Credential.id,
        VerificationRecord.method == VerificationMethod.MODERATOR_ASSISTED,
        VerificationRecord.checked_at >= Credential.status_changed_at,
    )


def scan_credentials(now: datetime | None = None) -> Counter[ItemKind]:
    """Raise items for unrecognized issuers, rejected, repeatedly inconclusive and overdue
    verifications; return how many new items of each kind were opened."""
    now = now or utcnow()
    counts: Counter[ItemKind] = Counter()
    threshold = current_app.config.get("MODERATION_INCONCLUSIVE_THRESHOLD", 3)
    live = select(Credential).join(Counselor).where(Counselor.status != ProfileStatus.DELETED)
    for credential in session.scalars(
        live.where(
            Credential.kind == CredentialKind.UNRECOGNIZED,
            Credential.status.not_in((CredentialStatus.REVOKED, CredentialStatus.REJECTED)),
        )
    ):
        _raise(ItemKind.UNRECOGNIZED_ISSUER, credential, counts)
    for credential in session.scalars(
        live.where(Credential.status == CredentialStatus.REJECTED, ~_set_by_a_moderator())
    ):
        _raise(ItemKind.VERIFICATION_REJECTED, credential, counts)
    for credential in session.scalars(
        live.where(
            Credential.consecutive_inconclusive >= threshold,
            Credential.status != CredentialStatus.REVOKED,
        )
    ):
        _raise(ItemKind.VERIFICATION_INCONCLUSIVE, credential, counts)
    registry = issuer_registry()
    for credential in session.scalars(
        live.where(
            Credential.next_check_due.is_not(None),
            Credential.next_check_due < now,
            Credential.kind != CredentialKind.UNRECOGNIZED,
            Credential.status != CredentialStatus.REVOKED,
        )
    ):
        due = credential.next_check_due
        if due is not None and is_overdue(due, now, credential.kind, registry=registry):
            _raise(ItemKind.VERIFICATION_OVERDUE, credential, counts)
    session.flush()
    return counts
