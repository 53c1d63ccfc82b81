"""The counselor's side: answering the moderators' questions, and appealing once."""

from __future__ import annotations

from sqlalchemy import select

from counsel_dir.audit.models import AuditEntry
from counsel_dir.credentials.kinds import CredentialStatus
from counsel_dir.credentials.models import Credential
from counsel_dir.directory.models import Counselor, ProfileStatus
from counsel_dir.moderation.models import (
    Appeal,
    InfoRequest,
    ItemKind,
    ItemStatus,
    ModerationDecision,
    ModerationItem,
)
from counsel_dir.notifications.models import Notice
from tests.moderation.helpers import decide, report, revoke_and_appeal, take


def _item(db_session, item_id: int) -> ModerationItem:
    item = db_session.get(ModerationItem, item_id)
    db_session.refresh(item)
    return item


def test_counselor_appeals_a_suspension_once_and_a_second_moderator_decides(
    client, db_session, claimed_counselor, make_moderator, moderator_client, user_client
):
    counselor, owner = claimed_counselor(tier=1)
    filed = report(client, counselor, reason="outdated_listing")
    first_moderator = make_moderator()
    first = moderator_client(first_moderator)
    take(first, filed.item_id)
    decide(first, filed.item_id, "suspend_listing", reason="The practice closed years ago.")

    counselor_browser = user_client(owner)
    page = counselor_browser.get("/me/appeals?lang=en").get_data(as_text=True)
    assert "The practice closed years ago." in page
    decision = db_session.scalars(
        select(ModerationDecision).where(ModerationDecision.counselor_id == counselor.id)
    ).one()
    statement = "I still practise at this address; here is my new lease."
    response = counselor_browser.post(
        f"/me/appeals/{decision.id}", data={f"d{decision.id}-statement": statement}
    )
    assert response.status_code == 302
    again = counselor_browser.post(
        f"/me/appeals/{decision.id}?lang=en",
        data={f"d{decision.id}-statement": statement + " Again."},
        follow_redirects=True,
    )
    assert "only once" in again.get_data(as_text=True)
    appeal_item = db_session.scalars(
        select(ModerationItem).where(ModerationItem.kind == ItemKind.APPEAL)
    ).one()

    refused = first.post(
        f"/moderation/items/{appeal_item.id}/assign?lang=en", follow_redirects=True
    )
    assert "a different moderator must review the appeal" in refused.get_data(as_text=True)
    assert _item(db_session, appeal_item.id).assignee_id is None

    second = moderator_client()
    take(second, appeal_item.id)
    page = second.get(f"/moderation/items/{appeal_item.id}?lang=en").get_data(as_text=True)
    assert statement in page and first_moderator.email in page
    assert (
        decide(
            second, appeal_item.id, "overturn", reason="The lease confirms the practice is open."
        ).status_code
        == 302
    )
    stored = db_session.get(Counselor, counselor.id)
    db_session.refresh(stored)
    assert stored.status is ProfileStatus.ACTIVE and stored.is_listed
    assert client.get(f"/counselors/{counselor.slug}").status_code == 200
    assert "Decision overturned" in counselor_browser.get("/me/appeals?lang=en").get_data(
        as_text=True
    )


def test_an_upheld_appeal_keeps_the_revocation(
    client, db_session, claimed_counselor, moderator_client, user_client
):
    counselor, owner = claimed_counselor(tier=1)
    credential = counselor.credentials[0]
    second, appeal_item = revoke_and_appeal(
        client, moderator_client, user_client(owner), counselor, credential
    )
    decide(second, appeal_item.id, "uphold", reason="Checked again: still no record.")
    appeal = db_session.scalars(select(Appeal)).one()
    db_session.refresh(appeal)
    assert appeal.status.value == "upheld"
    entry = db_session.scalars(
        select(AuditEntry).where(
            AuditEntry.action == "moderation.decided", AuditEntry.target_id == appeal_item.id
        )
    ).one()
    assert entry.detail["decision"] == "uphold"
    assert entry.reason == "Checked again: still no record."
    assert db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "moderation.appeal_filed")
    ).one()
    assert db_session.get(Credential, credential.id).status is CredentialStatus.REVOKED


def test_moderator_asks_the_counselor_who_replies_on_their_dashboard(
    client, db_session, claimed_counselor, moderator_client, user_client
):
    counselor, owner = claimed_counselor(tier=1)
    filed = report(client, counselor, reason="outdated_listing")
    moderator = moderator_client()
    take(moderator, filed.item_id)
    question = "Do you still see clients at the address on your listing?"
    assert decide(moderator, filed.item_id, "ask_info", reason=question).status_code == 302
    assert _item(db_session, filed.item_id).status is ItemStatus.AWAITING_COUNSELOR
    assert db_session.scalars(select(Notice).where(Notice.user_id == owner.id)).all()

    browser = user_client(owner)
    page = browser.get("/me/requests?lang=en").get_data(as_text=True)
    assert question in page
    request = db_session.scalars(select(InfoRequest)).one()
    response = browser.post(
        f"/me/requests/{request.id}/reply",
        data={f"r{request.id}-reply": "Yes, every weekday; the phone number changed."},
    )
    assert response.status_code == 302
    item = _item(db_session, filed.item_id)
    assert item.status is ItemStatus.ASSIGNED
    page = moderator.get(f"/moderation/items/{filed.item_id}").get_data(as_text=True)
    assert "Yes, every weekday" in page
    assert (
        decide(moderator, filed.item_id, "dismiss", reason="Listing is current.").status_code == 302
    )


def test_a_counselor_cannot_answer_or_appeal_for_someone_else(
    client, db_session, claimed_counselor, moderator_client, user_client
):
    counselor, _owner = claimed_counselor(tier=1)
    _other, stranger = claimed_counselor(tier=1)
    filed = report(client, counselor)
    moderator = moderator_client()
    take(moderator, filed.item_id)
    decide(moderator, filed.item_id, "ask_info", reason="Please send your certificate.")
    request = db_session.scalars(select(InfoRequest)).one()
    browser = user_client(stranger)
    response = browser.post(
        f"/me/requests/{request.id}/reply", data={f"r{request.id}-reply": "Not mine but here goes."}
    )
    assert response.status_code == 404
    assert "Please send your certificate." not in browser.get("/me/requests").get_data(as_text=True)


def test_asking_an_unclaimed_listing_is_refused_with_a_reason(
    client, db_session, make_counselor, moderator_client
):
    counselor = make_counselor(tier=1)
    filed = report(client, counselor)
    moderator = moderator_client()
    take(moderator, filed.item_id)
    response = decide(moderator, filed.item_id, "ask_info", reason="Where do you practise?")
    assert response.status_code == 400
    assert "Nobody has claimed this listing yet" in response.get_data(as_text=True)
    assert _item(db_session, filed.item_id).status is ItemStatus.ASSIGNED
