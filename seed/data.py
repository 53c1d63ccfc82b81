"""The demo data set as plain dataclasses: what the generator makes and the loader stores."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from counsel_dir.credentials.kinds import CredentialKind, CredentialStatus

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - the documented password of the demo accounts


class Profile(enum.StrEnum):
    """Which part of the mix a demo counselor stands for."""

    TIER1 = "tier1"
    TIER2 = "tier2"
    TIER3 = "tier3"
    PENDING_ONLY = "pending_only"
    UNRECOGNIZED_ONLY = "unrecognized_only"
    LAPSED_ONLY = "lapsed_only"
    TOO_FEW_HOURS = "too_few_hours"


class Disagreement(enum.StrEnum):
    """How a credential deliberately differs from the issuer's record."""

    NOT_FOUND = "not_found"
    NAME_MISMATCH = "name_mismatch"
    REVOKED = "revoked"


@dataclass
class DemoCredential:
    """A credential as the listing states it."""

    kind: CredentialKind
    number: str
    issuer_name: str
    issued_on: date | None
    valid_until: date | None
    status: CredentialStatus
    portal_url: str | None = None
    verified_at: datetime | None = None
    disagreement: Disagreement | None = None


@dataclass
class DemoHours:
    """Supervised practice logged by a counselor; ``supervisor`` indexes DemoData.counselors."""

    supervisor: int
    period_start: date
    period_end: date
    hours: int
    description: str
    attested: bool
    decided_at: datetime | None = None


@dataclass
class DemoCounselor:
    """One listing with everything the loader needs to store it."""

    slug: str
    display_name: str
    gender: str
    city: str
    district: str | None
    offers_online: bool
    offers_in_person: bool
    languages: list[str]
    issues: list[str]
    approaches: list[str]
    fee_min: int
    fee_max: int
    accepting_new_clients: bool
    accepting_confirmed_at: datetime | None
    bio: str
    public_contact: str
    imported: bool
    claimed: bool
    resident_id: str
    """Generated (fake) ID number; sealed into the database only when ``store_resident_id``."""
    store_resident_id: bool
    profile: Profile
    credentials: list[DemoCredential] = field(default_factory=list)
    supervised_hours: list[DemoHours] = field(default_factory=list)

    @property
    def attested_hours(self) -> int:
        return sum(entry.hours for entry in self.supervised_hours if entry.attested)


@dataclass(frozen=True)
class DemoAccount:
    """A demo login; ``counselor`` indexes DemoData.counselors (None: no listing)."""

    email: str
    role: str
    counselor: int | None
    description: str


@dataclass(frozen=True)
class ClaimMe:
    """The unclaimed imported listing the demo invites you to claim."""

    counselor: int
    slug: str
    display_name: str
    kind: CredentialKind
    number: str
    resident_id: str


@dataclass
class DemoData:
    """Everything ``generate`` makes: listings, demo accounts and the issuers' records."""

    seed: int
    today: date
    counselors: list[DemoCounselor]
    accounts: list[DemoAccount]
    claim_me: ClaimMe
    issuer_records: list[dict[str, Any]]
