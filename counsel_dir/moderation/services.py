"""Raising queue items, their priority, and the listing changes moderators make.

Other features call :func:`raise_item`. A moderator's check of a credential goes
through ``counsel_dir.verification.services.record_moderator_outcome``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from counsel_dir.accounts.models import User
from counsel_dir.audit.services import record
from counsel_dir.credentials.issuers import kind_info
from counsel_dir.credentials.models import Credential
from counsel_dir.db import session, utcnow
from counsel_dir.directory.models import Counselor, ProfileStatus
from counsel_dir.directory.services import refresh_listing
from counsel_dir.moderation.models import ItemKind, ItemStatus, ModerationItem, Report

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
TIER_CREDENTIAL_BONUS = 10
"""Items about a credential that gives a tier come before others of the same kind."""
PER_REPORT_BONUS = 5
MAX_REPORT_BONUS = 25
"""Each open report on a listing raises its items, up to this much."""

OPEN_STATUSES = (ItemStatus.OPEN, ItemStatus.ASSIGNED, ItemStatus.AWAITING_COUNSELOR)
VERIFICATION_KINDS = (
    ItemKind.MANUAL_VERIFICATION,
    ItemKind.VERIFICATION_REJECTED,
    ItemKind.VERIFICATION_INCONCLUSIVE,
    ItemKind.VERIFICATION_OVERDUE,
    ItemKind.UNRECOGNIZED_ISSUER,
)
"""Items the verification engine raises; a moderator's check of the credential settles them."""


class ModerationError(Exception):
    """A rule of the queue was broken; ``message`` is an English msgid for the user."""

    message = "This action is not possible."

    def __init__(self, message: str | None = None, **params: Any) -> None:
        super().__init__(message or self.message)
        self.message = message or self.message
        self.params = params


def open_report_count(counselor_id: int | None) -> int:
    """Reports on a listing whose items are still open (bots' reports excluded)."""
    if counselor_id is None:
        return 0
    return (
        session.scalar(
            select(func.count(Report.id))
            .join(ModerationItem, Report.item_id == ModerationItem.id)
            .where(
                Report.counselor_id == counselor_id,
                Report.honeypot_tripped.is_(False),
                ModerationItem.status.in_(OPEN_STATUSES),
            )
        )
        or 0
    )


def compute_priority(item: ModerationItem) -> int:
    """Base priority of the kind, plus tier-giving credentials and many reports."""
    priority = BASE_PRIORITY.get(item.kind, 0)
    if item.credential_id is not None:
        credential = session.get(Credential, item.credential_id)
        if credential is not None and kind_info(credential.kind).tier is not None:
            priority += TIER_CREDENTIAL_BONUS
    reports = open_report_count(item.counselor_id)
    priority += min(MAX_REPORT_BONUS, PER_REPORT_BONUS * reports)
    return priority


def reprioritize_listing(counselor_id: int | None) -> None:
    """Recompute the priority of every open item about one listing."""
    if counselor_id is None:
        return
    session.flush()
    items = session.scalars(
        select(ModerationItem).where(
            ModerationItem.counselor_id == counselor_id,
            ModerationItem.status.in_(OPEN_STATUSES),
        )
    ).all()
    for item in items:
        item.priority = compute_priority(item)
    session.flush()


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
    )
    session.add(item)
    session.flush()
    item.priority = compute_priority(item) if priority is None else priority
    record(
        "moderation.item_raised",
        "moderation_item",
        item.id,
        detail={"kind": str(kind), "counselor_id": counselor_id, "credential_id": credential_id},
    )
    session.flush()
    return item


def set_listing_status(
    counselor: Counselor, status: ProfileStatus, moderator: User | None, reason: str
) -> None:
    """Suspend or reinstate a listing; search drops or restores it through the index queue."""
    old = counselor.status
    counselor.status = status
    record(
        "counselor.status_changed",
        "counselor",
        counselor.id,
        actor=moderator,
        fields=["status"],
        detail={"from": str(old), "to": str(status)},
        reason=reason,
    )
    refresh_listing(counselor)


def raise_many_reports_if_needed(counselor_id: int | None) -> ModerationItem | None:
    """Open a MANY_REPORTS item once a listing collects enough recent reports."""
    if counselor_id is None:
        return None
    window = timedelta(days=current_app.config.get("MODERATION_MANY_REPORTS_DAYS", 30))
    threshold = current_app.config.get("MODERATION_MANY_REPORTS_THRESHOLD", 3)
    recent = (
        session.scalar(
            select(func.count(Report.id)).where(
                Report.counselor_id == counselor_id,
                Report.honeypot_tripped.is_(False),
                Report.created_at >= utcnow() - window,
            )
        )
        or 0
    )
    if recent < threshold:
        return None
    return raise_item(
        ItemKind.MANY_REPORTS,
        counselor_id=counselor_id,
        summary=f"{recent} reports in {window.days} days",
    )
