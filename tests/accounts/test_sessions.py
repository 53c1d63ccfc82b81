"""Sessions really end: a copied cookie stops working after logout, password change or deletion."""

from __future__ import annotations

from datetime import timedelta

import time_machine

from counsel_dir.config import ProductionConfig
from counsel_dir.db import utcnow
from tests.accounts.conftest import OTHER_STRONG_PASSWORD, login_token, replay, session_cookie
from tests.factories import TEST_PASSWORD


def test_cookie_replayed_after_logout_is_refused(client, auth, make_user):
    auth.login(make_user())
    copied = session_cookie(client)
    assert client.get("/account/settings").status_code == 200
    auth.logout()
    replay(client, copied)
    response = client.get("/account/settings")
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


def test_cookie_replayed_after_password_change_is_refused(client, auth, make_user):
    auth.login(make_user())
    copied = session_cookie(client)
    client.post(
        "/account/settings/password",
        data={
            "current_password": TEST_PASSWORD,
            "new_password": OTHER_STRONG_PASSWORD,
            "new_password_repeat": OTHER_STRONG_PASSWORD,
        },
    )
    assert client.get("/account/settings").status_code == 200
    replay(client, copied)
    assert client.get("/account/settings").status_code == 302


def test_cookie_replayed_after_deletion_is_refused(client, auth, make_user):
    auth.login(make_user())
    copied = session_cookie(client)
    client.post("/account/delete", data={"delete_password": TEST_PASSWORD})
    replay(client, copied)
    assert client.get("/account/settings").status_code == 302


def test_each_login_starts_a_new_session(client, auth, make_user):
    user = make_user()
    client.get("/")
    auth.login(user)
    first = login_token(client)
    auth.logout()
    auth.login(user)
    assert login_token(client) not in (None, first)


def test_idle_session_expires(client, app, auth, make_user):
    auth.login(make_user())
    idle = app.config["SESSION_IDLE_TIMEOUT"] + timedelta(minutes=1)
    with time_machine.travel(utcnow() + idle):
        response = client.get("/account/settings")
    assert response.status_code == 302


def test_production_config_sends_the_cookie_over_https_only(monkeypatch, fresh_app):
    monkeypatch.setenv("COUNSEL_ENV", "production")
    prod = fresh_app(DEV_PAGES=True)
    assert prod.config["SESSION_COOKIE_SECURE"] is True
    assert prod.config["SESSION_COOKIE_HTTPONLY"] is True
    assert prod.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert prod.test_client().get("/dev/outbox").status_code == 404
    assert ProductionConfig.MAIL_PRINT_TO_CONSOLE is False
