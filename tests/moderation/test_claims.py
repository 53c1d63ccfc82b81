"""Claim reviews and disputes are decided through the claims feature's services."""

from __future__ import annotations

from sqlalchemy import select

from counsel_dir.audit.models import AuditEntry
from counsel_dir.moderation.models import ItemKind, ItemStatus, ModerationItem
from counsel_dir.moderation.services import raise_item
from counsel_dir.profiles.models import ClaimState
from tests.moderation.helpers import decide, take


def _item_for(claim, kind=ItemKind.CLAIM_REVIEW):
    return raise_item(kind, counselor_id=claim.counselor_id, subject_id=claim.id)


def test_moderator_approves_a_claim_after_seeing_masked_evidence(
    db_session, make_moderator, moderator_client, make_claim
):
    claim = make_claim()
    item = _item_for(claim)
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
    db_session.refresh(claim)
    db_session.refresh(claim.counselor)
    assert claim.state is ClaimState.APPROVED
    assert claim.counselor.owner_id == claim.user_id
    stored = db_session.get(ModerationItem, item.id)
    db_session.refresh(stored)
    assert stored.status is ItemStatus.CLOSED and stored.decision == "approve_claim"
    assert db_session.scalars(
        select(AuditEntry).where(
            AuditEntry.action == "moderation.decided", AuditEntry.target_id == item.id
        )
    ).one()


def test_moderator_rejects_a_claim(db_session, moderator_client, make_claim):
    claim = make_claim()
    item = _item_for(claim)
    db_session.commit()
    moderator = moderator_client()
    take(moderator, item.id)
    decide(moderator, item.id, "reject_claim", reason="The names differ.")
    db_session.refresh(claim)
    assert claim.state is ClaimState.REJECTED
    assert claim.counselor.owner_id is None


def test_a_dispute_is_resolved_for_the_claimant_or_the_owner(
    db_session, make_counselor, make_user, moderator_client, make_claim
):
    owner = make_user()
    for_claimant = make_claim(counselor=make_counselor(tier=2, owner_id=owner.id), dispute=True)
    kept_by_owner = make_claim(counselor=make_counselor(tier=2), dispute=True)
    first = _item_for(for_claimant, ItemKind.CLAIM_DISPUTE)
    second = _item_for(kept_by_owner, ItemKind.CLAIM_DISPUTE)
    db_session.commit()
    moderator = moderator_client()
    take(moderator, first.id)
    take(moderator, second.id)
    missing = decide(moderator, first.id, "resolve_dispute", reason="Decided.")
    assert missing.status_code == 400
    assert "Choose who keeps the listing" in missing.get_data(as_text=True)
    decide(
        moderator,
        first.id,
        "resolve_dispute",
        reason="Registry matches the claimant.",
        dispute_winner="claimant",
    )
    decide(
        moderator,
        second.id,
        "resolve_dispute",
        reason="The owner proved it.",
        dispute_winner="owner",
    )
    db_session.refresh(for_claimant)
    db_session.refresh(kept_by_owner)
    assert for_claimant.state is ClaimState.APPROVED
    assert kept_by_owner.state is ClaimState.REJECTED
    decided = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "moderation.decided")
    ).all()
    assert {entry.target_id for entry in decided} == {first.id, second.id}


def test_a_claim_that_was_already_decided_cannot_be_decided_again(
    db_session, moderator_client, make_claim
):
    claim = make_claim()
    first = _item_for(claim)
    db_session.commit()
    moderator = moderator_client()
    take(moderator, first.id)
    decide(moderator, first.id, "reject_claim", reason="The names differ.")
    again = _item_for(claim, ItemKind.CLAIM_DISPUTE)
    db_session.commit()
    take(moderator, again.id)
    response = decide(moderator, again.id, "approve_claim", reason="Second look.")
    assert response.status_code == 400
    stored = db_session.get(ModerationItem, again.id)
    db_session.refresh(stored)
    assert stored.status is ItemStatus.ASSIGNED


def test_an_item_about_a_vanished_claim_explains_itself(
    db_session, make_counselor, moderator_client
):
    counselor = make_counselor(tier=1)
    item = raise_item(ItemKind.CLAIM_REVIEW, counselor_id=counselor.id, subject_id=987654)
    db_session.commit()
    moderator = moderator_client()
    page = moderator.get(f"/moderation/items/{item.id}?lang=en").get_data(as_text=True)
    assert "No claim evidence is available." in page
    take(moderator, item.id)
    response = decide(moderator, item.id, "approve_claim", reason="Looks right.")
    assert response.status_code == 400
    assert "no longer exists" in response.get_data(as_text=True)
