"""The resident ID number never reaches a page, a log record, the session cookie or an export."""

from __future__ import annotations

import json
import logging

from sqlalchemy import select

from counsel_dir.accounts.models import Role
from counsel_dir.credentials import resident_id
from counsel_dir.directory.models import ListingSource
from counsel_dir.profiles.models import Claim
from counsel_dir.profiles.services import approve_claim
from counsel_dir.search.models import IndexQueueEntry
from counsel_dir.verification.holder import HolderCheck
from tests.profiles.conftest import ID_NUMBER


def _cookie_payload(app, client) -> str:
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    if cookie is None:
        return ""
    serializer = app.session_interface.get_signing_serializer(app)
    return cookie.value + json.dumps(serializer.loads(cookie.value), ensure_ascii=False)


def test_no_id_number_in_any_response_log_record_or_session_cookie(
    app, client, auth, db_session, make_user, make_listing, holder_channel, caplog
):
    caplog.set_level(logging.DEBUG)
    listing = make_listing(owner=None, tier=2, display_name="王芳", source=ListingSource.IMPORTED)
    number = listing.credentials[0].number
    claimant = make_user()
    auth.login(claimant)
    bodies: list[str] = []
    cookies: list[str] = []

    def visit(response):
        bodies.append(response.get_data(as_text=True))
        bodies.append(str(response.headers))
        cookies.append(_cookie_payload(app, client))
        return response

    proof = {"number": number, "name": "王芳", "resident_id": ID_NUMBER, "consent": "y"}
    visit(client.post(f"/claim/{listing.slug}", data=dict(proof, name="别人")))
    visit(client.post(f"/claim/{listing.slug}", data=dict(proof, consent="")))
    holder_channel.answer = HolderCheck.MISMATCH
    visit(client.post(f"/claim/{listing.slug}", data=proof))
    holder_channel.answer = HolderCheck.MATCH
    visit(client.post(f"/claim/{listing.slug}", data=proof, follow_redirects=True))
    visit(client.post("/claim", data={"number": ID_NUMBER}))
    claim = db_session.scalars(select(Claim)).one()
    approve_claim(claim, make_user(role=Role.MODERATOR), "ok")
    for url in ("/me", "/me/export.json", "/me/profile/edit", f"/counselors/{listing.slug}"):
        visit(client.get(url))

    masked = resident_id.mask(ID_NUMBER)
    fragments = (ID_NUMBER, ID_NUMBER[:10], ID_NUMBER[6:14] + ID_NUMBER[14:])
    for text in bodies + cookies:
        for fragment in fragments:
            assert fragment not in text
    for record in caplog.records:
        assert ID_NUMBER not in record.getMessage()
        assert ID_NUMBER not in str(record.args)
    queued = db_session.scalars(select(IndexQueueEntry)).all()
    assert ID_NUMBER not in str([vars(entry) for entry in queued])
    export = client.get("/me/export.json").get_json()
    assert export["profile"]["resident_id"] == masked
    assert export["claims"][0]["resident_id"] == masked


def test_export_downloads_the_counselors_own_data_as_json(
    client, auth, db_session, make_user, make_listing, make_supervisor
):
    from datetime import date, timedelta

    from counsel_dir.credentials.models import SupervisedHours

    _s_user, supervisor = make_supervisor("钱督导")
    user = make_user()
    counselor = make_listing(owner=user, tier=2, display_name="孙咨询师")
    db_session.add(
        SupervisedHours(
            counselor=counselor,
            supervisor=supervisor,
            period_start=date.today() - timedelta(days=10),
            period_end=date.today() - timedelta(days=1),
            hours=4,
        )
    )
    db_session.flush()
    auth.login(user)
    response = client.get("/me/export.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.get_json()
    assert data["account"]["email"] == user.email
    assert data["profile"]["display_name"] == "孙咨询师"
    assert data["profile"]["credentials"][0]["number"] == counselor.credentials[0].number
    assert data["profile"]["supervised_hours"][0]["supervisor"] == "钱督导"
    assert data["profile"]["resident_id"] is None
    assert "password_hash" not in str(data)
