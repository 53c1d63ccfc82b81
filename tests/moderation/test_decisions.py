"""Moderators decide on reports; reporters, counselors and the public see the result."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from counsel_dir.audit.models import AuditEntry
from counsel_dir.credentials.kinds import CredentialKind, CredentialStatus
from counsel_dir.credentials.models import (
    Credential,
    VerificationMethod,
    VerificationOutcome,
)
from counsel_dir.directory.models import Counselor, ProfileStatus
from counsel_dir.directory.services import refresh_listing
from counsel_dir.moderation.models import (
    Decision,
    ItemKind,
    ItemStatus,
    ModerationItem,
)
from counsel_dir.moderation.services import raise_item
from counsel_dir.notifications.models import Notice, OutboxMail
from counsel_dir.search.models import IndexQueueEntry
from tests.moderation.conftest import login
from tests.moderation.helpers import decide, report, take


def _item(db_session, item_id: int) -> ModerationItem:
    item = db_session.get(ModerationItem, item_id)
    db_session.refresh(item)
    return item


def test_anonymous_report_to_dismissal_with_the_reporter_seeing_the_outcome(
    client, db_session, make_counselor, moderator_client
):
    counselor = make_counselor(tier=1)
    filed = report(client, counselor, counselor.credentials[0])
    moderator = moderator_client()
    assert take(moderator, filed.item_id).status_code == 302
    in_progress = client.get(f"/reports/{filed.reference}?lang=en").get_data(as_text=True)
    assert "A moderator is looking into it." in in_progress
    response = decide(
        moderator, filed.item_id, "dismiss", reason="The number matches the CPS registry."
    )
    assert response.status_code == 302
    item = _item(db_session, filed.item_id)
    assert item.status is ItemStatus.CLOSED and item.decision == "dismiss"
    page = client.get(f"/reports/{filed.reference}?lang=en").get_data(as_text=True)
    assert "Dismissed" in page
    assert "The number matches the CPS registry." in page
    assert db_session.get(Credential, counselor.credentials[0].id).status is (
        CredentialStatus.VERIFIED
    )


def test_report_to_revocation_updates_tier_search_and_profile(
    client, db_session, make_counselor, make_credential, moderator_client, claimed_counselor
):
    counselor, owner = claimed_counselor(tier=2)
    registration = make_credential(
        counselor,
        CredentialKind.CPS_REGISTERED_PSYCHOLOGIST,
        valid_until=date.today() + timedelta(days=400),
    )
    refresh_listing(counselor)
    db_session.commit()
    assert counselor.tier == 1
    filed = report(client, counselor, registration, reason="not_same_person")
    moderator = moderator_client()
    take(moderator, filed.item_id)
    queued_before = len(db_session.scalars(select(IndexQueueEntry)).all())
    response = decide(
        moderator,
        filed.item_id,
        "revoke_credential",
        reason="The registry lists a different person under this number.",
        credential_id=registration.id,
    )
    assert response.status_code == 302, response.get_data(as_text=True)

    stored = db_session.get(Counselor, counselor.id)
    db_session.refresh(stored)
    assert stored.tier == 2 and stored.is_listed
    assert len(db_session.scalars(select(IndexQueueEntry)).all()) > queued_before
    revoked = db_session.get(Credential, registration.id)
    db_session.refresh(revoked)
    assert revoked.status is CredentialStatus.REVOKED
    latest = revoked.verifications[0]
    assert latest.method is VerificationMethod.MODERATOR_ASSISTED
    assert latest.outcome is VerificationOutcome.REVOKED

    profile = client.get(f"/counselors/{counselor.slug}?lang=en").get_data(as_text=True)
    assert "Revoked" in profile and "revoked on" in profile
    assert "Verification history" in profile
    assert "different person" not in profile
    assert "Acted on: the credential was revoked." in client.get(
        f"/reports/{filed.reference}?lang=en"
    ).get_data(as_text=True)
    notices = db_session.scalars(select(Notice).where(Notice.user_id == owner.id)).all()
    assert any("revoked" in notice.message for notice in notices)
    assert db_session.scalars(select(OutboxMail).where(OutboxMail.to_address == owner.email)).all()


def test_confirming_a_credential_records_a_moderator_assisted_check(
    client, db_session, make_counselor, make_credential, moderator_client
):
    counselor = make_counselor(tier=2)
    pending = make_credential(
        counselor,
        CredentialKind.CPS_REGISTERED_PSYCHOLOGIST,
        status=CredentialStatus.PENDING,
        last_verified_at=None,
        valid_until=date.today() + timedelta(days=300),
        consecutive_inconclusive=3,
    )
    item = raise_item(
        ItemKind.VERIFICATION_INCONCLUSIVE, counselor_id=counselor.id, credential_id=pending.id
    )
    db_session.commit()
    moderator = moderator_client()
    page = moderator.get(f"/moderation/items/{item.id}?lang=en").get_data(as_text=True)
    assert "chinacpb.org" in page
    assert pending.number in page
    take(moderator, item.id)
    assert (
        decide(
            moderator,
            item.id,
            "confirm_credential",
            reason="Found on chinacpb.org, screenshot kept.",
        ).status_code
        == 302
    )
    confirmed = db_session.get(Credential, pending.id)
    db_session.refresh(confirmed)
    assert confirmed.status is CredentialStatus.VERIFIED
    assert confirmed.last_verified_at is not None
    assert confirmed.next_check_due is not None
    assert confirmed.consecutive_inconclusive == 0
    assert confirmed.verifications[0].outcome is VerificationOutcome.MATCH
    stored = db_session.get(Counselor, counselor.id)
    db_session.refresh(stored)
    assert stored.tier == 1
    profile = client.get(f"/counselors/{counselor.slug}?lang=en").get_data(as_text=True)
    assert "checked by a moderator on the issuer" in profile
    assert "screenshot kept" not in profile


def test_suspending_a_listing_hides_it_at_once_and_its_page_says_not_available(
    client, db_session, claimed_counselor, moderator_client
):
    counselor, owner = claimed_counselor(tier=1, display_name="停牌测试")
    filed = report(client, counselor, reason="misconduct")
    other = report(client, counselor, counselor.credentials[0], reason="fake_or_borrowed")
    moderator = moderator_client()
    take(moderator, filed.item_id)
    response = decide(
        moderator,
        filed.item_id,
        "suspend_listing",
        reason="Several clients describe serious misconduct.",
    )
    assert response.status_code == 302
    stored = db_session.get(Counselor, counselor.id)
    db_session.refresh(stored)
    assert stored.status is ProfileStatus.SUSPENDED and not stored.is_listed
    profile = client.get(f"/counselors/{counselor.slug}?lang=en")
    assert profile.status_code == 404
    assert "not available" in profile.get_data(as_text=True)
    assert "停牌测试" not in client.get("/counselors/").get_data(as_text=True)
    assert _item(db_session, other.item_id).status is ItemStatus.CLOSED
    assert "Acted on: the listing was suspended." in client.get(
        f"/reports/{other.reference}?lang=en"
    ).get_data(as_text=True)


def test_two_moderators_never_work_the_same_item_unknowingly(
    client, db_session, make_counselor, make_moderator, moderator_client
):
    counselor = make_counselor(tier=1)
    filed = report(client, counselor)
    first_moderator = make_moderator()
    first = moderator_client(first_moderator)
    second = moderator_client()
    take(first, filed.item_id)
    page = second.post(
        f"/moderation/items/{filed.item_id}/assign?lang=en", follow_redirects=True
    ).get_data(as_text=True)
    assert first_moderator.email in page and "Only they can decide on it." in page
    response = decide(second, filed.item_id, "dismiss", reason="I think this is fine.")
    assert response.status_code == 400
    assert "Assign this item to yourself" in response.get_data(as_text=True)
    assert _item(db_session, filed.item_id).status is ItemStatus.ASSIGNED
    first.post(f"/moderation/items/{filed.item_id}/release")
    assert _item(db_session, filed.item_id).status is ItemStatus.OPEN
    take(second, filed.item_id)
    assert _item(db_session, filed.item_id).assignee_id != first_moderator.id


def test_a_decision_needs_a_written_reason_and_an_allowed_choice(
    client, db_session, make_counselor, moderator_client
):
    counselor = make_counselor(tier=1)
    filed = report(client, counselor)
    moderator = moderator_client()
    take(moderator, filed.item_id)
    response = decide(moderator, filed.item_id, "dismiss", reason="")
    assert response.status_code == 400
    assert "Write the reason for your decision." in response.get_data(as_text=True)
    assert decide(moderator, filed.item_id, "approve_claim").status_code == 400
    assert decide(moderator, filed.item_id, "no-such-thing").status_code == 400
    assert _item(db_session, filed.item_id).status is ItemStatus.ASSIGNED


def test_revoking_needs_a_credential_of_this_listing(
    client, db_session, make_counselor, moderator_client
):
    counselor = make_counselor(tier=1)
    stranger = make_counselor(tier=1)
    db_session.commit()
    filed = report(client, counselor, reason="misconduct")
    moderator = moderator_client()
    take(moderator, filed.item_id)
    response = decide(moderator, filed.item_id, "revoke_credential", reason="Fake certificate.")
    assert response.status_code == 400
    assert "Choose which of this listing&#39;s credentials" in response.get_data(as_text=True)
    foreign = stranger.credentials[0].id
    response = decide(
        moderator,
        filed.item_id,
        "revoke_credential",
        reason="Fake certificate.",
        credential_id=foreign,
    )
    assert response.status_code == 400
    assert db_session.get(Credential, foreign).status is CredentialStatus.VERIFIED


def test_a_moderator_flags_a_credential_while_reviewing(
    client, db_session, make_counselor, make_credential, make_moderator, moderator_client
):
    counselor = make_counselor(tier=1)
    doubtful = make_credential(
        counselor, CredentialKind.UNRECOGNIZED, issuer_name="国际心理咨询师联合会"
    )
    filed = report(client, counselor, counselor.credentials[0])
    me = make_moderator()
    moderator = moderator_client(me)
    response = moderator.post(
        f"/moderation/items/{filed.item_id}/flag",
        data={
            "credential_id": doubtful.id,
            "reason": "unrecognized_issuer",
            "description": "A private 'international' body sells this certificate.",
        },
    )
    assert response.status_code == 302
    flagged = db_session.scalars(
        select(ModerationItem).where(ModerationItem.credential_id == doubtful.id)
    ).one()
    assert flagged.kind is ItemKind.REPORT
    assert flagged.reports[0].reporter_id == me.id


def test_queue_puts_tier_credentials_and_busy_listings_first_then_oldest(
    client, db_session, make_counselor, make_credential, moderator_client
):
    quiet = make_counselor(tier=None)
    unrecognized = make_credential(quiet, CredentialKind.UNRECOGNIZED, issuer_name="某协会")
    low = raise_item(ItemKind.REPORT, counselor_id=quiet.id, credential_id=unrecognized.id)
    tiered = make_counselor(tier=1)
    high = raise_item(
        ItemKind.REPORT, counselor_id=tiered.id, credential_id=tiered.credentials[0].id
    )
    claim = raise_item(ItemKind.CLAIM_REVIEW, counselor_id=tiered.id, subject_id=7)
    db_session.commit()
    moderator = moderator_client()
    page = moderator.get("/moderation/?lang=en").get_data(as_text=True)
    assert page.index(f"item-{high.id}") < page.index(f"item-{low.id}")
    filtered = moderator.get("/moderation/?kind=claim_review").get_data(as_text=True)
    assert f"item-{claim.id}" in filtered and f"item-{high.id}" not in filtered
    mine = moderator.get("/moderation/?assignee=me").get_data(as_text=True)
    assert f"item-{high.id}" not in mine
    take(moderator, high.id)
    assert f"item-{high.id}" in moderator.get("/moderation/?assignee=me").get_data(as_text=True)
    assert f"item-{high.id}" not in moderator.get("/moderation/?assignee=unassigned").get_data(
        as_text=True
    )
    assert f"item-{low.id}" not in moderator.get("/moderation/?age=7").get_data(as_text=True)
    nonsense = moderator.get("/moderation/?kind=zzz&age=-4&assignee=x&status=y&reason=q")
    assert nonsense.status_code == 200


def test_queue_filters_by_report_reason(client, db_session, make_counselor, moderator_client):
    first = make_counselor(tier=1)
    second = make_counselor(tier=1)
    expired = report(client, first, reason="expired")
    misconduct = report(client, second, reason="misconduct")
    page = moderator_client().get("/moderation/?reason=expired").get_data(as_text=True)
    assert f"item-{expired.item_id}" in page and f"item-{misconduct.item_id}" not in page


def test_every_decision_leaves_an_audit_entry_with_its_reason(
    client, db_session, claimed_counselor, moderator_client
):
    counselor, _owner = claimed_counselor(tier=1)
    moderator = moderator_client()
    stories = [
        ("dismiss", {}),
        ("ask_info", {}),
        ("confirm_credential", {"credential_id": counselor.credentials[0].id}),
        ("revoke_credential", {"credential_id": counselor.credentials[0].id}),
        ("suspend_listing", {}),
    ]
    for number, (decision, fields) in enumerate(stories):
        item = raise_item(
            ItemKind.MANUAL_VERIFICATION, counselor_id=counselor.id, subject_id=number
        )
        db_session.commit()
        take(moderator, item.id)
        reason = f"Reason for {decision}."
        assert decide(moderator, item.id, decision, reason=reason, **fields).status_code == 302
        entry = db_session.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "moderation.decided", AuditEntry.target_id == item.id
            )
        ).one()
        assert entry.detail["decision"] == decision
        assert entry.reason == reason
        assert entry.actor_id is not None
    status_changes = db_session.scalars(
        select(AuditEntry).where(
            AuditEntry.action.in_(("credential.status_changed", "counselor.status_changed"))
        )
    ).all()
    assert {entry.target_type for entry in status_changes} == {"credential", "counselor"}
    assert {str(Decision(d)) for d, _ in stories} <= {
        e.detail["decision"]
        for e in db_session.scalars(
            select(AuditEntry).where(AuditEntry.action == "moderation.decided")
        )
    }


def test_decision_post_without_csrf_token_is_refused(csrf_app):
    browser = csrf_app.test_client()
    assert (
        browser.post("/moderation/items/1/decide", data={"decision": "dismiss"}).status_code == 400
    )
    assert browser.post("/moderation/items/1/assign").status_code == 400
    assert browser.post("/moderation/items/1/release").status_code == 400
    assert browser.post("/moderation/items/1/flag").status_code == 400
    assert browser.post("/me/appeals/1", data={}).status_code == 400
    assert browser.post("/me/requests/1/reply", data={}).status_code == 400


def test_a_logged_in_reporter_is_told_when_their_report_is_handled(
    client, db_session, make_user, make_counselor, moderator_client
):
    counselor = make_counselor(tier=1)
    reporter = make_user(email="worried.client@example.com")
    db_session.commit()
    login(client, reporter, code=False)
    filed = report(client, counselor)
    moderator = moderator_client()
    take(moderator, filed.item_id)
    decide(moderator, filed.item_id, "dismiss", reason="The registration is valid.")
    notice = db_session.scalars(select(Notice).where(Notice.user_id == reporter.id)).one()
    assert notice.params == {"reference": filed.reference}
    mail = db_session.scalars(
        select(OutboxMail).where(OutboxMail.to_address == "worried.client@example.com")
    ).one()
    assert filed.reference in mail.subject


def test_a_closed_item_takes_no_more_decisions_and_unknown_items_are_not_found(
    client, db_session, make_counselor, moderator_client
):
    counselor = make_counselor(tier=1)
    filed = report(client, counselor)
    moderator = moderator_client()
    take(moderator, filed.item_id)
    decide(moderator, filed.item_id, "dismiss", reason="Nothing wrong here.")
    again = decide(moderator, filed.item_id, "suspend_listing", reason="Changed my mind.")
    assert again.status_code == 400
    assert "already closed" in again.get_data(as_text=True)
    assert db_session.get(Counselor, counselor.id).status is ProfileStatus.ACTIVE
    closed_page = moderator.get(f"/moderation/items/{filed.item_id}?lang=en")
    assert "Nothing wrong here." in closed_page.get_data(as_text=True)
    assert f"item-{filed.item_id}" in moderator.get("/moderation/?status=closed").get_data(
        as_text=True
    )
    assert moderator.get("/moderation/items/999999").status_code == 404
    assert moderator.post("/moderation/items/999999/assign").status_code == 404
