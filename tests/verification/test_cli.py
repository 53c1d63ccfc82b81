"""``flask verify due``, the embedded worker, and the in-process simulator of ``make run``."""

from __future__ import annotations

import json
import time

from sqlalchemy import select

from counsel_dir.credentials.kinds import CredentialStatus
from counsel_dir.credentials.models import Credential
from counsel_dir.db import session
from tests.verification.conftest import seed_due_credentials


def _simulated_app(worker_app, tmp_path, **overrides):
    """An app wired to the in-process simulator, reading the seed's records file."""
    path = tmp_path / "simulator-records.json"
    app = worker_app(
        VERIFICATION_SIMULATOR=True,
        SIMULATOR_RECORDS_PATH=str(path),
        VERIFICATION_POLL_SECONDS=0.1,
        **overrides,
    )
    records: list[dict] = []
    seed_due_credentials(app, records.append, 6)
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return app


def _statuses(app):
    with app.app_context():
        statuses = list(session.scalars(select(Credential.status)))
        session.remove()
    return statuses


def test_verify_due_checks_every_due_credential_and_prints_a_summary(worker_app, tmp_path):
    app = _simulated_app(worker_app, tmp_path)
    result = app.test_cli_runner().invoke(args=["verify", "due"])
    assert result.exit_code == 0, result.output
    assert "recorded 6 check(s)" in result.output
    assert "match" in result.output
    assert "channel cps" in result.output
    assert set(_statuses(app)) == {CredentialStatus.VERIFIED}
    again = app.test_cli_runner().invoke(args=["verify", "due"])
    assert "recorded 0 check(s)" in again.output


def test_embedded_worker_checks_new_credentials_in_the_background(worker_app, tmp_path):
    app = _simulated_app(worker_app, tmp_path, VERIFICATION_BACKGROUND_WORKER=True, TESTING=False)
    assert app.test_client().get("/").status_code == 200
    thread, stop = app.extensions["verification_worker"]
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and set(_statuses(app)) != {CredentialStatus.VERIFIED}:
            time.sleep(0.1)
        assert set(_statuses(app)) == {CredentialStatus.VERIFIED}
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def test_tests_never_start_the_embedded_worker(worker_app):
    app = worker_app(VERIFICATION_BACKGROUND_WORKER=True)
    app.test_client().get("/")
    assert "verification_worker" not in app.extensions


def test_without_the_seeds_records_file_the_simulator_is_not_wired(worker_app, tmp_path):
    from counsel_dir.verification.channels import channel_clients

    app = worker_app(
        VERIFICATION_SIMULATOR=True, SIMULATOR_RECORDS_PATH=str(tmp_path / "missing.json")
    )
    assert channel_clients(app) == {}


def test_make_run_writes_the_development_settings_once(tmp_path):
    from counsel_dir.devsecrets import write_dev_config

    (tmp_path / "config.py").write_text("SEARCH_PAGE_SIZE = 10\n", encoding="utf-8")
    assert "VERIFICATION_SIMULATOR" in write_dev_config(tmp_path)
    assert write_dev_config(tmp_path) == []
    settings: dict = {}
    exec((tmp_path / "config.py").read_text(encoding="utf-8"), settings)  # noqa: S102
    assert settings["VERIFICATION_BACKGROUND_WORKER"] is True
    assert settings["SEARCH_PAGE_SIZE"] == 10


def test_channel_settings_are_checked_at_start_up(worker_app):
    import pytest

    channels = {"cps": {"base_url": "https://gateway.example/", "timeout": 4, "rps": 2}}
    app = worker_app(VERIFICATION_CHANNELS=channels)
    from counsel_dir.verification.channels import channel_clients

    client = channel_clients(app)[next(iter(channel_clients(app)))]
    assert (client.settings.connect_timeout, client.settings.read_timeout) == (4, 4)
    client.close()
    with pytest.raises(ValueError, match="unknown channel setting"):
        worker_app(VERIFICATION_CHANNELS={"cps": {"base_url": "https://x/", "rsp": 2}})
    with pytest.raises(ValueError, match="positive"):
        worker_app(VERIFICATION_CHANNELS={"cas": {"base_url": "https://x/", "rps": 0}})
    with pytest.raises(ValueError, match="unknown issuer"):
        worker_app(VERIFICATION_CHANNELS={"cpss": {}})
