"""A counselor's own resident ID number, given with consent for the official checks.

MOHRSS and CAS channels are queried with the holder's resident ID number. The
number is kept only sealed (authenticated encryption) plus its keyed hash; the
counselor sees at most its masked form and can erase it at any time. Nothing
here logs it or puts it in an audit entry (field names only).
"""

from __future__ import annotations

from sqlalchemy import select

from counsel_dir.accounts.models import User
from counsel_dir.audit.services import record
from counsel_dir.credentials import resident_id
from counsel_dir.credentials.kinds import CredentialKind, CredentialStatus
from counsel_dir.credentials.models import Credential
from counsel_dir.credentials.services import identity_vault
from counsel_dir.credentials.vault import VaultError
from counsel_dir.db import session, utcnow
from counsel_dir.directory.models import Counselor
from counsel_dir.i18n import N_
from counsel_dir.moderation.labels import RESIDENT_ID_PROVIDED
from counsel_dir.moderation.models import ItemKind, ItemStatus, ModerationItem
from counsel_dir.moderation.services import raise_item
from counsel_dir.profiles.errors import ProfileError

CHECKED_WITH_RESIDENT_ID = frozenset(
    {
        CredentialKind.MOHRSS_LEVEL2,
        CredentialKind.MOHRSS_LEVEL3,
        CredentialKind.CAS_BASIC_TRAINING,
    }
)
"""Kinds whose official channel asks for the holder's resident ID number."""

FIELDS = ("resident_id_sealed", "resident_id_hash")
NO_RESIDENT_ID_ROUTE = "no_resident_id"


class ResidentIdHeldElsewhere(ProfileError):
    """The same number is already on another listing (which one is never said)."""


def masked_resident_id(counselor: Counselor) -> str | None:
    """The masked form of the listing's number, or None when none is on file."""
    if counselor.resident_id_sealed is None:
        return None
    try:
        return resident_id.mask(identity_vault().unseal(counselor.resident_id_sealed))
    except VaultError:
        return "*" * 18


def needs_resident_id(counselor: Counselor) -> bool:
    """Whether the listing has a credential that only a check with the ID number can confirm."""
    return any(c.kind in CHECKED_WITH_RESIDENT_ID for c in counselor.credentials)


def _held_elsewhere(counselor: Counselor, hashed: str) -> Counselor | None:
    return session.scalars(
        select(Counselor).where(Counselor.resident_id_hash == hashed, Counselor.id != counselor.id)
    ).first()


def _items_waiting_for_the_number(counselor: Counselor) -> list[ModerationItem]:
    """Open manual-check items raised only because no ID number was on file."""
    items = session.scalars(
        select(ModerationItem).where(
            ModerationItem.kind == ItemKind.MANUAL_VERIFICATION,
            ModerationItem.status != ItemStatus.CLOSED,
            ModerationItem.counselor_id == counselor.id,
        )
    ).all()
    return [
        item
        for item in items
        if item.credential_id is not None and item.summary.endswith(NO_RESIDENT_ID_ROUTE)
    ]


def schedule_checks_with_resident_id(counselor: Counselor) -> list[Credential]:
    """Make the listing's MOHRSS/CAS credentials that wait for a check due now.

    The manual-check items raised for want of the number are closed: the worker checks
    those credentials with the channel again (and raises a new item if it still cannot).
    """
    items = _items_waiting_for_the_number(counselor)
    waiting = {item.credential_id for item in items}
    now = utcnow()
    for item in items:
        item.status = ItemStatus.CLOSED
        item.closed_at = now
        item.decision = RESIDENT_ID_PROVIDED
    due = [
        credential
        for credential in counselor.credentials
        if credential.kind in CHECKED_WITH_RESIDENT_ID
        and (credential.status is CredentialStatus.PENDING or credential.id in waiting)
    ]
    for credential in due:
        credential.next_check_due = now
    session.flush()
    return due


def store_resident_id(counselor: Counselor, user: User, number: str) -> list[Credential]:
    """Seal the counselor's number onto their listing (replacing any earlier one).

    ``number`` must be valid (the form checks it); the caller has the counselor's
    consent. Raises ResidentIdHeldElsewhere, after raising a moderation item, when
    another listing holds the same number. Returns the credentials now due for a check.
    """
    number = resident_id.validate(number)
    vault = identity_vault()
    hashed = vault.match_hash(number)
    other = _held_elsewhere(counselor, hashed)
    if other is not None:
        raise_item(
            ItemKind.FAILED_CLAIMS,
            counselor_id=counselor.id,
            summary=(
                f"resident ID number entered on listing {counselor.id} "
                f"is already on listing {other.id}"
            ),
        )
        record(
            "profile.resident_id_refused",
            "counselor",
            counselor.id,
            actor=user,
            fields=["resident_id_hash"],
        )
        raise ResidentIdHeldElsewhere(
            N_("This ID number cannot be used for your listing. A moderator will look into it.")
        )
    counselor.resident_id_sealed = vault.seal(number)
    counselor.resident_id_hash = hashed
    record("profile.resident_id_stored", "counselor", counselor.id, actor=user, fields=FIELDS)
    return schedule_checks_with_resident_id(counselor)


def erase_resident_id(counselor: Counselor, user: User) -> bool:
    """Delete the listing's number; return whether there was one."""
    if counselor.resident_id_sealed is None and counselor.resident_id_hash is None:
        return False
    counselor.resident_id_sealed = None
    counselor.resident_id_hash = None
    record("profile.resident_id_erased", "counselor", counselor.id, actor=user, fields=FIELDS)
    session.flush()
    return True
