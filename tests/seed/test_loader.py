"""Loading the demo data: consistent listings, sealed ID numbers, logins that work."""

from __future__ import annotations

import importlib.util
from datetime import date, timedelta

import pytest
from sqlalchemy import func, inspect, select

from counsel_dir.accounts.models import Role, User
from counsel_dir.accounts.services import authenticate
from counsel_dir.credentials.kinds import CredentialKind, CredentialStatus
from counsel_dir.credentials.models import (
    AttestationState,
    Credential,
    SupervisedHours,
    VerificationMethod,
    VerificationOutcome,
    VerificationRecord,
)
from counsel_dir.credentials.services import identity_vault
from counsel_dir.credentials.tiers import compute_tier
from counsel_dir.db import session, utcnow
from counsel_dir.directory.models import Counselor, ListingSource
from counsel_dir.directory.services import attested_hours, refresh_listing
from counsel_dir.moderation.models import ItemKind, ModerationItem
from counsel_dir.search.models import IndexQueueEntry
from seed.data import DEMO_PASSWORD
from seed.generator import generate
from seed.loader import DatabaseNotEmpty, load
from tests.seed.conftest import using

PRIVATE_COLUMNS = {"resident_id_sealed", "resident_id_hash"}


def counselors():
    return list(session.scalars(select(Counselor).order_by(Counselor.id)))


def test_every_listing_is_stored_with_the_tier_its_credentials_earn(seeded):
    with using(seeded.app):
        stored = counselors()
        assert len(stored) == len(seeded.data.counselors) == seeded.summary.counselors
        today = date.today()
        for counselor in stored:
            tier = compute_tier(counselor.credentials, attested_hours(counselor.id), today)
            assert counselor.tier == (int(tier) if tier else None), counselor.slug
            assert counselor.is_listed == (tier is not None)
        assert sum(c.is_listed for c in stored) == seeded.summary.listed
        assert seeded.summary.per_tier[1] and seeded.summary.per_tier[2]
        assert seeded.summary.per_tier[3] and seeded.summary.per_tier[None]


def test_refreshing_a_loaded_listing_changes_nothing(seeded):
    with using(seeded.app):
        for counselor in counselors()[:40]:
            before = (counselor.tier, counselor.is_listed)
            refresh_listing(counselor)
            assert (counselor.tier, counselor.is_listed) == before
        session.rollback()


def test_listings_keep_their_generated_fields_and_order(seeded):
    with using(seeded.app):
        for stored, generated in zip(counselors(), seeded.data.counselors, strict=True):
            assert stored.slug == generated.slug
            assert stored.display_name == generated.display_name
            assert stored.issues == generated.issues
            assert stored.source is (
                ListingSource.IMPORTED if generated.imported else ListingSource.SELF_REGISTERED
            )
            assert stored.is_claimed == generated.claimed
            assert len(stored.credentials) == len(generated.credentials)


def test_claimed_listings_belong_to_accounts_that_cannot_log_in_with_any_password(seeded):
    with using(seeded.app):
        owners = [c.owner for c in counselors() if c.owner is not None]
        demo_emails = {account.email for account in seeded.data.accounts}
        placeholders = [user for user in owners if user.email not in demo_emails]
        assert placeholders
        for user in placeholders[:3]:
            assert authenticate(user.email, DEMO_PASSWORD) is None
            assert authenticate(user.email, "!") is None


def test_verified_credentials_carry_an_import_record_and_a_check_due_ahead(seeded):
    with using(seeded.app):
        now = utcnow()
        credentials = list(session.scalars(select(Credential)))
        verified = [c for c in credentials if c.status is CredentialStatus.VERIFIED]
        for credential in verified:
            methods = [record.method for record in credential.verifications]
            assert methods == [VerificationMethod.IMPORT]
            assert credential.last_verified_at <= now
            assert now < credential.next_check_due < now + timedelta(days=200)
        dues = sorted(c.next_check_due for c in verified)
        assert dues[-1] - dues[0] > timedelta(days=14)
        assert len(set(dues)) > len(dues) * 0.9


def test_lapsed_registrations_show_the_match_then_the_expiry_in_their_history(seeded):
    with using(seeded.app):
        expired = list(
            session.scalars(select(Credential).where(Credential.status == CredentialStatus.EXPIRED))
        )
        assert expired
        for credential in expired:
            outcomes = [record.outcome for record in credential.verifications]
            assert outcomes == [VerificationOutcome.EXPIRED, VerificationOutcome.MATCH]
            assert credential.valid_until < credential.last_checked_at.date()


def test_pending_credentials_fall_due_soon_and_unrecognized_ones_go_to_moderators(seeded):
    with using(seeded.app):
        now = utcnow()
        credentials = list(session.scalars(select(Credential)))
        for credential in credentials:
            if credential.kind is CredentialKind.UNRECOGNIZED:
                assert credential.next_check_due is None
            elif credential.status is CredentialStatus.PENDING:
                assert credential.next_check_due < now + timedelta(hours=3)
        unrecognized = {c.id for c in credentials if c.kind is CredentialKind.UNRECOGNIZED}
        items = session.scalars(
            select(ModerationItem).where(ModerationItem.kind == ItemKind.UNRECOGNIZED_ISSUER)
        )
        assert {item.credential_id for item in items} == unrecognized != set()


def test_supervised_hours_point_at_supervisors_and_the_supervisor_demo_has_some_to_attest(
    seeded,
):
    with using(seeded.app):
        supervisor = session.scalars(
            select(User).where(User.email == "supervisor@demo.counsel")
        ).one()
        trainee = session.scalars(select(User).where(User.email == "trainee@demo.counsel")).one()
        pending = list(
            session.scalars(
                select(SupervisedHours).where(
                    SupervisedHours.supervisor_id == supervisor.counselor.id,
                    SupervisedHours.state == AttestationState.PENDING,
                )
            )
        )
        assert pending and {entry.counselor_id for entry in pending} == {trainee.counselor.id}
        assert trainee.counselor.tier is None
        assert 0 < attested_hours(trainee.counselor.id) < 50
        total = session.scalar(select(func.count()).select_from(SupervisedHours))
        assert total == seeded.summary.supervised_hours


def test_id_numbers_are_sealed_for_claimed_and_id_channel_listings(seeded):
    with using(seeded.app):
        vault = identity_vault()
        for stored, generated in zip(counselors(), seeded.data.counselors, strict=True):
            if generated.store_resident_id:
                assert vault.unseal(stored.resident_id_sealed) == generated.resident_id
                assert stored.resident_id_hash == vault.match_hash(generated.resident_id)
            else:
                assert stored.resident_id_sealed is None and stored.resident_id_hash is None


def test_id_numbers_never_appear_in_any_other_stored_column(seeded):
    numbers = {counselor.resident_id for counselor in seeded.data.counselors}
    tables = (Counselor, Credential, User, VerificationRecord, SupervisedHours, ModerationItem)
    with using(seeded.app):
        for model in tables:
            columns = [c.key for c in inspect(model).columns if c.key not in PRIVATE_COLUMNS]
            for row in session.scalars(select(model)):
                text = " ".join(str(getattr(row, column)) for column in columns)
                assert not any(number in text for number in numbers), model.__name__


def test_no_search_index_entries_are_queued_the_index_is_rebuilt_after_seeding(seeded):
    with using(seeded.app):
        assert session.scalar(select(func.count()).select_from(IndexQueueEntry)) == 0


def _login_form_needs_missing_email_validator() -> bool:
    from wtforms.validators import Email

    from counsel_dir.accounts.forms import LoginForm

    validators = LoginForm.email.kwargs.get("validators") or ()
    missing = importlib.util.find_spec("email_validator") is None
    return missing and any(isinstance(validator, Email) for validator in validators)


def test_demo_accounts_sign_in_with_the_demo_password(seeded):
    with using(seeded.app):
        for account in seeded.data.accounts:
            user = authenticate(account.email, DEMO_PASSWORD)
            assert user is not None and user.role.value == account.role
        assert authenticate("admin@demo.counsel", "wrong-password") is None


@pytest.mark.skipif(
    _login_form_needs_missing_email_validator(),
    reason="this branch's login form needs the email_validator package",
)
def test_demo_accounts_can_log_in_through_the_login_page(client, db_session):
    data = generate(20, 9)
    load(data)
    for account in data.accounts:
        response = client.post(
            "/account/login", data={"email": account.email, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, account.email
        client.post("/account/logout")
    refused = client.post(
        "/account/login", data={"email": "admin@demo.counsel", "password": "wrong-password"}
    )
    assert refused.status_code != 302


def test_loading_into_a_database_that_holds_data_is_refused(seeded):
    with using(seeded.app):
        with pytest.raises(DatabaseNotEmpty):
            load(generate(20, 1))
        assert session.scalar(select(func.count()).select_from(Counselor)) == 200


def test_a_load_inside_a_test_transaction_rolls_back(db_session):
    summary = load(generate(30, 5), batch_size=7)
    assert summary.counselors == 30
    assert db_session.scalar(select(func.count()).select_from(Counselor)) == 30


def test_rows_added_after_a_load_get_fresh_ids(seeded):
    with using(seeded.app):
        counselor = Counselor(slug="added-after-seeding", display_name="新咨询师", city="beijing")
        session.add(counselor)
        session.flush()
        assert counselor.id > max(seeded.summary.counselor_ids)
        session.rollback()


def test_an_operator_account_created_first_does_not_block_seeding(db_session, make_user):
    make_user(Role.ADMIN, email="ops@example.com")
    assert load(generate(20, 4)).counselors == 20


def test_a_demo_account_already_there_blocks_seeding(db_session, make_user):
    make_user(Role.MODERATOR, email="moderator@demo.counsel")
    with pytest.raises(DatabaseNotEmpty):
        load(generate(20, 4))
