"""Who may open which account page: deny by default, checked on the server."""

from __future__ import annotations

import pytest

from counsel_dir.accounts.models import Role

ANONYMOUS = "anonymous"
WHO = (ANONYMOUS, Role.COUNSELOR, Role.MODERATOR, Role.ADMIN)
LOGIN = "login"  # redirected to the login page

# (method, path, {who: expected status}); a missing "who" means the same as counselor.
MATRIX = [
    ("GET", "/account/signup", {ANONYMOUS: 200, Role.COUNSELOR: 302}),
    ("GET", "/account/signup/sent", {ANONYMOUS: 200, Role.COUNSELOR: 200}),
    ("GET", "/account/login", {ANONYMOUS: 200, Role.COUNSELOR: 302}),
    ("GET", "/account/confirm/resend", {ANONYMOUS: 200, Role.COUNSELOR: 200}),
    ("GET", "/account/confirm/not-a-token", {ANONYMOUS: 400, Role.COUNSELOR: 400}),
    ("GET", "/account/reset", {ANONYMOUS: 200, Role.COUNSELOR: 200}),
    ("GET", "/account/reset/sent", {ANONYMOUS: 200, Role.COUNSELOR: 200}),
    ("GET", "/account/reset/not-a-token", {ANONYMOUS: 400, Role.COUNSELOR: 400}),
    ("POST", "/account/reset/not-a-token", {ANONYMOUS: 400, Role.COUNSELOR: 400}),
    ("GET", "/account/email/confirm/not-a-token", {ANONYMOUS: 400, Role.COUNSELOR: 400}),
    ("GET", "/account/settings", {ANONYMOUS: LOGIN, Role.COUNSELOR: 200}),
    ("POST", "/account/settings/email", {ANONYMOUS: LOGIN, Role.COUNSELOR: 200}),
    ("POST", "/account/settings/password", {ANONYMOUS: LOGIN, Role.COUNSELOR: 200}),
    ("GET", "/account/delete", {ANONYMOUS: LOGIN, Role.COUNSELOR: 200}),
    ("POST", "/account/delete", {ANONYMOUS: LOGIN, Role.COUNSELOR: 200}),
    ("POST", "/account/logout", {ANONYMOUS: 302, Role.COUNSELOR: 302}),
    ("GET", "/account/logout", {ANONYMOUS: 405, Role.COUNSELOR: 405}),
    ("GET", "/account/settings/email", {ANONYMOUS: 405, Role.COUNSELOR: 405}),
    ("GET", "/dev/outbox", {ANONYMOUS: 404, Role.COUNSELOR: 404}),
]


def _expected(rules: dict, who: object) -> object:
    return rules.get(who, rules[Role.COUNSELOR])


@pytest.mark.parametrize("who", WHO, ids=str)
def test_access_matrix_over_the_account_routes(client, auth, make_user, who):
    if who != ANONYMOUS:
        auth.login(make_user(role=who))
    for method, path, rules in MATRIX:
        response = client.open(path, method=method, data={})
        expected = _expected(rules, who)
        if expected == LOGIN:
            assert response.status_code == 302, (method, path, who)
            assert "/account/login" in response.headers["Location"], (method, path, who)
        else:
            assert response.status_code == expected, (method, path, who, response.status_code)


def test_every_account_route_is_in_the_matrix(app):
    covered = {path.split("/not-a-token")[0] for _, path, _ in MATRIX}
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith(("accounts.", "notifications.")):
            path = rule.rule.split("/<")[0]
            assert path in covered, rule.rule


def test_views_without_an_access_rule_are_refused(fresh_app):
    fresh = fresh_app()

    @fresh.route("/__unmarked_probe")
    def unmarked_probe():
        return "should never be served"

    assert fresh.test_client().get("/__unmarked_probe").status_code == 403


def test_login_page_returns_to_the_page_that_asked_for_it(client, make_user):
    asked = client.get("/account/settings?lang=en")
    assert asked.headers["Location"].endswith("/account/login?next=/account/settings?lang%3Den")
    posted = client.post("/account/settings/password")
    assert posted.headers["Location"].endswith("/account/login")
