"""Who reaches which page of the counselor's side: nobody reaches what is not theirs."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from PIL import Image

from counsel_dir.accounts.models import Role
from counsel_dir.credentials.kinds import CredentialKind
from counsel_dir.credentials.models import SupervisedHours
from counsel_dir.directory.models import ListingSource

LOGIN = "login"  # redirected to the login page
SKIP = None


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def world(client, auth, db_session, make_user, make_listing, make_credential, make_supervisor):
    """Counselor A (unlisted, with a photo, credential and pending hours), counselor B,
    supervisor S (A's supervisor), a moderator M, and an unclaimed listing."""
    s_user, supervisor = make_supervisor("苏督导")
    a_user = make_user()
    a_listing = make_listing(owner=a_user, tier=None, display_name="安咨询师")
    credential = make_credential(
        a_listing, CredentialKind.CAS_BASIC_TRAINING, issuer_name="中国科学院心理研究所"
    )
    entry = SupervisedHours(
        counselor=a_listing,
        supervisor=supervisor,
        period_start=date.today() - timedelta(days=30),
        period_end=date.today() - timedelta(days=1),
        hours=10,
    )
    db_session.add(entry)
    db_session.flush()
    auth.login(a_user)
    client.post(
        "/me/photo",
        data={"photo": (io.BytesIO(_png()), "a.png")},
        content_type="multipart/form-data",
    )
    auth.logout()
    b_user = make_user()
    make_listing(owner=b_user, tier=2)
    unclaimed = make_listing(owner=None, tier=2, source=ListingSource.IMPORTED)
    return {
        "users": {
            "anonymous": None,
            "A": a_user,
            "B": b_user,
            "S": s_user,
            "M": make_user(role=Role.MODERATOR),
        },
        "credential": credential.id,
        "hours": entry.id,
        "photo": a_listing.photo_filename,
        "unclaimed": unclaimed.slug,
    }


# (method, url, {actor: expected}); expected is a status code, LOGIN, or SKIP.
OWN = {"anonymous": LOGIN, "A": 200, "B": 200, "S": 200, "M": 200}
OWN_LISTING = {"anonymous": LOGIN, "A": 200, "B": 200, "S": 200, "M": 404}
A_ONLY = {"anonymous": LOGIN, "A": SKIP, "B": 404, "S": 404, "M": 404}
COUNSELORS = {"anonymous": LOGIN, "A": 200, "B": 200, "S": 200, "M": 403}
POST_OWN_LISTING = {"anonymous": LOGIN, "A": SKIP, "B": SKIP, "S": SKIP, "M": 404}
ROUTES = [
    ("GET", "/me", OWN),
    ("GET", "/me/export.json", OWN),
    ("GET", "/me/listing/new", {"anonymous": LOGIN, "A": 302, "B": 302, "S": 302, "M": 403}),
    ("POST", "/me/listing/new", {"anonymous": LOGIN, "A": 302, "B": 302, "S": 302, "M": 403}),
    ("GET", "/me/profile/edit", OWN_LISTING),
    ("POST", "/me/profile/preview", POST_OWN_LISTING),
    ("POST", "/me/profile/publish", POST_OWN_LISTING),
    ("POST", "/me/accepting/confirm", POST_OWN_LISTING),
    ("POST", "/me/photo", POST_OWN_LISTING),
    ("GET", "/me/photo/remove", {"anonymous": LOGIN, "A": 200, "B": 302, "S": 302, "M": 404}),
    ("POST", "/me/photo/remove", POST_OWN_LISTING),
    ("GET", "/photos/{photo}", {"anonymous": 404, "A": 200, "B": 404, "S": 404, "M": 404}),
    ("GET", "/claim", COUNSELORS),
    ("POST", "/claim", {"anonymous": LOGIN, "A": 200, "B": 200, "S": 200, "M": 403}),
    ("GET", "/claim/{unclaimed}", COUNSELORS),
    ("POST", "/claim/{unclaimed}", {"anonymous": LOGIN, "A": 400, "B": 400, "S": 400, "M": 403}),
    ("GET", "/me/resident-id", OWN_LISTING),
    ("POST", "/me/resident-id", {"anonymous": LOGIN, "A": 400, "B": 400, "S": 400, "M": 404}),
    ("GET", "/me/resident-id/delete", {"anonymous": LOGIN, "A": 302, "B": 302, "S": 302, "M": 404}),
    ("POST", "/me/resident-id/delete", POST_OWN_LISTING),
    ("GET", "/me/credentials/new", OWN_LISTING),
    ("POST", "/me/credentials/new", POST_OWN_LISTING),
    ("GET", "/me/credentials/{credential}/edit", dict(A_ONLY, A=200)),
    ("POST", "/me/credentials/{credential}/edit", A_ONLY),
    ("GET", "/me/credentials/{credential}/remove", dict(A_ONLY, A=200)),
    ("POST", "/me/credentials/{credential}/remove", A_ONLY),
    ("GET", "/me/hours/new", OWN_LISTING),
    ("POST", "/me/hours/new", POST_OWN_LISTING),
    ("POST", "/me/hours/{hours}/withdraw", A_ONLY),
    (
        "POST",
        "/me/attestations/{hours}",
        {"anonymous": LOGIN, "A": 404, "B": 404, "S": SKIP, "M": 404},
    ),
]


def _check(client, method, url, expected, actor):
    response = client.open(url, method=method, data={"decision": "attest"})
    if expected == LOGIN:
        assert response.status_code == 302, (actor, method, url)
        assert "/account/login" in response.headers["Location"], (actor, method, url)
    else:
        assert response.status_code == expected, (actor, method, url, response.status_code)


def test_every_route_of_the_counselor_side_is_in_the_access_matrix(app):
    rules = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("profiles.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    placeholders = {
        "{photo}": "<name>",
        "{unclaimed}": "<slug>",
        "{credential}": "<int:credential_id>",
        "{hours}": "<int:hours_id>",
    }
    covered = set()
    for method, url, _expected in ROUTES:
        for key, value in placeholders.items():
            url = url.replace(key, value)
        covered.add((method, url))
    assert rules == covered


@pytest.mark.parametrize("actor", ["anonymous", "A", "B", "S", "M"])
def test_access_matrix(client, auth, world, actor):
    user = world["users"][actor]
    if user is not None:
        auth.login(user)
    for method, url, expectations in ROUTES:
        expected = expectations[actor]
        if expected is SKIP:
            continue
        _check(client, method, url.format(**world), expected, actor)


def test_supervisor_attests_only_hours_addressed_to_them(
    client, auth, db_session, world, make_supervisor
):
    other_user, _other = make_supervisor("另一位督导")
    auth.login(other_user)
    assert (
        client.post(f"/me/attestations/{world['hours']}", data={"decision": "attest"}).status_code
        == 404
    )
    auth.logout()
    auth.login(world["users"]["S"])
    assert (
        client.post(f"/me/attestations/{world['hours']}", data={"decision": "attest"}).status_code
        == 302
    )


def test_export_holds_only_the_users_own_data(client, auth, world):
    auth.login(world["users"]["B"])
    data = client.get("/me/export.json").get_json()
    assert data["account"]["email"] == world["users"]["B"].email
    assert "安咨询师" not in str(data)


CSRF_POSTS = [
    "/me/listing/new",
    "/me/profile/preview",
    "/me/profile/publish",
    "/me/accepting/confirm",
    "/me/photo",
    "/me/photo/remove",
    "/claim",
    "/claim/some-listing",
    "/me/resident-id",
    "/me/resident-id/delete",
    "/me/credentials/new",
    "/me/credentials/1/edit",
    "/me/credentials/1/remove",
    "/me/hours/new",
    "/me/hours/1/withdraw",
    "/me/attestations/1",
]


def test_posts_without_a_csrf_token_are_refused(csrf_app):
    client = csrf_app.test_client()
    for url in CSRF_POSTS:
        response = client.post(url, data={"decision": "attest"})
        assert response.status_code == 400, url


GARBAGE = {
    "display_name": "x" * 500,
    "gender": "robot",
    "city": "\x00",
    "district": "../../",
    "languages": ["klingon", ""],
    "fee_min": "1e309",
    "fee_max": "-abc",
    "bio": "\u202e\x00<b>" * 3,
    "kind": "wizard",
    "number": "",
    "issued_on": "2024-02-30",
    "valid_until": "0000-00-00",
    "period_start": "yesterday",
    "period_end": "99999-01-01",
    "hours": "NaN",
    "supervisor_id": "not-a-number",
    "resident_id": "X" * 5000,
    "consent": "maybe",
    "decision": "attest",
    "photo": "not a file",
    "action": "publish",
}


def test_garbage_input_never_causes_a_server_error(client, auth, world, make_user):
    auth.login(world["users"]["S"])
    response = client.post(f"/me/attestations/{world['hours']}", data={"decision": "\x00"})
    assert response.status_code == 400
    auth.logout()
    auth.login(world["users"]["A"])
    for method, url, _expected in ROUTES:
        if method != "POST":
            continue
        response = client.post(url.format(**world), data=GARBAGE)
        assert response.status_code < 500, (url, response.status_code)
    auth.logout()
    auth.login(make_user())
    for url in ("/me/listing/new", "/claim", "/claim/{unclaimed}"):
        response = client.post(url.format(**world), data=GARBAGE)
        assert response.status_code < 500, (url, response.status_code)
