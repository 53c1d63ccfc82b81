"""Who reaches the queue: moderators only, and only after their second factor."""

from __future__ import annotations

import importlib.util

import pytest
from sqlalchemy import select

from counsel_dir.accounts.models import Role, User
from counsel_dir.moderation.models import ItemKind, SecondFactorAttempt
from counsel_dir.moderation.second_factor import unseal_secret
from counsel_dir.moderation.services import raise_item
from tests.moderation.conftest import MODERATOR_SECRET, login, totp_code

QUEUE_PAGES = ["/moderation/", "/moderation/items/{id}"]
QUEUE_POSTS = [
    "/moderation/items/{id}/assign",
    "/moderation/items/{id}/release",
    "/moderation/items/{id}/decide",
    "/moderation/items/{id}/flag",
]


@pytest.fixture
def item(db_session, make_counselor):
    counselor = make_counselor(tier=1)
    item = raise_item(ItemKind.REPORT, counselor_id=counselor.id)
    db_session.commit()
    return item


def test_anonymous_visitors_are_sent_to_log_in(client, item):
    for url in QUEUE_PAGES + QUEUE_POSTS:
        response = (
            client.post(url.format(id=item.id))
            if url in QUEUE_POSTS
            else client.get(url.format(id=item.id))
        )
        assert response.status_code == 302
        assert "/account/login" in response.headers["Location"]


def test_a_counselor_cannot_open_the_queue_nor_an_item(user_client, make_user, item):
    browser = user_client(make_user(Role.COUNSELOR))
    for url in QUEUE_PAGES:
        assert browser.get(url.format(id=item.id)).status_code == 403
    for url in QUEUE_POSTS:
        assert browser.post(url.format(id=item.id)).status_code == 403
    assert browser.get("/moderation/2fa").status_code == 403


def test_a_moderator_without_second_factor_is_sent_to_enter_a_code(app, make_moderator, item):
    browser = login(app.test_client(), make_moderator(), code=False)
    for url in QUEUE_PAGES:
        response = browser.get(url.format(id=item.id))
        assert response.status_code == 302
        assert "/moderation/2fa" in response.headers["Location"]
    for url in QUEUE_POSTS:
        response = browser.post(url.format(id=item.id))
        assert response.status_code == 302
        assert "/moderation/2fa" in response.headers["Location"]


def test_a_moderator_with_second_factor_opens_the_queue(moderator_client, item):
    browser = moderator_client()
    page = browser.get("/moderation/?lang=en")
    assert page.status_code == 200
    assert f"/moderation/items/{item.id}" in page.get_data(as_text=True)
    assert browser.get(f"/moderation/items/{item.id}").status_code == 200


def test_an_admin_also_needs_the_second_factor(app, make_moderator, item):
    admin = make_moderator(Role.ADMIN)
    browser = login(app.test_client(), admin, code=False)
    assert "/moderation/2fa" in browser.get("/moderation/").headers["Location"]
    login(browser, admin)
    assert browser.get("/moderation/").status_code == 200


def test_a_new_moderator_enrols_with_the_secret_shown_as_text(app, db_session, make_user):
    moderator = make_user(Role.MODERATOR)
    db_session.commit()
    browser = login(app.test_client(), moderator, code=False)
    page = browser.get("/moderation/2fa?lang=en").get_data(as_text=True)
    assert "otpauth://totp/" in page
    if importlib.util.find_spec("segno") is not None:
        assert 'src="data:image/svg+xml' in page
    stored = db_session.get(User, moderator.id)
    db_session.refresh(stored)
    secret = unseal_secret(stored.totp_secret_sealed)
    assert secret is not None and secret.encode() not in stored.totp_secret_sealed
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in page
    assert stored.totp_confirmed_at is None
    assert browser.get("/moderation/").status_code == 302
    response = browser.post("/moderation/2fa?next=/moderation/", data={"code": totp_code(secret)})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/moderation/")
    assert browser.get("/moderation/").status_code == 200
    db_session.refresh(stored)
    assert stored.totp_confirmed_at is not None


def test_wrong_codes_are_refused_and_then_rate_limited(app, db_session, make_moderator):
    moderator = make_moderator()
    browser = login(app.test_client(), moderator, code=False)
    wrong = "000000" if totp_code() != "000000" else "111111"
    for _ in range(5):
        response = browser.post("/moderation/2fa?lang=en", data={"code": wrong})
        assert response.status_code == 200
        assert "That code is not valid" in response.get_data(as_text=True)
    locked = browser.post("/moderation/2fa?lang=en", data={"code": totp_code()})
    assert locked.status_code == 429
    assert "Too many wrong codes" in locked.get_data(as_text=True)
    assert browser.get("/moderation/").status_code == 302
    failures = db_session.scalars(
        select(SecondFactorAttempt).where(SecondFactorAttempt.user_id == moderator.id)
    ).all()
    assert len(failures) == 5


def test_a_code_is_accepted_only_once(app, make_moderator):
    moderator = make_moderator()
    code = totp_code(MODERATOR_SECRET)
    login(app.test_client(), moderator, code=code)
    replay = login(app.test_client(), moderator, code=False)
    response = replay.post("/moderation/2fa", data={"code": code})
    assert response.status_code == 200
    assert replay.get("/moderation/").status_code == 302


def test_malformed_codes_state_the_rule(app, make_moderator):
    browser = login(app.test_client(), make_moderator(), code=False)
    response = browser.post("/moderation/2fa?lang=en", data={"code": "12ab"})
    assert "The code is 6 digits." in response.get_data(as_text=True)


def test_a_counselor_never_sees_the_reports_about_them(
    client, db_session, user_client, claimed_counselor, moderator_client
):
    counselor, owner = claimed_counselor(tier=1)
    client.post(
        f"/counselors/{counselor.slug}/report",
        data={"reason": "misconduct", "description": "A very specific secret complaint."},
    )
    browser = user_client(owner)
    for url in ("/me/requests", "/me/appeals", "/moderation/"):
        page = browser.get(url).get_data(as_text=True)
        assert "A very specific secret complaint." not in page


def test_second_factor_post_without_csrf_token_is_refused(csrf_app):
    response = csrf_app.test_client().post("/moderation/2fa", data={"code": "123456"})
    assert response.status_code == 400


def test_every_moderation_view_declares_its_access_rule(app):
    moderation = [name for name in app.view_functions if name.startswith("moderation.")]
    assert "moderation.queue" in moderation
    for endpoint in moderation + ["audit.log", "audit.export"]:
        assert hasattr(app.view_functions[endpoint], "_access"), endpoint


def test_a_moderator_never_sees_items_about_their_own_listing(
    db_session, make_counselor, make_moderator, moderator_client
):
    me = make_moderator()
    mine = make_counselor(tier=1, owner_id=me.id)
    other = make_counselor(tier=1)
    about_me = raise_item(ItemKind.REPORT, counselor_id=mine.id)
    about_other = raise_item(ItemKind.REPORT, counselor_id=other.id)
    unattached = raise_item(ItemKind.CLAIM_REVIEW, subject_id=3)
    db_session.commit()
    browser = moderator_client(me)
    page = browser.get("/moderation/").get_data(as_text=True)
    assert f"item-{about_me.id}" not in page
    assert f"item-{about_other.id}" in page and f"item-{unattached.id}" in page
    assert browser.get(f"/moderation/items/{about_me.id}").status_code == 404
    assert browser.post(f"/moderation/items/{about_me.id}/assign").status_code == 404
