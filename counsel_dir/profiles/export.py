"""A counselor's own data as JSON (data rights). The ID number appears only masked."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from counsel_dir.accounts.models import User
from counsel_dir.credentials import resident_id
from counsel_dir.credentials.services import identity_vault
from counsel_dir.credentials.vault import VaultError
from counsel_dir.db import session
from counsel_dir.notifications.models import Notice
from counsel_dir.profiles.listings import PROFILE_FIELDS
from counsel_dir.profiles.services import claims_of


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return value


def _masked_id(sealed: bytes | None) -> str | None:
    if sealed is None:
        return None
    try:
        return resident_id.mask(identity_vault().unseal(sealed))
    except VaultError:
        return "*" * 18


def export_user_data(user: User) -> dict[str, Any]:
    """Everything the directory holds about this user, for download."""
    data: dict[str, Any] = {
        "account": {
            "email": user.email,
            "role": user.role.value,
            "created_at": _plain(user.created_at),
            "email_confirmed_at": _plain(user.email_confirmed_at),
        },
        "profile": None,
        "claims": [
            {
                "listing": claim.counselor.slug,
                "state": claim.state.value,
                "dispute": claim.is_dispute,
                "resident_id": claim.resident_id_masked,
                "created_at": _plain(claim.created_at),
                "decided_at": _plain(claim.decided_at),
                "decision_reason": claim.decision_reason,
            }
            for claim in claims_of(user)
        ],
        "notices": [
            {
                "kind": n.kind,
                "message": n.message,
                "params": n.params,
                "created_at": _plain(n.created_at),
            }
            for n in session.scalars(
                select(Notice).where(Notice.user_id == user.id).order_by(Notice.id)
            )
        ],
    }
    counselor = user.counselor
    if counselor is None:
        return data
    profile = {name: _plain(getattr(counselor, name)) for name in PROFILE_FIELDS}
    profile.update(
        slug=counselor.slug,
        tier=counselor.tier,
        is_listed=counselor.is_listed,
        status=counselor.status.value,
        source=counselor.source.value,
        accepting_confirmed_at=_plain(counselor.accepting_confirmed_at),
        photo=counselor.photo_filename,
        resident_id=_masked_id(counselor.resident_id_sealed),
        created_at=_plain(counselor.created_at),
    )
    profile["credentials"] = [
        {
            **{
                name: _plain(getattr(c, name))
                for name in (
                    "kind",
                    "number",
                    "issuer_name",
                    "portal_url",
                    "issued_on",
                    "valid_until",
                    "status",
                    "last_verified_at",
                    "created_at",
                )
            },
            "verifications": [
                {
                    "checked_at": _plain(v.checked_at),
                    "method": _plain(v.method),
                    "outcome": _plain(v.outcome),
                    "note": v.note,
                }
                for v in c.verifications
            ],
        }
        for c in counselor.credentials
    ]
    profile["supervised_hours"] = [
        {
            "period_start": _plain(h.period_start),
            "period_end": _plain(h.period_end),
            "hours": h.hours,
            "supervisor": h.supervisor.display_name,
            "description": h.description,
            "state": h.state.value,
            "decided_at": _plain(h.decided_at),
        }
        for h in counselor.supervised_hours
    ]
    data["profile"] = profile
    return data
