"""Fixtures shared by every test: the app, a rolled-back database session, factories."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient

from counsel_dir import create_app
from counsel_dir.accounts import passwords
from counsel_dir.credentials.vault import generate_secret
from counsel_dir.db import get_engine, make_engine, session
from counsel_dir.migrate import upgrade
from tests.support.postgres import PostgresServer, start_postgres

pytest_plugins = ["tests.factories"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db",
        choices=("sqlite", "postgresql"),
        default=os.environ.get("COUNSEL_TEST_DB", "sqlite"),
        help="database backend for the suite",
    )


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing() -> Iterator[None]:
    """Cheap argon2 parameters: the suite hashes hundreds of passwords."""
    original = passwords._hasher
    passwords._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    passwords._hasher = original


@pytest.fixture(scope="session")
def backend(request: pytest.FixtureRequest) -> str:
    return request.config.getoption("--db")


@pytest.fixture(scope="session")
def postgres_server(backend: str) -> Iterator[PostgresServer | None]:
    if backend != "postgresql":
        yield None
        return
    server = start_postgres()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def make_database(postgres_server: PostgresServer | None, tmp_path_factory: pytest.TempPathFactory):
    """A callable that creates an empty, migrated database and returns its URL."""

    def make() -> str:
        if postgres_server is not None:
            url = postgres_server.create_database(f"t_{uuid.uuid4().hex[:12]}")
        else:
            url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'counsel.db'}"
        engine = make_engine(url)
        with engine.begin() as connection:
            upgrade(connection)
        engine.dispose()
        return url

    return make


def app_config(database_url: str, tmp_path: Path, **overrides: Any) -> dict[str, Any]:
    """Settings for an app under test."""
    config: dict[str, Any] = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "RESIDENT_ID_SECRET": TEST_RESIDENT_ID_SECRET,
        "DATABASE_URL": database_url,
        "SEARCH_INDEX_DIR": str(tmp_path / "search-index"),
        "SEARCH_BACKGROUND_INDEXER": False,
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "MAIL_PRINT_TO_CONSOLE": False,
        "DEV_PAGES": False,
        "WTF_CSRF_ENABLED": False,
    }
    config.update(overrides)
    return config


TEST_RESIDENT_ID_SECRET = generate_secret()


@pytest.fixture(scope="session")
def app(make_database, tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """The app every ordinary test shares; each test's changes are rolled back."""
    return create_app(app_config(make_database(), tmp_path_factory.mktemp("app")))


@pytest.fixture
def db_session(app: Flask) -> Iterator[Any]:
    """The scoped session, joined to an outer transaction that is rolled back after the test."""
    engine = get_engine(app)
    connection = engine.connect()
    outer = connection.begin()
    session.remove()
    session.configure(bind=connection, join_transaction_mode="create_savepoint")
    with app.test_request_context():
        yield session
    session.remove()
    outer.rollback()
    connection.close()
    session.configure(bind=engine)


@pytest.fixture
def client(app: Flask, db_session: Any) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def csrf_app(make_database, tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """An app with CSRF protection on, for the tests that prove it."""
    return create_app(
        app_config(make_database(), tmp_path_factory.mktemp("csrf"), WTF_CSRF_ENABLED=True)
    )
