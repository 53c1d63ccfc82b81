"""The moderators' queue."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from counsel_dir.db import Base, utcnow


class ItemKind(enum.StrEnum):
    REPORT = "report"
    UNRECOGNIZED_ISSUER = "unrecognized_issuer"
    VERIFICATION_REJECTED = "verification_rejected"
    VERIFICATION_INCONCLUSIVE = "verification_inconclusive"
    VERIFICATION_OVERDUE = "verification_overdue"
    MANUAL_VERIFICATION = "manual_verification"
    CLAIM_REVIEW = "claim_review"
    CLAIM_DISPUTE = "claim_dispute"
    FAILED_CLAIMS = "failed_claims"
    MANY_REPORTS = "many_reports"
    APPEAL = "appeal"


class ItemStatus(enum.StrEnum):
    OPEN = "open"
    ASSIGNED = "assigned"
    AWAITING_COUNSELOR = "awaiting_counselor"
    CLOSED = "closed"


class ModerationItem(Base):
    """Something a moderator must look at. ``subject_id`` points at the report, claim
    or appeal the item is about, depending on ``kind``."""

    __tablename__ = "moderation_item"
    __table_args__ = (Index("ix_moderation_item_queue", "status", "priority", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ItemKind]
    status: Mapped[ItemStatus] = mapped_column(default=ItemStatus.OPEN)
    priority: Mapped[int] = mapped_column(default=0)
    counselor_id: Mapped[int | None] = mapped_column(
        ForeignKey("counselor.id", ondelete="SET NULL"), index=True
    )
    credential_id: Mapped[int | None] = mapped_column(
        ForeignKey("credential.id", ondelete="SET NULL"), index=True
    )
    subject_id: Mapped[int | None]
    summary: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    assigned_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    decision: Mapped[str | None] = mapped_column(String(40))
    decision_reason: Mapped[str | None] = mapped_column(Text)
