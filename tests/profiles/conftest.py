"""Factories and fakes for the counselor's side."""

from __future__ import annotations

import sys
import types
from datetime import date, timedelta
from typing import Any

import pytest

from counsel_dir.credentials import resident_id
from counsel_dir.credentials.kinds import CredentialKind
from counsel_dir.directory.services import refresh_listing
from counsel_dir.verification.holder import HolderCheck

ID_NUMBER = resident_id.generate("110105", date(1985, 3, 4), 123)
OTHER_ID_NUMBER = resident_id.generate("310104", date(1979, 11, 20), 456)


class FakeHolderChannel:
    """Stands in for verification.services.check_holder; remembers what it was asked."""

    def __init__(self) -> None:
        self.answer = HolderCheck.MATCH
        self.calls: list[tuple[int, str]] = []

    def check_holder(self, credential: Any, name: str, id_number: str) -> HolderCheck:
        self.calls.append((credential.id, name))
        return self.answer


@pytest.fixture
def holder_channel(monkeypatch: pytest.MonkeyPatch) -> FakeHolderChannel:
    """Install a fake issuer channel for claims (the verification service)."""
    channel = FakeHolderChannel()
    module = types.ModuleType("counsel_dir.verification.services")
    module.check_holder = channel.check_holder  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "counsel_dir.verification.services", module)
    return channel


@pytest.fixture
def make_listing(make_counselor, db_session):
    """A counselor listing owned by ``owner`` (or unclaimed when owner is None)."""

    def make(owner: Any = None, tier: int | None = 2, **fields: Any):
        counselor = make_counselor(tier=tier, owner_id=getattr(owner, "id", None), **fields)
        if owner is not None:
            db_session.expire(owner, ["counselor"])
        return counselor

    return make


@pytest.fixture
def make_supervisor(make_listing, make_credential, make_user):
    """A counselor who is a verified registered supervisor, with a login."""

    def make(display_name: str = "督导老师"):
        user = make_user()
        supervisor = make_listing(owner=user, tier=1, display_name=display_name)
        make_credential(
            supervisor,
            CredentialKind.CPS_REGISTERED_SUPERVISOR,
            valid_until=date.today() + timedelta(days=600),
        )
        refresh_listing(supervisor)
        return user, supervisor

    return make
