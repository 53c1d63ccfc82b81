"""Login failures lock an account and an address, with counters every worker shares."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from counsel_dir.accounts.models import LoginFailure
from counsel_dir.accounts.services import create_user
from counsel_dir.config import PROJECT_ROOT
from counsel_dir.db import session, utcnow
from tests.conftest import app_config
from tests.factories import TEST_PASSWORD

LOCKED = "Too many failed attempts"


def _fail(client, email, times, address="203.0.113.7"):
    for _ in range(times):
        client.post(
            "/account/login?lang=en",
            data={"email": email, "password": "wrong-password-000"},
            environ_base={"REMOTE_ADDR": address},
        )


def test_ten_failures_lock_the_account_even_with_the_right_password(client, make_user, log_in):
    user = make_user()
    _fail(client, user.email, 10)
    response = client.post(
        "/account/login?lang=en",
        data={"email": user.email, "password": TEST_PASSWORD},
        environ_base={"REMOTE_ADDR": "198.51.100.9"},
    )
    assert response.status_code == 429
    assert LOCKED in response.get_data(as_text=True)


def test_lockout_looks_the_same_for_an_account_that_does_not_exist(client):
    _fail(client, "ghost@example.com", 10)
    response = client.post(
        "/account/login?lang=en",
        data={"email": "ghost@example.com", "password": "whatever-123456"},
    )
    assert response.status_code == 429
    assert LOCKED in response.get_data(as_text=True)


def test_lock_lifts_after_fifteen_minutes(client, make_user):
    user = make_user()
    _fail(client, user.email, 10)
    with time_machine.travel(utcnow() + timedelta(minutes=16)):
        response = client.post(
            "/account/login", data={"email": user.email, "password": TEST_PASSWORD}
        )
    assert response.status_code == 302


def test_nine_failures_then_success_resets_the_count(client, make_user, auth):
    user = make_user()
    _fail(client, user.email, 9)
    assert auth.login(user).status_code == 302
    auth.logout()
    _fail(client, user.email, 9)
    assert auth.login(user).status_code == 302


def test_one_address_spraying_many_accounts_is_locked(client, app, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_MAX_FAILURES_PER_ADDRESS", 5)
    user = make_user()
    for number in range(5):
        _fail(client, f"victim{number}@example.com", 1, address="192.0.2.50")
    blocked = client.post(
        "/account/login",
        data={"email": user.email, "password": TEST_PASSWORD},
        environ_base={"REMOTE_ADDR": "192.0.2.50"},
    )
    assert blocked.status_code == 429
    elsewhere = client.post(
        "/account/login",
        data={"email": user.email, "password": TEST_PASSWORD},
        environ_base={"REMOTE_ADDR": "192.0.2.51"},
    )
    assert elsewhere.status_code == 302


def test_counters_store_neither_the_email_nor_the_address(client, db_session):
    _fail(client, "private@example.com", 1, address="203.0.113.99")
    keys = db_session.scalars(select(LoginFailure.key)).all()
    assert keys
    assert not any("private" in key or "203.0.113" in key for key in keys)


def test_repeated_wrong_current_password_in_settings_locks_too(client, auth, make_user):
    user = make_user()
    auth.login(user)
    for _ in range(10):
        client.post("/account/delete", data={"delete_password": "wrong-password-000"})
    response = client.post("/account/delete?lang=en", data={"delete_password": TEST_PASSWORD})
    assert response.status_code == 429
    assert user.deleted_at is None


WORKER_SCRIPT = """
import json, sys
from counsel_dir import create_app
settings = json.loads(sys.argv[1])
worker = create_app(settings).test_client()
for _ in range(settings.pop("FAILURES")):
    worker.post("/account/login", data={"email": "shared@example.com", "password": "wrong-000-pw"})
"""


@pytest.fixture
def shared_database(make_database, fresh_app) -> tuple:
    """A committed database (not the rolled-back test session) and this process's worker."""
    url = make_database()
    worker = fresh_app(url)
    session.remove()
    with worker.app_context():
        create_user("shared@example.com", TEST_PASSWORD).email_confirmed_at = utcnow()
        session.commit()
    return url, worker


def test_failures_in_another_worker_process_lock_the_account_here(shared_database, tmp_path):
    url, worker = shared_database
    settings = app_config(url, tmp_path / "other", FAILURES=10)
    subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", WORKER_SCRIPT, json.dumps(settings)],
        check=True,
        cwd=PROJECT_ROOT,
        timeout=120,
    )
    session.remove()
    response = worker.test_client().post(
        "/account/login?lang=en",
        data={"email": "shared@example.com", "password": TEST_PASSWORD},
    )
    assert response.status_code == 429
    assert LOCKED in response.get_data(as_text=True)


def test_behind_a_trusted_proxy_each_client_address_counts_separately(fresh_app):
    site = fresh_app(TRUSTED_PROXY_COUNT=1, LOGIN_MAX_FAILURES_PER_ADDRESS=3)
    browser = site.test_client()

    def attempt(client_address):
        session.remove()
        return browser.post(
            "/account/login",
            data={"email": f"x{client_address[-1]}@example.com", "password": "wrong-000-pw"},
            headers={"X-Forwarded-For": client_address},
            environ_base={"REMOTE_ADDR": "10.0.0.1"},
        )

    for _ in range(3):
        attempt("198.51.100.1")
    assert attempt("198.51.100.1").status_code == 429
    assert attempt("198.51.100.2").status_code == 200


def test_failures_older_than_a_day_are_forgotten(client, db_session):
    _fail(client, "old@example.com", 2)
    with time_machine.travel(utcnow() + timedelta(days=1, minutes=1)):
        _fail(client, "new@example.com", 1, address="198.51.100.77")
    assert db_session.scalar(select(func.count()).select_from(LoginFailure)) == 2


def test_slow_failures_still_lock_for_the_full_fifteen_minutes(client, make_user):
    user = make_user()
    start = utcnow()
    for minute in range(10):
        with time_machine.travel(start + timedelta(minutes=minute * 1.5)):
            _fail(client, user.email, 1)
    last_failure = start + timedelta(minutes=13.5)

    def try_at(offset_minutes):
        with time_machine.travel(last_failure + timedelta(minutes=offset_minutes)):
            return client.post(
                "/account/login", data={"email": user.email, "password": TEST_PASSWORD}
            ).status_code

    assert try_at(14) == 429
    assert try_at(15.5) == 302


def test_failures_spread_wider_than_the_window_do_not_lock(client, make_user, auth):
    user = make_user()
    start = utcnow()
    for minute in range(10):
        with time_machine.travel(start + timedelta(minutes=minute * 2)):
            _fail(client, user.email, 1)
    with time_machine.travel(start + timedelta(minutes=18, seconds=30)):
        assert auth.login(user).status_code == 302
