"""Announcing changes to the indexer."""

from __future__ import annotations

from counsel_dir.db import session
from counsel_dir.search.models import IndexQueueEntry


def enqueue_reindex(counselor_id: int) -> None:
    """Ask the indexer to refresh this counselor's document after the transaction commits."""
    session.add(IndexQueueEntry(counselor_id=counselor_id))
