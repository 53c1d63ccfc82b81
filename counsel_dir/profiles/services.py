"""Claiming a listing: proving it, the rate limit, and the moderators' decision.

The resident ID number entered in a claim is used in memory for the match; on the
Claim row it exists only sealed (until decided) and masked. Moderation calls
:func:`approve_claim` and :func:`reject_claim`.
"""

from __future__ import annotations

import hmac
import logging
import unicodedata
from datetime import datetime, timedelta

from sqlalchemy import func, select

from counsel_dir.accounts.models import User
from counsel_dir.audit.services import record
from counsel_dir.credentials import resident_id
from counsel_dir.credentials.models import Credential
from counsel_dir.credentials.services import identity_vault
from counsel_dir.db import session, utcnow
from counsel_dir.directory.models import Counselor
from counsel_dir.directory.services import refresh_listing
from counsel_dir.i18n import N_
from counsel_dir.moderation.models import ItemKind
from counsel_dir.moderation.services import raise_item
from counsel_dir.notifications.services import notify, queue_mail
from counsel_dir.profiles.errors import (
    ClaimAlreadyDecided,
    ClaimLocked,
    ClaimMismatch,
    ClaimNotAllowed,
)
from counsel_dir.profiles.models import Claim, ClaimAttempt, ClaimState
from counsel_dir.verification.holder import HolderCheck

log = logging.getLogger(__name__)

MAX_FAILED_CLAIMS = 5
FAILED_CLAIMS_WINDOW = timedelta(hours=24)


def normalize_number(number: str) -> str:
    """A certificate or registration number as compared: width-folded, no spaces, upper."""
    return "".join(unicodedata.normalize("NFKC", number or "").split()).upper()


def normalize_name(name: str) -> str:
    """A person's name as compared: width-folded, no spaces."""
    return "".join(unicodedata.normalize("NFKC", name or "").split()).casefold()


def find_claimable_by_number(number: str) -> list[Counselor]:
    """Listings with a credential of exactly this number (shown by name and city only)."""
    wanted = normalize_number(number)
    if len(wanted) < 4:
        return []
    candidates = session.scalars(
        select(Credential).where(func.upper(func.replace(Credential.number, " ", "")) == wanted)
    ).all()
    seen: dict[int, Counselor] = {}
    for credential in candidates:
        if normalize_number(credential.number) == wanted:
            seen.setdefault(credential.counselor_id, credential.counselor)
    return list(seen.values())[:10]


def failed_attempts(counselor: Counselor, now: datetime | None = None) -> int:
    """Failed claims on this listing within the rate-limit window."""
    since = (now or utcnow()) - FAILED_CLAIMS_WINDOW
    return (
        session.scalar(
            select(func.count(ClaimAttempt.id)).where(
                ClaimAttempt.counselor_id == counselor.id,
                ClaimAttempt.succeeded.is_(False),
                ClaimAttempt.at >= since,
            )
        )
        or 0
    )


def is_locked(counselor: Counselor, now: datetime | None = None) -> bool:
    """Whether claims on this listing are refused for now."""
    return failed_attempts(counselor, now) >= MAX_FAILED_CLAIMS


def pending_claim_of(user: User, counselor: Counselor) -> Claim | None:
    """The user's undecided claim on this listing, if any."""
    return session.scalars(
        select(Claim).where(
            Claim.user_id == user.id,
            Claim.counselor_id == counselor.id,
            Claim.state == ClaimState.PENDING,
        )
    ).first()


def check_can_claim(user: User, counselor: Counselor) -> None:
    """Raise ClaimNotAllowed / ClaimLocked when this user may not file a claim now."""
    if counselor.owner_id == user.id:
        raise ClaimNotAllowed(N_("This listing is already yours."))
    if user.counselor is not None:
        raise ClaimNotAllowed(N_("You already have a listing; an account can hold only one."))
    if pending_claim_of(user, counselor) is not None:
        raise ClaimNotAllowed(N_("Your claim on this listing is waiting for a moderator."))
    if is_locked(counselor):
        raise ClaimLocked(
            N_("Too many failed claims on this listing. Try again tomorrow or contact us.")
        )


def _holder_check(credential: Credential, name: str, id_number: str) -> HolderCheck:
    try:
        from counsel_dir.verification.services import check_holder
    except ImportError:
        log.warning("claim_holder_check_unavailable reason=no_verification_service")
        return HolderCheck.UNAVAILABLE
    try:
        return HolderCheck(check_holder(credential, name, id_number))
    except Exception as error:  # a channel failure must not lose the claim
        log.warning("claim_holder_check_failed error=%s", type(error).__name__)
        return HolderCheck.UNAVAILABLE


def _matches(
    counselor: Counselor, number: str, name: str, id_number: str
) -> tuple[Credential, HolderCheck] | None:
    wanted = normalize_number(number)
    credential = next(
        (c for c in counselor.credentials if normalize_number(c.number) == wanted and wanted),
        None,
    )
    if credential is None or normalize_name(name) != normalize_name(counselor.display_name):
        return None
    vault = identity_vault()
    if counselor.resident_id_hash is not None and not _same_hash(
        vault.match_hash(id_number), counselor.resident_id_hash
    ):
        return None
    check = _holder_check(credential, counselor.display_name, id_number)
    if check is HolderCheck.MISMATCH:
        return None
    return credential, check


def _same_hash(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def _record_failure(counselor: Counselor, user: User) -> None:
    session.add(ClaimAttempt(counselor_id=counselor.id, user_id=user.id, succeeded=False))
    session.flush()
    failures = failed_attempts(counselor)
    log.info("claim_mismatch counselor_id=%s failures=%s", counselor.id, failures)
    if failures >= MAX_FAILED_CLAIMS:
        raise_item(
            ItemKind.FAILED_CLAIMS,
            counselor_id=counselor.id,
            summary=f"{failures} failed claims within 24 hours",
        )
        record("claim.locked", "counselor", counselor.id, detail={"failures": failures})


def _other_claim_pending(counselor: Counselor, user: User) -> bool:
    return (
        session.scalar(
            select(func.count(Claim.id)).where(
                Claim.counselor_id == counselor.id,
                Claim.user_id != user.id,
                Claim.state == ClaimState.PENDING,
            )
        )
        or 0
    ) > 0


def submit_claim(
    counselor: Counselor, user: User, *, number: str, name: str, id_number: str
) -> Claim:
    """Prove a "this is me" claim and hand it to the moderators.

    Raises ClaimMismatch (one generic reason), ClaimLocked or ClaimNotAllowed.
    ``id_number`` must already be a valid resident ID number (the form checks it).
    """
    check_can_claim(user, counselor)
    id_number = resident_id.validate(id_number)
    matched = _matches(counselor, number, name, id_number)
    if matched is None:
        _record_failure(counselor, user)
        raise ClaimMismatch(
            N_(
                "The details you entered do not match this listing. Check the number, "
                "your name and your ID number and try again."
            )
        )
    credential, check = matched
    session.add(ClaimAttempt(counselor_id=counselor.id, user_id=user.id, succeeded=True))
    is_dispute = counselor.owner_id is not None or _other_claim_pending(counselor, user)
    claim = Claim(
        counselor_id=counselor.id,
        user_id=user.id,
        credential_id=credential.id,
        is_dispute=is_dispute,
        issuer_checked=check is HolderCheck.MATCH,
        resident_id_sealed=identity_vault().seal(id_number),
        resident_id_masked=resident_id.mask(id_number),
        consent_at=utcnow(),
    )
    session.add(claim)
    session.flush()
    summary = "" if claim.issuer_checked else "issuer not checked"
    if is_dispute:
        raise_item(
            ItemKind.CLAIM_DISPUTE, counselor_id=counselor.id, subject_id=claim.id, summary=summary
        )
    else:
        raise_item(
            ItemKind.CLAIM_REVIEW, counselor_id=counselor.id, subject_id=claim.id, summary=summary
        )
    record(
        "claim.submitted",
        "claim",
        claim.id,
        actor=user,
        detail={"counselor_id": counselor.id, "dispute": is_dispute, "issuer": check.value},
    )
    return claim


def _decide(claim: Claim, moderator: User, reason: str, state: ClaimState) -> None:
    if claim.state is not ClaimState.PENDING:
        raise ClaimAlreadyDecided(N_("This claim has already been decided."))
    claim.state = state
    claim.decided_at = utcnow()
    claim.decided_by_id = moderator.id
    claim.decision_reason = reason
    claim.resident_id_sealed = None


def approve_claim(claim: Claim, moderator: User, reason: str) -> None:
    """Make the claimant the listing's owner; seal their ID number onto the listing.

    Raises ClaimAlreadyDecided for a decided claim, ClaimNotAllowed when the claimant
    has meanwhile come to own another listing. The caller commits.
    """
    counselor = claim.counselor
    claimant = session.get(User, claim.user_id)
    if claimant is None or (
        claimant.counselor is not None and claimant.counselor.id != counselor.id
    ):
        raise ClaimNotAllowed(N_("The claimant already holds another listing."))
    sealed = claim.resident_id_sealed
    previous_owner_id = counselor.owner_id
    _decide(claim, moderator, reason, ClaimState.APPROVED)
    fields = ["owner_id"]
    if counselor.resident_id_sealed is None and sealed is not None:
        vault = identity_vault()
        counselor.resident_id_sealed = sealed
        counselor.resident_id_hash = vault.match_hash(vault.unseal(sealed))
        fields += ["resident_id_sealed", "resident_id_hash"]
    if previous_owner_id is not None and previous_owner_id != claimant.id:
        counselor.owner_id = None
        session.flush()
        notify(
            previous_owner_id,
            "claim_lost",
            N_("A moderator transferred the listing %(name)s to another account."),
            name=counselor.display_name,
        )
    counselor.owner_id = claimant.id
    session.flush()
    session.expire(claimant, ["counselor"])
    record(
        "claim.approved",
        "claim",
        claim.id,
        actor=moderator,
        fields=fields,
        reason=reason,
        detail={"counselor_id": counselor.id, "previous_owner_id": previous_owner_id},
    )
    notify(
        claimant.id,
        "claim_approved",
        N_("Your claim on the listing %(name)s was approved. It is yours to keep up to date."),
        name=counselor.display_name,
    )
    queue_mail(
        claimant.email,
        "Your claim was approved",
        f"Your claim on the listing {counselor.display_name} was approved.",
    )
    refresh_listing(counselor)


def reject_claim(claim: Claim, moderator: User, reason: str) -> None:
    """Refuse a claim; the sealed ID number is deleted."""
    _decide(claim, moderator, reason, ClaimState.REJECTED)
    session.flush()
    record(
        "claim.rejected",
        "claim",
        claim.id,
        actor=moderator,
        reason=reason,
        detail={"counselor_id": claim.counselor_id},
    )
    notify(
        claim.user_id,
        "claim_rejected",
        N_("Your claim on the listing %(name)s was not approved: %(reason)s"),
        name=claim.counselor.display_name,
        reason=reason,
    )
    queue_mail(
        claim.user.email,
        "Your claim was not approved",
        f"Your claim on the listing {claim.counselor.display_name} was not approved: {reason}",
    )


def claims_of(user: User) -> list[Claim]:
    """A user's claims, newest first."""
    return list(
        session.scalars(
            select(Claim).where(Claim.user_id == user.id).order_by(Claim.created_at.desc())
        )
    )


def claim_evidence(claim: Claim) -> dict[str, object]:
    """What a moderator sees of a claim: masked ID number only, no other personal data."""
    counselor = claim.counselor
    credential = session.get(Credential, claim.credential_id) if claim.credential_id else None
    return {
        "claim_id": claim.id,
        "state": claim.state.value,
        "listing": counselor.display_name,
        "listing_slug": counselor.slug,
        "listing_owner_id": counselor.owner_id,
        "claimant_id": claim.user_id,
        "claimant_email": claim.user.email,
        "credential_kind": credential.kind.value if credential else None,
        "credential_number": credential.number if credential else None,
        "resident_id_masked": claim.resident_id_masked,
        "id_number_on_file": counselor.resident_id_hash is not None,
        "issuer_checked": claim.issuer_checked,
        "dispute": claim.is_dispute,
        "failed_attempts_24h": failed_attempts(counselor),
        "submitted_at": claim.created_at,
    }
