"""Reports: anyone flags a listing or a credential, and follows it by reference number."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from counsel_dir.accounts.models import User
from counsel_dir.audit.services import record
from counsel_dir.credentials.models import Credential
from counsel_dir.db import session, utcnow
from counsel_dir.directory.models import Counselor
from counsel_dir.i18n import N_
from counsel_dir.moderation.labels import OUTCOMES_FOR_REPORTER, redact_id_numbers
from counsel_dir.moderation.models import (
    Decision,
    ItemKind,
    ItemStatus,
    ModerationItem,
    Report,
    ReportReason,
)
from counsel_dir.moderation.services import (
    ModerationError,
    raise_item,
    raise_many_reports_if_needed,
    reprioritize_listing,
)

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 10
REFERENCE_PREFIX = "R"


class TooManyReports(ModerationError):
    message = N_("You have sent too many reports in the last hour. Please try again later.")


def new_reference() -> str:
    """A random, unguessable reference number such as ``RK7M2Q9XHTA``."""
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return REFERENCE_PREFIX + body


def normalize_reference(value: str) -> str | None:
    """The reference in canonical form, or None if it cannot be one."""
    value = value.strip().upper().replace("-", "").replace(" ", "")
    if len(value) != REFERENCE_LENGTH + 1 or not value.startswith(REFERENCE_PREFIX):
        return None
    if any(ch not in REFERENCE_ALPHABET for ch in value[1:]):
        return None
    return value


def client_hash(address: str | None) -> str:
    """A keyed hash of the client address: enough to rate-limit, useless to identify."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"report-client:{address or '-'}".encode(), hashlib.sha256).hexdigest()


def _check_rate(hashed: str) -> None:
    limit = current_app.config.get("MODERATION_REPORTS_PER_HOUR", 5)
    since = utcnow() - timedelta(hours=1)
    sent = session.scalar(
        select(func.count(Report.id)).where(
            Report.client_hash == hashed, Report.created_at >= since
        )
    )
    if (sent or 0) >= limit:
        raise TooManyReports()


def submit_report(
    counselor: Counselor,
    credential: Credential | None,
    reason: ReportReason,
    description: str,
    *,
    reporter: User | None,
    client_address: str | None,
    honeypot: str = "",
) -> Report:
    """Store a report and put it in the queue; a filled honeypot is kept but not queued.

    Raises TooManyReports past the hourly limit per client address.
    """
    hashed = client_hash(client_address)
    _check_rate(hashed)
    report = Report(
        reference=new_reference(),
        reason=reason,
        description=redact_id_numbers(description),
        counselor_id=counselor.id,
        credential_id=credential.id if credential is not None else None,
        reporter_id=reporter.id if reporter is not None else None,
        client_hash=hashed,
        honeypot_tripped=bool(honeypot),
    )
    session.add(report)
    session.flush()
    if report.honeypot_tripped:
        current_app.logger.info("report_honeypot_tripped report=%s", report.id)
        return report
    item = raise_item(
        ItemKind.REPORT,
        counselor_id=counselor.id,
        credential_id=report.credential_id,
        summary=str(reason),
    )
    report.item_id = item.id
    record(
        "report.received",
        "report",
        report.id,
        actor=reporter,
        detail={"reason": str(reason), "item_id": item.id},
    )
    raise_many_reports_if_needed(counselor.id)
    reprioritize_listing(counselor.id)
    return report


def flag_by_moderator(
    moderator: User,
    counselor: Counselor,
    credential: Credential | None,
    reason: ReportReason,
    description: str,
) -> Report:
    """A moderator flags a credential while reviewing: a report filed under their name."""
    report = Report(
        reference=new_reference(),
        reason=reason,
        description=redact_id_numbers(description),
        counselor_id=counselor.id,
        credential_id=credential.id if credential is not None else None,
        reporter_id=moderator.id,
    )
    session.add(report)
    session.flush()
    item = raise_item(
        ItemKind.REPORT,
        counselor_id=counselor.id,
        credential_id=report.credential_id,
        summary=str(reason),
    )
    report.item_id = item.id
    record(
        "moderation.flagged",
        "report",
        report.id,
        actor=moderator,
        detail={"reason": str(reason), "item_id": item.id, "credential_id": report.credential_id},
    )
    reprioritize_listing(counselor.id)
    return report


def find_report(reference: str) -> Report | None:
    """The report with this reference number, if any."""
    canonical = normalize_reference(reference)
    if canonical is None:
        return None
    return session.scalars(select(Report).where(Report.reference == canonical)).first()


@dataclass(frozen=True)
class ReportStatus:
    """What the holder of a reference number may see: never who reported or who decided."""

    reference: str
    reason: ReportReason
    received_at: object
    handled: bool
    in_progress: bool
    outcome: str | None
    explanation: str | None
    decided_at: object


def report_status(report: Report) -> ReportStatus:
    """The public state of a report. The written reason is shown for dismissals only."""
    item: ModerationItem | None = report.item
    handled = item is not None and item.status is ItemStatus.CLOSED
    decision = Decision(item.decision) if handled and item and item.decision else None
    return ReportStatus(
        reference=report.reference,
        reason=report.reason,
        received_at=report.created_at,
        handled=handled,
        in_progress=item is not None and item.status is not ItemStatus.OPEN and not handled,
        outcome=OUTCOMES_FOR_REPORTER.get(decision) if decision else None,
        explanation=item.decision_reason if decision is Decision.DISMISS and item else None,
        decided_at=item.closed_at if handled and item else None,
    )
