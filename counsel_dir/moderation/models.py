"""The moderators' queue, the reports that feed it, decisions, requests and appeals."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

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


class Decision(enum.StrEnum):
    """What a moderator can decide on an item (ASK_INFO keeps it open)."""

    DISMISS = "dismiss"
    ASK_INFO = "ask_info"
    CONFIRM_CREDENTIAL = "confirm_credential"
    REVOKE_CREDENTIAL = "revoke_credential"
    SUSPEND_LISTING = "suspend_listing"
    APPROVE_CLAIM = "approve_claim"
    REJECT_CLAIM = "reject_claim"
    RESOLVE_DISPUTE = "resolve_dispute"
    UPHOLD = "uphold"
    OVERTURN = "overturn"


class ReportReason(enum.StrEnum):
    FAKE_OR_BORROWED = "fake_or_borrowed"
    UNRECOGNIZED_ISSUER = "unrecognized_issuer"
    EXPIRED = "expired"
    NOT_SAME_PERSON = "not_same_person"
    MISCONDUCT = "misconduct"
    OUTDATED_LISTING = "outdated_listing"
    OTHER = "other"


class AppealStatus(enum.StrEnum):
    OPEN = "open"
    UPHELD = "upheld"
    OVERTURNED = "overturned"


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

    reports: Mapped[list[Report]] = relationship(back_populates="item", order_by="Report.id")


class Report(Base):
    """A flag raised by a visitor (or a moderator) on a listing or one of its credentials.

    ``client_hash`` is a keyed hash of the client address, kept only to rate-limit;
    ``reporter_id`` is shown to moderators only.
    """

    __tablename__ = "report"
    __table_args__ = (Index("ix_report_client_recent", "client_hash", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    reason: Mapped[ReportReason]
    description: Mapped[str] = mapped_column(Text, default="")
    counselor_id: Mapped[int | None] = mapped_column(
        ForeignKey("counselor.id", ondelete="SET NULL"), index=True
    )
    credential_id: Mapped[int | None] = mapped_column(
        ForeignKey("credential.id", ondelete="SET NULL")
    )
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    client_hash: Mapped[str | None] = mapped_column(String(64))
    honeypot_tripped: Mapped[bool] = mapped_column(default=False)
    item_id: Mapped[int | None] = mapped_column(
        ForeignKey("moderation_item.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    item: Mapped[ModerationItem | None] = relationship(back_populates="reports")


class ModerationDecision(Base):
    """One decision taken on an item, with its written reason (appeals point here)."""

    __tablename__ = "moderation_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("moderation_item.id", ondelete="CASCADE"), index=True
    )
    decision: Mapped[Decision]
    reason: Mapped[str] = mapped_column(Text)
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    counselor_id: Mapped[int | None] = mapped_column(
        ForeignKey("counselor.id", ondelete="SET NULL"), index=True
    )
    credential_id: Mapped[int | None] = mapped_column(
        ForeignKey("credential.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)

    item: Mapped[ModerationItem] = relationship()


class InfoRequest(Base):
    """A moderator's question to the counselor of a listing, and the counselor's reply."""

    __tablename__ = "info_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("moderation_item.id", ondelete="CASCADE"), index=True
    )
    counselor_id: Mapped[int] = mapped_column(
        ForeignKey("counselor.id", ondelete="CASCADE"), index=True
    )
    question: Mapped[str] = mapped_column(Text)
    asked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    asked_at: Mapped[datetime] = mapped_column(default=utcnow)
    reply: Mapped[str | None] = mapped_column(Text)
    replied_at: Mapped[datetime | None]

    item: Mapped[ModerationItem] = relationship()


class Appeal(Base):
    """A counselor's one appeal against a revocation or a suspension."""

    __tablename__ = "appeal"
    __table_args__ = (UniqueConstraint("decision_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("moderation_decision.id", ondelete="CASCADE")
    )
    counselor_id: Mapped[int] = mapped_column(
        ForeignKey("counselor.id", ondelete="CASCADE"), index=True
    )
    statement: Mapped[str] = mapped_column(Text)
    status: Mapped[AppealStatus] = mapped_column(default=AppealStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]

    decision: Mapped[ModerationDecision] = relationship()


class SecondFactorAttempt(Base):
    """A TOTP code tried by a user: for rate limiting and to refuse a replayed code."""

    __tablename__ = "second_factor_attempt"
    __table_args__ = (Index("ix_second_factor_attempt_user_at", "user_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    succeeded: Mapped[bool] = mapped_column(default=False)
    counter: Mapped[int | None]
