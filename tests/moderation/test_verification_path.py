"""Moderators check credentials through one path: the verification service."""

from __future__ import annotations

import io
from pathlib import Path

from sqlalchemy import select

from counsel_dir.audit.models import AuditEntry
from counsel_dir.credentials.kinds import CredentialStatus
from counsel_dir.credentials.models import (
    Credential,
    VerificationMethod,
    VerificationOutcome,
    VerificationRecord,
)
from counsel_dir.moderation.models import (
    ItemKind,
    ItemStatus,
    ModerationItem,
)
from counsel_dir.moderation.services import VERIFICATION_KINDS, raise_item
from counsel_dir.notifications.models import Notice, OutboxMail
from tests.moderation.helpers import decide, report, revoke_and_appeal, take


def _fresh(db_session, model, key):
    stored = db_session.get(model, key)
    db_session.refresh(stored)
    return stored


def _owner_notices(db_session, owner):
    notices = db_session.scalars(select(Notice).where(Notice.user_id == owner.id)).all()
    mails = db_session.scalars(select(OutboxMail).where(OutboxMail.to_address == owner.email))
    return notices, mails.all()


def test_revoking_from_the_queue_is_one_check_one_notice_one_audit_trail(
    db_session, claimed_counselor, moderator_client
):
    counselor, owner = claimed_counselor(tier=1)
    credential = counselor.credentials[0]
    item = raise_item(
        ItemKind.VERIFICATION_INCONCLUSIVE, counselor_id=counselor.id, credential_id=credential.id
    )
    overdue = raise_item(
        ItemKind.VERIFICATION_OVERDUE, counselor_id=counselor.id, credential_id=credential.id
    )
    db_session.commit()
    moderator = moderator_client()
    take(moderator, item.id)
    reason = "The official channel lists this number as revoked."
    response = decide(moderator, item.id, "revoke_credential", reason=reason)
    assert response.status_code == 302, response.get_data(as_text=True)

    revoked = _fresh(db_session, Credential, credential.id)
    assert revoked.status is CredentialStatus.REVOKED and revoked.next_check_due is None
    (check,) = db_session.scalars(select(VerificationRecord)).all()
    assert check.method is VerificationMethod.MODERATOR_ASSISTED
    assert check.outcome is VerificationOutcome.REVOKED and check.note == reason
    assert not db_session.scalars(
        select(ModerationItem).where(ModerationItem.kind == ItemKind.VERIFICATION_REJECTED)
    ).all()
    assert _fresh(db_session, ModerationItem, overdue.id).status is ItemStatus.CLOSED

    notices, mails = _owner_notices(db_session, owner)
    assert len(notices) == 1 and "You can appeal this once." in notices[0].message
    assert len(mails) == 1
    actions = sorted(db_session.scalars(select(AuditEntry.action)))
    assert actions.count("moderation.decided") == 1
    assert actions.count("credential.status_changed") == 1
    assert "verification.moderator_outcome" not in actions
    change = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "credential.status_changed")
    ).one()
    assert change.actor_id is not None and change.reason == reason
    assert change.detail["method"] == "moderator_assisted"


def test_moderator_attaches_evidence_to_a_confirmation_from_the_item_page(
    app, db_session, claimed_counselor, moderator_client
):
    counselor, _owner = claimed_counselor(tier=1)
    credential = counselor.credentials[0]
    credential.status = CredentialStatus.PENDING
    item = raise_item(
        ItemKind.MANUAL_VERIFICATION, counselor_id=counselor.id, credential_id=credential.id
    )
    db_session.commit()
    moderator = moderator_client()
    take(moderator, item.id)
    page = moderator.get(f"/moderation/items/{item.id}?lang=en").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and "Evidence (optional)" in page
    response = moderator.post(
        f"/moderation/items/{item.id}/decide",
        data={
            "decision": "confirm_credential",
            "reason": "Found on chinacpb.org, valid.",
            "credential_id": str(credential.id),
            "evidence": (io.BytesIO(b"%PDF-1.4 channel answer"), "answer.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    check = db_session.scalars(select(VerificationRecord)).one()
    assert check.outcome is VerificationOutcome.MATCH
    stored = Path(app.config["UPLOAD_DIR"]) / "evidence" / check.evidence_filename
    assert stored.read_bytes() == b"%PDF-1.4 channel answer"
    confirmed = _fresh(db_session, Credential, credential.id)
    assert confirmed.status is CredentialStatus.VERIFIED
    assert confirmed.next_check_due is not None
    page = moderator.get(f"/moderation/items/{item.id}?lang=en").get_data(as_text=True)
    assert f'href="/verification/evidence/{check.evidence_filename}"' in page
    download = moderator.get(f"/verification/evidence/{check.evidence_filename}")
    assert download.status_code == 200
    download.close()


def test_evidence_of_another_type_is_refused_with_the_rule(
    db_session, claimed_counselor, moderator_client
):
    counselor, _owner = claimed_counselor(tier=1)
    credential = counselor.credentials[0]
    item = raise_item(
        ItemKind.MANUAL_VERIFICATION, counselor_id=counselor.id, credential_id=credential.id
    )
    db_session.commit()
    moderator = moderator_client()
    take(moderator, item.id)
    response = moderator.post(
        f"/moderation/items/{item.id}/decide?lang=en",
        data={
            "decision": "revoke_credential",
            "reason": "Not on the channel.",
            "credential_id": str(credential.id),
            "evidence": (io.BytesIO(b"MZ"), "tool.exe"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "Evidence must be a PDF, PNG, JPEG or WebP file." in response.get_data(as_text=True)
    assert not db_session.scalars(select(VerificationRecord)).all()


def test_every_verification_item_is_in_the_queue_with_a_check_by_hand_link(
    client, db_session, claimed_counselor, moderator_client
):
    counselor, _owner = claimed_counselor(tier=1)
    credential = counselor.credentials[0]
    items = [
        raise_item(kind, counselor_id=counselor.id, credential_id=credential.id)
        for kind in VERIFICATION_KINDS
    ]
    filed = report(client, counselor, credential)
    db_session.commit()
    moderator = moderator_client()
    queue = moderator.get("/moderation/?lang=en").get_data(as_text=True)
    for item in [*items, db_session.get(ModerationItem, filed.item_id)]:
        assert f"item-{item.id}" in queue
        page = moderator.get(f"/moderation/items/{item.id}?lang=en")
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert f'href="/verification/credentials/{credential.id}"' in text
        assert "Check by hand on the official channel" in text


def test_check_by_hand_settles_the_items_and_returns_to_the_queue(
    db_session, claimed_counselor, moderator_client
):
    counselor, _owner = claimed_counselor(tier=1)
    credential = counselor.credentials[0]
    item = raise_item(
        ItemKind.VERIFICATION_REJECTED, counselor_id=counselor.id, credential_id=credential.id
    )
    db_session.commit()
    moderator = moderator_client()
    response = moderator.post(
        f"/verification/credentials/{credential.id}",
        data={"outcome": "match", "note": "Found on the official channel."},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/moderation/")
    closed = _fresh(db_session, ModerationItem, item.id)
    assert closed.status is ItemStatus.CLOSED
    page = moderator.get(f"/moderation/items/{item.id}?lang=en")
    assert page.status_code == 200
    assert "Checked by hand on the official channel" in page.get_data(as_text=True)


def test_overturned_revocation_is_confirmed_again_through_the_verification_service(
    client, db_session, claimed_counselor, moderator_client, user_client
):
    counselor, owner = claimed_counselor(tier=1)
    credential = counselor.credentials[0]
    second, appeal_item = revoke_and_appeal(
        client, moderator_client, user_client(owner), counselor, credential
    )
    reason = "Found under the corrected number."
    assert decide(second, appeal_item.id, "overturn", reason=reason).status_code == 302

    restored = _fresh(db_session, Credential, credential.id)
    assert restored.status is CredentialStatus.VERIFIED
    assert restored.next_check_due is not None
    latest = restored.verifications[0]
    assert latest.method is VerificationMethod.MODERATOR_ASSISTED
    assert latest.outcome is VerificationOutcome.MATCH and latest.note == reason
    notices, mails = _owner_notices(db_session, owner)
    assert len(notices) == 2 and len(mails) == 2
    assert "overturned" in notices[-1].message or "overturned" in notices[0].message
