"""What clients, counselors and moderators see of verification."""

from __future__ import annotations

import io
from pathlib import Path

from sqlalchemy import select

from counsel_dir.accounts.models import Role
from counsel_dir.audit.models import AuditEntry
from counsel_dir.credentials.kinds import CredentialKind, CredentialStatus
from counsel_dir.credentials.models import (
    VerificationMethod,
    VerificationOutcome,
    VerificationRecord,
)
from counsel_dir.db import get_engine
from counsel_dir.moderation.models import ItemKind, ItemStatus, ModerationItem
from counsel_dir.verification.services import record_moderator_outcome, verify_now


def test_client_sees_each_check_date_and_outcome_but_no_channel_data(
    client, db_session, make_listing, clients, sim
):
    credential = make_listing(record={"training_background": "某某培训机构"})
    verify_now(credential, clients)
    sim.configure("cps", {"fault": "error"})
    verify_now(credential, clients)
    page = client.get(f"/counselors/{credential.counselor.slug}?lang=en").get_data(as_text=True)
    assert "Verification history" in page
    assert "Confirmed by the issuer" in page
    assert "checked automatically with the issuer&#39;s official channel" in page
    assert "某某培训机构" not in page
    assert "http_503" not in page
    assert "verification overdue" not in page


def test_moderator_sees_the_official_channel_and_what_to_enter(
    client, login_as, db_session, make_user, make_listing
):
    credential = make_listing(CredentialKind.MOHRSS_LEVEL2, name="李强")
    login_as(make_user(role=Role.MODERATOR))
    page = client.get(f"/verification/credentials/{credential.id}?lang=en").get_data(as_text=True)
    assert "https://osta.mohrss.gov.cn/" in page
    assert "李强" in page
    assert "110***********1238" in page
    assert "110105198505121238" not in page


def test_moderator_records_an_outcome_with_a_note_and_evidence(
    app, client, login_as, db_session, make_user, make_listing
):
    credential = make_listing(CredentialKind.CPS_REGISTERED_SUPERVISOR, record=False)
    verify_now(credential, {})
    moderator = make_user(role=Role.MODERATOR)
    login_as(moderator)
    response = client.post(
        f"/verification/credentials/{credential.id}",
        data={
            "outcome": "match",
            "note": "Checked on chinacpb.org: registered supervisor, valid.",
            "evidence": (io.BytesIO(b"%PDF-1.4 evidence"), "screenshot.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    record = db_session.scalars(select(VerificationRecord)).one()
    assert record.method is VerificationMethod.MODERATOR_ASSISTED
    assert record.outcome is VerificationOutcome.MATCH
    assert record.moderator_id == moderator.id
    assert record.note.startswith("Checked on chinacpb.org")
    stored = Path(app.config["UPLOAD_DIR"]) / "evidence" / record.evidence_filename
    assert stored.read_bytes() == b"%PDF-1.4 evidence"
    assert credential.status is CredentialStatus.VERIFIED
    assert credential.counselor.tier == 1
    item = db_session.scalars(select(ModerationItem)).one()
    assert item.kind is ItemKind.MANUAL_VERIFICATION and item.status is ItemStatus.CLOSED
    actions = set(db_session.scalars(select(AuditEntry.action)))
    assert {"credential.status_changed", "verification.moderator_outcome"} <= actions
    download = client.get(f"/verification/evidence/{record.evidence_filename}")
    assert download.status_code == 200
    assert download.get_data() == b"%PDF-1.4 evidence"
    download.close()


def test_moderator_form_states_its_rules(client, login_as, db_session, make_user, make_listing):
    credential = make_listing()
    login_as(make_user(role=Role.MODERATOR))
    response = client.post(
        f"/verification/credentials/{credential.id}?lang=en",
        data={
            "outcome": "match",
            "note": "",
            "evidence": (io.BytesIO(b"MZ"), "tool.exe"),
        },
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Write a note saying what you checked and where." in page
    assert "Evidence must be a PDF, PNG, JPEG or WebP file." in page
    bogus = client.post(f"/verification/credentials/{credential.id}", data={"outcome": "maybe"})
    assert bogus.status_code == 200
    assert not db_session.scalars(select(VerificationRecord)).all()


def test_moderation_revoke_decision_revokes_the_credential(db_session, make_user, make_listing):
    credential = make_listing(status=CredentialStatus.VERIFIED)
    record = record_moderator_outcome(
        credential, make_user(role=Role.MODERATOR), VerificationOutcome.REVOKED, "fraud", None
    )
    assert record.method is VerificationMethod.MODERATOR_ASSISTED
    assert credential.status is CredentialStatus.REVOKED


def test_only_moderators_with_the_second_factor_reach_the_moderator_pages(
    client, login_as, db_session, make_user, make_listing
):
    credential = make_listing()
    url = f"/verification/credentials/{credential.id}"
    evidence = "/verification/evidence/" + "a" * 32 + ".pdf"
    assert client.get(url).status_code == 302
    assert client.get(evidence).status_code == 302
    login_as(make_user())
    assert client.get(url).status_code == 403
    assert client.get(evidence).status_code == 403
    login_as(make_user(role=Role.MODERATOR), second_factor=False)
    for page in (url, evidence):
        response = client.get(page)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/moderation/2fa")
    posted = client.post(url, data={"outcome": "match", "note": "Seen on the channel."})
    assert posted.status_code == 302 and "/moderation/2fa" in posted.headers["Location"]
    assert not db_session.scalars(select(VerificationRecord)).all()
    login_as(make_user(role=Role.ADMIN))
    assert client.get(url).status_code == 200
    assert client.get(evidence).status_code == 404


def test_the_separate_verification_queue_is_gone(client, login_as, db_session, make_user):
    login_as(make_user(role=Role.MODERATOR))
    assert client.get("/verification/queue").status_code == 404


def test_unknown_credential_or_evidence_is_not_found(client, login_as, db_session, make_user):
    login_as(make_user(role=Role.MODERATOR))
    assert client.get("/verification/credentials/999999").status_code == 404
    assert client.get("/verification/evidence/../../secrets.py").status_code == 404
    assert client.get("/verification/evidence/" + "a" * 32 + ".pdf").status_code == 404


def test_counselor_sees_results_and_reasons(client, login_as, db_session, make_listing, clients):
    credential = make_listing(record={"name": "王芬"})
    verify_now(credential, clients)
    login_as(credential.counselor.owner)
    page = client.get("/verification/mine?lang=en").get_data(as_text=True)
    assert "Does not match the issuer&#39;s record" in page
    assert "differs in: the holder&#39;s name" in page
    assert "checked automatically with the issuer&#39;s official channel" in page


def test_counselor_sees_each_check_and_the_moderators_reason(
    client, login_as, db_session, make_user, make_listing, clients
):
    credential = make_listing(record=False)
    verify_now(credential, clients)
    record_moderator_outcome(
        credential,
        make_user(role=Role.MODERATOR),
        VerificationOutcome.MATCH,
        "Found on chinacpb.org under the new number.",
        None,
    )
    db_session.commit()
    login_as(credential.counselor.owner)
    page = client.get("/verification/mine?lang=en").get_data(as_text=True)
    assert page.count("<li>") >= 2
    assert "Not found by the issuer" in page and "Confirmed by the issuer" in page
    assert "checked by a moderator on the issuer&#39;s official channel" in page
    assert "Found on chinacpb.org under the new number." in page


def test_dashboard_links_to_the_verification_results(client, login_as, db_session, make_listing):
    credential = make_listing()
    login_as(credential.counselor.owner)
    page = client.get("/me?lang=en").get_data(as_text=True)
    assert 'href="/verification/mine"' in page


def test_user_without_a_listing_has_no_results_page(client, login_as, db_session, make_user):
    login_as(make_user())
    assert client.get("/verification/mine").status_code == 404


def test_moderator_post_without_csrf_token_is_refused(csrf_app):
    response = csrf_app.test_client().post("/verification/credentials/1", data={"note": "x"})
    assert response.status_code == 400
    get_engine(csrf_app).dispose()


def test_moderator_can_settle_an_unrecognized_credential(
    client, login_as, db_session, make_user, make_listing
):
    credential = make_listing(CredentialKind.UNRECOGNIZED, record=False)
    login_as(make_user(role=Role.MODERATOR))
    page = client.get(f"/verification/credentials/{credential.id}?lang=en").get_data(as_text=True)
    assert "not from a recognized issuer" in page
    response = client.post(
        f"/verification/credentials/{credential.id}",
        data={"outcome": "not_found", "note": "No such issuer among the recognized ones."},
    )
    assert response.status_code == 302
    assert credential.status is CredentialStatus.REJECTED
    assert credential.next_check_due is None
