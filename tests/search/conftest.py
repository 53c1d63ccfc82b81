"""Each search test gets its own index directory and a way to bring it up to date."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from counsel_dir.search import runtime
from counsel_dir.search.store import IndexStore


@pytest.fixture
def index_store(app: Flask, db_session: Any, tmp_path: Path) -> Iterator[IndexStore]:
    """A fresh, empty index directory for this test (the app is pointed at it)."""
    previous = app.config["SEARCH_INDEX_DIR"]
    app.config["SEARCH_INDEX_DIR"] = str(tmp_path / "search-index")
    store = runtime.reset(app)
    yield store
    store.close()
    app.config["SEARCH_INDEX_DIR"] = previous
    runtime.reset(app)


@pytest.fixture
def sync_index(index_store: IndexStore):
    """Apply the index queue now, as the background indexer would."""

    def sync() -> int:
        return runtime.sync_now(index_store)

    return sync


@pytest.fixture
def find(client, sync_index):
    """Search the directory page as a client would; returns the page's HTML."""

    def run(expect: int = 200, **params: Any) -> str:
        sync_index()
        response = client.get("/counselors/", query_string=params)
        assert response.status_code == expect
        return response.get_data(as_text=True)

    return run
