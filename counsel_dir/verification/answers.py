"""What an issuer's channel said about a credential, and how that is judged.

Pure: no Flask, no database, no network. The channel clients turn a response
into :class:`IssuerRecord` rows; :func:`judge` compares them with what the
counselor claims. Nothing here ever holds a resident ID number.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from counsel_dir.credentials import resident_id

REDACTED = "[redacted]"
_ID_LIKE = re.compile(r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9])")


class Verdict(StrEnum):
    """The outcome of one check; values match VerificationOutcome."""

    MATCH = "match"
    NOT_FOUND = "not_found"
    MISMATCH = "mismatch"
    INCONCLUSIVE = "inconclusive"
    EXPIRED = "expired"
    REVOKED = "revoked"


class MismatchField(StrEnum):
    """The field on which the issuer's record disagrees with the listing."""

    NAME = "name"
    TYPE = "type"


@dataclass(frozen=True)
class IssuerRecord:
    """One credential as the issuer's channel shows it."""

    name: str
    number: str
    kind: str | None = None
    issued_on: date | None = None
    valid_until: date | None = None
    issuing_authority: str | None = None
    supervision_hours: int | None = None
    training_background: str | None = None
    status: str = "valid"

    def as_public_dict(self) -> dict[str, Any]:
        """The fields worth keeping in a verification record (no ID number, ever)."""
        return scrub(
            {
                "name": self.name,
                "number": self.number,
                "kind": self.kind,
                "issued_on": self.issued_on.isoformat() if self.issued_on else None,
                "valid_until": self.valid_until.isoformat() if self.valid_until else None,
                "issuing_authority": self.issuing_authority,
                "supervision_hours": self.supervision_hours,
                "training_background": self.training_background,
                "status": self.status,
            }
        )


@dataclass(frozen=True)
class Claim:
    """What the listing says about a credential: the facts a channel confirms."""

    kind: str
    number: str
    name: str


@dataclass(frozen=True)
class ChannelAnswer:
    """A definitive answer (with the record it rests on) or an inconclusive one."""

    verdict: Verdict
    record: IssuerRecord | None = None
    mismatch_field: MismatchField | None = None
    reason: str | None = None
    attempts: int = 1
    retry_after: float | None = field(default=None, compare=False)

    @property
    def definitive(self) -> bool:
        return self.verdict is not Verdict.INCONCLUSIVE

    def stored_response(self) -> dict[str, Any]:
        """A sanitized summary of the exchange for the verification record."""
        return scrub(
            {
                "verdict": self.verdict.value,
                "record": self.record.as_public_dict() if self.record else None,
                "mismatch_field": self.mismatch_field.value if self.mismatch_field else None,
                "reason": self.reason,
                "attempts": self.attempts,
            }
        )


def inconclusive(reason: str, attempts: int = 1, retry_after: float | None = None) -> ChannelAnswer:
    """An answer that says nothing about the credential."""
    return ChannelAnswer(
        Verdict.INCONCLUSIVE, reason=reason, attempts=attempts, retry_after=retry_after
    )


def normalize_name(name: str) -> str:
    """Names compare without width differences or whitespace (张 伟 == 张伟)."""
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()


def normalize_number(number: str) -> str:
    """Numbers compare without width differences, whitespace or case."""
    return "".join(unicodedata.normalize("NFKC", number).split()).upper()


def judge(claim: Claim, records: list[IssuerRecord], today: date) -> ChannelAnswer:
    """Compare the issuer's records with the claim and give the verdict.

    The record with the claimed number is the one that counts; none is
    "not found". A revoked record, then a differing holder name or credential
    type, then a validity end in the past, decide before a match.
    """
    wanted = normalize_number(claim.number)
    record = next((r for r in records if normalize_number(r.number) == wanted), None)
    if record is None:
        return ChannelAnswer(Verdict.NOT_FOUND)
    if record.status == "revoked":
        return ChannelAnswer(Verdict.REVOKED, record=record)
    if normalize_name(record.name) != normalize_name(claim.name):
        return ChannelAnswer(Verdict.MISMATCH, record=record, mismatch_field=MismatchField.NAME)
    if record.kind is not None and record.kind != claim.kind:
        return ChannelAnswer(Verdict.MISMATCH, record=record, mismatch_field=MismatchField.TYPE)
    if record.valid_until is not None and record.valid_until < today:
        return ChannelAnswer(Verdict.EXPIRED, record=record)
    return ChannelAnswer(Verdict.MATCH, record=record)


def scrub(value: Any, secret: str | None = None) -> Any:
    """Replace anything that looks like a resident ID number (or equals ``secret``)."""
    if isinstance(value, dict):
        return {
            key: REDACTED if "resident" in str(key).lower() else scrub(item, secret)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [scrub(item, secret) for item in value]
    if isinstance(value, str):
        if secret and secret in value:
            value = value.replace(secret, REDACTED)
        if resident_id.resembles(value):
            return REDACTED
        return _ID_LIKE.sub(
            lambda m: REDACTED if resident_id.resembles(m.group(0)) else m.group(0), value
        )
    return value
