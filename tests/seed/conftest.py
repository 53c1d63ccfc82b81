"""Demo data fixtures: a generated set, and an app whose own database holds it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from flask import Flask

from counsel_dir import create_app
from counsel_dir.db import get_engine, session
from seed.data import DemoData
from seed.generator import generate
from seed.loader import LoadSummary, load
from tests.conftest import app_config

DAY = date(2026, 11, 28)


@pytest.fixture(scope="session")
def demo() -> DemoData:
    """The default-size demo set, generated once for the pure tests."""
    return generate(2000, 20261128, today=DAY)


@dataclass
class Seeded:
    app: Flask
    data: DemoData
    summary: LoadSummary


@pytest.fixture(scope="module")
def seeded(make_database, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    """An app with its own database, loaded with 200 demo listings (committed)."""
    app = separate_app(make_database(), tmp_path_factory.mktemp("seeded"))
    data = generate(200, 7)
    with using(app):
        summary = load(data)
    yield Seeded(app=app, data=data, summary=summary)
    get_engine(app).dispose()


@pytest.fixture
def fresh_app(make_database, tmp_path) -> Iterator[Flask]:
    """An app over a new, empty database (for the commands that refuse or wipe)."""
    app = separate_app(make_database(), tmp_path)
    yield app
    get_engine(app).dispose()


def separate_app(database_url: str, folder: Path) -> Flask:
    """An app with its own database that leaves the shared session bound as it was."""
    previous = session.session_factory.kw.get("bind")
    app = create_app(
        app_config(database_url, folder, SIMULATOR_RECORDS_PATH=str(folder / "records.json"))
    )
    session.configure(bind=previous)
    return app


@contextlib.contextmanager
def using(app: Flask) -> Iterator[None]:
    """Point the shared scoped session at ``app``'s database for a while.

    Every app binds the one module-level session when it is created; the tests
    here use several apps, so each use says which database it means.
    """
    previous = session.session_factory.kw.get("bind")
    session.remove()
    session.configure(bind=get_engine(app))
    try:
        with app.app_context():
            yield
    finally:
        session.remove()
        session.configure(bind=previous)
