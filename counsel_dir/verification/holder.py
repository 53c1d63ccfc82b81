"""The answer of an issuer's channel to "does this person hold this credential?"."""

from enum import StrEnum


class HolderCheck(StrEnum):
    MATCH = "match"
    MISMATCH = "mismatch"
    UNAVAILABLE = "unavailable"
