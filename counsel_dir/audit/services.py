"""Recording audit entries, and reading them back for admins (filters, CSV)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select

from counsel_dir.accounts.models import User
from counsel_dir.audit.models import AuditEntry
from counsel_dir.db import session

SHANGHAI = ZoneInfo("Asia/Shanghai")


def record(
    action: str,
    target_type: str,
    target_id: int | None,
    *,
    actor: Any = None,
    fields: Iterable[str] = (),
    detail: dict[str, Any] | None = None,
    reason: str | None = None,
) -> AuditEntry:
    """Append an audit entry; ``actor`` is a User or None for the system."""
    entry = AuditEntry(
        action=action,
        target_type=target_type,
        target_id=target_id,
        actor_id=getattr(actor, "id", None),
        actor_label=getattr(actor, "role", None) or "system",
        fields=sorted(fields),
        detail=detail or {},
        reason=reason,
    )
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class AuditFilters:
    """The audit viewer's filters, parsed leniently from the query string."""

    action: str = ""
    actor: str = ""
    target_type: str = ""
    target_id: int | None = None
    since: date | None = None
    until: date | None = None

    @classmethod
    def from_args(cls, args: Any) -> AuditFilters:
        """Anything malformed is dropped, never an error."""
        target_raw = (args.get("target_id") or "").strip()
        return cls(
            action=(args.get("action") or "").strip()[:64],
            actor=(args.get("actor") or "").strip()[:254],
            target_type=(args.get("target_type") or "").strip()[:32],
            target_id=int(target_raw) if target_raw.isdigit() and len(target_raw) < 12 else None,
            since=_date_or_none(args.get("since")),
            until=_date_or_none(args.get("until")),
        )


def _date_or_none(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw.strip()) if raw else None
    except ValueError:
        return None


def audit_query(filters: AuditFilters) -> Select[tuple[AuditEntry]]:
    """Entries matching the filters, newest first."""
    statement = select(AuditEntry)
    if filters.action:
        statement = statement.where(AuditEntry.action.startswith(filters.action, autoescape=True))
    if filters.actor:
        if filters.actor.isdigit():
            statement = statement.where(AuditEntry.actor_id == int(filters.actor))
        elif filters.actor == "system":
            statement = statement.where(AuditEntry.actor_id.is_(None))
        else:
            statement = statement.where(
                AuditEntry.actor_id.in_(select(User.id).where(User.email == filters.actor.lower()))
            )
    if filters.target_type:
        statement = statement.where(AuditEntry.target_type == filters.target_type)
    if filters.target_id is not None:
        statement = statement.where(AuditEntry.target_id == filters.target_id)
    if filters.since is not None:
        statement = statement.where(AuditEntry.at >= _start_of(filters.since))
    if filters.until is not None:
        statement = statement.where(AuditEntry.at < _start_of(filters.until + timedelta(days=1)))
    return statement.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


def _start_of(day: date) -> datetime:
    """Midnight in China, where the admins are, as an aware UTC datetime."""
    return datetime.combine(day, time(0, 0), tzinfo=SHANGHAI).astimezone(UTC)


CSV_COLUMNS = (
    "id",
    "at",
    "actor_id",
    "actor_label",
    "action",
    "target_type",
    "target_id",
    "fields",
    "detail",
    "reason",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    elif isinstance(value, datetime):
        text = value.astimezone(UTC).isoformat()
    else:
        text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def export_csv(statement: Select[tuple[AuditEntry]], batch: int = 500) -> Iterator[str]:
    """The entries as CSV lines (header first), streamed in batches; safe to open in a sheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    yield buffer.getvalue()
    for entry in session.scalars(statement.execution_options(yield_per=batch)):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_cell(getattr(entry, column)) for column in CSV_COLUMNS])
        yield buffer.getvalue()
