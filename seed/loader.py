"""Loading the demo data set into the database fast enough for 100,000 listings.

Rows go in with bulk ``INSERT ... RETURNING`` in batches, one commit per batch.
Tier and visibility are computed here with ``compute_tier`` (``refresh_listing``
per row would be far too slow) and no index-queue rows are written: the search
index is rebuilt after seeding. Runs inside an app context.
"""

from __future__ import annotations

import contextlib
import random
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import click
from flask import current_app
from sqlalchemy import Table, delete, func, insert, select, text

import counsel_dir.models  # noqa: F401 - every table must be known to wipe them all
from counsel_dir.accounts.models import Role, User
from counsel_dir.accounts.passwords import hash_password
from counsel_dir.audit.services import record as audit
from counsel_dir.credentials.kinds import CredentialKind, CredentialStatus
from counsel_dir.credentials.models import (
    AttestationState,
    Credential,
    SupervisedHours,
    VerificationMethod,
    VerificationOutcome,
    VerificationRecord,
)
from counsel_dir.credentials.schedule import next_check_due
from counsel_dir.credentials.services import identity_vault, issuer_registry
from counsel_dir.credentials.tiers import compute_tier
from counsel_dir.db import Base, session, utcnow
from counsel_dir.directory.models import Counselor, Gender, ListingSource, ProfileStatus
from counsel_dir.moderation.models import ItemKind, ModerationItem
from counsel_dir.moderation.services import BASE_PRIORITY
from seed.data import DEMO_PASSWORD, DemoCounselor, DemoCredential, DemoData
from seed.generator import demo_accounts

BATCH_SIZE = 2000
UNUSABLE_PASSWORD = "!"  # noqa: S105 - not a hash: no password ever matches it
OWNER_DOMAIN = "owners.counsel.example"
PENDING_SPREAD = timedelta(hours=2)
CONTESTED_SPREAD = timedelta(days=3)
IMPORT_NOTE = "demo data import"
SEEDED_ACTION = "demo.seeded"
"""Audit action of a load; its detail names the "claim me" listing for the demo printout."""


class DatabaseNotEmpty(RuntimeError):
    """Demo data goes only into an empty database unless a wipe was asked for."""


@dataclass
class LoadSummary:
    """What was stored, for the CLI's closing lines and the tests."""

    counselors: int = 0
    listed: int = 0
    unclaimed: int = 0
    credentials: int = 0
    supervised_hours: int = 0
    per_tier: Counter[int | None] = field(default_factory=Counter)
    accounts: dict[str, int] = field(default_factory=dict)
    counselor_ids: list[int] = field(default_factory=list)


def is_empty() -> bool:
    """No counselor listing and none of the demo accounts stored yet.

    Accounts created beforehand (an operator's own admin) do not count, which
    matches ``flask db is-empty`` as ``make run`` uses it.
    """
    counselors = session.scalar(select(func.count()).select_from(Counselor))
    emails = [account.email for account in demo_accounts()]
    taken = session.scalar(select(func.count()).select_from(User).where(User.email.in_(emails)))
    return not counselors and not taken


def wipe() -> None:
    """Delete every row of every application table (not the schema version); commits.

    On PostgreSQL this is a TRUNCATE: the audit log's append-only trigger guards rows
    one by one, and wiping a demo database is the one deliberate exception.
    """
    tables = list(reversed(Base.metadata.sorted_tables))
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        quote = bind.dialect.identifier_preparer.quote
        names = ", ".join(quote(table.name) for table in tables)
        session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            session.execute(delete(table))
    session.commit()


def load(
    data: DemoData,
    *,
    batch_size: int = BATCH_SIZE,
    progress: bool = False,
    today: date | None = None,
) -> LoadSummary:
    """Store the demo data set; raises DatabaseNotEmpty unless the database is empty."""
    if not is_empty():
        raise DatabaseNotEmpty("the database already holds counselors or demo accounts")
    loader = _Loader(data, today or date.today())
    loader.create_demo_accounts()
    with _bar(progress, len(data.counselors), "counselors") as bar:
        for start in range(0, len(data.counselors), batch_size):
            chunk = range(start, min(start + batch_size, len(data.counselors)))
            loader.store_counselors(chunk)
            session.commit()
            bar.update(len(chunk))
    hours = [
        (index, entry)
        for index, counselor in enumerate(data.counselors)
        for entry in counselor.supervised_hours
    ]
    with _bar(progress, len(hours), "supervised hours") as bar:
        for start in range(0, len(hours), batch_size):
            loader.store_hours(hours[start : start + batch_size])
            session.commit()
            bar.update(len(hours[start : start + batch_size]))
    loader.ids.sync_sequences()
    audit(
        SEEDED_ACTION,
        "database",
        None,
        detail={
            "seed": data.seed,
            "counselors": loader.summary.counselors,
            "claim_me": data.claim_me.slug,
        },
    )
    session.commit()
    return loader.summary


@contextlib.contextmanager
def _bar(shown: bool, length: int, label: str) -> Iterator[Any]:
    if not shown:
        yield _NoBar()
        return
    with click.progressbar(length=length, label=label, show_pos=True) as bar:
        yield bar


class _NoBar:
    def update(self, _steps: int) -> None:
        return None


class _Loader:
    def __init__(self, data: DemoData, today: date) -> None:
        self.data = data
        self.today = today
        self.now = utcnow()
        self.rng = random.Random(data.seed)
        self.vault = identity_vault()
        self.registry = issuer_registry()
        self.min_hours = current_app.config["MIN_SUPERVISED_HOURS"]
        self.owner_by_index: dict[int, int] = {}
        self.summary = LoadSummary()
        self.ids = _Ids()

    def create_demo_accounts(self) -> None:
        password_hash = hash_password(DEMO_PASSWORD)  # one password for all; argon2 is slow
        for account in self.data.accounts:
            user_id = self.ids.insert(
                User,
                [
                    {
                        "email": account.email,
                        "password_hash": password_hash,
                        "role": Role(account.role),
                        "email_confirmed_at": self.now,
                    }
                ],
            )[0]
            self.summary.accounts[account.email] = user_id
            if account.counselor is not None:
                self.owner_by_index[account.counselor] = user_id
        session.commit()

    def store_counselors(self, chunk: range) -> None:
        counselors = self.data.counselors
        needs_owner = [
            index
            for index in chunk
            if counselors[index].claimed and index not in self.owner_by_index
        ]
        owner_rows = [
            {
                "email": f"{counselors[index].slug}@{OWNER_DOMAIN}",
                "password_hash": UNUSABLE_PASSWORD,
                "role": Role.COUNSELOR,
                "email_confirmed_at": self.now,
            }
            for index in needs_owner
        ]
        self.owner_by_index.update(zip(needs_owner, self.ids.insert(User, owner_rows), strict=True))
        ids = self.ids.insert(Counselor, [self._counselor_row(index) for index in chunk])
        self.summary.counselor_ids.extend(ids)
        held = [
            (counselor_id, credential)
            for index, counselor_id in zip(chunk, ids, strict=True)
            for credential in counselors[index].credentials
        ]
        credential_rows = [self._credential_row(*pair) for pair in held]
        credential_ids = self.ids.insert(Credential, credential_rows)
        self.summary.credentials += len(credential_ids)
        checks: list[dict[str, Any]] = []
        items: list[dict[str, Any]] = []
        for (counselor_id, credential), row, credential_id in zip(
            held, credential_rows, credential_ids, strict=True
        ):
            checks.extend(_history(credential, row, credential_id))
            if credential.kind is CredentialKind.UNRECOGNIZED:
                items.append(
                    {
                        "kind": ItemKind.UNRECOGNIZED_ISSUER,
                        "priority": BASE_PRIORITY[ItemKind.UNRECOGNIZED_ISSUER],
                        "counselor_id": counselor_id,
                        "credential_id": credential_id,
                        "summary": credential.issuer_name[:300],
                    }
                )
        if checks:
            self.ids.insert(VerificationRecord, checks)
        if items:
            self.ids.insert(ModerationItem, items)

    def store_hours(self, entries: Sequence[tuple[int, Any]]) -> None:
        ids = self.summary.counselor_ids
        rows = [
            {
                "counselor_id": ids[index],
                "supervisor_id": ids[entry.supervisor],
                "period_start": entry.period_start,
                "period_end": entry.period_end,
                "hours": entry.hours,
                "description": entry.description,
                "state": AttestationState.ATTESTED if entry.attested else AttestationState.PENDING,
                "decided_at": entry.decided_at,
            }
            for index, entry in entries
        ]
        if rows:
            self.ids.insert(SupervisedHours, rows)
        self.summary.supervised_hours += len(rows)

    def _counselor_row(self, index: int) -> dict[str, Any]:
        counselor = self.data.counselors[index]
        tier = compute_tier(
            counselor.credentials,
            counselor.attested_hours,
            self.today,
            min_supervised_hours=self.min_hours,
        )
        tier_value = int(tier) if tier is not None else None
        summary = self.summary
        summary.counselors += 1
        summary.per_tier[tier_value] += 1
        summary.listed += tier is not None
        summary.unclaimed += not counselor.claimed
        return {
            **_public_fields(counselor),
            "source": ListingSource.IMPORTED
            if counselor.imported
            else ListingSource.SELF_REGISTERED,
            "status": ProfileStatus.ACTIVE,
            "owner_id": self.owner_by_index.get(index),
            "tier": tier_value,
            "is_listed": tier is not None,
            **self._sealed_id(counselor),
        }

    def _sealed_id(self, counselor: DemoCounselor) -> dict[str, Any]:
        if not counselor.store_resident_id:
            return {"resident_id_sealed": None, "resident_id_hash": None}
        return {
            "resident_id_sealed": self.vault.seal(counselor.resident_id),
            "resident_id_hash": self.vault.match_hash(counselor.resident_id),
        }

    def _credential_row(self, counselor_id: int, credential: DemoCredential) -> dict[str, Any]:
        checked_at, due = self._schedule(credential)
        return {
            "counselor_id": counselor_id,
            "kind": credential.kind,
            "number": credential.number,
            "issuer_name": credential.issuer_name,
            "portal_url": credential.portal_url,
            "issued_on": credential.issued_on,
            "valid_until": credential.valid_until,
            "status": credential.status,
            "status_changed_at": credential.verified_at or self.now,
            "last_verified_at": credential.verified_at,
            "last_checked_at": checked_at,
            "next_check_due": due,
        }

    def _schedule(self, credential: DemoCredential) -> tuple[datetime | None, datetime | None]:
        """(last checked, next check due) spread so that checks do not all fall due at once."""
        rng = self.rng
        if credential.kind is CredentialKind.UNRECOGNIZED:
            return None, None
        if credential.status is CredentialStatus.PENDING:
            return None, self.now + rng.random() * PENDING_SPREAD
        if credential.disagreement is not None:
            return credential.verified_at, self.now + rng.random() * CONTESTED_SPREAD
        checked_at = credential.verified_at
        if credential.status is CredentialStatus.EXPIRED or checked_at is None:
            interval = self.registry.reverify_interval(credential.kind)
            checked_at = self.now - interval * 0.85 * rng.random()
            if credential.valid_until is not None:
                lapsed = datetime.combine(credential.valid_until, time(1), tzinfo=UTC)
                checked_at = min(self.now, max(checked_at, lapsed + timedelta(days=1)))
        due = next_check_due(
            credential.kind, checked_at, credential.valid_until, rng, registry=self.registry
        )
        return checked_at, max(due, self.now + timedelta(minutes=5))


def _history(
    credential: DemoCredential, row: dict[str, Any], credential_id: int
) -> list[dict[str, Any]]:
    """Verification records: the match at import, and for a lapsed one the check after."""
    if credential.verified_at is None:
        return []
    records = [
        {
            "credential_id": credential_id,
            "checked_at": credential.verified_at,
            "method": VerificationMethod.IMPORT,
            "outcome": VerificationOutcome.MATCH,
            "note": IMPORT_NOTE,
        }
    ]
    if credential.status is CredentialStatus.EXPIRED:
        records.append(
            {
                "credential_id": credential_id,
                "checked_at": row["last_checked_at"],
                "method": VerificationMethod.IMPORT,
                "outcome": VerificationOutcome.EXPIRED,
                "note": IMPORT_NOTE,
            }
        )
    return records


def _public_fields(counselor: DemoCounselor) -> dict[str, Any]:
    return {
        "slug": counselor.slug,
        "display_name": counselor.display_name,
        "gender": Gender(counselor.gender),
        "city": counselor.city,
        "district": counselor.district,
        "offers_online": counselor.offers_online,
        "offers_in_person": counselor.offers_in_person,
        "languages": counselor.languages,
        "issues": counselor.issues,
        "approaches": counselor.approaches,
        "fee_min": counselor.fee_min,
        "fee_max": counselor.fee_max,
        "accepting_new_clients": counselor.accepting_new_clients,
        "accepting_confirmed_at": counselor.accepting_confirmed_at,
        "bio": counselor.bio,
        "public_contact": counselor.public_contact,
    }


class _Ids:
    """Hands out primary keys up front so that rows go in with plain multi-row INSERTs.

    ``INSERT ... RETURNING`` in row order degrades to one statement per row on
    SQLite; the loader writes into an empty database alone, so it can number the
    rows itself and then move PostgreSQL's sequences past them.
    """

    def __init__(self) -> None:
        self._next: dict[str, int] = {}

    def insert(self, model: type[Base], rows: list[dict[str, Any]]) -> list[int]:
        """Insert rows with fresh ids; return the ids in the order of ``rows``."""
        if not rows:
            return []
        table: Table = model.__table__  # type: ignore[assignment]
        if table.name not in self._next:
            highest = session.scalar(select(func.max(table.c.id)))
            self._next[table.name] = (highest or 0) + 1
        first = self._next[table.name]
        ids = list(range(first, first + len(rows)))
        self._next[table.name] = first + len(rows)
        for row, row_id in zip(rows, ids, strict=True):
            row["id"] = row_id
        session.execute(insert(table), rows)
        return ids

    def sync_sequences(self) -> None:
        """Let PostgreSQL hand out ids after the ones the loader used."""
        if session.get_bind().dialect.name != "postgresql":
            return
        for name, following in self._next.items():
            session.execute(
                text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :value)"),
                {"table": f'"{name}"', "value": following - 1},
            )
