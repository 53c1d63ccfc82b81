"""Deciding on a queue item: one written reason, the state change, notices, the audit trail."""

from __future__ import annotations

from collections.abc import Iterable
from types import MappingProxyType

from flask_babel import gettext
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from counsel_dir.accounts.models import User
from counsel_dir.audit.services import record
from counsel_dir.credentials.models import Credential, VerificationOutcome
from counsel_dir.db import session, utcnow
from counsel_dir.directory.models import Counselor, ProfileStatus
from counsel_dir.directory.services import refresh_listing
from counsel_dir.i18n import N_
from counsel_dir.moderation import claims
from counsel_dir.moderation.labels import redact_id_numbers
from counsel_dir.moderation.models import (
    AppealStatus,
    Decision,
    InfoRequest,
    ItemKind,
    ItemStatus,
    ModerationDecision,
    ModerationItem,
    Report,
)
from counsel_dir.moderation.queue import appeal_for, require_assignee
from counsel_dir.moderation.services import (
    OPEN_STATUSES,
    VERIFICATION_KINDS,
    ModerationError,
    reprioritize_listing,
    set_listing_status,
)
from counsel_dir.notifications.services import notify, queue_mail
from counsel_dir.verification.evidence import EvidenceRejected
from counsel_dir.verification.services import record_moderator_outcome

MIN_REASON_LENGTH = 5

_ABOUT_A_LISTING = frozenset(
    {
        Decision.DISMISS,
        Decision.ASK_INFO,
        Decision.CONFIRM_CREDENTIAL,
        Decision.REVOKE_CREDENTIAL,
        Decision.SUSPEND_LISTING,
    }
)
ALLOWED = MappingProxyType(
    {
        ItemKind.REPORT: _ABOUT_A_LISTING,
        ItemKind.MANY_REPORTS: _ABOUT_A_LISTING,
        ItemKind.UNRECOGNIZED_ISSUER: _ABOUT_A_LISTING,
        ItemKind.VERIFICATION_REJECTED: _ABOUT_A_LISTING,
        ItemKind.VERIFICATION_INCONCLUSIVE: _ABOUT_A_LISTING,
        ItemKind.VERIFICATION_OVERDUE: _ABOUT_A_LISTING,
        ItemKind.MANUAL_VERIFICATION: _ABOUT_A_LISTING,
        ItemKind.CLAIM_REVIEW: frozenset({Decision.APPROVE_CLAIM, Decision.REJECT_CLAIM}),
        ItemKind.FAILED_CLAIMS: frozenset(
            {Decision.DISMISS, Decision.REJECT_CLAIM, Decision.SUSPEND_LISTING}
        ),
        ItemKind.CLAIM_DISPUTE: frozenset({Decision.RESOLVE_DISPUTE, Decision.DISMISS}),
        ItemKind.APPEAL: frozenset({Decision.UPHOLD, Decision.OVERTURN}),
    }
)
DISPUTE_WINNERS = ("claimant", "owner")


class DecisionNotAllowed(ModerationError):
    message = N_("That decision is not possible for this kind of item.")


class ReasonRequired(ModerationError):
    message = N_("Write the reason for your decision (at least %(min)s characters).")


class CredentialRequired(ModerationError):
    message = N_("Choose which of this listing's credentials the decision is about.")


class NoCounselorToAsk(ModerationError):
    message = N_("Nobody has claimed this listing yet, so there is no counselor to ask.")


class WinnerRequired(ModerationError):
    message = N_("Choose who keeps the listing: the claimant or the current owner.")


class EvidenceNotAccepted(ModerationError):
    message = N_("Evidence must be a PDF, PNG, JPEG or WebP file of at most 5 MB.")


def allowed_decisions(item: ModerationItem) -> list[Decision]:
    """The decisions offered for an item, in a stable order."""
    allowed = ALLOWED.get(item.kind, frozenset())
    return [decision for decision in Decision if decision in allowed]


def decide(
    item: ModerationItem,
    moderator: User,
    decision: Decision,
    reason: str,
    *,
    credential_id: int | None = None,
    dispute_winner: str | None = None,
    evidence: FileStorage | None = None,
) -> ModerationDecision:
    """Apply one decision to an item the moderator holds; the caller commits.

    The item row is locked first (PostgreSQL) so that a double submission decides once.
    ``evidence`` (optional) is kept with the check a confirmation or revocation records.
    """
    session.execute(
        select(ModerationItem)
        .where(ModerationItem.id == item.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    require_assignee(item, moderator)
    if decision not in ALLOWED.get(item.kind, frozenset()):
        raise DecisionNotAllowed()
    reason = redact_id_numbers((reason or "").strip())
    if len(reason) < MIN_REASON_LENGTH:
        raise ReasonRequired(min=MIN_REASON_LENGTH)
    counselor = session.get(Counselor, item.counselor_id) if item.counselor_id else None
    credential = _credential_for(item, counselor, decision, credential_id)
    taken = ModerationDecision(
        item_id=item.id,
        decision=decision,
        reason=reason,
        moderator_id=moderator.id,
        counselor_id=counselor.id if counselor else None,
        credential_id=credential.id if credential else None,
    )
    session.add(taken)
    _apply(item, moderator, decision, reason, counselor, credential, dispute_winner, evidence)
    record(
        "moderation.decided",
        "moderation_item",
        item.id,
        actor=moderator,
        detail={
            "decision": str(decision),
            "kind": str(item.kind),
            "counselor_id": taken.counselor_id,
            "credential_id": taken.credential_id,
        },
        reason=reason,
    )
    if counselor is not None:
        refresh_listing(counselor)
        reprioritize_listing(counselor.id)
    session.flush()
    return taken


def _credential_for(
    item: ModerationItem,
    counselor: Counselor | None,
    decision: Decision,
    credential_id: int | None,
) -> Credential | None:
    wanted = credential_id or item.credential_id
    credential = session.get(Credential, wanted) if wanted else None
    if credential is not None and (counselor is None or credential.counselor_id != counselor.id):
        credential = None
    if credential is None and decision in (
        Decision.CONFIRM_CREDENTIAL,
        Decision.REVOKE_CREDENTIAL,
    ):
        raise CredentialRequired()
    return credential


def _apply(
    item: ModerationItem,
    moderator: User,
    decision: Decision,
    reason: str,
    counselor: Counselor | None,
    credential: Credential | None,
    dispute_winner: str | None,
    evidence: FileStorage | None = None,
) -> None:
    if decision is Decision.ASK_INFO:
        _ask_counselor(item, moderator, reason, counselor)
        return
    if decision is Decision.CONFIRM_CREDENTIAL and credential is not None:
        _record_check(credential, moderator, VerificationOutcome.MATCH, reason, evidence)
        _tell_owner(
            counselor,
            N_("A moderator confirmed your credential %(number)s."),
            number=credential.number,
        )
    elif decision is Decision.REVOKE_CREDENTIAL and credential is not None:
        _record_check(credential, moderator, VerificationOutcome.REVOKED, reason, evidence)
        _tell_owner(
            counselor,
            N_("A moderator revoked your credential %(number)s. You can appeal this once."),
            number=credential.number,
        )
    elif decision is Decision.SUSPEND_LISTING and counselor is not None:
        set_listing_status(counselor, ProfileStatus.SUSPENDED, moderator, reason)
        _tell_owner(counselor, N_("A moderator suspended your listing. You can appeal this once."))
    elif decision in (Decision.APPROVE_CLAIM, Decision.REJECT_CLAIM):
        claims.decide_claim(item.subject_id, moderator, decision is Decision.APPROVE_CLAIM, reason)
    elif decision is Decision.RESOLVE_DISPUTE:
        if dispute_winner not in DISPUTE_WINNERS:
            raise WinnerRequired()
        claims.decide_claim(item.subject_id, moderator, dispute_winner == "claimant", reason)
    elif decision in (Decision.UPHOLD, Decision.OVERTURN):
        _decide_appeal(item, moderator, decision, reason, counselor)
    close(item, decision, reason)
    for related in _related_open_items(item, decision, credential):
        close(related, decision, reason)
        record(
            "moderation.closed_with",
            "moderation_item",
            related.id,
            actor=moderator,
            detail={"decision": str(decision), "by_item": item.id},
            reason=reason,
        )


def _record_check(
    credential: Credential,
    moderator: User,
    outcome: VerificationOutcome,
    reason: str,
    evidence: FileStorage | None = None,
) -> None:
    """The verification service records the check; this decision audits and tells the owner."""
    try:
        record_moderator_outcome(credential, moderator, outcome, reason, evidence, by_decision=True)
    except EvidenceRejected as error:
        raise EvidenceNotAccepted() from error


def close(item: ModerationItem, decision: Decision, reason: str) -> None:
    """Close an item with its decision and tell the reporters of its reports."""
    item.status = ItemStatus.CLOSED
    item.closed_at = utcnow()
    item.decision = str(decision)
    item.decision_reason = reason
    session.flush()
    for report in item.reports:
        _tell_reporter(report)


def _related_open_items(
    item: ModerationItem, decision: Decision, credential: Credential | None
) -> Iterable[ModerationItem]:
    """Open items settled by the same decision.

    Suspending settles the listing's reports; revoking settles the reports on that
    credential; confirming or revoking settles the verification items about it.
    """
    if item.counselor_id is None:
        return []
    statement = select(ModerationItem).where(
        ModerationItem.id != item.id,
        ModerationItem.counselor_id == item.counselor_id,
        ModerationItem.status.in_(OPEN_STATUSES),
    )
    reports = (ItemKind.REPORT, ItemKind.MANY_REPORTS)
    if decision is Decision.SUSPEND_LISTING:
        return session.scalars(statement.where(ModerationItem.kind.in_(reports))).all()
    if credential is None:
        return []
    settled: tuple[ItemKind, ...]
    if decision is Decision.REVOKE_CREDENTIAL:
        settled = (*reports, *VERIFICATION_KINDS)
    elif decision is Decision.CONFIRM_CREDENTIAL:
        settled = VERIFICATION_KINDS
    else:
        return []
    return session.scalars(
        statement.where(
            ModerationItem.credential_id == credential.id, ModerationItem.kind.in_(settled)
        )
    ).all()


def _ask_counselor(
    item: ModerationItem, moderator: User, question: str, counselor: Counselor | None
) -> None:
    if counselor is None or counselor.owner_id is None:
        raise NoCounselorToAsk()
    session.add(
        InfoRequest(
            item_id=item.id,
            counselor_id=counselor.id,
            question=question,
            asked_by_id=moderator.id,
        )
    )
    item.status = ItemStatus.AWAITING_COUNSELOR
    _tell_owner(
        counselor,
        N_("A moderator asked you for information about your listing. Please reply."),
    )
    session.flush()


def _decide_appeal(
    item: ModerationItem,
    moderator: User,
    decision: Decision,
    reason: str,
    counselor: Counselor | None,
) -> None:
    appeal = appeal_for(item)
    if appeal is None:
        raise DecisionNotAllowed()
    appeal.decided_at = utcnow()
    original = appeal.decision
    if decision is Decision.UPHOLD:
        appeal.status = AppealStatus.UPHELD
        _tell_owner(counselor, N_("Your appeal was reviewed: the decision stands."))
        return
    appeal.status = AppealStatus.OVERTURNED
    if original.decision is Decision.REVOKE_CREDENTIAL and original.credential_id:
        credential = session.get(Credential, original.credential_id)
        if credential is not None:
            _record_check(credential, moderator, VerificationOutcome.MATCH, reason)
    elif original.decision is Decision.SUSPEND_LISTING and counselor is not None:
        set_listing_status(counselor, ProfileStatus.ACTIVE, moderator, reason)
    _tell_owner(counselor, N_("Your appeal was reviewed: the decision was overturned."))


def _tell_owner(counselor: Counselor | None, message: str, **params: object) -> None:
    """A dashboard notice and a mail to the counselor who owns the listing."""
    if counselor is None or counselor.owner is None:
        return
    notify(counselor.owner.id, "moderation", message, **params)
    queue_mail(
        counselor.owner.email,
        gettext("About your listing on Counsel Directory"),
        gettext(message, **params)
        + "\n\n"
        + gettext("See your requests and appeals on your dashboard."),
    )


def _tell_reporter(report: Report) -> None:
    """Logged-in reporters get a notice and a mail; anyone can look the reference up."""
    if report.reporter_id is None or report.honeypot_tripped:
        return
    reporter = session.get(User, report.reporter_id)
    if reporter is None or reporter.deleted_at is not None:
        return
    message = N_("Your report %(reference)s has been handled. Look it up to see the outcome.")
    notify(reporter.id, "report_outcome", message, reference=report.reference)
    queue_mail(
        reporter.email,
        gettext("Your report %(reference)s", reference=report.reference),
        gettext(message, reference=report.reference),
    )
