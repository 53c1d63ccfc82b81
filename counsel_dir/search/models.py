"""The index queue: written in the same transaction as the change it announces."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column

from counsel_dir.db import Base, utcnow


class IndexQueueEntry(Base):
    """A counselor whose search document must be refreshed (or removed)."""

    __tablename__ = "index_queue"

    id: Mapped[int] = mapped_column(primary_key=True)
    counselor_id: Mapped[int] = mapped_column(index=True)
    enqueued_at: Mapped[datetime] = mapped_column(default=utcnow)
