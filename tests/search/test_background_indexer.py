"""In the embedded default a change is searchable within two seconds, with no command run."""

from __future__ import annotations

import time

import pytest

from counsel_dir import create_app
from counsel_dir.credentials.kinds import CredentialKind, CredentialStatus
from counsel_dir.credentials.models import Credential
from counsel_dir.db import get_engine, session, utcnow
from counsel_dir.directory.models import Counselor
from counsel_dir.directory.services import refresh_listing
from tests.conftest import app_config


@pytest.fixture
def background_app(make_database, tmp_path):
    app = create_app(
        app_config(
            make_database(),
            tmp_path,
            SEARCH_BACKGROUND_INDEXER=True,
            SEARCH_SYNC_INTERVAL_SECONDS=0.2,
        )
    )
    yield app
    thread = app.extensions.get("search_indexer")
    if thread is not None:
        thread.stop()
    session.remove()
    get_engine(app).dispose()


def add_listed_counselor(app, name: str, bio: str) -> None:
    with app.test_request_context():
        counselor = Counselor(
            slug=f"bg-{time.monotonic_ns()}",
            display_name=name,
            city="chengdu",
            issues=["trauma"],
            bio=bio,
        )
        session.add(counselor)
        session.flush()
        session.add(
            Credential(
                counselor=counselor,
                kind=CredentialKind.MOHRSS_LEVEL2,
                number="MOHRSS-0001",
                issuer_name="人力资源和社会保障部",
                status=CredentialStatus.VERIFIED,
                last_verified_at=utcnow(),
            )
        )
        assert refresh_listing(counselor)
        session.commit()
        session.remove()


def test_a_new_listing_is_searchable_within_two_seconds(background_app):
    client = background_app.test_client()
    assert client.get("/counselors/?q=成都").status_code == 200
    add_listed_counselor(background_app, "后台", "擅长创伤后的修复")
    started = time.monotonic()
    found = False
    while time.monotonic() - started < 2.0:
        if "后台" in client.get("/counselors/?q=创伤").get_data(as_text=True):
            found = True
            break
        time.sleep(0.05)
    assert found, "the change was not searchable within 2 seconds"
    assert background_app.extensions["search_indexer"].is_alive()
