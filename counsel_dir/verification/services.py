"""Verifying credentials: routing a check, applying its answer, moderator outcomes.

Services flush, never commit. Every status change recomputes the listing (and
so the search index), is audited, tells the owner and, for a rejection by a
channel, raises a moderators' queue item. A moderator's outcome is the one path
for every check made by hand, whether from the check page or a queue decision.
"""

from __future__ import annotations

import logging
import random
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy import inspect, select
from werkzeug.datastructures import FileStorage

from counsel_dir.accounts.models import User
from counsel_dir.audit.services import record as audit
from counsel_dir.credentials.kinds import CredentialKind, CredentialStatus, Issuer
from counsel_dir.credentials.models import (
    Credential,
    VerificationMethod,
    VerificationOutcome,
    VerificationRecord,
)
from counsel_dir.credentials.schedule import is_overdue, next_check_due
from counsel_dir.credentials.services import identity_vault, issuer_registry
from counsel_dir.db import session, utcnow
from counsel_dir.directory.services import refresh_listing
from counsel_dir.moderation.labels import CHECKED_BY_HAND, redact_id_numbers
from counsel_dir.moderation.models import ItemKind, ItemStatus, ModerationItem
from counsel_dir.moderation.services import OPEN_STATUSES, VERIFICATION_KINDS, raise_item
from counsel_dir.notifications.services import notify, queue_mail
from counsel_dir.verification import messages
from counsel_dir.verification.answers import ChannelAnswer, Claim, Verdict, normalize_name
from counsel_dir.verification.channels import channel_clients
from counsel_dir.verification.checks import Route, job_for, perform_check, route_for
from counsel_dir.verification.clients import ChannelClient, Lookup
from counsel_dir.verification.evidence import save_evidence
from counsel_dir.verification.holder import HolderCheck

log = logging.getLogger(__name__)
_rng = random.SystemRandom()

OUTCOME_STATUS = {
    VerificationOutcome.MATCH: CredentialStatus.VERIFIED,
    VerificationOutcome.NOT_FOUND: CredentialStatus.REJECTED,
    VerificationOutcome.MISMATCH: CredentialStatus.REJECTED,
    VerificationOutcome.EXPIRED: CredentialStatus.EXPIRED,
    VerificationOutcome.REVOKED: CredentialStatus.REVOKED,
}
REJECTIONS = (
    VerificationOutcome.NOT_FOUND,
    VerificationOutcome.MISMATCH,
    VerificationOutcome.REVOKED,
)
MODERATOR_OUTCOMES = tuple(OUTCOME_STATUS)


def escalate_after() -> int:
    return int(current_app.config.get("VERIFICATION_ESCALATE_AFTER", 3))


def originally_due(credential: Credential) -> datetime:
    """When the pending check first fell due (retries push next_check_due, not this)."""
    if credential.last_verified_at is None:
        return credential.created_at
    return credential.last_verified_at + issuer_registry().reverify_interval(credential.kind)


def is_verification_overdue(credential: Credential, now: datetime | None = None) -> bool:
    """Shown on the profile: checks keep failing, or the last success is long stale."""
    if credential.kind is CredentialKind.UNRECOGNIZED or credential.status not in (
        CredentialStatus.VERIFIED,
        CredentialStatus.PENDING,
    ):
        return False
    if credential.consecutive_inconclusive >= escalate_after():
        return True
    return is_overdue(
        originally_due(credential), now or utcnow(), credential.kind, registry=issuer_registry()
    )


def _retry_delay(failures: int) -> timedelta:
    base = float(current_app.config.get("VERIFICATION_RETRY_MINUTES", 10))
    cap = float(current_app.config.get("VERIFICATION_RETRY_CAP_MINUTES", 360))
    minutes = min(cap, base * 2 ** max(0, failures - 1))
    return timedelta(minutes=minutes * _rng.uniform(0.8, 1.2))


def _schedule_after_success(credential: Credential, now: datetime) -> datetime | None:
    if issuer_registry().issuer_for(credential.kind) is None:
        return None  # no official channel: nothing to re-check it against
    due = next_check_due(
        credential.kind, now, credential.valid_until, _rng, registry=issuer_registry()
    )
    if credential.valid_until is not None:
        # Check again the day after the end date, so that a lapse is seen at once.
        lapse_check = datetime.combine(
            credential.valid_until + timedelta(days=1), datetime.min.time(), now.tzinfo
        )
        if now < lapse_check < due:
            due = lapse_check
    return due


def apply_answer(
    credential: Credential,
    answer: ChannelAnswer,
    *,
    due_at: datetime | None,
    now: datetime | None = None,
    method: VerificationMethod = VerificationMethod.ISSUER_CHANNEL,
    moderator: User | None = None,
    note: str | None = None,
    evidence_filename: str | None = None,
    tell_owner: bool = True,
) -> VerificationRecord:
    """Record one check and apply it: status, schedule, listing, notices, queue items."""
    now = now or utcnow()
    outcome = VerificationOutcome(answer.verdict.value)
    entry = VerificationRecord(
        credential_id=credential.id,
        checked_at=now,
        method=method,
        outcome=outcome,
        channel_response=answer.stored_response()
        if method is VerificationMethod.ISSUER_CHANNEL
        else None,
        mismatch_field=answer.mismatch_field.value if answer.mismatch_field else None,
        error_detail=answer.reason if not answer.definitive else None,
        moderator_id=moderator.id if moderator else None,
        note=note,
        evidence_filename=evidence_filename,
        due_at=due_at,
    )
    if "verifications" in inspect(credential).unloaded:
        session.add(entry)
    else:
        credential.verifications.insert(0, entry)
    credential.last_checked_at = now
    if not answer.definitive:
        _apply_inconclusive(credential, now)
        session.flush()
        return entry

    credential.consecutive_inconclusive = 0
    if outcome is VerificationOutcome.MATCH:
        credential.last_verified_at = now
        if (
            answer.record
            and answer.record.valid_until
            and answer.record.valid_until != credential.valid_until
        ):
            credential.valid_until = answer.record.valid_until
    if outcome in (VerificationOutcome.MATCH, VerificationOutcome.EXPIRED):
        credential.next_check_due = _schedule_after_success(credential, now)
    else:
        credential.next_check_due = None
    change_status(
        credential,
        OUTCOME_STATUS[outcome],
        outcome,
        method,
        moderator=moderator,
        now=now,
        mismatch_field=entry.mismatch_field,
        reason=note,
        tell_owner=tell_owner,
    )
    session.flush()
    return entry


def _apply_inconclusive(credential: Credential, now: datetime) -> None:
    credential.consecutive_inconclusive += 1
    credential.next_check_due = now + _retry_delay(credential.consecutive_inconclusive)
    summary = f"credential {credential.id} ({credential.kind.value})"
    if credential.consecutive_inconclusive >= escalate_after():
        raise_item(
            ItemKind.VERIFICATION_INCONCLUSIVE,
            counselor_id=credential.counselor_id,
            credential_id=credential.id,
            summary=f"{summary}: {credential.consecutive_inconclusive} inconclusive in a row",
        )
    if is_overdue(originally_due(credential), now, credential.kind, registry=issuer_registry()):
        raise_item(
            ItemKind.VERIFICATION_OVERDUE,
            counselor_id=credential.counselor_id,
            credential_id=credential.id,
            summary=f"{summary}: verification more than twice its interval overdue",
        )


def change_status(
    credential: Credential,
    status: CredentialStatus,
    outcome: VerificationOutcome,
    method: VerificationMethod,
    *,
    moderator: User | None = None,
    now: datetime | None = None,
    mismatch_field: str | None = None,
    reason: str | None = None,
    tell_owner: bool = True,
) -> bool:
    """Set the status; on a change, refresh the listing, audit, notify. Return if it changed.

    A rejection found by a channel raises a queue item; one recorded by a moderator does
    not (the moderator already decided). ``tell_owner=False`` when the caller tells the
    owner itself (a moderation decision), so that one decision makes one notice.
    """
    previous = credential.status
    if previous is status:
        return False
    credential.status = status
    credential.status_changed_at = now or utcnow()
    refresh_listing(credential.counselor)
    audit(
        "credential.status_changed",
        "credential",
        credential.id,
        actor=moderator,
        fields=["status"],
        detail={
            "from": previous.value,
            "to": status.value,
            "outcome": outcome.value,
            "method": method.value,
        },
        reason=reason,
    )
    if tell_owner:
        _tell_owner(credential, outcome, mismatch_field)
    if outcome in REJECTIONS and moderator is None:
        raise_item(
            ItemKind.VERIFICATION_REJECTED,
            counselor_id=credential.counselor_id,
            credential_id=credential.id,
            summary=f"credential {credential.id} ({credential.kind.value}): {outcome.value}"
            + (f" ({mismatch_field})" if mismatch_field else ""),
        )
    return True


def _tell_owner(
    credential: Credential, outcome: VerificationOutcome, mismatch_field: str | None
) -> None:
    owner = credential.counselor.owner
    if owner is None:
        return
    message = messages.RESULT_MESSAGES[outcome]
    params = {"number": credential.number, "field": mismatch_field or ""}
    notify(owner.id, messages.NOTICE_KIND, message, **params)
    # Mail goes out in the site's language; the worker thread has no request to ask.
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        field_name = (
            gettext(messages.FIELD_NAMES[mismatch_field])
            if mismatch_field in messages.FIELD_NAMES
            else ""
        )
        body = gettext(message, number=credential.number, field=field_name)
        subject = gettext(messages.MAIL_SUBJECT)
    queue_mail(owner.email, subject, body)


def route_to_moderators(credential: Credential, route: Route, now: datetime | None = None) -> None:
    """No channel can check this credential: hand it to the moderators (status unchanged)."""
    credential.next_check_due = None
    credential.last_checked_at = now or utcnow()
    if route is Route.UNRECOGNIZED:
        raise_item(
            ItemKind.UNRECOGNIZED_ISSUER,
            counselor_id=credential.counselor_id,
            credential_id=credential.id,
            summary=f"credential {credential.id}: issuer not recognized",
        )
    else:
        raise_item(
            ItemKind.MANUAL_VERIFICATION,
            counselor_id=credential.counselor_id,
            credential_id=credential.id,
            summary=f"credential {credential.id} ({credential.kind.value}): {route.value}",
        )
    session.flush()


def verify_now(
    credential: Credential,
    clients: dict[Issuer, ChannelClient] | None = None,
    now: datetime | None = None,
) -> VerificationRecord | None:
    """Check one credential synchronously (CLI, tests); None when it went to moderators."""
    clients = channel_clients() if clients is None else clients
    now = now or utcnow()
    job = job_for(credential)
    route = route_for(job, clients)
    if route is not Route.CHANNEL:
        route_to_moderators(credential, route, now)
        return None
    answer = perform_check(job, clients[job.issuer], identity_vault(), now.date())  # type: ignore[index]
    return apply_answer(credential, answer, due_at=job.due_at, now=now)


def record_moderator_outcome(
    credential: Credential,
    moderator: User,
    outcome: VerificationOutcome,
    note: str,
    evidence: FileStorage | None,
    *,
    by_decision: bool = False,
) -> VerificationRecord:
    """A moderator checked the official channel by hand: same record, same consequences.

    ``by_decision``: called from a moderation decision, which audits the action and
    tells the owner itself; here only the check and its status change are recorded.
    """
    outcome = VerificationOutcome(outcome)
    if outcome not in MODERATOR_OUTCOMES:
        raise ValueError("a moderator records a definitive outcome")
    note = redact_id_numbers(note.strip())
    filename = save_evidence(evidence) if evidence is not None and evidence.filename else None
    answer = ChannelAnswer(Verdict(outcome.value))
    entry = apply_answer(
        credential,
        answer,
        due_at=None,
        method=VerificationMethod.MODERATOR_ASSISTED,
        moderator=moderator,
        note=note,
        evidence_filename=filename,
        tell_owner=not by_decision,
    )
    if by_decision:
        return entry
    settled = _settle_items(credential, note)
    audit(
        "verification.moderator_outcome",
        "credential",
        credential.id,
        actor=moderator,
        fields=["status", "note"] + (["evidence"] if filename else []),
        detail={"outcome": outcome.value, "closed_items": settled},
    )
    return entry


def _settle_items(credential: Credential, note: str) -> list[int]:
    """Close the open verification items about a credential a moderator just checked."""
    items = session.scalars(
        select(ModerationItem).where(
            ModerationItem.credential_id == credential.id,
            ModerationItem.kind.in_(VERIFICATION_KINDS),
            ModerationItem.status.in_(OPEN_STATUSES),
        )
    ).all()
    now = utcnow()
    for item in items:
        item.status = ItemStatus.CLOSED
        item.closed_at = now
        item.decision = CHECKED_BY_HAND
        item.decision_reason = note
    session.flush()
    return [item.id for item in items]


def check_holder(credential: Credential, name: str, resident_id: str) -> HolderCheck:
    """Does the issuer's channel show this person (name, ID number) holding this credential?"""
    issuer = issuer_registry().issuer_for(credential.kind)
    client = channel_clients().get(issuer.issuer) if issuer else None
    if client is None:
        return HolderCheck.UNAVAILABLE
    claim = Claim(kind=credential.kind.value, number=credential.number, name=name)
    answer = client.lookup(Lookup(claim, resident_id), utcnow().date())
    if not answer.definitive:
        return HolderCheck.UNAVAILABLE
    if answer.verdict in (Verdict.MATCH, Verdict.EXPIRED):
        return HolderCheck.MATCH
    if (
        answer.verdict is Verdict.REVOKED
        and answer.record
        and normalize_name(answer.record.name) == normalize_name(name)
    ):
        return HolderCheck.MATCH
    return HolderCheck.MISMATCH
