"""Credentials, their verification history and attested supervised hours."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from counsel_dir.credentials.kinds import CredentialKind, CredentialStatus
from counsel_dir.db import Base, utcnow

if TYPE_CHECKING:
    from counsel_dir.directory.models import Counselor


class VerificationMethod(enum.StrEnum):
    ISSUER_CHANNEL = "issuer_channel"
    MODERATOR_ASSISTED = "moderator_assisted"
    IMPORT = "import"


class VerificationOutcome(enum.StrEnum):
    MATCH = "match"
    NOT_FOUND = "not_found"
    MISMATCH = "mismatch"
    INCONCLUSIVE = "inconclusive"
    EXPIRED = "expired"
    REVOKED = "revoked"


class AttestationState(enum.StrEnum):
    PENDING = "pending"
    ATTESTED = "attested"
    DECLINED = "declined"


class Credential(Base):
    """One credential a counselor holds, with its current verification state."""

    __tablename__ = "credential"
    __table_args__ = (Index("ix_credential_due", "next_check_due", "lease_expires_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    counselor_id: Mapped[int] = mapped_column(
        ForeignKey("counselor.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[CredentialKind]
    number: Mapped[str] = mapped_column(String(64))
    issuer_name: Mapped[str] = mapped_column(String(200))
    portal_url: Mapped[str | None] = mapped_column(String(500))
    issued_on: Mapped[date | None]
    valid_until: Mapped[date | None]

    status: Mapped[CredentialStatus] = mapped_column(default=CredentialStatus.PENDING)
    status_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_verified_at: Mapped[datetime | None]
    last_checked_at: Mapped[datetime | None]
    next_check_due: Mapped[datetime | None]
    consecutive_inconclusive: Mapped[int] = mapped_column(default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_expires_at: Mapped[datetime | None]

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    counselor: Mapped[Counselor] = relationship(back_populates="credentials")
    verifications: Mapped[list[VerificationRecord]] = relationship(
        back_populates="credential",
        cascade="all, delete-orphan",
        order_by="VerificationRecord.checked_at.desc()",
    )

    def __repr__(self) -> str:
        return f"<Credential {self.id} {self.kind} {self.status}>"


class VerificationRecord(Base):
    """One check of a credential. Append-only: the credential's history."""

    __tablename__ = "verification_record"
    __table_args__ = (UniqueConstraint("credential_id", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    credential_id: Mapped[int] = mapped_column(
        ForeignKey("credential.id", ondelete="CASCADE"), index=True
    )
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)
    method: Mapped[VerificationMethod]
    outcome: Mapped[VerificationOutcome]
    channel_response: Mapped[dict[str, Any] | None]
    mismatch_field: Mapped[str | None] = mapped_column(String(40))
    error_detail: Mapped[str | None] = mapped_column(String(500))
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(Text)
    evidence_filename: Mapped[str | None] = mapped_column(String(80))
    due_at: Mapped[datetime | None]

    credential: Mapped[Credential] = relationship(back_populates="verifications")


class SupervisedHours(Base):
    """Hours of supervised practice, counted for tier 3 once the supervisor attests them."""

    __tablename__ = "supervised_hours"

    id: Mapped[int] = mapped_column(primary_key=True)
    counselor_id: Mapped[int] = mapped_column(
        ForeignKey("counselor.id", ondelete="CASCADE"), index=True
    )
    supervisor_id: Mapped[int] = mapped_column(
        ForeignKey("counselor.id", ondelete="CASCADE"), index=True
    )
    period_start: Mapped[date]
    period_end: Mapped[date]
    hours: Mapped[float] = mapped_column(Numeric(6, 1, asdecimal=False))
    description: Mapped[str] = mapped_column(String(500), default="")
    state: Mapped[AttestationState] = mapped_column(default=AttestationState.PENDING)
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    counselor: Mapped[Counselor] = relationship(
        back_populates="supervised_hours", foreign_keys=[counselor_id]
    )
    supervisor: Mapped[Counselor] = relationship(foreign_keys=[supervisor_id])
