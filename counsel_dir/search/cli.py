"""``flask index rebuild|sync|check|ensure``: the indexer from the command line."""

from __future__ import annotations

import logging
import threading

import click
from flask import current_app
from flask.cli import AppGroup

from counsel_dir.db import session
from counsel_dir.search import indexer
from counsel_dir.search.runtime import store_for, sync_now
from counsel_dir.search.store import IndexerBusy, IndexStore

log = logging.getLogger(__name__)

index_cli = AppGroup("index", help="The search index: rebuild, apply queued changes, check.")


def _store() -> IndexStore:
    return store_for(current_app._get_current_object())  # type: ignore[attr-defined]


@index_cli.command("rebuild")
@click.option("--wait", default=600.0, show_default=True, help="Seconds to wait for the lock.")
def rebuild_command(wait: float) -> None:
    """Build a fresh index from the database and swap it in atomically."""
    store = _store()
    try:
        with store.indexer_lock(wait=wait):
            total = indexer.listed_count()
            with click.progressbar(length=total, label="Indexing counselors") as bar:
                written = indexer.rebuild(store, progress=bar.update)
    except IndexerBusy:
        raise click.ClickException("another indexer is running; try again later") from None
    click.echo(f"index rebuilt: {written} listed counselors")


@index_cli.command("sync")
@click.option("--wait", default=30.0, show_default=True, help="Seconds to wait for the lock.")
@click.option(
    "--follow",
    is_flag=True,
    help="Keep applying the queue every SEARCH_SYNC_INTERVAL_SECONDS (the indexer process).",
)
def sync_command(wait: float, follow: bool) -> None:
    """Apply the queued changes to the index (exits cleanly if another indexer runs)."""
    store = _store()
    if follow:
        _follow(store)
        return
    try:
        with store.indexer_lock(wait=wait):
            if store.current_generation() is None:
                indexer.rebuild(store)
            applied = indexer.drain(store)
    except IndexerBusy:
        click.echo("another indexer is running; it will apply the queue")
        return
    click.echo(f"applied {applied} queued changes")


def _follow(store: IndexStore) -> None:
    """The dedicated indexer of a deployment: apply the queue until interrupted."""
    interval = float(current_app.config["SEARCH_SYNC_INTERVAL_SECONDS"])
    click.echo(f"applying the index queue every {interval:g} s; Ctrl-C stops")
    stop = threading.Event()
    try:
        while not stop.is_set():
            try:
                applied = sync_now(store, wait=interval)
            except Exception:
                session.rollback()
                log.exception("search_indexer_failed")
                applied = 0
            if applied:
                log.info("search_index_synced applied=%s", applied)
            session.remove()
            stop.wait(interval)
    except KeyboardInterrupt:
        click.echo("indexer stopped")


@index_cli.command("check")
@click.option("--no-repair", is_flag=True, help="Only report the differences.")
@click.option("--wait", default=60.0, show_default=True, help="Seconds to wait for the lock.")
def check_command(no_repair: bool, wait: float) -> None:
    """Compare the index with the database and repair the differences."""
    store = _store()
    try:
        with store.indexer_lock(wait=wait):
            if not indexer.is_healthy(store):
                click.echo("index missing or damaged: rebuilding")
                indexer.rebuild(store)
                return
            report = indexer.check(store, repair=not no_repair)
    except IndexerBusy:
        raise click.ClickException("another indexer is running; try again later") from None
    verb = "found" if no_repair else "repaired"
    click.echo(
        f"{verb}: {len(report.missing)} missing, {len(report.stale)} stale, "
        f"{len(report.extra)} extra"
    )
    if no_repair and not report.is_clean:
        raise SystemExit(1)


@index_cli.command("ensure")
def ensure_command() -> None:
    """Build the index if it is missing or damaged (used by ``make run``)."""
    rebuilt = indexer.ensure(_store())
    click.echo("index rebuilt" if rebuilt else "index is usable")
