"""Anyone can report a problem on a profile or a credential and follow it by reference."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from counsel_dir.accounts.models import Role
from counsel_dir.moderation.models import ItemKind, ItemStatus, ModerationItem, Report
from tests.moderation.conftest import login


def _reference(response) -> str:
    match = re.search(r"/reports/(R[A-Z0-9]{10})", response.headers["Location"])
    assert match, response.headers["Location"]
    return match.group(1)


def _stored(db_session, response) -> Report:
    return db_session.scalars(select(Report).where(Report.reference == _reference(response))).one()


def _report(client, counselor, credential=None, **data):
    url = f"/counselors/{counselor.slug}/report"
    if credential is not None:
        url = f"/counselors/{counselor.slug}/credentials/{credential.id}/report"
    form = {"reason": "fake_or_borrowed", "description": "The certificate number looks made up."}
    form.update(data)
    return client.post(url, data=form, environ_base=data.pop("environ_base", None) or {})


@pytest.fixture(autouse=True)
def _generous_rate_limit(app, monkeypatch):
    monkeypatch.setitem(app.config, "MODERATION_REPORTS_PER_HOUR", 50)


def test_profile_and_each_credential_card_offer_report_a_problem(client, make_counselor):
    counselor = make_counselor(tier=1)
    credential = counselor.credentials[0]
    page = client.get(f"/counselors/{counselor.slug}?lang=en").get_data(as_text=True)
    assert f"/counselors/{counselor.slug}/report" in page
    assert f"/counselors/{counselor.slug}/credentials/{credential.id}/report" in page
    form = client.get(f"/counselors/{counselor.slug}/credentials/{credential.id}/report?lang=en")
    assert form.status_code == 200
    text = form.get_data(as_text=True)
    for reason in (
        "Fake or borrowed certificate",
        "Unrecognized issuer",
        "Expired",
        "Not the same person",
        "Misconduct",
        "Outdated listing",
        "Other",
    ):
        assert reason in text


def test_anonymous_visitor_reports_a_credential_and_gets_a_reference(
    client, db_session, make_counselor
):
    counselor = make_counselor(tier=1)
    credential = counselor.credentials[0]
    response = _report(client, counselor, credential)
    assert response.status_code == 302
    reference = _reference(response)
    received = client.get(f"/reports/{reference}/received?lang=en").get_data(as_text=True)
    assert reference in received
    status = client.get(f"/reports/{reference}?lang=en").get_data(as_text=True)
    assert "Waiting for a moderator" in status
    report = db_session.scalars(select(Report).where(Report.reference == reference)).one()
    assert report.reporter_id is None
    assert report.credential_id == credential.id
    item = db_session.get(ModerationItem, report.item_id)
    assert item.kind is ItemKind.REPORT and item.status is ItemStatus.OPEN


def test_a_report_states_its_rules_when_incomplete(client, make_counselor):
    counselor = make_counselor(tier=2)
    response = _report(client, counselor, reason="", description="short")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Choose what is wrong." in page or "请" in page
    response = client.post(
        f"/counselors/{counselor.slug}/report?lang=en",
        data={"reason": "nonsense", "description": "x"},
    )
    assert response.status_code == 400
    assert "Write between 10 and 2000 characters." in response.get_data(as_text=True)


def test_a_bot_filling_the_honeypot_gets_no_queue_item(client, db_session, make_counselor):
    counselor = make_counselor(tier=1)
    response = _report(client, counselor, website="http://spam.example")
    assert response.status_code == 302
    report = _stored(db_session, response)
    assert report.honeypot_tripped is True
    assert report.item_id is None
    assert db_session.scalars(select(ModerationItem)).all() == []


def test_reports_are_rate_limited_per_client_address(app, client, monkeypatch, make_counselor):
    monkeypatch.setitem(app.config, "MODERATION_REPORTS_PER_HOUR", 2)
    counselor = make_counselor(tier=1)
    here = {"REMOTE_ADDR": "203.0.113.7"}
    assert _report(client, counselor, environ_base=here).status_code == 302
    assert _report(client, counselor, environ_base=here).status_code == 302
    refused = client.post(
        f"/counselors/{counselor.slug}/report?lang=en",
        data={"reason": "other", "description": "Yet another report from me."},
        environ_base=here,
    )
    assert refused.status_code == 429
    assert "too many reports in the last hour" in refused.get_data(as_text=True)
    elsewhere = {"REMOTE_ADDR": "198.51.100.9"}
    assert _report(client, counselor, environ_base=elsewhere).status_code == 302


def test_honeypot_reports_count_against_the_rate_limit(app, client, monkeypatch, make_counselor):
    monkeypatch.setitem(app.config, "MODERATION_REPORTS_PER_HOUR", 1)
    counselor = make_counselor(tier=1)
    assert _report(client, counselor, website="x").status_code == 302
    assert _report(client, counselor).status_code == 429


def test_only_listed_counselors_and_their_own_credentials_can_be_reported(client, make_counselor):
    listed = make_counselor(tier=1)
    other = make_counselor(tier=2)
    unlisted = make_counselor(tier=None)
    assert client.get(f"/counselors/{unlisted.slug}/report").status_code == 404
    foreign = other.credentials[0]
    url = f"/counselors/{listed.slug}/credentials/{foreign.id}/report"
    assert client.get(url).status_code == 404
    assert client.get(f"/counselors/{listed.slug}/credentials/999999/report").status_code == 404


def test_an_id_number_typed_into_a_report_is_stored_masked(client, db_session, make_counselor):
    counselor = make_counselor(tier=1)
    response = _report(
        client, counselor, description="Her real ID is 11010519491231002X, not this person."
    )
    report = _stored(db_session, response)
    assert "11010519491231002X" not in report.description
    assert "110***********002X" in report.description


def test_logged_in_reporter_is_named_to_moderators_only(
    app, client, db_session, make_user, make_counselor, moderator_client
):
    counselor = make_counselor(tier=1)
    reporter = make_user(Role.COUNSELOR, email="reporter@example.com")
    db_session.commit()
    login(client, reporter, code=False)
    response = _report(client, counselor)
    reference = _reference(response)
    public = app.test_client().get(f"/reports/{reference}").get_data(as_text=True)
    assert "reporter@example.com" not in public
    report = db_session.scalars(select(Report).where(Report.reference == reference)).one()
    assert report.reporter_id == reporter.id
    page = moderator_client().get(f"/moderation/items/{report.item_id}?lang=en")
    assert "reporter@example.com" in page.get_data(as_text=True)


def test_reports_on_the_same_credential_share_one_item(client, db_session, make_counselor):
    counselor = make_counselor(tier=1)
    credential = counselor.credentials[0]
    first = _reference(_report(client, counselor, credential))
    second = _reference(_report(client, counselor, credential, reason="expired"))
    reports = db_session.scalars(select(Report).where(Report.reference.in_((first, second)))).all()
    assert len({report.item_id for report in reports}) == 1


def test_many_reports_on_one_listing_raise_a_high_priority_item(client, db_session, make_counselor):
    counselor = make_counselor(tier=1)
    calm = make_counselor(tier=1)
    for _ in range(3):
        _report(client, counselor, reason="misconduct")
    _report(client, calm, reason="misconduct")
    busy = db_session.scalars(
        select(ModerationItem).where(ModerationItem.kind == ItemKind.MANY_REPORTS)
    ).all()
    assert [item.counselor_id for item in busy] == [counselor.id]
    report_items = {
        item.counselor_id: item
        for item in db_session.scalars(
            select(ModerationItem).where(ModerationItem.kind == ItemKind.REPORT)
        )
    }
    assert report_items[counselor.id].priority > report_items[calm.id].priority


def test_a_reference_can_be_looked_up_and_unknown_ones_are_not_found(client, make_counselor):
    counselor = make_counselor(tier=1)
    reference = _reference(_report(client, counselor))
    found = client.get(f"/reports/?reference={reference.lower()}")
    assert found.status_code == 302
    assert found.headers["Location"].endswith(f"/reports/{reference}")
    missing = client.get("/reports/?reference=RAAAAAAAAAA&lang=en")
    assert "No report has this reference number" in missing.get_data(as_text=True)
    assert client.get("/reports/RAAAAAAAAAA").status_code == 404
    assert client.get("/reports/<script>").status_code == 404


def test_a_report_without_csrf_token_is_refused(csrf_app):
    response = csrf_app.test_client().post(
        "/counselors/anyone/report",
        data={"reason": "other", "description": "No token on this form."},
    )
    assert response.status_code == 400
