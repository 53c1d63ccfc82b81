"""Factory fixtures: each returns a callable that builds one record with sensible defaults."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from counsel_dir.accounts.models import Role, User
from counsel_dir.accounts.services import create_user
from counsel_dir.credentials.kinds import CredentialKind, CredentialStatus
from counsel_dir.credentials.models import AttestationState, Credential, SupervisedHours
from counsel_dir.db import utcnow
from counsel_dir.directory.models import Counselor, Gender
from counsel_dir.directory.services import refresh_listing

_sequence = itertools.count(1)

TIER_KIND = {
    1: CredentialKind.CPS_REGISTERED_PSYCHOLOGIST,
    2: CredentialKind.MOHRSS_LEVEL2,
    3: CredentialKind.CAS_BASIC_TRAINING,
}
ISSUER_NAME = {
    1: "中国心理学会",
    2: "人力资源和社会保障部",
    3: "中国科学院心理研究所",
}
TEST_PASSWORD = "correct horse battery staple"


@pytest.fixture
def make_user(db_session: Any):
    def make(role: Role = Role.COUNSELOR, email: str | None = None, **fields: Any) -> User:
        user = create_user(email or f"user{next(_sequence)}@example.com", TEST_PASSWORD, role)
        user.email_confirmed_at = utcnow()
        for name, value in fields.items():
            setattr(user, name, value)
        db_session.flush()
        return user

    return make


@pytest.fixture
def make_credential(db_session: Any):
    def make(counselor: Counselor, kind: CredentialKind, **fields: Any) -> Credential:
        defaults: dict[str, Any] = {
            "number": f"N{next(_sequence):08d}",
            "issuer_name": "中国心理学会",
            "status": CredentialStatus.VERIFIED,
            "last_verified_at": utcnow(),
            "next_check_due": utcnow() + timedelta(days=30),
        }
        defaults.update(fields)
        credential = Credential(counselor=counselor, kind=kind, **defaults)
        db_session.add(credential)
        db_session.flush()
        return credential

    return make


@pytest.fixture
def make_counselor(db_session: Any, make_credential):
    """A counselor; ``tier`` gives them the verified credential (and hours) for that tier."""

    def make(
        tier: int | None = 1,
        city: str = "shanghai",
        display_name: str | None = None,
        **fields: Any,
    ) -> Counselor:
        number = next(_sequence)
        defaults: dict[str, Any] = {
            "slug": f"counselor-{number}",
            "display_name": display_name or f"咨询师{number}",
            "gender": Gender.FEMALE,
            "city": city,
            "offers_online": True,
            "offers_in_person": True,
            "languages": ["mandarin"],
            "issues": ["anxiety"],
            "approaches": ["cbt"],
            "fee_min": 300,
            "fee_max": 600,
            "accepting_new_clients": True,
            "accepting_confirmed_at": utcnow(),
            "bio": "",
        }
        defaults.update(fields)
        counselor = Counselor(**defaults)
        db_session.add(counselor)
        db_session.flush()
        if tier is not None:
            valid_until = date.today() + timedelta(days=600) if tier == 1 else None
            make_credential(
                counselor, TIER_KIND[tier], issuer_name=ISSUER_NAME[tier], valid_until=valid_until
            )
            if tier == 3:
                supervisor = make(tier=None, display_name="督导")
                make_credential(
                    supervisor,
                    CredentialKind.CPS_REGISTERED_SUPERVISOR,
                    valid_until=date.today() + timedelta(days=600),
                )
                refresh_listing(supervisor)
                db_session.add(
                    SupervisedHours(
                        counselor=counselor,
                        supervisor=supervisor,
                        period_start=date.today() - timedelta(days=200),
                        period_end=date.today() - timedelta(days=10),
                        hours=60,
                        description="case supervision",
                        state=AttestationState.ATTESTED,
                        decided_at=utcnow(),
                    )
                )
        refresh_listing(counselor)
        db_session.flush()
        return counselor

    return make


class AuthActions:
    """Logging a test client in and out, as a person would."""

    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def login(self, user: User, password: str = TEST_PASSWORD):
        return self._client.post("/account/login", data={"email": user.email, "password": password})

    def logout(self):
        return self._client.post("/account/logout")


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)
