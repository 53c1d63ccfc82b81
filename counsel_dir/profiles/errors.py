"""Domain errors of the counselor's side; views turn them into form messages."""

from __future__ import annotations


class ProfileError(Exception):
    """A rule of the counselor's side was not met."""


class ClaimMismatch(ProfileError):
    """The details entered do not match the listing (which part is never said)."""


class ClaimLocked(ProfileError):
    """Too many failed claims on this listing recently."""


class ClaimNotAllowed(ProfileError):
    """This user cannot claim this listing (already owns it or another listing, or waits)."""


class ClaimAlreadyDecided(ProfileError):
    """A moderator tried to decide a claim that is no longer pending."""


class SupervisorNotEligible(ProfileError):
    """The chosen supervisor is not a registered supervisor in the directory."""


class AttestationNotAllowed(ProfileError):
    """The hours entry is not pending or not addressed to this supervisor."""
