"""The seam to claiming (``counsel_dir.profiles``), built in parallel.

Imports happen inside the functions so that moderation works, and says so, while the
claims feature is absent; the item page then shows no claim evidence.
"""

from __future__ import annotations

from typing import Any

from counsel_dir.credentials import resident_id
from counsel_dir.i18n import N_
from counsel_dir.moderation.services import ModerationError


class ClaimsUnavailable(ModerationError):
    message = N_("Claims cannot be decided here yet: the claims feature is not installed.")


class ClaimNotFound(ModerationError):
    message = N_("The claim this item is about no longer exists.")


def _masked(value: Any) -> str:
    text = "" if value is None else str(value)
    return resident_id.mask(text) if resident_id.resembles(text) else text


def claim_evidence(claim_id: int | None) -> dict[str, str] | None:
    """What the claimant submitted, for the item page: masked, never a full ID number."""
    if claim_id is None:
        return None
    try:
        from counsel_dir.profiles.services import claim_evidence_for_moderators
    except ImportError:
        return None
    evidence = claim_evidence_for_moderators(claim_id)
    if evidence is None:
        return None
    return {str(name): _masked(value) for name, value in evidence.items()}


def load_claim(claim_id: int | None) -> Any:
    """The claim row an item points at."""
    try:
        from counsel_dir.db import session
        from counsel_dir.profiles.models import Claim
    except ImportError:
        raise ClaimsUnavailable() from None
    claim = session.get(Claim, claim_id) if claim_id is not None else None
    if claim is None:
        raise ClaimNotFound()
    return claim


def decide_claim(claim_id: int | None, moderator: Any, approve: bool, reason: str) -> None:
    """Approve or reject a claim through the claims feature's own services."""
    try:
        from counsel_dir.profiles.services import approve_claim, reject_claim
    except ImportError:
        raise ClaimsUnavailable() from None
    claim = load_claim(claim_id)
    if approve:
        approve_claim(claim, moderator, reason)
    else:
        reject_claim(claim, moderator, reason)
