"""No input, however odd, makes an account page fail with a server error."""

from __future__ import annotations

import pytest

ODD_VALUES = [
    "",
    " ",
    "\x00",
    "a\x00b@example.com",
    "a" * 5000,
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "咨询师@例子.中国",
    "%s%(x)s{0}",
    "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
]
FIELDS = [
    "email",
    "password",
    "password_repeat",
    "new_email",
    "email_password",
    "current_password",
    "new_password",
    "new_password_repeat",
    "delete_password",
]
ROUTES = [
    "/account/signup",
    "/account/login",
    "/account/confirm/resend",
    "/account/reset",
    "/account/reset/x.y.z",
    "/account/settings/email",
    "/account/settings/password",
    "/account/delete",
]


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "counselor"])
def test_odd_form_values_never_cause_a_server_error(client, auth, make_user, logged_in):
    if logged_in:
        auth.login(make_user())
    for path in ROUTES:
        for value in ODD_VALUES:
            response = client.post(path, data=dict.fromkeys(FIELDS, value))
            assert response.status_code < 500, (path, value[:20])
            assert "<script>alert(1)</script>" not in response.get_data(as_text=True)


def test_odd_tokens_in_links_are_refused_plainly(client):
    for token in ("..", "a" * 3000, "eyJ1aWQiOiJ4In0.AAAA.BBBB", "%FF%FE", "null"):
        for prefix in ("/account/confirm/", "/account/reset/", "/account/email/confirm/"):
            assert client.get(prefix + token).status_code in (400, 404)
