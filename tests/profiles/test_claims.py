"""A counselor claims an imported listing; moderators decide."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from counsel_dir.accounts.models import Role
from counsel_dir.audit.models import AuditEntry
from counsel_dir.credentials.services import identity_vault
from counsel_dir.directory.models import ListingSource
from counsel_dir.moderation.models import ItemKind, ModerationItem
from counsel_dir.notifications.models import Notice, OutboxMail
from counsel_dir.profiles.errors import ClaimAlreadyDecided
from counsel_dir.profiles.models import Claim, ClaimAttempt, ClaimState
from counsel_dir.profiles.services import approve_claim, reject_claim
from counsel_dir.verification.holder import HolderCheck
from tests.profiles.conftest import ID_NUMBER, OTHER_ID_NUMBER

MISMATCH = "The details you entered do not match this listing."


def _imported(make_listing, **fields):
    return make_listing(
        owner=None, tier=2, display_name="王芳", source=ListingSource.IMPORTED, **fields
    )


def _proof(listing, **changes):
    data = {
        "number": listing.credentials[0].number,
        "name": "王芳",
        "resident_id": ID_NUMBER,
        "consent": "y",
    }
    data.update(changes)
    return data


def _items(db_session, kind):
    return db_session.scalars(select(ModerationItem).where(ModerationItem.kind == kind)).all()


def test_unclaimed_public_profile_offers_this_is_me(client, make_listing):
    listing = _imported(make_listing)
    page = client.get(f"/counselors/{listing.slug}?lang=en").get_data(as_text=True)
    assert f"/claim/{listing.slug}" in page


def test_claimed_profile_does_not_offer_this_is_me(client, make_user, make_listing):
    listing = make_listing(owner=make_user(), tier=2)
    page = client.get(f"/counselors/{listing.slug}").get_data(as_text=True)
    assert f"/claim/{listing.slug}" not in page


def test_counselor_finds_an_unlisted_listing_by_number_seeing_only_name_and_city(
    client, auth, make_user, make_listing
):
    listing = _imported(make_listing, public_contact="secret-contact@example.com", bio="私密简介")
    listing.is_listed = False
    auth.login(make_user())
    number = listing.credentials[0].number
    page = client.post("/claim?lang=en", data={"number": f" {number.lower()} "}).get_data(
        as_text=True
    )
    assert "王芳" in page
    assert f"/claim/{listing.slug}" in page
    assert "secret-contact" not in page and "私密简介" not in page
    partial = client.post("/claim?lang=en", data={"number": number[:-2]}).get_data(as_text=True)
    assert "王芳" not in partial


def test_claim_with_matching_details_goes_to_a_moderator(
    client, auth, db_session, make_user, make_listing, holder_channel
):
    listing = _imported(make_listing)
    user = make_user()
    auth.login(user)
    form = client.get(f"/claim/{listing.slug}?lang=en").get_data(as_text=True)
    assert "only to check this claim with the official channel" in form

    response = client.post(f"/claim/{listing.slug}", data=_proof(listing))
    assert response.status_code == 302
    claim = db_session.scalars(select(Claim).where(Claim.user_id == user.id)).one()
    assert claim.state is ClaimState.PENDING
    assert not claim.is_dispute
    assert claim.issuer_checked
    assert claim.resident_id_masked == "110***********1234"[:3] + "*" * 11 + ID_NUMBER[-4:]
    assert ID_NUMBER.encode() not in claim.resident_id_sealed
    assert identity_vault().unseal(claim.resident_id_sealed) == ID_NUMBER
    item = _items(db_session, ItemKind.CLAIM_REVIEW)[0]
    assert item.subject_id == claim.id
    assert holder_channel.calls == [(listing.credentials[0].id, "王芳")]
    assert listing.owner_id is None
    dashboard = client.get("/me?lang=en").get_data(as_text=True)
    assert "waiting for a moderator" in dashboard


def test_claim_mismatch_says_so_without_saying_which_part_was_wrong(
    client, auth, db_session, make_user, make_listing, holder_channel
):
    listing = _imported(make_listing)
    auth.login(make_user())
    attempts = [
        _proof(listing, number="WRONG-123"),
        _proof(listing, name="王芬"),
    ]
    pages = [
        client.post(f"/claim/{listing.slug}?lang=en", data=data).get_data(as_text=True)
        for data in attempts
    ]
    holder_channel.answer = HolderCheck.MISMATCH
    pages.append(
        client.post(f"/claim/{listing.slug}?lang=en", data=_proof(listing)).get_data(as_text=True)
    )
    for page in pages:
        assert MISMATCH in page
        assert "number is wrong" not in page and "name is wrong" not in page
    assert db_session.scalars(select(Claim)).all() == []
    failures = db_session.scalars(select(ClaimAttempt).where(ClaimAttempt.succeeded.is_(False)))
    assert len(failures.all()) == 3


def test_claim_fails_when_the_id_number_differs_from_the_one_on_file(
    client, auth, db_session, make_user, make_listing, holder_channel
):
    listing = _imported(make_listing)
    listing.resident_id_sealed = identity_vault().seal(OTHER_ID_NUMBER)
    listing.resident_id_hash = identity_vault().match_hash(OTHER_ID_NUMBER)
    auth.login(make_user())
    page = client.post(f"/claim/{listing.slug}?lang=en", data=_proof(listing))
    assert MISMATCH in page.get_data(as_text=True)
    assert holder_channel.calls == []


def test_claim_form_explains_a_mistyped_id_number_without_counting_a_failure(
    client, auth, db_session, make_user, make_listing, holder_channel
):
    listing = _imported(make_listing)
    auth.login(make_user())
    typo = ID_NUMBER[:-1] + ("0" if ID_NUMBER[-1] != "0" else "1")
    page = client.post(
        f"/claim/{listing.slug}?lang=en", data=_proof(listing, resident_id=typo, consent="")
    ).get_data(as_text=True)
    assert "its last character does not match" in page
    assert "Claiming needs your consent" in page
    assert typo not in page
    assert db_session.scalars(select(ClaimAttempt)).all() == []


def test_issuer_channel_unavailable_still_reaches_moderators_marked_unchecked(
    client, auth, db_session, make_user, make_listing, holder_channel
):
    holder_channel.answer = HolderCheck.UNAVAILABLE
    listing = _imported(make_listing)
    auth.login(make_user())
    client.post(f"/claim/{listing.slug}", data=_proof(listing))
    claim = db_session.scalars(select(Claim)).one()
    assert not claim.issuer_checked
    assert _items(db_session, ItemKind.CLAIM_REVIEW)[0].summary == "issuer not checked"


def test_five_failed_claims_lock_the_listing_and_alert_moderators(
    client, auth, db_session, make_user, make_listing, holder_channel
):
    listing = _imported(make_listing)
    for _ in range(5):
        auth.login(make_user())
        client.post(f"/claim/{listing.slug}", data=_proof(listing, name="冒名者"))
        auth.logout()
    items = _items(db_session, ItemKind.FAILED_CLAIMS)
    assert len(items) == 1 and items[0].counselor_id == listing.id

    auth.login(make_user())
    response = client.post(f"/claim/{listing.slug}?lang=en", data=_proof(listing))
    assert "Too many failed claims" in response.get_data(as_text=True)
    assert db_session.scalars(select(Claim)).all() == []


def test_second_claimant_of_an_owned_listing_becomes_a_dispute(
    client, auth, db_session, make_user, make_listing, holder_channel
):
    owner = make_user()
    listing = make_listing(owner=owner, tier=2, display_name="王芳")
    auth.login(make_user())
    response = client.post(f"/claim/{listing.slug}", data=_proof(listing))
    assert response.status_code == 302
    claim = db_session.scalars(select(Claim)).one()
    assert claim.is_dispute
    assert _items(db_session, ItemKind.CLAIM_DISPUTE)[0].subject_id == claim.id
    assert listing.owner_id == owner.id


def test_two_pending_claims_on_one_listing_make_a_dispute(
    client, auth, db_session, make_user, make_listing, holder_channel
):
    listing = _imported(make_listing)
    auth.login(make_user())
    client.post(f"/claim/{listing.slug}", data=_proof(listing))
    auth.logout()
    auth.login(make_user())
    client.post(f"/claim/{listing.slug}", data=_proof(listing))
    first, second = db_session.scalars(select(Claim).order_by(Claim.id)).all()
    assert not first.is_dispute and second.is_dispute


def test_a_counselor_who_already_has_a_listing_cannot_claim_another(
    client, auth, make_user, make_listing, holder_channel
):
    user = make_user()
    make_listing(owner=user)
    listing = _imported(make_listing)
    auth.login(user)
    page = client.get(f"/claim/{listing.slug}?lang=en").get_data(as_text=True)
    assert "You already have a listing" in page
    assert client.post(f"/claim/{listing.slug}", data=_proof(listing)).status_code == 400


def test_moderator_approval_makes_the_claimant_owner_and_seals_the_id_number(
    client, auth, db_session, make_user, make_listing, holder_channel
):
    listing = _imported(make_listing)
    claimant = make_user()
    auth.login(claimant)
    client.post(f"/claim/{listing.slug}", data=_proof(listing))
    claim = db_session.scalars(select(Claim)).one()
    moderator = make_user(role=Role.MODERATOR)

    approve_claim(claim, moderator, "documents match")
    assert listing.owner_id == claimant.id
    assert identity_vault().unseal(listing.resident_id_sealed) == ID_NUMBER
    assert listing.resident_id_hash == identity_vault().match_hash(ID_NUMBER)
    assert claim.state is ClaimState.APPROVED and claim.resident_id_sealed is None
    assert claim.decided_by_id == moderator.id
    entry = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "claim.approved")
    ).one()
    assert "owner_id" in entry.fields and ID_NUMBER not in str(entry.detail)
    notice = db_session.scalars(select(Notice).where(Notice.user_id == claimant.id)).one()
    assert notice.kind == "claim_approved"
    assert db_session.scalars(select(OutboxMail).where(OutboxMail.to_address == claimant.email))
    with pytest.raises(ClaimAlreadyDecided):
        approve_claim(claim, moderator, "again")
    page = client.get("/me?lang=en").get_data(as_text=True)
    assert "王芳" in page and "Edit my profile" in page


def test_approving_a_dispute_moves_the_listing_and_tells_the_previous_owner(
    client, auth, db_session, make_user, make_listing, holder_channel
):
    previous = make_user()
    listing = make_listing(owner=previous, tier=2, display_name="王芳")
    claimant = make_user()
    auth.login(claimant)
    client.post(f"/claim/{listing.slug}", data=_proof(listing))
    claim = db_session.scalars(select(Claim)).one()
    approve_claim(claim, make_user(role=Role.MODERATOR), "registry confirms the claimant")
    assert listing.owner_id == claimant.id
    kinds = db_session.scalars(select(Notice.kind).where(Notice.user_id == previous.id)).all()
    assert kinds == ["claim_lost"]


def test_moderator_rejection_deletes_the_sealed_id_number_and_tells_the_claimant(
    client, auth, db_session, make_user, make_listing, holder_channel
):
    listing = _imported(make_listing)
    claimant = make_user()
    auth.login(claimant)
    client.post(f"/claim/{listing.slug}", data=_proof(listing))
    claim = db_session.scalars(select(Claim)).one()
    reject_claim(claim, make_user(role=Role.MODERATOR), "photo ID does not match")
    assert claim.state is ClaimState.REJECTED
    assert claim.resident_id_sealed is None
    assert listing.owner_id is None
    page = client.get("/me?lang=en").get_data(as_text=True)
    assert "photo ID does not match" in page


def test_a_failing_issuer_channel_leaves_the_claim_unchecked_not_lost(
    client, auth, db_session, make_user, make_listing, holder_channel, monkeypatch
):
    def broken(*_args):
        raise TimeoutError("channel down")

    monkeypatch.setattr(holder_channel, "answer", None)
    import sys

    monkeypatch.setattr(sys.modules["counsel_dir.verification.services"], "check_holder", broken)
    listing = _imported(make_listing)
    auth.login(make_user())
    assert client.post(f"/claim/{listing.slug}", data=_proof(listing)).status_code == 302
    assert not db_session.scalars(select(Claim)).one().issuer_checked


def test_moderators_see_claim_evidence_with_the_id_number_masked(
    client, auth, db_session, make_user, make_listing, holder_channel
):
    from counsel_dir.profiles.services import claim_evidence

    listing = _imported(make_listing)
    auth.login(make_user())
    client.post(f"/claim/{listing.slug}", data=_proof(listing))
    evidence = claim_evidence(db_session.scalars(select(Claim)).one())
    assert evidence["resident_id_masked"].startswith(ID_NUMBER[:3] + "*")
    assert ID_NUMBER not in str(evidence)
    assert evidence["credential_number"] == listing.credentials[0].number


def test_approval_is_refused_when_the_claimant_has_meanwhile_created_a_listing(
    client, auth, db_session, make_user, make_listing, holder_channel
):
    from counsel_dir.profiles.errors import ClaimNotAllowed

    listing = _imported(make_listing)
    claimant = make_user()
    auth.login(claimant)
    client.post(f"/claim/{listing.slug}", data=_proof(listing))
    claim = db_session.scalars(select(Claim)).one()
    make_listing(owner=claimant)
    with pytest.raises(ClaimNotAllowed):
        approve_claim(claim, make_user(role=Role.MODERATOR), "ok")
    assert claim.state is ClaimState.PENDING and listing.owner_id is None
