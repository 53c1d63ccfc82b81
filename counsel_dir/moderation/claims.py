"""Claim reviews and disputes, decided through the claims feature's own services."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import format_datetime

from counsel_dir.credentials import resident_id
from counsel_dir.db import session
from counsel_dir.markers import N_
from counsel_dir.moderation.services import ModerationError
from counsel_dir.profiles import services as claim_services
from counsel_dir.profiles.errors import ProfileError
from counsel_dir.profiles.models import Claim

EVIDENCE_LABELS = {
    "claim_id": N_("Claim number"),
    "state": N_("State"),
    "listing": N_("Listing"),
    "listing_slug": N_("Listing address"),
    "listing_owner_id": N_("Current owner (account number)"),
    "claimant_id": N_("Claimant (account number)"),
    "claimant_email": N_("Claimant's email"),
    "credential_kind": N_("Credential"),
    "credential_number": N_("Credential number entered"),
    "resident_id_masked": N_("Resident ID number (masked)"),
    "id_number_on_file": N_("An ID number was already on file"),
    "issuer_checked": N_("Confirmed by the issuer's channel"),
    "dispute": N_("Disputed listing"),
    "failed_attempts_24h": N_("Failed claims on this listing in 24 hours"),
    "submitted_at": N_("Submitted"),
}


class ClaimNotFound(ModerationError):
    message = N_("The claim this item is about no longer exists.")


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return format_datetime(value, "short")
    if isinstance(value, bool):
        return "✓" if value else "✗"
    text = str(value)
    return resident_id.mask(text) if resident_id.resembles(text) else text


def claim_evidence(claim_id: int | None) -> list[tuple[str, str]] | None:
    """What the claimant submitted, as (label msgid, value) pairs; never a full ID number."""
    claim = session.get(Claim, claim_id) if claim_id is not None else None
    if claim is None:
        return None
    evidence = claim_services.claim_evidence(claim)
    return [(EVIDENCE_LABELS.get(name, name), _shown(value)) for name, value in evidence.items()]


def load_claim(claim_id: int | None) -> Claim:
    """The claim row an item points at."""
    claim = session.get(Claim, claim_id) if claim_id is not None else None
    if claim is None:
        raise ClaimNotFound()
    return claim


def decide_claim(claim_id: int | None, moderator: Any, approve: bool, reason: str) -> None:
    """Approve or reject a claim; a rule of the claims feature becomes a queue message."""
    claim = load_claim(claim_id)
    try:
        if approve:
            claim_services.approve_claim(claim, moderator, reason)
        else:
            claim_services.reject_claim(claim, moderator, reason)
    except ProfileError as error:
        raise ModerationError(str(error)) from error
