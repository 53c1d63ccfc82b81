"""Demo credentials of each sort: verified, expiring, lapsed, pending, unrecognized."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from counsel_dir.credentials.issuers import DEFAULT_REGISTRY, kind_info
from counsel_dir.credentials.kinds import CredentialKind, CredentialStatus, Issuer
from seed.data import DemoCredential
from seed.numbers import (
    CAS_PROGRAM_CLOSED,
    CPS_VALIDITY_YEARS,
    MOHRSS_LAST_EXAM_YEAR,
    UNRECOGNIZED_ISSUERS,
    NumberBook,
    cps_validity,
    issuer_name,
)

CPS_KINDS = (
    CredentialKind.CPS_REGISTERED_SUPERVISOR,
    CredentialKind.CPS_REGISTERED_PSYCHOLOGIST,
    CredentialKind.CPS_REGISTERED_ASSISTANT,
)
CPS_KIND_WEIGHTS = (15, 45, 40)
MOHRSS_KINDS = (CredentialKind.MOHRSS_LEVEL2, CredentialKind.MOHRSS_LEVEL3)
MOHRSS_KIND_WEIGHTS = (40, 60)
FIRST_CPS_YEAR = 2008
FIRST_MOHRSS_YEAR = 2003
FIRST_CAS_YEAR = 2012
VERIFIED_SPREAD = 0.85
"""Verified-at times lie within this share of the re-check interval, so checks fall due ahead."""


def period_start(valid_until: date) -> date:
    """First day of the CPS registration period that ends on ``valid_until``."""
    start = valid_until + timedelta(days=1)
    if start.month == 2 and start.day == 29:
        start = start.replace(day=28)
    return start.replace(year=start.year - CPS_VALIDITY_YEARS)


class CredentialMaker:
    """Builds credentials relative to ``today`` from one seeded generator."""

    def __init__(self, rng: random.Random, numbers: NumberBook, today: date) -> None:
        self.rng = rng
        self.numbers = numbers
        self.today = today
        self.now = datetime.combine(today, time(0, 0), tzinfo=UTC)

    def verified_at(self, kind: CredentialKind) -> datetime:
        """A past verification time, recent enough that its next check is still ahead."""
        interval = DEFAULT_REGISTRY.reverify_interval(kind)
        back = interval * VERIFIED_SPREAD * self.rng.random()
        return (self.now - back).replace(microsecond=0)

    def _days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randrange(low, high))

    def cps(
        self,
        kind: CredentialKind | None = None,
        *,
        status: CredentialStatus = CredentialStatus.VERIFIED,
        lapsed: bool = False,
        expiring_soon: bool = False,
    ) -> DemoCredential:
        """A CPS registration: in force, ending within a month, or lapsed."""
        kind = kind or self.rng.choices(CPS_KINDS, CPS_KIND_WEIGHTS)[0]
        if lapsed:
            valid_until = self._days_ago(1, 3 * 365)
            issued_on = period_start(valid_until)
            status = CredentialStatus.EXPIRED
        elif expiring_soon:
            valid_until = self.today + timedelta(days=self.rng.randrange(1, 31))
            issued_on = period_start(valid_until)
        else:
            issued_on = self._days_ago(20, 3 * 365 - 40)
            valid_until = cps_validity(issued_on)
        first_year = self.rng.randrange(min(FIRST_CPS_YEAR, issued_on.year), issued_on.year + 1)
        return DemoCredential(
            kind=kind,
            number=self.numbers.cps(kind, first_year),
            issuer_name=issuer_name(self.rng, kind),
            issued_on=issued_on,
            valid_until=valid_until,
            status=status,
            verified_at=self._verified_if(kind, status, lapsed, valid_until),
        )

    def mohrss(
        self, status: CredentialStatus = CredentialStatus.VERIFIED, birth_year: int = 1970
    ) -> DemoCredential:
        """A level-2 or level-3 certificate from the years the exam was held."""
        kind = self.rng.choices(MOHRSS_KINDS, MOHRSS_KIND_WEIGHTS)[0]
        first = max(FIRST_MOHRSS_YEAR, birth_year + 23)
        year = self.rng.randrange(min(first, MOHRSS_LAST_EXAM_YEAR), MOHRSS_LAST_EXAM_YEAR + 1)
        issued_on = date(year, self.rng.choice((1, 4, 7, 11)), self.rng.randrange(1, 29))
        return DemoCredential(
            kind=kind,
            number=self.numbers.mohrss(kind, year),
            issuer_name=issuer_name(self.rng, kind),
            issued_on=issued_on,
            valid_until=None,
            status=status,
            verified_at=self._verified_if(kind, status, False, None),
        )

    def cas(
        self, status: CredentialStatus = CredentialStatus.VERIFIED, birth_year: int = 1970
    ) -> DemoCredential:
        """A basic training certificate, issued before the program closed in 2024."""
        kind = CredentialKind.CAS_BASIC_TRAINING
        last = min(self.today, CAS_PROGRAM_CLOSED)
        first = max(FIRST_CAS_YEAR, birth_year + 22)
        year = self.rng.randrange(min(first, last.year), last.year + 1)
        issued_on = min(date(year, self.rng.randrange(1, 13), self.rng.randrange(1, 29)), last)
        return DemoCredential(
            kind=kind,
            number=self.numbers.cas(year),
            issuer_name=issuer_name(self.rng, kind),
            issued_on=issued_on,
            valid_until=None,
            status=status,
            verified_at=self._verified_if(kind, status, False, None),
        )

    def recognized_pending(self, birth_year: int) -> DemoCredential:
        """A recognized credential just added, waiting for its first check."""
        issuer = self.rng.choices((Issuer.CPS, Issuer.MOHRSS, Issuer.CAS), (3, 4, 3))[0]
        pending = CredentialStatus.PENDING
        if issuer is Issuer.CPS:
            return self.cps(status=pending)
        if issuer is Issuer.MOHRSS:
            return self.mohrss(pending, birth_year)
        return self.cas(pending, birth_year)

    def unrecognized(self) -> DemoCredential:
        """A certificate sold by a private body with its own "query portal"."""
        name, prefix, portal = self.rng.choice(UNRECOGNIZED_ISSUERS)
        issued_on = self._days_ago(60, 6 * 365)
        return DemoCredential(
            kind=CredentialKind.UNRECOGNIZED,
            number=self.numbers.unrecognized(prefix, issued_on.year),
            issuer_name=name,
            issued_on=issued_on,
            valid_until=None,
            status=CredentialStatus.PENDING,
            portal_url=portal,
        )

    def _verified_if(
        self,
        kind: CredentialKind,
        status: CredentialStatus,
        lapsed: bool,
        valid_until: date | None,
    ) -> datetime | None:
        if lapsed and valid_until is not None:
            before_end = datetime.combine(valid_until, time(1, 0), tzinfo=UTC)
            return before_end - timedelta(days=self.rng.randrange(1, 25))
        if status is CredentialStatus.VERIFIED:
            return self.verified_at(kind)
        return None


def is_recognized(credential: DemoCredential) -> bool:
    """Issued by one of the recognized issuers (it has an official channel)."""
    return kind_info(credential.kind).issuer is not None
