"""Display names of the moderation enums, and redaction of ID numbers in free text.

The names are msgids, translated where they are shown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from counsel_dir.credentials import resident_id
from counsel_dir.i18n import N_
from counsel_dir.moderation.models import (
    AppealStatus,
    Decision,
    ItemKind,
    ItemStatus,
    ReportReason,
)

REPORT_REASONS: Mapping[ReportReason, str] = MappingProxyType(
    {
        ReportReason.FAKE_OR_BORROWED: N_("Fake or borrowed certificate"),
        ReportReason.UNRECOGNIZED_ISSUER: N_("Unrecognized issuer"),
        ReportReason.EXPIRED: N_("Expired"),
        ReportReason.NOT_SAME_PERSON: N_("Not the same person"),
        ReportReason.MISCONDUCT: N_("Misconduct"),
        ReportReason.OUTDATED_LISTING: N_("Outdated listing"),
        ReportReason.OTHER: N_("Other"),
    }
)

ITEM_KINDS: Mapping[ItemKind, str] = MappingProxyType(
    {
        ItemKind.REPORT: N_("Report"),
        ItemKind.UNRECOGNIZED_ISSUER: N_("Unrecognized issuer"),
        ItemKind.VERIFICATION_REJECTED: N_("Verification rejected"),
        ItemKind.VERIFICATION_INCONCLUSIVE: N_("Verification repeatedly inconclusive"),
        ItemKind.VERIFICATION_OVERDUE: N_("Verification overdue"),
        ItemKind.MANUAL_VERIFICATION: N_("Manual verification"),
        ItemKind.CLAIM_REVIEW: N_("Claim review"),
        ItemKind.CLAIM_DISPUTE: N_("Claim dispute"),
        ItemKind.FAILED_CLAIMS: N_("Repeated failed claims"),
        ItemKind.MANY_REPORTS: N_("Many reports on one listing"),
        ItemKind.APPEAL: N_("Appeal"),
    }
)

ITEM_STATUSES: Mapping[ItemStatus, str] = MappingProxyType(
    {
        ItemStatus.OPEN: N_("Open"),
        ItemStatus.ASSIGNED: N_("Assigned"),
        ItemStatus.AWAITING_COUNSELOR: N_("Waiting for the counselor"),
        ItemStatus.CLOSED: N_("Closed"),
    }
)

DECISIONS: Mapping[Decision, str] = MappingProxyType(
    {
        Decision.DISMISS: N_("Dismiss"),
        Decision.ASK_INFO: N_("Ask the counselor for information"),
        Decision.CONFIRM_CREDENTIAL: N_("Confirm the credential"),
        Decision.REVOKE_CREDENTIAL: N_("Revoke the credential"),
        Decision.SUSPEND_LISTING: N_("Suspend the listing"),
        Decision.APPROVE_CLAIM: N_("Approve the claim"),
        Decision.REJECT_CLAIM: N_("Reject the claim"),
        Decision.RESOLVE_DISPUTE: N_("Resolve the dispute"),
        Decision.UPHOLD: N_("Uphold the original decision"),
        Decision.OVERTURN: N_("Overturn the original decision"),
    }
)

CHECKED_BY_HAND = "checked_by_hand"
"""How the check page closes the verification items it settles (not a queue decision)."""

RESIDENT_ID_PROVIDED = "resident_id_provided"
"""How a manual-check item closes when the counselor gives the number the channel needs."""

_CLOSURES: Mapping[str, str] = MappingProxyType(
    {
        CHECKED_BY_HAND: N_("Checked by hand on the official channel"),
        RESIDENT_ID_PROVIDED: N_("The counselor gave the ID number; the channel checks it again"),
    }
)


def decision_label(value: str | None) -> str:
    """The msgid naming how an item was closed: a decision, or a check made by hand."""
    if not value:
        return ""
    try:
        return DECISIONS[Decision(value)]
    except ValueError:
        return _CLOSURES.get(value, value)


OUTCOMES_FOR_REPORTER: Mapping[Decision, str] = MappingProxyType(
    {
        Decision.DISMISS: N_("Dismissed: the moderators found no problem to act on."),
        Decision.CONFIRM_CREDENTIAL: N_(
            "Checked: a moderator confirmed the credential with the official channel."
        ),
        Decision.REVOKE_CREDENTIAL: N_("Acted on: the credential was revoked."),
        Decision.SUSPEND_LISTING: N_("Acted on: the listing was suspended."),
        Decision.APPROVE_CLAIM: N_("Handled: the claim was approved."),
        Decision.REJECT_CLAIM: N_("Handled: the claim was rejected."),
        Decision.RESOLVE_DISPUTE: N_("Handled: the dispute was resolved."),
        Decision.UPHOLD: N_("Handled."),
        Decision.OVERTURN: N_("Handled."),
    }
)

APPEAL_STATUSES: Mapping[AppealStatus, str] = MappingProxyType(
    {
        AppealStatus.OPEN: N_("Waiting for a moderator"),
        AppealStatus.UPHELD: N_("Decision upheld"),
        AppealStatus.OVERTURNED: N_("Decision overturned"),
    }
)


_NUMBER_RUN = re.compile(r"[0-9０-９]{15,17}[0-9０-９XxＸｘ]?")


def redact_id_numbers(text: str) -> str:
    """Replace anything in free text that looks like a resident ID number by its mask."""

    def _mask(match: re.Match[str]) -> str:
        value = match.group(0)
        if resident_id.resembles(value):
            normalized = resident_id.normalize(value)
            return resident_id.mask(normalized) if len(normalized) == 18 else "*" * 15
        return value

    return _NUMBER_RUN.sub(_mask, text)
