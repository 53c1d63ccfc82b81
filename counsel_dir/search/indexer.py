"""The one writer of the index: applies the queue, rebuilds, checks against the database.

The database is the source of truth. Every change writes an ``index_queue``
row in its own transaction; the indexer applies queued rows in batches and
deletes exactly the rows it applied, in a transaction that starts after the
Whoosh commit succeeded. Applying a row twice is harmless (upsert by
counselor id, delete when not listed or gone), so a crash between the two
commits only repeats work.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row, and_, delete, func, or_, select

from counsel_dir.db import session
from counsel_dir.directory.models import Counselor
from counsel_dir.search.models import IndexQueueEntry
from counsel_dir.search.schema import document, stamp
from counsel_dir.search.store import IndexStore, IndexUnavailable

log = logging.getLogger(__name__)

WRITER_TIMEOUT_SECONDS = 30.0
REBUILD_CHUNK = 1000

_PUBLIC_COLUMNS = (
    Counselor.id,
    Counselor.display_name,
    Counselor.gender,
    Counselor.city,
    Counselor.district,
    Counselor.offers_online,
    Counselor.offers_in_person,
    Counselor.languages,
    Counselor.issues,
    Counselor.approaches,
    Counselor.fee_min,
    Counselor.fee_max,
    Counselor.accepting_new_clients,
    Counselor.bio,
    Counselor.tier,
    Counselor.is_listed,
    Counselor.updated_at,
)


def _public_counselors(ids: Iterable[int]) -> list[Row[Any]]:
    """Counselors' public columns only, as rows (nothing private is read)."""
    return list(session.execute(select(*_PUBLIC_COLUMNS).where(Counselor.id.in_(list(ids)))))


def apply_queue(store: IndexStore, batch_size: int = 500) -> int:
    """Apply up to ``batch_size`` queued changes; return how many queue rows were applied.

    The caller holds the indexer lock.
    """
    rows = session.execute(
        select(IndexQueueEntry.id, IndexQueueEntry.counselor_id)
        .order_by(IndexQueueEntry.id)
        .limit(batch_size)
    ).all()
    if not rows:
        return 0
    counselor_ids = {row.counselor_id for row in rows}
    listed = {c.id: c for c in _public_counselors(counselor_ids) if c.is_listed}
    index = store.open_index()
    writer = index.writer(timeout=WRITER_TIMEOUT_SECONDS)
    try:
        for counselor_id in sorted(counselor_ids):
            counselor = listed.get(counselor_id)
            if counselor is None:
                writer.delete_by_term("id", str(counselor_id))
            else:
                writer.update_document(**document(counselor))
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    store.write_manifest()
    applied = [row.id for row in rows]
    session.execute(delete(IndexQueueEntry).where(IndexQueueEntry.id.in_(applied)))
    session.commit()
    log.info("search_index_applied rows=%d counselors=%d", len(applied), len(counselor_ids))
    return len(applied)


def drain(store: IndexStore, batch_size: int = 500) -> int:
    """Apply queued changes until the queue is empty; the caller holds the indexer lock."""
    total = 0
    while applied := apply_queue(store, batch_size):
        total += applied
    return total


def listed_count() -> int:
    """How many counselors are listed (the size of a full rebuild)."""
    return (
        session.scalar(
            select(func.count()).select_from(Counselor).where(Counselor.is_listed.is_(True))
        )
        or 0
    )


def _listed_in_chunks(chunk: int = REBUILD_CHUNK) -> Iterator[Sequence[Row[Any]]]:
    """Listed counselors best tier first, then by id (the order a rebuild writes them in)."""
    last_tier, last_id = 0, 0
    while True:
        batch = session.execute(
            select(*_PUBLIC_COLUMNS)
            .where(
                Counselor.is_listed.is_(True),
                or_(
                    Counselor.tier > last_tier,
                    and_(Counselor.tier == last_tier, Counselor.id > last_id),
                ),
            )
            .order_by(Counselor.tier, Counselor.id)
            .limit(chunk)
        ).all()
        if not batch:
            return
        yield batch
        last_tier, last_id = batch[-1].tier or 0, batch[-1].id


def rebuild(store: IndexStore, progress: Callable[[int], None] | None = None) -> int:
    """Build a fresh generation from the database and swap it in; return the documents written.

    The caller holds the indexer lock. Queue rows visible when the rebuild
    starts are covered by it and deleted once the new generation is served.
    """
    covered = list(session.scalars(select(IndexQueueEntry.id)))
    name, index = store.new_generation()
    writer = index.writer(limitmb=256)
    written = 0
    try:
        for batch in _listed_in_chunks():
            for counselor in batch:
                writer.add_document(**document(counselor))
            written += len(batch)
            if progress is not None:
                progress(len(batch))
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    store.write_manifest(name)
    store.swap_to(name)
    for start in range(0, len(covered), 1000):
        chunk = covered[start : start + 1000]
        session.execute(delete(IndexQueueEntry).where(IndexQueueEntry.id.in_(chunk)))
    session.commit()
    log.info("search_index_rebuilt generation=%s documents=%d", name, written)
    return written


@dataclass
class CheckReport:
    """Differences found between the index and the database (and repaired)."""

    missing: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)

    @property
    def is_clean(self) -> bool:
        return not (self.missing or self.stale or self.extra)


def check(store: IndexStore, repair: bool = True) -> CheckReport:
    """Compare every indexed document with the database; with ``repair``, fix the index.

    The caller holds the indexer lock.
    """
    index = store.open_index()
    with index.searcher() as searcher:
        indexed = {int(f["id"]): f.get("stamp") for f in searcher.reader().all_stored_fields()}
    report = CheckReport()
    seen: set[int] = set()
    for batch in _listed_in_chunks():
        for counselor in batch:
            seen.add(counselor.id)
            if counselor.id not in indexed:
                report.missing.append(counselor.id)
            elif indexed[counselor.id] != stamp(counselor):
                report.stale.append(counselor.id)
    report.extra = sorted(set(indexed) - seen)
    if repair and not report.is_clean:
        writer = index.writer(timeout=WRITER_TIMEOUT_SECONDS)
        try:
            for start in range(0, len(report.missing + report.stale), REBUILD_CHUNK):
                ids = (report.missing + report.stale)[start : start + REBUILD_CHUNK]
                for counselor in _public_counselors(ids):
                    writer.update_document(**document(counselor))
            for counselor_id in report.extra:
                writer.delete_by_term("id", str(counselor_id))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        store.write_manifest()
        log.info(
            "search_index_repaired missing=%d stale=%d extra=%d",
            len(report.missing),
            len(report.stale),
            len(report.extra),
        )
    return report


def is_healthy(store: IndexStore) -> bool:
    """Whether the served generation exists and reads back whole."""
    try:
        store.verify()
    except IndexUnavailable as problem:
        log.warning("search_index_unusable reason=%s", problem)
        return False
    return True


def ensure(store: IndexStore, wait: float = 600.0) -> bool:
    """Rebuild the index if it is missing or damaged; return whether a rebuild happened."""
    if is_healthy(store):
        return False
    with store.indexer_lock(wait=wait):
        if is_healthy(store):
            return False
        rebuild(store)
        return True
