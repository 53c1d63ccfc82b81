"""The index in a running app: one store per app, start-up check, the background indexer.

With ``SEARCH_BACKGROUND_INDEXER`` (the embedded default) every process runs
a daemon thread that, every ``SEARCH_SYNC_INTERVAL_SECONDS``, tries to take
the indexer lock without waiting: the process that gets it applies the
queue, the others skip their turn. Several gunicorn workers therefore never
write at the same time and none of them ever waits for a writer. The thread
starts with a process's first request, so that workers forked after the app
was created each get their own.
"""

from __future__ import annotations

import logging
import threading

from flask import Flask, current_app

from counsel_dir.db import session
from counsel_dir.search import indexer
from counsel_dir.search.store import IndexerBusy, IndexStore

log = logging.getLogger(__name__)

EXTENSION_KEY = "search_store"


def init_app(app: Flask) -> None:
    """Attach the index store; start the background indexer with the first request."""
    app.extensions[EXTENSION_KEY] = IndexStore(app.config["SEARCH_INDEX_DIR"])
    app.extensions["search_checked"] = False
    if not app.config["SEARCH_BACKGROUND_INDEXER"]:
        return
    started = threading.Lock()

    @app.before_request
    def _start_background_indexer() -> None:
        if app.extensions.get("search_indexer") is not None:
            return
        with started:
            if app.extensions.get("search_indexer") is None:
                thread = BackgroundIndexer(app)
                app.extensions["search_indexer"] = thread
                thread.start()


def store_for(app: Flask) -> IndexStore:
    """The app's index store."""
    return app.extensions[EXTENSION_KEY]


def reset(app: Flask) -> IndexStore:
    """Point the app at ``SEARCH_INDEX_DIR`` again (tests switch directories)."""
    store_for(app).close()
    app.extensions[EXTENSION_KEY] = IndexStore(app.config["SEARCH_INDEX_DIR"])
    app.extensions["search_checked"] = False
    return store_for(app)


def ready_store() -> IndexStore:
    """The current app's store, checked once per process (missing or damaged: rebuilt)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    store = store_for(app)
    if not app.extensions.get("search_checked"):
        indexer.ensure(store)
        app.extensions["search_checked"] = True
    return store


def sync_now(store: IndexStore, wait: float = 0.0) -> int:
    """Apply the whole queue if this process can become the indexer; return rows applied."""
    try:
        with store.indexer_lock(wait=wait):
            if store.current_generation() is None:
                indexer.rebuild(store)
            return indexer.drain(store)
    except IndexerBusy:
        return 0


class BackgroundIndexer(threading.Thread):
    """Applies the index queue every few hundred milliseconds while the process lives."""

    def __init__(self, app: Flask) -> None:
        super().__init__(name="search-indexer", daemon=True)
        self.app = app
        self.interval = float(app.config["SEARCH_SYNC_INTERVAL_SECONDS"])
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            with self.app.app_context():
                try:
                    sync_now(store_for(self.app))
                except Exception:
                    session.rollback()
                    log.exception("search_indexer_failed")
            self.stopping.wait(self.interval)

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=5)
