"""A counselor gives (and deletes) their resident ID number so that official channels can check."""

from __future__ import annotations

import logging

from sqlalchemy import select

from counsel_dir.audit.models import AuditEntry
from counsel_dir.credentials import resident_id
from counsel_dir.credentials.kinds import CredentialKind, CredentialStatus
from counsel_dir.credentials.services import identity_vault
from counsel_dir.db import utcnow
from counsel_dir.moderation.models import ItemKind, ItemStatus, ModerationItem
from counsel_dir.verification.services import verify_now
from tests.profiles.conftest import ID_NUMBER, OTHER_ID_NUMBER
from tests.profiles.test_privacy import _cookie_payload
from tests.verification.conftest import (  # noqa: F401  (fixtures)
    clients,
    installed_clients,
    issuer_record,
    make_clients,
    sim,
    simulator,
)

CONSENTED = {"resident_id": ID_NUMBER, "consent": "y"}


def _counselor_with_mohrss(make_user, make_listing, make_credential, name="王芳"):
    user = make_user()
    listing = make_listing(owner=user, tier=None, display_name=name)
    credential = make_credential(
        listing,
        CredentialKind.MOHRSS_LEVEL2,
        issuer_name="人力资源和社会保障部",
        status=CredentialStatus.PENDING,
        last_verified_at=None,
        next_check_due=None,
    )
    return user, listing, credential


def _login_in_english(client, auth, user):
    auth.login(user)
    client.get("/me?lang=en")


def _audit(db_session, action):
    return db_session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def test_counselor_adds_the_number_with_consent_and_the_mohrss_credential_is_due_now(
    client, auth, db_session, make_user, make_listing, make_credential
):
    user, listing, credential = _counselor_with_mohrss(make_user, make_listing, make_credential)
    _login_in_english(client, auth, user)
    before = utcnow()
    response = client.post("/me/resident-id", data=CONSENTED)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/me")
    db_session.refresh(listing)
    db_session.refresh(credential)
    assert listing.resident_id_sealed is not None
    assert ID_NUMBER.encode() not in listing.resident_id_sealed
    assert identity_vault().unseal(listing.resident_id_sealed) == ID_NUMBER
    assert listing.resident_id_hash == identity_vault().match_hash(ID_NUMBER)
    assert credential.next_check_due is not None and credential.next_check_due >= before
    (entry,) = _audit(db_session, "profile.resident_id_stored")
    assert sorted(entry.fields) == ["resident_id_hash", "resident_id_sealed"]
    assert ID_NUMBER not in str(entry.detail)
    dashboard = client.get("/me").get_data(as_text=True)
    assert resident_id.mask(ID_NUMBER) in dashboard
    assert ID_NUMBER not in dashboard


def test_counselor_without_consent_is_refused_and_nothing_is_stored(
    client, auth, db_session, make_user, make_listing, make_credential
):
    user, listing, credential = _counselor_with_mohrss(make_user, make_listing, make_credential)
    _login_in_english(client, auth, user)
    response = client.post("/me/resident-id", data={"resident_id": ID_NUMBER})
    assert response.status_code == 400
    assert "needs your consent" in response.get_data(as_text=True)
    db_session.refresh(listing)
    db_session.refresh(credential)
    assert listing.resident_id_sealed is None and listing.resident_id_hash is None
    assert credential.next_check_due is None
    assert not _audit(db_session, "profile.resident_id_stored")


def test_counselor_with_a_mistyped_number_reads_the_plain_rule(
    client, auth, db_session, make_user, make_listing, make_credential
):
    user, listing, _credential = _counselor_with_mohrss(make_user, make_listing, make_credential)
    _login_in_english(client, auth, user)
    wrong_check = ID_NUMBER[:17] + ("0" if ID_NUMBER[17] != "0" else "1")
    page = client.post("/me/resident-id", data={"resident_id": wrong_check, "consent": "y"})
    assert page.status_code == 400
    text = page.get_data(as_text=True)
    assert "its last character does not match the others" in text
    assert wrong_check not in text
    short = client.post("/me/resident-id", data={"resident_id": "12345", "consent": "y"})
    assert "Enter your 18-character resident ID number" in short.get_data(as_text=True)
    db_session.refresh(listing)
    assert listing.resident_id_sealed is None


def test_counselor_replaces_an_earlier_number(
    client, auth, db_session, make_user, make_listing, make_credential
):
    user, listing, _credential = _counselor_with_mohrss(make_user, make_listing, make_credential)
    _login_in_english(client, auth, user)
    client.post("/me/resident-id", data=CONSENTED)
    client.post("/me/resident-id", data={"resident_id": OTHER_ID_NUMBER, "consent": "y"})
    db_session.refresh(listing)
    assert identity_vault().unseal(listing.resident_id_sealed) == OTHER_ID_NUMBER
    assert listing.resident_id_hash == identity_vault().match_hash(OTHER_ID_NUMBER)
    page = client.get("/me/resident-id").get_data(as_text=True)
    assert resident_id.mask(OTHER_ID_NUMBER) in page


def test_a_number_already_on_another_listing_is_refused_and_moderators_look(
    client, auth, db_session, make_user, make_listing, make_credential
):
    make_listing(
        owner=make_user(),
        resident_id_sealed=identity_vault().seal(ID_NUMBER),
        resident_id_hash=identity_vault().match_hash(ID_NUMBER),
    )
    user, listing, credential = _counselor_with_mohrss(make_user, make_listing, make_credential)
    _login_in_english(client, auth, user)
    response = client.post("/me/resident-id", data=CONSENTED)
    assert response.status_code == 400
    assert "cannot be used for your listing" in response.get_data(as_text=True)
    db_session.refresh(listing)
    assert listing.resident_id_sealed is None and listing.resident_id_hash is None
    item = db_session.scalars(
        select(ModerationItem).where(ModerationItem.counselor_id == listing.id)
    ).one()
    assert item.kind is ItemKind.FAILED_CLAIMS
    assert ID_NUMBER not in item.summary


def test_counselor_deletes_the_number_after_confirming(
    client, auth, db_session, make_user, make_listing, make_credential
):
    user, listing, _credential = _counselor_with_mohrss(make_user, make_listing, make_credential)
    _login_in_english(client, auth, user)
    client.post("/me/resident-id", data=CONSENTED)
    confirm = client.get("/me/resident-id/delete")
    assert confirm.status_code == 200
    assert "moderator by hand" in confirm.get_data(as_text=True)
    db_session.refresh(listing)
    assert listing.resident_id_sealed is not None
    done = client.post("/me/resident-id/delete", follow_redirects=True)
    assert "only be checked by a moderator by hand" in done.get_data(as_text=True)
    db_session.refresh(listing)
    assert listing.resident_id_sealed is None and listing.resident_id_hash is None
    (entry,) = _audit(db_session, "profile.resident_id_erased")
    assert entry.actor_id == user.id
    assert sorted(entry.fields) == ["resident_id_hash", "resident_id_sealed"]


def test_dashboard_asks_for_the_number_only_when_a_credential_needs_it(
    client, auth, make_user, make_listing, make_credential
):
    user, _listing, _credential = _counselor_with_mohrss(make_user, make_listing, make_credential)
    _login_in_english(client, auth, user)
    page = client.get("/me").get_data(as_text=True)
    assert "can only be checked with their official channels using your resident ID" in page
    assert "/me/resident-id" in page
    auth.logout()
    other = make_user()
    make_listing(owner=other, tier=1)
    _login_in_english(client, auth, other)
    page = client.get("/me").get_data(as_text=True)
    assert "can only be checked with their official channels" not in page
    assert "None on file" in page


def test_credential_form_points_to_the_resident_id_page(
    client, auth, make_user, make_listing, make_credential
):
    user, _listing, _credential = _counselor_with_mohrss(make_user, make_listing, make_credential)
    _login_in_english(client, auth, user)
    page = client.get("/me/credentials/new").get_data(as_text=True)
    assert 'href="/me/resident-id"' in page


def test_the_full_number_is_never_in_a_response_log_record_or_the_session_cookie(
    app, client, auth, db_session, make_user, make_listing, make_credential, caplog
):
    caplog.set_level(logging.DEBUG)
    user, _listing, _credential = _counselor_with_mohrss(make_user, make_listing, make_credential)
    _login_in_english(client, auth, user)
    bodies: list[str] = []

    def visit(response):
        bodies.append(response.get_data(as_text=True))
        bodies.append(str(response.headers))
        bodies.append(_cookie_payload(app, client))

    visit(client.post("/me/resident-id", data={"resident_id": ID_NUMBER}))
    visit(client.post("/me/resident-id", data={"resident_id": ID_NUMBER[:17], "consent": "y"}))
    visit(client.post("/me/resident-id", data=CONSENTED, follow_redirects=True))
    for url in ("/me", "/me/resident-id", "/me/resident-id/delete", "/me/export.json"):
        visit(client.get(url))
    visit(client.post("/me/resident-id/delete", follow_redirects=True))
    for text in bodies:
        assert ID_NUMBER not in text
        assert ID_NUMBER[:17] not in text
        assert ID_NUMBER[6:14] + ID_NUMBER[14:] not in text
    for record in caplog.records:
        assert ID_NUMBER not in record.getMessage()
        assert ID_NUMBER not in str(record.args)
    assert ID_NUMBER not in caplog.text


def test_with_the_number_the_official_channel_verifies_and_the_listing_is_listed(
    client,
    auth,
    db_session,
    make_user,
    make_listing,
    make_credential,
    sim,  # noqa: F811
    installed_clients,  # noqa: F811
):
    user, listing, credential = _counselor_with_mohrss(make_user, make_listing, make_credential)
    sim.add_record(
        issuer_record(CredentialKind.MOHRSS_LEVEL2, credential.number, "王芳", ID_NUMBER)
    )
    credential.next_check_due = utcnow()
    db_session.flush()
    assert verify_now(credential) is None
    assert credential.next_check_due is None
    assert credential.status is CredentialStatus.PENDING

    _login_in_english(client, auth, user)
    assert client.post("/me/resident-id", data=CONSENTED).status_code == 302
    db_session.refresh(credential)
    assert credential.next_check_due is not None

    entry = verify_now(credential)
    assert entry is not None
    db_session.refresh(listing)
    assert credential.status is CredentialStatus.VERIFIED
    assert listing.is_listed
    assert ID_NUMBER not in str(entry.channel_response)


def test_a_verified_credential_left_to_moderators_for_lack_of_the_number_is_due_again(
    client,
    auth,
    db_session,
    make_user,
    make_listing,
    make_credential,
    installed_clients,  # noqa: F811
):
    user = make_user()
    listing = make_listing(owner=user, tier=None, display_name="李明")
    credential = make_credential(
        listing, CredentialKind.CAS_BASIC_TRAINING, issuer_name="中国科学院心理研究所"
    )
    credential.next_check_due = utcnow()
    assert verify_now(credential) is None
    assert credential.status is CredentialStatus.VERIFIED
    assert credential.next_check_due is None
    _login_in_english(client, auth, user)
    client.post("/me/resident-id", data=CONSENTED)
    db_session.refresh(credential)
    assert credential.next_check_due is not None
    waiting = db_session.scalars(
        select(ModerationItem).where(
            ModerationItem.credential_id == credential.id,
            ModerationItem.kind == ItemKind.MANUAL_VERIFICATION,
        )
    ).all()
    assert waiting and all(item.status is ItemStatus.CLOSED for item in waiting)
    assert {item.decision for item in waiting} == {"resident_id_provided"}
