"""Supervised practice hours attested by registered supervisors found in the demo data."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from counsel_dir.credentials.kinds import CredentialKind, CredentialStatus
from counsel_dir.credentials.tiers import DEFAULT_MIN_SUPERVISED_HOURS
from seed.data import DemoCounselor, DemoHours, Profile

DESCRIPTIONS = (
    "个案督导：每周一次个体督导",
    "团体督导：每两周一次，含个案报告",
    "公益心理援助热线个案督导",
    "高校心理中心实习期间的个案督导",
    "社区心理服务站公益个案督导",
)
TRAINEE_ATTESTED = (16, 14)
TRAINEE_PENDING = (12, 12)
"""The trainee demo: 30 h attested, 24 h waiting for the supervisor demo (54 h reach tier 3)."""


def registered_supervisors(counselors: list[DemoCounselor]) -> list[int]:
    """Positions of listings holding a verified, uncontested registered-supervisor credential."""
    return [
        index
        for index, counselor in enumerate(counselors)
        if any(
            credential.kind is CredentialKind.CPS_REGISTERED_SUPERVISOR
            and credential.status is CredentialStatus.VERIFIED
            and credential.disagreement is None
            for credential in counselor.credentials
        )
    ]


def add_supervised_hours(
    rng: random.Random,
    counselors: list[DemoCounselor],
    today: date,
    supervisor_demo: int,
    trainee_demo: int,
) -> None:
    """Give CAS certificate holders their hours: enough for tier 3, or too few."""
    supervisors = registered_supervisors(counselors)
    entries = _EntryMaker(rng, today)
    minimum = DEFAULT_MIN_SUPERVISED_HOURS
    for index, counselor in enumerate(counselors):
        if index == trainee_demo:
            counselor.supervised_hours = [
                entries.make(supervisor_demo, hours, attested=True) for hours in TRAINEE_ATTESTED
            ] + [entries.make(supervisor_demo, hours, attested=False) for hours in TRAINEE_PENDING]
        elif counselor.profile is Profile.TIER3:
            target = rng.randrange(minimum, 4 * minimum)
            while counselor.attested_hours < target:
                hours = min(rng.randrange(10, 61), max(10, target - counselor.attested_hours))
                counselor.supervised_hours.append(
                    entries.make(rng.choice(supervisors), hours, attested=True)
                )
        elif counselor.profile is Profile.TOO_FEW_HOURS and counselor.claimed:
            for _ in range(rng.randrange(0, 3)):
                counselor.supervised_hours.append(
                    entries.make(rng.choice(supervisors), rng.randrange(5, 21), attested=True)
                )
            if rng.random() < 0.5:
                counselor.supervised_hours.append(
                    entries.make(rng.choice(supervisors), rng.randrange(5, 21), attested=False)
                )


class _EntryMaker:
    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today

    def make(self, supervisor: int, hours: int, attested: bool) -> DemoHours:
        rng = self.rng
        end = self.today - timedelta(days=rng.randrange(3, 400))
        start = end - timedelta(days=rng.randrange(30, 180))
        decided = None
        if attested:
            day = min(self.today - timedelta(days=1), end + timedelta(days=rng.randrange(1, 30)))
            decided = datetime.combine(day, time(rng.randrange(0, 10), 0), tzinfo=UTC)
        return DemoHours(
            supervisor=supervisor,
            period_start=start,
            period_end=end,
            hours=hours,
            description=rng.choice(DESCRIPTIONS),
            attested=attested,
            decided_at=decided,
        )
