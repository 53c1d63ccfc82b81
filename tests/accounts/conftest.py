"""Helpers for the account stories: reading the outbox and following the links in mails."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from argon2 import PasswordHasher, profiles
from sqlalchemy import select

from counsel_dir import create_app
from counsel_dir.accounts import passwords
from counsel_dir.accounts.auth import LOGIN_COOKIE_KEY
from counsel_dir.db import get_engine, session
from counsel_dir.notifications.models import OutboxMail
from tests.conftest import app_config

COOKIE = "counsel_session"
STRONG_PASSWORD = "plum-river-4471-lantern"
OTHER_STRONG_PASSWORD = "cedar-harbor-9038-kite"
_LINK = re.compile(r"https?://\S+")


class Outbox:
    """The mails queued so far, as a person reading their mailbox would see them."""

    def __init__(self, db_session: Any) -> None:
        self._session = db_session

    def to(self, address: str) -> list[OutboxMail]:
        return list(
            self._session.scalars(
                select(OutboxMail).where(OutboxMail.to_address == address).order_by(OutboxMail.id)
            )
        )

    def last_to(self, address: str) -> OutboxMail:
        mails = self.to(address)
        assert mails, f"no mail to {address}"
        return mails[-1]

    def all(self) -> list[OutboxMail]:
        return list(self._session.scalars(select(OutboxMail).order_by(OutboxMail.id)))

    def link_in(self, mail: OutboxMail, path_start: str = "/account/") -> str:
        """The path of the first link in the mail that starts with ``path_start``."""
        for url in _LINK.findall(mail.body):
            path = urlsplit(url).path
            if path.startswith(path_start):
                return path
        raise AssertionError(f"no {path_start} link in mail {mail.subject!r}")


@pytest.fixture
def outbox(db_session: Any) -> Outbox:
    return Outbox(db_session)


def session_cookie(client: Any) -> str | None:
    cookie = client.get_cookie(COOKIE)
    return cookie.value if cookie else None


def replay(client: Any, value: str) -> None:
    client.set_cookie(COOKIE, value)


def login_token(client: Any) -> str | None:
    with client.session_transaction() as flask_session:
        return flask_session.get(LOGIN_COOKIE_KEY)


@pytest.fixture
def sign_up(client: Any):
    def post(email: str, password: str = STRONG_PASSWORD, repeat: str | None = None):
        return client.post(
            "/account/signup",
            data={"email": email, "password": password, "password_repeat": repeat or password},
        )

    return post


@pytest.fixture
def log_in(client: Any):
    def post(email: str, password: str, **kwargs: Any):
        return client.post("/account/login", data={"email": email, "password": password}, **kwargs)

    return post


@pytest.fixture
def fresh_app(app: Any, make_database: Any, tmp_path: Any):
    """Build extra apps on their own committed database; the shared app's binding is restored."""
    made: list[Any] = []

    def make(url: str | None = None, **overrides: Any) -> Any:
        extra = create_app(
            app_config(url or make_database(), tmp_path / str(len(made)), **overrides)
        )
        made.append(extra)
        return extra

    yield make
    session.remove()
    for extra in made:
        get_engine(extra).dispose()
    session.configure(bind=get_engine(app))


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id with the cheapest parameters: the same code path, without the deliberate cost."""
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher.from_parameters(profiles.CHEAPEST))


@pytest.fixture
def csrf_client(csrf_app: Any, app: Any):
    """A client of the CSRF-protected app; its connections are closed afterwards."""
    yield csrf_app.test_client()
    session.remove()
    get_engine(csrf_app).dispose()
    session.configure(bind=get_engine(app))
