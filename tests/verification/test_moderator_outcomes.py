"""A moderator's check by hand: one record, one notice, and the items it settles."""

from __future__ import annotations

from sqlalchemy import select

from counsel_dir.accounts.models import Role
from counsel_dir.audit.models import AuditEntry
from counsel_dir.credentials.kinds import CredentialStatus
from counsel_dir.credentials.models import VerificationOutcome
from counsel_dir.moderation.models import ItemKind, ItemStatus, ModerationItem
from counsel_dir.notifications.models import Notice, OutboxMail
from counsel_dir.verification.services import record_moderator_outcome, verify_now


def _items(db_session, kind):
    return db_session.scalars(select(ModerationItem).where(ModerationItem.kind == kind)).all()


def test_moderator_revocation_raises_no_rejection_item_about_itself(
    db_session, make_user, make_listing
):
    credential = make_listing(status=CredentialStatus.VERIFIED)
    record_moderator_outcome(
        credential, make_user(role=Role.MODERATOR), VerificationOutcome.REVOKED, "Fraud.", None
    )
    assert credential.status is CredentialStatus.REVOKED
    assert credential.next_check_due is None
    assert not _items(db_session, ItemKind.VERIFICATION_REJECTED)


def test_moderator_check_settles_the_channels_rejection_item(
    db_session, make_user, make_listing, clients
):
    credential = make_listing(record=False)
    verify_now(credential, clients)
    (rejected,) = _items(db_session, ItemKind.VERIFICATION_REJECTED)
    record_moderator_outcome(
        credential,
        make_user(role=Role.MODERATOR),
        VerificationOutcome.MATCH,
        "Found on chinacpb.org; the number had a typo.",
        None,
    )
    assert rejected.status is ItemStatus.CLOSED
    assert rejected.decision == "checked_by_hand"
    assert credential.status is CredentialStatus.VERIFIED


def test_owner_is_told_once_and_the_check_is_audited_once(db_session, make_user, make_listing):
    credential = make_listing()
    owner = credential.counselor.owner
    record_moderator_outcome(
        credential,
        make_user(role=Role.MODERATOR),
        VerificationOutcome.NOT_FOUND,
        "Not on the official channel.",
        None,
    )
    assert len(db_session.scalars(select(Notice).where(Notice.user_id == owner.id)).all()) == 1
    mails = db_session.scalars(select(OutboxMail).where(OutboxMail.to_address == owner.email))
    assert len(mails.all()) == 1
    actions = [
        entry.action
        for entry in db_session.scalars(
            select(AuditEntry).where(AuditEntry.target_type == "credential")
        )
    ]
    assert sorted(actions) == ["credential.status_changed", "verification.moderator_outcome"]


def test_an_id_number_in_the_moderators_note_is_masked(db_session, make_user, make_listing):
    credential = make_listing()
    entry = record_moderator_outcome(
        credential,
        make_user(role=Role.MODERATOR),
        VerificationOutcome.MATCH,
        "Holder 110105198505121238 matches.",
        None,
    )
    assert "110105198505121238" not in entry.note
    assert "110***********1238" in entry.note
