"""Each outcome of a check through the simulator, and what it changes."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from counsel_dir.audit.models import AuditEntry
from counsel_dir.credentials.kinds import CredentialKind, CredentialStatus
from counsel_dir.credentials.models import VerificationMethod, VerificationOutcome
from counsel_dir.db import utcnow
from counsel_dir.moderation.models import ItemKind, ModerationItem
from counsel_dir.notifications.models import Notice, OutboxMail
from counsel_dir.search.models import IndexQueueEntry
from counsel_dir.verification.services import verify_now
from tests.verification.conftest import OTHER_ID


def _items(db_session, kind):
    return db_session.scalars(select(ModerationItem).where(ModerationItem.kind == kind)).all()


def test_registration_found_and_matching_is_verified_and_earns_its_tier(
    db_session, make_listing, clients
):
    credential = make_listing(CredentialKind.CPS_REGISTERED_PSYCHOLOGIST)
    counselor = credential.counselor
    assert counselor.tier is None

    record = verify_now(credential, clients)

    assert record.outcome is VerificationOutcome.MATCH
    assert record.method is VerificationMethod.ISSUER_CHANNEL
    assert record.channel_response["record"]["issuing_authority"] == "中国心理学会"
    assert record.channel_response["record"]["supervision_hours"] == 120
    assert credential.status is CredentialStatus.VERIFIED
    assert credential.last_verified_at is not None
    assert counselor.tier == 1 and counselor.is_listed
    due_in = credential.next_check_due - utcnow()
    assert timedelta(days=26) < due_in < timedelta(days=34)
    queued = db_session.scalars(
        select(IndexQueueEntry).where(IndexQueueEntry.counselor_id == counselor.id)
    ).all()
    assert queued
    notice = db_session.scalars(select(Notice).where(Notice.user_id == counselor.owner_id)).one()
    assert notice.params["number"] == credential.number
    audit = db_session.scalars(
        select(AuditEntry).where(
            AuditEntry.action == "credential.status_changed", AuditEntry.target_id == credential.id
        )
    ).one()
    assert audit.detail == {
        "from": "pending",
        "to": "verified",
        "outcome": "match",
        "method": "issuer_channel",
    }


def test_recheck_that_matches_again_keeps_verified_without_notifying(
    db_session, make_listing, clients
):
    credential = make_listing(status=CredentialStatus.VERIFIED)
    verify_now(credential, clients)
    assert credential.status is CredentialStatus.VERIFIED
    assert not db_session.scalars(select(Notice)).all()


def test_number_unknown_to_the_registry_is_rejected_and_everyone_is_told(
    db_session, make_listing, clients
):
    credential = make_listing(record=False, status=CredentialStatus.VERIFIED)
    record = verify_now(credential, clients)
    assert record.outcome is VerificationOutcome.NOT_FOUND
    assert credential.status is CredentialStatus.REJECTED
    assert credential.next_check_due is None
    assert credential.counselor.tier is None
    [item] = _items(db_session, ItemKind.VERIFICATION_REJECTED)
    assert item.credential_id == credential.id
    mail = db_session.scalars(select(OutboxMail)).one()
    assert mail.to_address == credential.counselor.owner.email
    assert credential.number in mail.body


def test_name_differing_from_the_record_is_a_mismatch_naming_the_field(
    db_session, make_listing, clients
):
    credential = make_listing(record={"name": "王芬"})
    record = verify_now(credential, clients)
    assert record.outcome is VerificationOutcome.MISMATCH
    assert record.mismatch_field == "name"
    assert credential.status is CredentialStatus.REJECTED


def test_registration_of_another_type_is_a_mismatch_of_type(db_session, make_listing, clients):
    credential = make_listing(record={"kind": CredentialKind.CPS_REGISTERED_ASSISTANT.value})
    record = verify_now(credential, clients)
    assert record.mismatch_field == "type"
    assert credential.status is CredentialStatus.REJECTED


def test_record_revoked_by_the_issuer_revokes_the_credential(db_session, make_listing, clients):
    credential = make_listing(record={"status": "revoked"}, status=CredentialStatus.VERIFIED)
    verify_now(credential, clients)
    assert credential.status is CredentialStatus.REVOKED
    assert _items(db_session, ItemKind.VERIFICATION_REJECTED)


def test_registration_past_its_validity_end_expires(db_session, make_listing, clients):
    lapsed = (date.today() - timedelta(days=2)).isoformat()
    credential = make_listing(record={"valid_until": lapsed}, status=CredentialStatus.VERIFIED)
    record = verify_now(credential, clients)
    assert record.outcome is VerificationOutcome.EXPIRED
    assert credential.status is CredentialStatus.EXPIRED
    assert credential.counselor.tier is None
    assert credential.next_check_due is not None


def test_renewed_registration_moves_the_validity_end(db_session, make_listing, clients):
    renewed = date.today() + timedelta(days=1000)
    credential = make_listing(record={"valid_until": renewed.isoformat()})
    verify_now(credential, clients)
    assert credential.valid_until == renewed


def test_vocational_certificate_is_checked_with_name_and_resident_id(
    db_session, make_listing, clients, sim
):
    credential = make_listing(CredentialKind.MOHRSS_LEVEL2, name="李强")
    record = verify_now(credential, clients)
    assert record.outcome is VerificationOutcome.MATCH
    assert credential.counselor.tier == 2
    assert sim.logs["mohrss"].statuses == [200]


def test_training_certificate_of_someone_else_is_not_found(db_session, make_listing, clients, sim):
    credential = make_listing(CredentialKind.CAS_BASIC_TRAINING, record=False)
    sim.add_record(
        {
            "issuer": "cas",
            "kind": "cas_basic_training",
            "number": credential.number,
            "name": "王芳",
            "resident_id": OTHER_ID,
            "issued_on": "2020-01-01",
            "valid_until": None,
            "issuing_authority": "中国科学院心理研究所",
            "supervision_hours": None,
            "training_background": None,
            "status": "valid",
        }
    )
    record = verify_now(credential, clients)
    assert record.outcome is VerificationOutcome.NOT_FOUND


def test_training_certificate_found_and_matching_is_verified(db_session, make_listing, clients):
    credential = make_listing(CredentialKind.CAS_BASIC_TRAINING, name="赵敏")
    assert verify_now(credential, clients).outcome is VerificationOutcome.MATCH
    assert credential.status is CredentialStatus.VERIFIED


def test_certificate_without_resident_id_goes_to_the_moderators_not_the_channel(
    db_session, make_listing, clients, sim
):
    credential = make_listing(CredentialKind.MOHRSS_LEVEL3, holder_id=None, record=False)
    assert verify_now(credential, clients) is None
    assert sim.logs["mohrss"].arrivals == []
    assert credential.status is CredentialStatus.PENDING
    [item] = _items(db_session, ItemKind.MANUAL_VERIFICATION)
    assert item.credential_id == credential.id
    assert credential.next_check_due is None


def test_unrecognized_credential_is_never_sent_to_any_channel(
    db_session, make_listing, clients, sim
):
    credential = make_listing(CredentialKind.UNRECOGNIZED, record=False)
    assert verify_now(credential, clients) is None
    assert all(not log.arrivals for log in sim.logs.values())
    assert _items(db_session, ItemKind.UNRECOGNIZED_ISSUER)


def test_issuer_without_integration_goes_to_the_moderator_assisted_path(
    db_session, make_listing, clients
):
    credential = make_listing(CredentialKind.CPS_REGISTERED_SUPERVISOR)
    without_cps = {issuer: c for issuer, c in clients.items() if issuer.value != "cps"}
    assert verify_now(credential, without_cps) is None
    assert _items(db_session, ItemKind.MANUAL_VERIFICATION)
