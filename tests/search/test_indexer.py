"""The index follows the database through the queue, and survives rebuilds and crashes."""

from __future__ import annotations

import random
import threading
import time

import pytest
from sqlalchemy import func, select
from whoosh.searching import Searcher

from counsel_dir.credentials.resident_id import mask
from counsel_dir.credentials.services import identity_vault
from counsel_dir.directory.models import ProfileStatus
from counsel_dir.directory.services import refresh_listing
from counsel_dir.search import indexer, runtime
from counsel_dir.search.engine import search_index
from counsel_dir.search.models import IndexQueueEntry
from counsel_dir.search.params import SearchParams
from counsel_dir.search.query import query_words, text_query
from counsel_dir.search.ranking import TierFirstBM25F
from counsel_dir.search.schema import document
from counsel_dir.search.store import IndexerBusy, IndexUnavailable


def queued(db_session) -> int:
    return db_session.scalar(select(func.count()).select_from(IndexQueueEntry))


def indexed_ids(store) -> set[int]:
    with store.open_index().searcher() as searcher:
        return {int(fields["id"]) for fields in searcher.reader().all_stored_fields()}


@pytest.fixture
def built(index_store, sync_index):
    """An index built from the (empty) directory, queue drained."""
    sync_index()
    return index_store


def test_a_change_to_a_listing_is_queued_in_the_same_transaction(db_session, make_counselor):
    before = queued(db_session)
    counselor = make_counselor(tier=2)
    assert queued(db_session) > before
    counselor.bio = "新的介绍"
    refresh_listing(counselor)
    rows = db_session.scalars(
        select(IndexQueueEntry).where(IndexQueueEntry.counselor_id == counselor.id)
    ).all()
    assert len(rows) >= 2


def test_indexer_applies_the_queue_in_batches_and_deletes_what_it_applied(
    db_session, built, make_counselor
):
    counselors = [make_counselor(tier=2) for _ in range(3)]
    total = queued(db_session)
    assert indexer.apply_queue(built, batch_size=2) == 2
    assert queued(db_session) == total - 2
    with built.indexer_lock():
        indexer.drain(built, batch_size=2)
    assert queued(db_session) == 0
    assert {c.id for c in counselors} <= indexed_ids(built)


def test_applying_the_same_change_twice_is_harmless(db_session, built, make_counselor):
    counselor = make_counselor(tier=1, display_name="重复")
    runtime.sync_now(built)
    refresh_listing(counselor)
    refresh_listing(counselor)
    runtime.sync_now(built)
    with built.open_index().searcher() as searcher:
        assert searcher.doc_count() == len(indexed_ids(built))
    assert counselor.id in indexed_ids(built)


def test_crash_after_the_index_commit_only_repeats_work(
    db_session, built, make_counselor, monkeypatch
):
    counselor = make_counselor(tier=2)
    db_session.commit()
    real_delete = indexer.delete

    def crash(*_args, **_kwargs):
        raise RuntimeError("process died")

    monkeypatch.setattr(indexer, "delete", crash)
    with pytest.raises(RuntimeError):
        indexer.apply_queue(built)
    db_session.rollback()
    monkeypatch.setattr(indexer, "delete", real_delete)
    assert queued(db_session) > 0
    runtime.sync_now(built)
    assert queued(db_session) == 0
    assert counselor.id in indexed_ids(built)


def test_unlisting_removes_the_document(db_session, built, make_counselor):
    counselor = make_counselor(tier=2)
    runtime.sync_now(built)
    counselor.status = ProfileStatus.DELETED
    refresh_listing(counselor)
    runtime.sync_now(built)
    assert counselor.id not in indexed_ids(built)


def test_rebuild_writes_a_new_generation_and_swaps_it_in(db_session, built, make_counselor):
    old = built.current_generation()
    counselor = make_counselor(tier=1)
    searcher = built.searcher()
    with built.indexer_lock():
        written = indexer.rebuild(built)
    new = built.current_generation()
    assert new != old
    assert built.generation_dir(old).exists(), "the replaced generation stays until next swap"
    with built.indexer_lock():
        indexer.rebuild(built)
    assert not built.generation_dir(old).exists()
    assert written >= 1
    assert counselor.id in indexed_ids(built)
    assert queued(db_session) == 0
    assert built.searcher() is not searcher


def test_rebuild_command_shows_progress_and_swaps(app, built, make_counselor):
    make_counselor(tier=2)
    old = built.current_generation()
    result = app.test_cli_runner().invoke(args=["index", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "index rebuilt" in result.output
    assert built.current_generation() != old


def test_a_truncated_segment_is_detected_and_rebuilt(db_session, built, make_counselor):
    counselor = make_counselor(tier=2, display_name="恢复")
    runtime.sync_now(built)
    directory = built.generation_dir(built.current_generation())
    segment = max(directory.glob("*.seg"), key=lambda path: path.stat().st_size)
    data = segment.read_bytes()
    segment.write_bytes(data[: len(data) // 2])
    with pytest.raises(IndexUnavailable):
        built.verify()
    assert indexer.ensure(built) is True
    assert built.verify() >= 1
    assert counselor.id in indexed_ids(built)


def test_a_missing_index_is_built_before_the_first_search(client, index_store, make_counselor):
    make_counselor(tier=2, display_name="首次")
    assert index_store.current_generation() is None
    page = client.get("/counselors/?q=首次").get_data(as_text=True)
    assert "首次" in page
    assert index_store.current_generation() is not None


def test_damaged_index_is_never_served_at_start_up(app, client, built, make_counselor):
    make_counselor(tier=2, display_name="完好")
    runtime.sync_now(built)
    directory = built.generation_dir(built.current_generation())
    for path in directory.glob("*.seg"):
        path.write_bytes(b"garbage")
    store = runtime.reset(app)
    assert "完好" in client.get("/counselors/?q=完好").get_data(as_text=True)
    assert store.verify() >= 1


def test_a_second_indexer_exits_cleanly_while_one_is_running(app, built):
    with built.indexer_lock():
        with pytest.raises(IndexerBusy):
            with built.indexer_lock(wait=0.1):
                pass
        assert runtime.sync_now(built) == 0
        result = app.test_cli_runner().invoke(args=["index", "sync", "--wait", "0.2"])
    assert result.exit_code == 0, result.output
    assert "another indexer is running" in result.output


def test_a_second_indexer_waits_its_turn(built):
    released = threading.Event()
    outcome: list[str] = []

    def hold() -> None:
        with built.indexer_lock():
            released.wait(5)
            time.sleep(0.2)

    holder = threading.Thread(target=hold)
    holder.start()
    time.sleep(0.1)
    released.set()
    with built.indexer_lock(wait=5):
        outcome.append("got the lock")
    holder.join()
    assert outcome == ["got the lock"]


def test_sync_command_applies_the_queue(app, db_session, built, make_counselor):
    counselor = make_counselor(tier=2)
    result = app.test_cli_runner().invoke(args=["index", "sync"])
    assert result.exit_code == 0, result.output
    assert "applied" in result.output
    assert counselor.id in indexed_ids(built)


def test_the_indexer_process_keeps_applying_the_queue_until_stopped(
    app, db_session, built, make_counselor, monkeypatch
):
    from counsel_dir.search import cli

    counselor = make_counselor(tier=2)
    rounds = []

    def sync_then_stop(store, wait=0.0):
        rounds.append(wait)
        if len(rounds) == 2:
            raise KeyboardInterrupt
        return runtime.sync_now(store)

    monkeypatch.setattr(cli, "sync_now", sync_then_stop)
    monkeypatch.setitem(app.config, "SEARCH_SYNC_INTERVAL_SECONDS", 0.01)
    result = app.test_cli_runner().invoke(args=["index", "sync", "--follow"])
    assert result.exit_code == 0, result.output
    assert "indexer stopped" in result.output
    assert len(rounds) == 2
    assert counselor.id in indexed_ids(built)


def test_check_finds_and_repairs_differences(app, db_session, built, make_counselor):
    kept, dropped, changed = (make_counselor(tier=2) for _ in range(3))
    runtime.sync_now(built)
    writer = built.open_index().writer()
    writer.delete_by_term("id", str(dropped.id))
    ghost = document(kept)
    ghost.update(id="999999", num=999999)
    writer.add_document(**ghost)
    writer.commit()
    built.write_manifest()
    changed.tier = 3
    db_session.flush()

    with built.indexer_lock():
        report = indexer.check(built, repair=False)
    assert report.missing == [dropped.id]
    assert report.extra == [999999]
    assert changed.id in report.stale

    result = app.test_cli_runner().invoke(args=["index", "check"])
    assert result.exit_code == 0, result.output
    with built.indexer_lock():
        assert indexer.check(built, repair=False).is_clean


def test_no_private_data_reaches_the_index(db_session, built, make_counselor, make_user):
    resident_id = "11010519491231002X"
    owner = make_user(email="private-owner@example.com")
    counselor = make_counselor(tier=2, display_name="隐私", owner_id=owner.id)
    vault = identity_vault()
    counselor.resident_id_sealed = vault.seal(resident_id)
    counselor.resident_id_hash = vault.match_hash(resident_id)
    refresh_listing(counselor)
    runtime.sync_now(built)

    stored: list[str] = []
    with built.open_index().searcher() as searcher:
        reader = searcher.reader()
        for fields in reader.all_stored_fields():
            stored.extend(str(value) for value in fields.values())
        for fieldname in reader.schema.names():
            if reader.schema[fieldname].format is not None:
                stored.extend(_text(term) for term in reader.lexicon(fieldname))
    everything = "\n".join(stored)
    files = b"".join(path.read_bytes() for path in built.base.rglob("*") if path.is_file())
    secrets = (resident_id, mask(resident_id), counselor.resident_id_hash, owner.email, "19491231")
    for secret in secrets:
        assert secret not in everything
        assert secret.encode() not in files
    assert "隐私" in everything


def _text(term: object) -> str:
    return term.decode("utf-8", "replace") if isinstance(term, bytes) else str(term)


def test_an_index_removed_while_serving_is_rebuilt_not_a_500(client, built, make_counselor):
    import shutil

    make_counselor(tier=2, display_name="重建")
    runtime.sync_now(built)
    assert "重建" in client.get("/counselors/?q=重建").get_data(as_text=True)
    shutil.rmtree(built.base)
    response = client.get("/counselors/?q=重建")
    assert response.status_code == 200
    assert "重建" in response.get_data(as_text=True)


def test_ensure_command_builds_a_missing_index_once(app, index_store, make_counselor):
    make_counselor(tier=2)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["index", "ensure"])
    assert first.exit_code == 0 and "index rebuilt" in first.output
    second = runner.invoke(args=["index", "ensure"])
    assert second.exit_code == 0 and "index is usable" in second.output


def test_check_without_repair_fails_when_the_index_differs(app, built, make_counselor):
    make_counselor(tier=2)
    result = app.test_cli_runner().invoke(args=["index", "check", "--no-repair"])
    assert result.exit_code == 1
    assert "1 missing" in result.output


def test_skipping_blocks_of_lower_tiers_never_changes_the_page(db_session, built, make_counselor):
    rng = random.Random(7)
    for number in range(320):
        bio = "焦虑" * rng.randint(1, 4) + "。" + "平静的生活。" * rng.randint(0, 6)
        make_counselor(tier=rng.choice((1, 2)), display_name=f"块{number}", bio=bio)
    with built.indexer_lock():
        indexer.rebuild(built)
    searcher = built.searcher()
    for sort in ("relevance", "tier"):
        params = SearchParams(q="焦虑", sort=sort, per_page=15, with_facets=False)
        optimized = search_index(searcher, params).ids
        weighting = TierFirstBM25F() if sort == "tier" else searcher.weighting
        exhaustive = Searcher(searcher.reader(), weighting=weighting, closereader=False).search(
            text_query(query_words("焦虑"), "焦虑"), limit=15, optimize=False
        )
        assert optimized == [int(hit["id"]) for hit in exhaustive]
