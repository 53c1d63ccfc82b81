"""Moderation fixtures: moderators with a second factor, browsers, claims."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

import pyotp
import pytest
from flask.testing import FlaskClient

from counsel_dir.accounts.auth import LOGIN_COOKIE_KEY
from counsel_dir.accounts.auth import _hash_token as hash_token
from counsel_dir.accounts.models import Role, User, UserSession
from counsel_dir.credentials import resident_id
from counsel_dir.credentials.services import identity_vault
from counsel_dir.db import session, utcnow
from counsel_dir.moderation.second_factor import seal_secret
from counsel_dir.profiles.models import Claim

CLAIM_ID_NUMBER = "11010519491231002X"
MODERATOR_SECRET = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"


def totp_code(secret: str = MODERATOR_SECRET, steps: int = 0) -> str:
    """The code an authenticator app shows now (or ``steps`` periods away)."""
    return pyotp.TOTP(secret).at(utcnow() + timedelta(seconds=30 * steps))


@pytest.fixture
def make_moderator(make_user, db_session):
    """A moderator (or admin) whose authenticator app holds MODERATOR_SECRET."""

    def make(role: Role = Role.MODERATOR, email: str | None = None) -> User:
        user = make_user(role, email=email)
        user.totp_secret_sealed = seal_secret(MODERATOR_SECRET)
        user.totp_confirmed_at = utcnow()
        db_session.commit()
        return user

    return make


def login(client: FlaskClient, user: User, code: str | bool | None = None) -> FlaskClient:
    """Open a server-side session for ``user`` in this browser, then pass the second factor.

    The session is created directly (as the login view would) so that these tests do not
    depend on the login form; ``code=False`` skips the second factor.
    """
    token = secrets.token_urlsafe(32)
    session.add(UserSession(token_hash=hash_token(token), user_id=user.id))
    session.commit()
    with client.session_transaction() as cookie:
        cookie[LOGIN_COOKIE_KEY] = token
    if code is not False:
        response = client.post("/moderation/2fa", data={"code": code or totp_code()})
        assert response.status_code == 302, response.get_data(as_text=True)
    return client


@pytest.fixture
def moderator_client(app, db_session, make_moderator):
    """A new browser logged in as a moderator who passed the second factor."""

    def make(user: User | None = None) -> FlaskClient:
        user = user or make_moderator()
        return login(app.test_client(), user)

    return make


@pytest.fixture
def user_client(app, db_session):
    """A new browser logged in with a password only."""

    def make(user: User) -> FlaskClient:
        return login(app.test_client(), user, code=False)

    return make


@pytest.fixture
def claimed_counselor(make_counselor, make_user, db_session):
    """A listed counselor with an owner account."""

    def make(**fields: Any):
        owner = make_user(Role.COUNSELOR)
        counselor = make_counselor(owner_id=owner.id, **fields)
        db_session.commit()
        return counselor, owner

    return make


@pytest.fixture
def make_claim(db_session, make_user, make_counselor):
    """A claim waiting for a moderator, as the claims feature files it."""

    def make(counselor: Any = None, dispute: bool = False, id_number: str = CLAIM_ID_NUMBER):
        counselor = counselor or make_counselor(tier=2)
        claim = Claim(
            counselor=counselor,
            user=make_user(),
            credential_id=counselor.credentials[0].id,
            resident_id_sealed=identity_vault().seal(id_number),
            resident_id_masked=resident_id.mask(id_number),
            is_dispute=dispute,
            issuer_checked=True,
        )
        db_session.add(claim)
        db_session.commit()
        return claim

    return make
