"""A logged-in counselor changes the email address and the password, and is told by mail."""

from __future__ import annotations

from counsel_dir.accounts.auth import LOGIN_COOKIE_KEY
from counsel_dir.accounts.services import find_user_by_email
from counsel_dir.audit.models import AuditEntry
from counsel_dir.notifications.models import Notice
from tests.accounts.conftest import OTHER_STRONG_PASSWORD, login_token, replay, session_cookie
from tests.factories import TEST_PASSWORD


def test_settings_page_shows_both_forms_and_the_way_to_delete(client, auth, make_user):
    user = make_user()
    auth.login(user)
    page = client.get("/account/settings?lang=en").get_data(as_text=True)
    assert user.email in page
    assert "/account/settings/email" in page
    assert "/account/settings/password" in page
    assert "/account/delete" in page


def test_counselor_changes_password_other_sessions_end_and_a_mail_tells_them(
    client, app, auth, make_user, outbox, db_session, log_in
):
    user = make_user()
    laptop = app.test_client()
    laptop.post("/account/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert laptop.get("/account/settings").status_code == 200
    auth.login(user)
    token_before = login_token(client)

    response = client.post(
        "/account/settings/password",
        data={
            "current_password": TEST_PASSWORD,
            "new_password": OTHER_STRONG_PASSWORD,
            "new_password_repeat": OTHER_STRONG_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert client.get("/account/settings").status_code == 200
    assert login_token(client) != token_before
    assert laptop.get("/account/settings").status_code == 302

    mail = outbox.last_to(user.email)
    assert OTHER_STRONG_PASSWORD not in mail.body
    assert "/account/reset" in mail.body
    assert db_session.query(Notice).filter_by(user_id=user.id).count() == 1
    audit = db_session.query(AuditEntry).filter_by(action="account.password_changed").one()
    assert audit.target_id == user.id and audit.fields == ["password_hash"]

    client.post("/account/logout")
    assert log_in(user.email, TEST_PASSWORD).status_code == 200
    assert log_in(user.email, OTHER_STRONG_PASSWORD).status_code == 302


def test_password_change_needs_the_current_password(client, auth, make_user, outbox):
    user = make_user()
    auth.login(user)
    page = client.post(
        "/account/settings/password?lang=en",
        data={
            "current_password": "not-my-password",
            "new_password": OTHER_STRONG_PASSWORD,
            "new_password_repeat": OTHER_STRONG_PASSWORD,
        },
    ).get_data(as_text=True)
    assert "The password is not correct." in page
    assert outbox.to(user.email) == []


def test_new_password_may_not_be_the_email(client, auth, make_user):
    user = make_user(email="longname12@example.com")
    auth.login(user)
    page = client.post(
        "/account/settings/password?lang=en",
        data={
            "current_password": TEST_PASSWORD,
            "new_password": "longname12@example.com",
            "new_password_repeat": "longname12@example.com",
        },
    ).get_data(as_text=True)
    assert "Do not use your email address" in page


def test_counselor_changes_email_after_confirming_the_new_address(
    client, auth, make_user, outbox, log_in, db_session
):
    user = make_user(email="old@example.com")
    auth.login(user)
    response = client.post(
        "/account/settings/email",
        data={"new_email": "New@Example.com", "email_password": TEST_PASSWORD},
    )
    assert response.status_code == 302
    assert user.email == "old@example.com"

    link = outbox.link_in(outbox.last_to("new@example.com"), "/account/email/confirm/")
    confirmed = client.get(link)
    assert confirmed.status_code == 302
    assert user.email == "new@example.com"
    notice = outbox.last_to("old@example.com")
    assert "ne***@example.com" in notice.body
    assert "new@example.com" not in notice.body
    audit = db_session.query(AuditEntry).filter_by(action="account.email_changed").one()
    assert "example.com" not in repr((audit.fields, audit.detail))

    assert client.get(link + "?lang=en").status_code == 400
    client.post("/account/logout")
    assert log_in("old@example.com", TEST_PASSWORD).status_code == 200
    assert log_in("new@example.com", TEST_PASSWORD).status_code == 302


def test_email_change_needs_the_password_and_a_different_address(client, auth, make_user, outbox):
    user = make_user()
    auth.login(user)
    wrong = client.post(
        "/account/settings/email?lang=en",
        data={"new_email": "else@example.com", "email_password": "nope-nope-nope"},
    ).get_data(as_text=True)
    assert "The password is not correct." in wrong
    same = client.post(
        "/account/settings/email?lang=en",
        data={"new_email": user.email.upper(), "email_password": TEST_PASSWORD},
    ).get_data(as_text=True)
    assert "already your email address" in same
    assert outbox.to("else@example.com") == []


def test_email_change_to_an_address_taken_meanwhile_fails_at_confirmation(
    client, auth, make_user, outbox
):
    user = make_user()
    auth.login(user)
    client.post(
        "/account/settings/email",
        data={"new_email": "wanted@example.com", "email_password": TEST_PASSWORD},
    )
    link = outbox.link_in(outbox.last_to("wanted@example.com"), "/account/email/confirm/")
    make_user(email="wanted@example.com")
    response = client.get(link)
    assert response.status_code == 409
    assert find_user_by_email("wanted@example.com").id != user.id


def test_settings_require_login(client):
    response = client.get("/account/settings")
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


def test_session_cookie_holds_only_a_random_token(client, auth, make_user):
    auth.login(make_user())
    with client.session_transaction() as flask_session:
        assert set(flask_session) <= {LOGIN_COOKIE_KEY, "lang", "csrf_token", "_permanent"}
    assert session_cookie(client)
    replay(client, session_cookie(client))
