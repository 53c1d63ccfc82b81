"""Every account form refuses a POST that lacks the CSRF token."""

from __future__ import annotations

import re

import pytest

POST_ROUTES = [
    "/account/signup",
    "/account/login",
    "/account/logout",
    "/account/confirm/resend",
    "/account/reset",
    "/account/reset/some-token",
    "/account/settings/email",
    "/account/settings/password",
    "/account/delete",
]


@pytest.mark.parametrize("path", POST_ROUTES)
def test_post_without_csrf_token_is_refused(csrf_client, path):
    response = csrf_client.post(
        path, data={"email": "someone@example.com", "password": "whatever-123456"}
    )
    assert response.status_code == 400


def test_login_form_with_its_token_is_accepted(csrf_client):
    client = csrf_client
    page = client.get("/account/login?lang=en").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/account/login?lang=en",
        data={"csrf_token": token, "email": "nobody@example.com", "password": "whatever-123456"},
    )
    assert response.status_code == 200
    assert "Email or password is wrong." in response.get_data(as_text=True)
