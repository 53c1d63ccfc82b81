"""Fixtures for verification: an in-process simulator, fast clients, listings with records."""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from werkzeug.serving import make_server

from counsel_dir import create_app
from counsel_dir.accounts.auth import LOGIN_COOKIE_KEY
from counsel_dir.accounts.models import UserSession
from counsel_dir.credentials import resident_id
from counsel_dir.credentials.kinds import CredentialKind, CredentialStatus, Issuer
from counsel_dir.credentials.models import Credential
from counsel_dir.credentials.services import identity_vault
from counsel_dir.db import get_engine, session, utcnow
from counsel_dir.directory.models import Counselor
from counsel_dir.directory.services import refresh_listing
from counsel_dir.verification.channels import use_clients
from counsel_dir.verification.clients import ChannelClient, ChannelSettings, build_client
from seed.simulator import create_simulator
from tests.conftest import app_config

HOLDER_ID = resident_id.generate("110105", date(1985, 5, 12), 123)
OTHER_ID = resident_id.generate("310104", date(1990, 1, 2), 456)

ISSUER_OF = {
    CredentialKind.CPS_REGISTERED_SUPERVISOR: "cps",
    CredentialKind.CPS_REGISTERED_PSYCHOLOGIST: "cps",
    CredentialKind.CPS_REGISTERED_ASSISTANT: "cps",
    CredentialKind.MOHRSS_LEVEL2: "mohrss",
    CredentialKind.MOHRSS_LEVEL3: "mohrss",
    CredentialKind.CAS_BASIC_TRAINING: "cas",
}
AUTHORITY = {"cps": "中国心理学会", "mohrss": "人力资源和社会保障部", "cas": "中国科学院心理研究所"}


def issuer_record(
    kind: CredentialKind, number: str, name: str, holder_id: str | None = HOLDER_ID, **fields: Any
) -> dict[str, Any]:
    """One record as the seed work writes it (SEED_CONTRACT.md)."""
    issuer = ISSUER_OF[kind]
    record: dict[str, Any] = {
        "issuer": issuer,
        "kind": kind.value,
        "number": number,
        "name": name,
        "resident_id": holder_id if issuer != "cps" else None,
        "issued_on": "2019-06-01",
        "valid_until": _in_days(500) if issuer == "cps" else None,
        "issuing_authority": AUTHORITY[issuer],
        "supervision_hours": 120 if issuer == "cps" else None,
        "training_background": None,
        "status": "valid",
    }
    record.update(fields)
    return record


def _in_days(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


def fast_settings(**overrides: Any) -> ChannelSettings:
    values: dict[str, Any] = {
        "base_url": "http://simulator.test",
        "connect_timeout": 1.0,
        "read_timeout": 2.0,
        "deadline": 5.0,
        "retries": 2,
        "rps": 1000.0,
        "concurrency": 4,
        "backoff_base": 0.001,
        "backoff_cap": 0.01,
        "breaker_threshold": 50,
        "breaker_reset": 60.0,
    }
    values.update(overrides)
    return ChannelSettings(**values)


@pytest.fixture
def simulator():
    """The issuers' simulator, empty; tests add records and set behaviours on its state."""
    return create_simulator([], seed=7)


@pytest.fixture
def sim(simulator):
    return simulator.extensions["simulator"]


@pytest.fixture
def make_clients(simulator) -> Iterator[Any]:
    """Clients talking to the in-process simulator through httpx.WSGITransport."""
    made: list[ChannelClient] = []

    def make(target: Any = None, **overrides: Any) -> dict[Issuer, ChannelClient]:
        clients = {}
        for issuer in Issuer:
            transport = httpx.WSGITransport(app=target or simulator)
            clients[issuer] = build_client(issuer, fast_settings(**overrides), transport)
            made.append(clients[issuer])
        return clients

    yield make
    for client in made:
        client.close()


@pytest.fixture
def clients(make_clients):
    return make_clients()


@pytest.fixture
def installed_clients(app, clients) -> Iterator[dict[Issuer, ChannelClient]]:
    """The fast clients installed as the app's own (for code that asks the app)."""
    previous = app.extensions.get("verification_channels")
    use_clients(app, clients)
    yield clients
    if previous is None:
        app.extensions.pop("verification_channels", None)
    else:
        use_clients(app, previous)


@pytest.fixture
def served_simulator(simulator) -> Iterator[str]:
    """The simulator on a real loopback socket; yields its base URL."""
    server = make_server("127.0.0.1", 0, simulator, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def make_listing(db_session, make_user, make_counselor, make_credential, sim):
    """A claimed counselor with one credential and (by default) the matching issuer record."""

    def make(
        kind: CredentialKind = CredentialKind.CPS_REGISTERED_PSYCHOLOGIST,
        name: str = "王芳",
        *,
        record: dict[str, Any] | None | bool = True,
        holder_id: str | None = HOLDER_ID,
        status: CredentialStatus = CredentialStatus.PENDING,
        **fields: Any,
    ) -> Credential:
        owner = make_user()
        sealed = identity_vault().seal(holder_id) if holder_id else None
        counselor = make_counselor(
            tier=None, display_name=name, owner_id=owner.id, resident_id_sealed=sealed
        )
        issuer = ISSUER_OF.get(kind)
        defaults: dict[str, Any] = {
            "status": status,
            "last_verified_at": None if status is CredentialStatus.PENDING else utcnow(),
            "next_check_due": utcnow(),
            "issuer_name": AUTHORITY.get(issuer or "", "国际心理咨询师联合会"),
            "valid_until": date.today() + timedelta(days=500) if issuer == "cps" else None,
        }
        defaults.update(fields)
        credential = make_credential(counselor, kind, **defaults)
        if record is True:
            sim.add_record(issuer_record(kind, credential.number, name, holder_id))
        elif isinstance(record, dict):
            sim.add_record(issuer_record(kind, credential.number, name, holder_id) | record)
        db_session.refresh(counselor)
        refresh_listing(counselor)
        return credential

    return make


@pytest.fixture
def login_as(client, db_session):
    """Log a user in by a server-side session, as the login page would (no form involved).

    The login has passed the second factor unless ``second_factor=False``.
    """

    def login(user: Any, second_factor: bool = True) -> None:
        token = secrets.token_urlsafe(32)
        db_session.add(
            UserSession(
                token_hash=hashlib.sha256(token.encode()).hexdigest(),
                user_id=user.id,
                second_factor_at=utcnow() if second_factor else None,
            )
        )
        db_session.flush()
        with client.session_transaction() as cookie:
            cookie[LOGIN_COOKIE_KEY] = token

    return login


KINDS = (
    CredentialKind.CPS_REGISTERED_PSYCHOLOGIST,
    CredentialKind.MOHRSS_LEVEL2,
    CredentialKind.CAS_BASIC_TRAINING,
)


def seed_due_credentials(
    app: Any,
    add_record: Any,
    count: int,
    due: Any = None,
    valid_until: date | None = None,
    kinds: tuple[CredentialKind, ...] = KINDS,
) -> list[str]:
    """Commit ``count`` due credentials; hand their issuer records to ``add_record``."""
    numbers = []
    with app.app_context():
        sealed = identity_vault().seal(HOLDER_ID)
        for index in range(count):
            kind = kinds[index % len(kinds)]
            name = f"咨询师{index}"
            counselor = Counselor(
                slug=f"w-{index}", display_name=name, city="shanghai", resident_id_sealed=sealed
            )
            number = f"W{index:06d}"
            until = valid_until if ISSUER_OF.get(kind) == "cps" else None
            session.add(
                Credential(
                    counselor=counselor,
                    kind=kind,
                    number=number,
                    issuer_name="x",
                    status=CredentialStatus.PENDING,
                    next_check_due=due or utcnow(),
                    valid_until=until,
                )
            )
            if kind is not CredentialKind.UNRECOGNIZED:
                record = issuer_record(kind, number, name)
                if until is not None:
                    record["valid_until"] = until.isoformat()
                add_record(record)
            numbers.append(number)
        session.commit()
        session.remove()
    return numbers


@pytest.fixture
def worker_app(make_database, tmp_path):
    """An app on its own committed database (the worker commits for real)."""
    made = []

    def make(**overrides: Any) -> Any:
        app = create_app(app_config(make_database(), tmp_path, **overrides))
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            session.remove()
        get_engine(app).dispose()


@pytest.fixture(scope="session", autouse=True)
def _close_shared_engine_at_the_end(app):
    """Close the shared app's pooled connections when the session ends, not at GC time."""
    yield
    get_engine(app).dispose()
