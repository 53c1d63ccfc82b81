"""No password and no resident ID number reaches a page, a header, a log record, a mail or the
session cookie, across every account flow."""

from __future__ import annotations

import logging

from counsel_dir.credentials.services import identity_vault
from tests.accounts.conftest import COOKIE, OTHER_STRONG_PASSWORD, STRONG_PASSWORD

RESIDENT_ID = "11010519491231002X"
WRONG_PASSWORD = "my-wrong-guess-2468"


class Recorder:
    """Keeps every response and every cookie the browser receives."""

    def __init__(self, app, client):
        self.app, self.client, self.seen = app, client, []

    def __call__(self, method, path, **kwargs):
        response = self.client.open(path, method=method, **kwargs)
        self.seen.append(response.get_data(as_text=True))
        self.seen.append(str(response.headers))
        cookie = self.client.get_cookie(COOKIE)
        if cookie:
            self.seen.append(cookie.value)
            serializer = self.app.session_interface.get_signing_serializer(self.app)
            self.seen.append(repr(serializer.loads(cookie.value)))
        return response


def test_no_password_or_id_number_in_responses_logs_cookies_or_mails(
    app, client, db_session, make_counselor, outbox, caplog
):
    caplog.set_level(logging.DEBUG)
    browse = Recorder(app, client)
    email = "secretive@example.com"
    data = {"email": email, "password": STRONG_PASSWORD, "password_repeat": STRONG_PASSWORD}
    browse("POST", "/account/signup", data=data)
    browse("GET", outbox.link_in(outbox.last_to(email), "/account/confirm/"))
    browse("POST", "/account/login", data={"email": email, "password": WRONG_PASSWORD})
    browse("POST", "/account/login", data={"email": email, "password": STRONG_PASSWORD})

    from counsel_dir.accounts.services import find_user_by_email

    user = find_user_by_email(email)
    vault = identity_vault()
    counselor = make_counselor(
        tier=1,
        owner=user,
        resident_id_sealed=vault.seal(RESIDENT_ID),
        resident_id_hash=vault.match_hash(RESIDENT_ID),
    )
    browse("GET", f"/counselors/{counselor.slug}")
    browse("GET", "/account/settings")
    browse(
        "POST",
        "/account/settings/password",
        data={
            "current_password": WRONG_PASSWORD,
            "new_password": OTHER_STRONG_PASSWORD,
            "new_password_repeat": OTHER_STRONG_PASSWORD,
        },
    )
    browse(
        "POST",
        "/account/settings/password",
        data={
            "current_password": STRONG_PASSWORD,
            "new_password": OTHER_STRONG_PASSWORD,
            "new_password_repeat": OTHER_STRONG_PASSWORD,
        },
    )
    browse("POST", "/account/reset", data={"email": email})
    browse("GET", outbox.link_in(outbox.last_to(email), "/account/reset/"))
    browse("POST", "/account/delete", data={"delete_password": WRONG_PASSWORD})
    browse("POST", "/account/delete", data={"delete_password": OTHER_STRONG_PASSWORD})
    assert user.deleted_at is not None

    mails = [f"{mail.subject}\n{mail.body}" for mail in outbox.all()]
    logs = [record.getMessage() for record in caplog.records]
    for secret in (STRONG_PASSWORD, OTHER_STRONG_PASSWORD, WRONG_PASSWORD, RESIDENT_ID):
        for where, texts in (("page", browse.seen), ("log", logs), ("mail", mails)):
            assert not any(secret in text for text in texts), (secret, where)
