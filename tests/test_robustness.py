"""No input yields a 500: every page answers garbage in its address and query string."""

from __future__ import annotations

import pytest

from counsel_dir.accounts.models import Role

GARBAGE_QUERY = {
    "page": "-1",
    "q": "\x00<script>alert(1)</script>" + "焦" * 300,
    "tier": "nine",
    "city": "../../etc/passwd",
    "fee_min": "1e309",
    "fee_max": "-5",
    "per_page": "100000",
    "lang": "xx",
    "next": "//evil.example",
    "sort": "';DROP TABLE counselor;--",
}
ARGUMENT_VALUES = {"int": "2147483647", "default": "no-such-thing%00"}


def _urls(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or "GET" not in rule.methods:
            continue
        values = {}
        for name in rule.arguments:
            converter = rule._converters[name].__class__.__name__
            values[name] = (
                ARGUMENT_VALUES["int"] if converter == "IntegerConverter" else "no-such-thing"
            )
        try:
            path = rule.build(values, append_unknown=False)[1]
        except Exception:  # noqa: S112 - rules whose arguments these values cannot fill
            continue
        yield rule.endpoint, path


@pytest.mark.parametrize("role", [None, Role.COUNSELOR, Role.MODERATOR, Role.ADMIN])
def test_no_page_answers_garbage_with_a_server_error(app, client, auth, make_user, role):
    if role is not None:
        auth.login(make_user(role))
    for endpoint, path in _urls(app):
        plain = client.get(path)
        assert plain.status_code < 500, (endpoint, path)
        noisy = client.get(path, query_string=GARBAGE_QUERY)
        assert noisy.status_code < 500, (endpoint, path, "garbage query")


def test_garbage_posts_to_every_form_are_refused_without_a_server_error(
    app, client, auth, make_user
):
    auth.login(make_user(Role.COUNSELOR))
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.arguments - {"slug"}:
            continue
        path = rule.build({"slug": "no-such-thing"} if "slug" in rule.arguments else {})[1]
        response = client.post(path, data={key: value for key, value in GARBAGE_QUERY.items()})
        assert response.status_code < 500, (rule.endpoint, path)
