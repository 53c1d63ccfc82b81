"""Claims on imported listings and the attempts made to prove them."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from counsel_dir.db import Base, utcnow

if TYPE_CHECKING:
    from counsel_dir.accounts.models import User
    from counsel_dir.directory.models import Counselor


class ClaimState(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class Claim(Base):
    """A user's proven "this is me" on a listing, waiting for a moderator.

    The resident ID number entered is kept only sealed (deleted once decided) and
    masked (for moderators); it never appears in clear.
    """

    __tablename__ = "claim"

    id: Mapped[int] = mapped_column(primary_key=True)
    counselor_id: Mapped[int] = mapped_column(
        ForeignKey("counselor.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    credential_id: Mapped[int | None] = mapped_column(
        ForeignKey("credential.id", ondelete="SET NULL")
    )
    state: Mapped[ClaimState] = mapped_column(default=ClaimState.PENDING)
    is_dispute: Mapped[bool] = mapped_column(default=False)
    issuer_checked: Mapped[bool] = mapped_column(default=False)
    resident_id_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    resident_id_masked: Mapped[str] = mapped_column(String(18), default="")
    consent_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decision_reason: Mapped[str | None] = mapped_column(Text)

    counselor: Mapped[Counselor] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])

    def __repr__(self) -> str:
        return f"<Claim {self.id} {self.state}>"


class ClaimAttempt(Base):
    """One try at proving a claim; failures per listing drive the rate limit."""

    __tablename__ = "claim_attempt"
    __table_args__ = (Index("ix_claim_attempt_listing_at", "counselor_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    counselor_id: Mapped[int] = mapped_column(ForeignKey("counselor.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    succeeded: Mapped[bool] = mapped_column(default=False)
