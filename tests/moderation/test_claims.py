"""Claim reviews and disputes are decided through the claims feature's services."""

from __future__ import annotations

from sqlalchemy import select

from counsel_dir.audit.models import AuditEntry
from counsel_dir.moderation.models import ItemKind, ItemStatus, ModerationItem
from counsel_dir.moderation.services import raise_item
from tests.moderation.helpers import decide, take


def test_moderator_approves_a_claim_after_seeing_masked_evidence(
    db_session, make_counselor, make_moderator, moderator_client, fake_claims
):
    counselor = make_counselor(tier=1)
    item = raise_item(ItemKind.CLAIM_REVIEW, counselor_id=counselor.id, subject_id=41)
    db_session.commit()
    me = make_moderator()
    moderator = moderator_client(me)
    page = moderator.get(f"/moderation/items/{item.id}?lang=en").get_data(as_text=True)
    assert "Claim evidence" in page
    assert "11010519491231002X" not in page
    assert "110***********002X" in page
    take(moderator, item.id)
    response = decide(moderator, item.id, "approve_claim", reason="Name and number match.")
    assert response.status_code == 302
    assert fake_claims.calls == [("approve", 41, me.id, "Name and number match.")]
    stored = db_session.get(ModerationItem, item.id)
    db_session.refresh(stored)
    assert stored.status is ItemStatus.CLOSED and stored.decision == "approve_claim"
    assert db_session.scalars(
        select(AuditEntry).where(
            AuditEntry.action == "moderation.decided", AuditEntry.target_id == item.id
        )
    ).one()


def test_moderator_rejects_a_claim(db_session, make_counselor, moderator_client, fake_claims):
    counselor = make_counselor(tier=1)
    item = raise_item(ItemKind.CLAIM_REVIEW, counselor_id=counselor.id, subject_id=42)
    db_session.commit()
    moderator = moderator_client()
    take(moderator, item.id)
    decide(moderator, item.id, "reject_claim", reason="The names differ.")
    assert [call[0] for call in fake_claims.calls] == ["reject"]


def test_a_dispute_is_resolved_for_the_claimant_or_the_owner(
    db_session, make_counselor, moderator_client, fake_claims
):
    counselor = make_counselor(tier=1)
    for_claimant = raise_item(ItemKind.CLAIM_DISPUTE, counselor_id=counselor.id, subject_id=1)
    for_owner = raise_item(ItemKind.CLAIM_DISPUTE, counselor_id=counselor.id, subject_id=2)
    db_session.commit()
    moderator = moderator_client()
    take(moderator, for_claimant.id)
    take(moderator, for_owner.id)
    missing = decide(moderator, for_claimant.id, "resolve_dispute", reason="Decided.")
    assert missing.status_code == 400
    assert "Choose who keeps the listing" in missing.get_data(as_text=True)
    decide(
        moderator,
        for_claimant.id,
        "resolve_dispute",
        reason="Registry matches the claimant.",
        dispute_winner="claimant",
    )
    decide(
        moderator,
        for_owner.id,
        "resolve_dispute",
        reason="The owner proved it.",
        dispute_winner="owner",
    )
    assert [(call[0], call[1]) for call in fake_claims.calls] == [("approve", 1), ("reject", 2)]
    decided = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "moderation.decided")
    ).all()
    assert {entry.target_id for entry in decided} == {for_claimant.id, for_owner.id}
    assert {entry.detail["decision"] for entry in decided} == {"resolve_dispute"}


def test_without_the_claims_feature_a_claim_decision_explains_itself(
    db_session, make_counselor, moderator_client
):
    counselor = make_counselor(tier=1)
    item = raise_item(ItemKind.CLAIM_REVIEW, counselor_id=counselor.id, subject_id=5)
    db_session.commit()
    moderator = moderator_client()
    page = moderator.get(f"/moderation/items/{item.id}?lang=en").get_data(as_text=True)
    assert "No claim evidence is available." in page
    take(moderator, item.id)
    response = decide(moderator, item.id, "approve_claim", reason="Looks right.")
    assert response.status_code == 400
    assert "claims feature is not installed" in response.get_data(as_text=True)
    stored = db_session.get(ModerationItem, item.id)
    db_session.refresh(stored)
    assert stored.status is ItemStatus.ASSIGNED
