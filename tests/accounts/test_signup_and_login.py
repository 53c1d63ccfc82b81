"""A counselor signs up, confirms the address through the mailed link and logs in."""

from __future__ import annotations

from datetime import timedelta

import time_machine

from counsel_dir.accounts.models import Role
from counsel_dir.accounts.services import find_user_by_email
from counsel_dir.db import utcnow
from tests.accounts.conftest import STRONG_PASSWORD


def test_counselor_signs_up_confirms_and_logs_in_to_the_dashboard(client, sign_up, log_in, outbox):
    response = sign_up("New.Counselor@Example.com")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/signup/sent")
    assert "24" in client.get("/account/signup/sent").get_data(as_text=True)

    user = find_user_by_email("new.counselor@example.com")
    assert user.role is Role.COUNSELOR and user.email_confirmed_at is None
    assert user.password_hash.startswith("$argon2id$")

    refused = log_in("new.counselor@example.com", STRONG_PASSWORD, query_string={"lang": "en"})
    assert "confirm your email address first" in refused.get_data(as_text=True)
    assert "/account/confirm/resend" in refused.get_data(as_text=True)

    link = outbox.link_in(outbox.last_to("new.counselor@example.com"), "/account/confirm/")
    confirmed = client.get(link)
    assert confirmed.status_code == 302
    assert confirmed.headers["Location"].endswith("/account/login?next=/me")
    assert user.email_confirmed_at is not None

    logged_in = client.post(
        confirmed.headers["Location"],
        data={"email": "new.counselor@example.com", "password": STRONG_PASSWORD},
    )
    assert logged_in.status_code == 302
    assert logged_in.headers["Location"] == "/me"
    assert client.get("/account/settings").status_code == 200


def test_sign_up_refuses_short_common_and_mismatched_passwords(client, sign_up):
    client.get("/?lang=en")
    short = sign_up("a@example.com", "Short1!").get_data(as_text=True)
    assert "Use at least 10 characters." in short
    for common in ("woaini1314", "qwertyuiop", "1234567890", "a123456789", "QWERTYUIOP"):
        page = sign_up("a@example.com", common).get_data(as_text=True)
        assert "among the most common" in page, common
    same_as_email = sign_up("longname12@example.com", "longname12").get_data(as_text=True)
    assert "Do not use your email address" in same_as_email
    mismatch = sign_up("a@example.com", STRONG_PASSWORD, "something-else-entirely")
    assert "The two passwords are not the same." in mismatch.get_data(as_text=True)
    assert find_user_by_email("a@example.com") is None


def test_sign_up_rejects_malformed_addresses_plainly(client, sign_up):
    client.get("/?lang=en")
    for bad in ("not-an-address", "a@b", "two@@example.com", "x" * 250 + "@example.com"):
        response = sign_up(bad)
        assert response.status_code == 200
        assert "error" in response.get_data(as_text=True)
    assert "like name@example.com" in sign_up("not-an-address").get_data(as_text=True)


def test_signing_up_with_a_taken_address_reveals_nothing_and_warns_the_owner(
    client, sign_up, make_user, outbox
):
    owner = make_user(email="taken@example.com")
    response = sign_up("Taken@example.com")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/signup/sent")
    mail = outbox.last_to(owner.email)
    assert "/account/reset" in mail.body
    assert "/account/confirm/" not in mail.body


def test_confirmation_link_expires_after_a_day_and_a_new_one_can_be_asked_for(
    client, sign_up, outbox
):
    sign_up("late@example.com")
    link = outbox.link_in(outbox.last_to("late@example.com"), "/account/confirm/")
    with time_machine.travel(utcnow() + timedelta(hours=25)):
        expired = client.get(link + "?lang=en")
    assert expired.status_code == 400
    assert "This link has expired." in expired.get_data(as_text=True)

    response = client.post("/account/confirm/resend", data={"email": "late@example.com"})
    assert response.status_code == 302
    assert len(outbox.to("late@example.com")) == 2
    fresh = outbox.link_in(outbox.last_to("late@example.com"), "/account/confirm/")
    assert client.get(fresh).status_code == 302
    assert find_user_by_email("late@example.com").email_confirmed_at is not None


def test_tampered_confirmation_link_is_refused(client, sign_up, outbox):
    sign_up("tamper@example.com")
    link = outbox.link_in(outbox.last_to("tamper@example.com"), "/account/confirm/")
    response = client.get(link[:-3] + "abc")
    assert response.status_code == 400
    assert find_user_by_email("tamper@example.com").email_confirmed_at is None
    assert client.get("/account/confirm/%00%ff..").status_code in (400, 404)


def test_resend_for_unknown_or_confirmed_address_sends_nothing(client, make_user, outbox):
    confirmed = make_user()
    before = len(outbox.all())
    for address in ("nobody@example.com", confirmed.email):
        response = client.post("/account/confirm/resend", data={"email": address})
        assert response.status_code == 302
    assert len(outbox.all()) == before


def test_wrong_password_and_unknown_account_get_the_same_answer(client, log_in, make_user):
    user = make_user()
    client.get("/?lang=en")
    wrong = log_in(user.email, "wrong-password-123").get_data(as_text=True)
    unknown = log_in("ghost@example.com", "wrong-password-123").get_data(as_text=True)
    assert "Email or password is wrong." in wrong
    assert "Email or password is wrong." in unknown


def test_login_goes_to_a_safe_next_page_only(client, log_in, make_user):
    user = make_user()
    response = client.post(
        "/account/login?next=//evil.example/steal",
        data={"email": user.email, "password": "correct horse battery staple"},
    )
    assert response.headers["Location"] == "/me"
    client.post("/account/logout")
    response = client.post(
        "/account/login?next=/account/settings",
        data={"email": user.email, "password": "correct horse battery staple"},
    )
    assert response.headers["Location"] == "/account/settings"


def test_moderator_lands_on_the_moderation_queue(client, log_in, make_user):
    moderator = make_user(role=Role.MODERATOR)
    response = log_in(moderator.email, "correct horse battery staple")
    assert response.headers["Location"] == "/moderation/"


def test_logged_in_navigation_links_dashboard_and_settings(client, auth, make_user):
    auth.login(make_user(role=Role.MODERATOR))
    page = client.get("/?lang=en").get_data(as_text=True)
    for link in ('href="/me"', 'href="/account/settings"', 'href="/moderation/"'):
        assert link in page
