"""Creating and editing a counselor's own listing, and keeping "accepting" fresh."""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from counsel_dir.accounts.models import User
from counsel_dir.audit.services import record
from counsel_dir.db import session, utcnow
from counsel_dir.directory.models import Counselor, Gender, ListingSource, ProfileStatus
from counsel_dir.directory.services import refresh_listing
from counsel_dir.i18n import N_
from counsel_dir.notifications.models import Notice
from counsel_dir.notifications.services import notify, queue_mail
from counsel_dir.profiles.errors import ProfileError

log = logging.getLogger(__name__)

PROFILE_FIELDS = (
    "display_name",
    "gender",
    "city",
    "district",
    "offers_online",
    "offers_in_person",
    "languages",
    "issues",
    "approaches",
    "fee_min",
    "fee_max",
    "accepting_new_clients",
    "bio",
    "public_contact",
)
RECONFIRM_AFTER = timedelta(days=60)
REMIND_AFTER = timedelta(days=53)
REMINDER_NOTICE = RECONFIRM_AFTER - REMIND_AFTER
REMINDER_KIND = "accepting_reminder"


def _slug_for(name: str) -> str:
    from counsel_dir.search.pinyin import text_pinyin

    base = re.sub(r"[^a-z0-9]+", "-", text_pinyin(name).lower()).strip("-")[:40] or "counselor"
    while True:
        slug = f"{base}-{secrets.token_hex(3)}"
        if session.scalar(select(Counselor.id).where(Counselor.slug == slug)) is None:
            return slug


def create_listing(user: User, values: dict[str, Any]) -> Counselor:
    """A new self-registered listing owned by ``user``; listed once a credential verifies."""
    if user.counselor is not None:
        raise ProfileError(N_("You already have a listing; an account can hold only one."))
    counselor = Counselor(
        slug=_slug_for(values["display_name"]),
        source=ListingSource.SELF_REGISTERED,
        owner_id=user.id,
        **{name: values[name] for name in PROFILE_FIELDS if name in values},
    )
    if counselor.accepting_new_clients:
        counselor.accepting_confirmed_at = utcnow()
    session.add(counselor)
    session.flush()
    session.expire(user, ["counselor"])
    record(
        "profile.created",
        "counselor",
        counselor.id,
        actor=user,
        fields=[name for name in PROFILE_FIELDS if name in values],
    )
    refresh_listing(counselor)
    return counselor


def profile_values(counselor: Counselor) -> dict[str, Any]:
    """The editable public fields of a listing."""
    return {name: getattr(counselor, name) for name in PROFILE_FIELDS}


def update_profile(counselor: Counselor, user: User, values: dict[str, Any]) -> list[str]:
    """Apply edited public fields; audit the names of those that changed; return them."""
    changed = [
        name
        for name in PROFILE_FIELDS
        if name in values and _comparable(getattr(counselor, name)) != _comparable(values[name])
    ]
    for name in changed:
        setattr(counselor, name, values[name])
    if "accepting_new_clients" in changed and counselor.accepting_new_clients:
        counselor.accepting_confirmed_at = utcnow()
    if changed:
        record("profile.updated", "counselor", counselor.id, actor=user, fields=changed)
        refresh_listing(counselor)
    return changed


def _comparable(value: Any) -> Any:
    if isinstance(value, Gender):
        return value.value
    if isinstance(value, list):
        return sorted(value)
    return value


def reconfirm_accepting(counselor: Counselor, user: User) -> None:
    """The counselor says they still accept new clients: restart the 60 days."""
    counselor.accepting_new_clients = True
    counselor.accepting_confirmed_at = utcnow()
    record(
        "profile.accepting_confirmed",
        "counselor",
        counselor.id,
        actor=user,
        fields=["accepting_new_clients", "accepting_confirmed_at"],
    )
    refresh_listing(counselor)


def reconfirmation_due_at(counselor: Counselor) -> datetime | None:
    """When "accepting new clients" turns off unless reconfirmed; None if not accepting."""
    if not counselor.accepting_new_clients:
        return None
    return (counselor.accepting_confirmed_at or counselor.created_at) + RECONFIRM_AFTER


@dataclass
class ReconfirmationRun:
    reminded: int = 0
    turned_off: int = 0


def _reminder_sent_at(counselor: Counselor, since: datetime) -> datetime | None:
    return session.scalar(
        select(func.min(Notice.created_at)).where(
            Notice.user_id == counselor.owner_id,
            Notice.kind == REMINDER_KIND,
            Notice.created_at >= since,
        )
    )


def enforce_reconfirmation(now: datetime | None = None) -> ReconfirmationRun:
    """Remind at day 53, switch "accepting new clients" off after day 60. Idempotent.

    An owner always gets the reminder at least REMINDER_NOTICE before the switch-off,
    even if the job did not run for a while.
    """
    now = now or utcnow()
    run = ReconfirmationRun()
    accepting = session.scalars(
        select(Counselor).where(
            Counselor.accepting_new_clients.is_(True),
            Counselor.status != ProfileStatus.DELETED,
        )
    ).all()
    for counselor in accepting:
        confirmed = counselor.accepting_confirmed_at or counselor.created_at
        if now - confirmed < REMIND_AFTER:
            continue
        deadline = confirmed + RECONFIRM_AFTER
        if counselor.owner is not None:
            reminded_at = _reminder_sent_at(counselor, confirmed)
            if reminded_at is None:
                _remind(counselor, max(deadline, now + REMINDER_NOTICE))
                run.reminded += 1
                continue
            deadline = max(deadline, reminded_at + REMINDER_NOTICE)
        if now >= deadline:
            _turn_off(counselor)
            run.turned_off += 1
    session.flush()
    log.info("reconfirmation reminded=%s turned_off=%s", run.reminded, run.turned_off)
    return run


def _remind(counselor: Counselor, deadline: datetime) -> None:
    owner = counselor.owner
    if owner is None:
        return
    notify(
        owner.id,
        REMINDER_KIND,
        N_(
            "Please confirm on your dashboard that you still accept new clients; "
            "otherwise it turns off on %(date)s."
        ),
        date=deadline.date().isoformat(),
    )
    queue_mail(
        owner.email,
        "Are you still accepting new clients?",
        "Your listing says you accept new clients. Please confirm it on your dashboard "
        f"before {deadline.date().isoformat()}, or it will be switched off.",
    )


def _turn_off(counselor: Counselor) -> None:
    counselor.accepting_new_clients = False
    record(
        "profile.accepting_expired",
        "counselor",
        counselor.id,
        fields=["accepting_new_clients"],
        reason="not reconfirmed within 60 days",
    )
    if counselor.owner_id is not None:
        notify(
            counselor.owner_id,
            "accepting_expired",
            N_(
                '"Accepting new clients" was switched off because it was not reconfirmed '
                "within 60 days. Turn it back on when you edit your profile."
            ),
        )
    refresh_listing(counselor)
