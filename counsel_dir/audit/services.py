"""Recording audit entries."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from counsel_dir.audit.models import AuditEntry
from counsel_dir.db import session


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
