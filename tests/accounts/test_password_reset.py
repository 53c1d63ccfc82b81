"""A counselor who forgot the password resets it through a single-use, one-hour link."""

from __future__ import annotations

from datetime import timedelta

import time_machine

from counsel_dir.db import utcnow
from tests.accounts.conftest import OTHER_STRONG_PASSWORD, replay, session_cookie
from tests.factories import TEST_PASSWORD


def _ask_for_link(client, outbox, email):
    response = client.post("/account/reset", data={"email": email})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/reset/sent")
    return outbox.link_in(outbox.last_to(email), "/account/reset/")


def test_counselor_resets_a_forgotten_password_and_logs_in_with_it(
    client, make_user, outbox, log_in
):
    user = make_user()
    link = _ask_for_link(client, outbox, user.email)
    form = client.get(link)
    assert form.status_code == 200
    response = client.post(
        link, data={"password": OTHER_STRONG_PASSWORD, "password_repeat": OTHER_STRONG_PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/login")
    reset_mail, changed_mail = outbox.to(user.email)
    assert "/account/reset/" in reset_mail.body
    assert "/account/reset/" not in changed_mail.body and "/account/reset" in changed_mail.body
    assert log_in(user.email, TEST_PASSWORD).status_code == 200
    assert log_in(user.email, OTHER_STRONG_PASSWORD).status_code == 302


def test_reset_link_works_only_once(client, make_user, outbox):
    user = make_user()
    link = _ask_for_link(client, outbox, user.email)
    data = {"password": OTHER_STRONG_PASSWORD, "password_repeat": OTHER_STRONG_PASSWORD}
    assert client.post(link, data=data).status_code == 302
    again = client.post(link + "?lang=en", data=data)
    assert again.status_code == 400
    assert "used already" in again.get_data(as_text=True)


def test_reset_link_expires_after_an_hour(client, make_user, outbox):
    user = make_user()
    link = _ask_for_link(client, outbox, user.email)
    with time_machine.travel(utcnow() + timedelta(minutes=61)):
        response = client.get(link + "?lang=en")
    assert response.status_code == 400
    assert "This link has expired." in response.get_data(as_text=True)


def test_asking_for_an_unknown_address_looks_the_same_and_sends_nothing(client, outbox):
    response = client.post("/account/reset", data={"email": "nobody@example.com"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/reset/sent")
    assert outbox.to("nobody@example.com") == []


def test_reset_refuses_a_common_password(client, make_user, outbox):
    user = make_user()
    link = _ask_for_link(client, outbox, user.email)
    page = client.post(
        link + "?lang=en", data={"password": "1234567890", "password_repeat": "1234567890"}
    ).get_data(as_text=True)
    assert "among the most common" in page


def test_reset_ends_every_open_session(client, app, make_user, outbox, auth):
    user = make_user()
    auth.login(user)
    stolen = session_cookie(client)
    other = app.test_client()
    link = _ask_for_link(other, outbox, user.email)
    data = {"password": OTHER_STRONG_PASSWORD, "password_repeat": OTHER_STRONG_PASSWORD}
    assert other.post(link, data=data).status_code == 302
    replay(client, stolen)
    assert client.get("/account/settings").status_code == 302


def test_reset_form_cannot_flood_a_mailbox(client, app, make_user, outbox):
    user = make_user()
    limit = app.config["MAIL_REQUESTS_PER_ADDRESS_PER_HOUR"]
    for _ in range(limit + 3):
        response = client.post("/account/reset", data={"email": user.email})
        assert response.status_code == 302
    assert len(outbox.to(user.email)) == limit
    with time_machine.travel(utcnow() + timedelta(minutes=61)):
        client.post("/account/reset", data={"email": user.email})
    assert len(outbox.to(user.email)) == limit + 1
