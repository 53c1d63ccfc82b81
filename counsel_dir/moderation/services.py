"""Raising items for the moderators' queue. Other features call this; the queue UI lives here."""

from __future__ import annotations

from sqlalchemy import select

from counsel_dir.db import session
from counsel_dir.moderation.models import ItemKind, ItemStatus, ModerationItem

BASE_PRIORITY = {
    ItemKind.CLAIM_DISPUTE: 30,
    ItemKind.VERIFICATION_REJECTED: 25,
    ItemKind.MANY_REPORTS: 25,
    ItemKind.REPORT: 20,
    ItemKind.APPEAL: 20,
    ItemKind.FAILED_CLAIMS: 15,
    ItemKind.CLAIM_REVIEW: 15,
    ItemKind.VERIFICATION_OVERDUE: 10,
    ItemKind.VERIFICATION_INCONCLUSIVE: 10,
    ItemKind.MANUAL_VERIFICATION: 10,
    ItemKind.UNRECOGNIZED_ISSUER: 5,
}


def raise_item(
    kind: ItemKind,
    *,
    counselor_id: int | None = None,
    credential_id: int | None = None,
    subject_id: int | None = None,
    summary: str = "",
    priority: int | None = None,
) -> ModerationItem:
    """Open a queue item, or return the open one already raised for the same thing."""
    existing = session.scalars(
        select(ModerationItem).where(
            ModerationItem.kind == kind,
            ModerationItem.status != ItemStatus.CLOSED,
            ModerationItem.counselor_id == counselor_id,
            ModerationItem.credential_id == credential_id,
            ModerationItem.subject_id == subject_id,
        )
    ).first()
    if existing is not None:
        return existing
    item = ModerationItem(
        kind=kind,
        counselor_id=counselor_id,
        credential_id=credential_id,
        subject_id=subject_id,
        summary=summary[:300],
        priority=BASE_PRIORITY.get(kind, 0) if priority is None else priority,
    )
    session.add(item)
    session.flush()
    return item
