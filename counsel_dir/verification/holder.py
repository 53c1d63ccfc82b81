"""The answer given to the claims work: does this person hold this credential?"""

from enum import StrEnum


class HolderCheck(StrEnum):
    """Whether the issuer's channel shows the named person holding the credential."""

    MATCH = "match"
    MISMATCH = "mismatch"
    UNAVAILABLE = "unavailable"
