"""The system raises items by itself, and the demo moderator gets a documented code secret."""

from __future__ import annotations

from datetime import timedelta

import pyotp
from sqlalchemy import select

from counsel_dir.accounts.models import Role, User
from counsel_dir.credentials.kinds import CredentialKind, CredentialStatus
from counsel_dir.credentials.models import VerificationOutcome
from counsel_dir.db import utcnow
from counsel_dir.moderation.models import ItemKind, ModerationItem
from counsel_dir.moderation.scan import scan_credentials
from counsel_dir.moderation.second_factor import DEMO_TOTP_SECRET, unseal_secret
from counsel_dir.verification.services import record_moderator_outcome
from tests.moderation.conftest import MODERATOR_SECRET
from tests.moderation.helpers import decide, take


def _kinds(db_session) -> dict[int, set[ItemKind]]:
    found: dict[int, set[ItemKind]] = {}
    for item in db_session.scalars(select(ModerationItem)):
        found.setdefault(item.credential_id, set()).add(item.kind)
    return found


def test_scan_raises_items_for_doubtful_and_stale_credentials(
    db_session, make_counselor, make_credential
):
    counselor = make_counselor(tier=2)
    unrecognized = make_credential(counselor, CredentialKind.UNRECOGNIZED, issuer_name="某联合会")
    rejected = make_credential(
        counselor, CredentialKind.MOHRSS_LEVEL3, status=CredentialStatus.REJECTED
    )
    inconclusive = make_credential(
        counselor, CredentialKind.CAS_BASIC_TRAINING, consecutive_inconclusive=3
    )
    overdue = make_credential(
        counselor,
        CredentialKind.CPS_REGISTERED_ASSISTANT,
        next_check_due=utcnow() - timedelta(days=3 * 365),
    )
    fresh = counselor.credentials[0]
    counts = scan_credentials()
    kinds = _kinds(db_session)
    assert kinds[unrecognized.id] == {ItemKind.UNRECOGNIZED_ISSUER}
    assert kinds[rejected.id] == {ItemKind.VERIFICATION_REJECTED}
    assert kinds[inconclusive.id] == {ItemKind.VERIFICATION_INCONCLUSIVE}
    assert kinds[overdue.id] == {ItemKind.VERIFICATION_OVERDUE}
    assert fresh.id not in kinds
    assert sum(counts.values()) == 4
    assert sum(scan_credentials().values()) == 0


def test_a_dismissed_system_item_is_not_raised_again(
    db_session, make_counselor, make_credential, moderator_client
):
    counselor = make_counselor(tier=2)
    make_credential(counselor, CredentialKind.UNRECOGNIZED, issuer_name="某联合会")
    scan_credentials()
    db_session.commit()
    item = db_session.scalars(select(ModerationItem)).one()
    moderator = moderator_client()
    take(moderator, item.id)
    decide(moderator, item.id, "dismiss", reason="Shown as unrecognized; earns no tier.")
    assert sum(scan_credentials().values()) == 0


def test_a_rejection_a_moderator_recorded_is_not_raised_by_the_scan(
    db_session, make_counselor, make_credential, make_user
):
    counselor = make_counselor(tier=2)
    unrecognized = make_credential(counselor, CredentialKind.UNRECOGNIZED, issuer_name="某联合会")
    record_moderator_outcome(
        unrecognized,
        make_user(Role.MODERATOR),
        VerificationOutcome.NOT_FOUND,
        "No such issuer among the recognized ones.",
        None,
    )
    assert unrecognized.status is CredentialStatus.REJECTED
    assert scan_credentials()[ItemKind.VERIFICATION_REJECTED] == 0
    assert not db_session.scalars(
        select(ModerationItem).where(ModerationItem.kind == ItemKind.VERIFICATION_REJECTED)
    ).all()


def test_the_scan_runs_from_the_command_line(app, db_session, make_counselor, make_credential):
    counselor = make_counselor(tier=2)
    make_credential(counselor, CredentialKind.UNRECOGNIZED, issuer_name="某联合会")
    db_session.commit()
    result = app.test_cli_runner().invoke(args=["moderation", "scan"])
    assert result.exit_code == 0, result.output
    assert "1 new items" in result.output


def test_demo_moderator_gets_the_documented_secret_only_on_dev_pages(
    app, db_session, make_user, monkeypatch
):
    make_user(Role.MODERATOR, email="moderator@demo.counsel")
    db_session.commit()
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["moderation", "enroll-demo"])
    assert refused.exit_code != 0 and "DEV_PAGES" in refused.output
    monkeypatch.setitem(app.config, "DEV_PAGES", True)
    result = runner.invoke(args=["moderation", "enroll-demo"])
    assert result.exit_code == 0, result.output
    user = db_session.scalars(select(User).where(User.email == "moderator@demo.counsel")).one()
    db_session.refresh(user)
    assert unseal_secret(user.totp_secret_sealed) == DEMO_TOTP_SECRET
    assert pyotp.TOTP(DEMO_TOTP_SECRET).now().isdigit()


def test_a_lost_phone_is_handled_by_resetting_the_second_factor(
    app, db_session, make_moderator, moderator_client
):
    moderator = make_moderator(email="lost.phone@example.com")
    browser = moderator_client(moderator)
    assert browser.get("/moderation/").status_code == 200
    result = app.test_cli_runner().invoke(args=["moderation", "reset-2fa", moderator.email])
    assert result.exit_code == 0, result.output
    response = browser.get("/moderation/")
    assert response.status_code == 302 and "/moderation/2fa" in response.headers["Location"]
    assert "new secret" in result.output
    stored = db_session.get(User, moderator.id)
    db_session.refresh(stored)
    new_secret = unseal_secret(stored.totp_secret_sealed)
    assert new_secret in result.output and new_secret != MODERATOR_SECRET
    missing = app.test_cli_runner().invoke(args=["moderation", "reset-2fa", "nobody@example.com"])
    assert missing.exit_code != 0
