"""The counselor profile: the public listing and the private fields behind it."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from counsel_dir.db import Base, utcnow

if TYPE_CHECKING:
    from counsel_dir.accounts.models import User
    from counsel_dir.credentials.models import Credential, SupervisedHours


class Gender(enum.StrEnum):
    FEMALE = "female"
    MALE = "male"
    UNSPECIFIED = "unspecified"


class ListingSource(enum.StrEnum):
    IMPORTED = "imported"
    SELF_REGISTERED = "self_registered"


class ProfileStatus(enum.StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    DELETED = "deleted"


class Counselor(Base):
    """A counselor's listing. ``tier`` and ``is_listed`` are recomputed by services."""

    __tablename__ = "counselor"
    __table_args__ = (
        Index("ix_counselor_listed_city", "is_listed", "city"),
        Index("ix_counselor_listed_tier", "is_listed", "tier"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    gender: Mapped[Gender] = mapped_column(default=Gender.UNSPECIFIED)
    city: Mapped[str] = mapped_column(String(32))
    district: Mapped[str | None] = mapped_column(String(32))
    offers_online: Mapped[bool] = mapped_column(default=False)
    offers_in_person: Mapped[bool] = mapped_column(default=True)
    languages: Mapped[list[str]] = mapped_column(default=list)
    issues: Mapped[list[str]] = mapped_column(default=list)
    approaches: Mapped[list[str]] = mapped_column(default=list)
    fee_min: Mapped[int | None]
    fee_max: Mapped[int | None]
    accepting_new_clients: Mapped[bool] = mapped_column(default=False)
    accepting_confirmed_at: Mapped[datetime | None]
    bio: Mapped[str] = mapped_column(Text, default="")
    public_contact: Mapped[str] = mapped_column(String(200), default="")
    photo_filename: Mapped[str | None] = mapped_column(String(80))

    source: Mapped[ListingSource] = mapped_column(default=ListingSource.SELF_REGISTERED)
    status: Mapped[ProfileStatus] = mapped_column(default=ProfileStatus.ACTIVE)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), unique=True
    )

    tier: Mapped[int | None]
    is_listed: Mapped[bool] = mapped_column(default=False)

    resident_id_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    resident_id_hash: Mapped[str | None] = mapped_column(String(64), index=True)

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    owner: Mapped[User | None] = relationship(back_populates="counselor")
    credentials: Mapped[list[Credential]] = relationship(
        back_populates="counselor",
        cascade="all, delete-orphan",
        order_by="Credential.id",
    )
    supervised_hours: Mapped[list[SupervisedHours]] = relationship(
        back_populates="counselor",
        foreign_keys="SupervisedHours.counselor_id",
        cascade="all, delete-orphan",
    )

    @property
    def is_claimed(self) -> bool:
        return self.owner_id is not None

    def __repr__(self) -> str:
        return f"<Counselor {self.id} {self.slug}>"
