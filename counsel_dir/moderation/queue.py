"""The queue: which items a moderator sees, in what order, and who works on which."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Select, or_, select, update

from counsel_dir.accounts.models import User
from counsel_dir.audit.services import record
from counsel_dir.db import session, utcnow
from counsel_dir.directory.models import Counselor
from counsel_dir.i18n import N_
from counsel_dir.moderation.models import (
    Appeal,
    ItemKind,
    ItemStatus,
    ModerationItem,
    Report,
    ReportReason,
)
from counsel_dir.moderation.services import OPEN_STATUSES, ModerationError

AGE_CHOICES = (1, 7, 30)
"""The "older than N days" filter offers these."""


class ItemTaken(ModerationError):
    message = N_("Another moderator is already working on this item (%(who)s).")


class NotYourItem(ModerationError):
    message = N_("Assign this item to yourself before deciding on it.")


class ItemClosed(ModerationError):
    message = N_("This item is already closed.")


class SameModeratorAppeal(ModerationError):
    message = N_(
        "You took the decision under appeal; a different moderator must review the appeal."
    )


@dataclass(frozen=True)
class QueueFilters:
    """What the queue page filters on; every field comes from the query string."""

    kind: ItemKind | None = None
    reason: ReportReason | None = None
    older_than_days: int | None = None
    assignee: str = "any"
    status: str = "open"

    @classmethod
    def from_args(
        cls,
        args: Any,
    ) -> QueueFilters:
        """Parse query arguments; anything not understood is ignored, never an error."""
        kind = _enum_or_none(ItemKind, args.get("kind"))
        reason = _enum_or_none(ReportReason, args.get("reason"))
        age_raw = args.get("age", "")
        age = int(age_raw) if age_raw.isdigit() and int(age_raw) in AGE_CHOICES else None
        assignee = args.get("assignee", "any")
        if assignee not in ("any", "me", "unassigned", "others"):
            assignee = "any"
        status = args.get("status", "open")
        if status not in ("open", "awaiting", "closed"):
            status = "open"
        return cls(kind, reason, age, assignee, status)


def _enum_or_none(enum_type: Any, raw: str | None) -> Any:
    try:
        return enum_type(raw) if raw else None
    except ValueError:
        return None


def own_listing_ids(moderator: User) -> Select[tuple[int]]:
    """The listings a moderator owns: items about them are not theirs to see."""
    return select(Counselor.id).where(Counselor.owner_id == moderator.id)


def may_see(item: ModerationItem, moderator: User) -> bool:
    """Whether a moderator may open an item (never one about their own listing)."""
    if item.counselor_id is None:
        return True
    counselor = session.get(Counselor, item.counselor_id)
    return counselor is None or counselor.owner_id != moderator.id


def queue_statement(filters: QueueFilters, moderator: User) -> Select[tuple[ModerationItem]]:
    """Items matching the filters, highest priority first, oldest first within."""
    statement = select(ModerationItem).where(
        or_(
            ModerationItem.counselor_id.is_(None),
            ModerationItem.counselor_id.not_in(own_listing_ids(moderator)),
        )
    )
    if filters.status == "closed":
        statement = statement.where(ModerationItem.status == ItemStatus.CLOSED)
    elif filters.status == "awaiting":
        statement = statement.where(ModerationItem.status == ItemStatus.AWAITING_COUNSELOR)
    else:
        statement = statement.where(ModerationItem.status.in_(OPEN_STATUSES))
    if filters.kind is not None:
        statement = statement.where(ModerationItem.kind == filters.kind)
    if filters.reason is not None:
        statement = statement.where(
            ModerationItem.id.in_(select(Report.item_id).where(Report.reason == filters.reason))
        )
    if filters.older_than_days is not None:
        cutoff = utcnow() - timedelta(days=filters.older_than_days)
        statement = statement.where(ModerationItem.created_at <= cutoff)
    if filters.assignee == "me":
        statement = statement.where(ModerationItem.assignee_id == moderator.id)
    elif filters.assignee == "unassigned":
        statement = statement.where(ModerationItem.assignee_id.is_(None))
    elif filters.assignee == "others":
        statement = statement.where(
            ModerationItem.assignee_id.is_not(None), ModerationItem.assignee_id != moderator.id
        )
    order = (
        (ModerationItem.closed_at.desc(),)
        if filters.status == "closed"
        else (ModerationItem.priority.desc(), ModerationItem.created_at, ModerationItem.id)
    )
    return statement.order_by(*order)


def appeal_for(item: ModerationItem) -> Appeal | None:
    """The appeal an APPEAL item is about."""
    if item.kind is not ItemKind.APPEAL or item.subject_id is None:
        return None
    return session.get(Appeal, item.subject_id)


def assign_to_self(item: ModerationItem, moderator: User) -> None:
    """Take an unassigned item; refuses if someone else took it first (checked in SQL).

    The appeal of a decision goes to a different moderator than the one who took it.
    """
    if item.status is ItemStatus.CLOSED:
        raise ItemClosed()
    appeal = appeal_for(item)
    if appeal is not None and appeal.decision.moderator_id == moderator.id:
        raise SameModeratorAppeal()
    if item.assignee_id == moderator.id:
        return
    now = utcnow()
    result = session.execute(
        update(ModerationItem)
        .where(
            ModerationItem.id == item.id,
            ModerationItem.assignee_id.is_(None),
            ModerationItem.status != ItemStatus.CLOSED,
        )
        .values(
            assignee_id=moderator.id,
            assigned_at=now,
            status=_status_when_assigned(item),
        )
        .execution_options(synchronize_session=False)
    )
    session.refresh(item)
    if result.rowcount != 1:
        holder = session.get(User, item.assignee_id) if item.assignee_id else None
        raise ItemTaken(who=holder.email if holder else "?")
    record("moderation.assigned", "moderation_item", item.id, actor=moderator)


def _status_when_assigned(item: ModerationItem) -> ItemStatus:
    if item.status is ItemStatus.AWAITING_COUNSELOR:
        return ItemStatus.AWAITING_COUNSELOR
    return ItemStatus.ASSIGNED


def release(item: ModerationItem, moderator: User) -> None:
    """Give an item back to the queue; only its assignee can."""
    if item.assignee_id != moderator.id:
        raise NotYourItem()
    if item.status is ItemStatus.CLOSED:
        raise ItemClosed()
    item.assignee_id = None
    item.assigned_at = None
    if item.status is ItemStatus.ASSIGNED:
        item.status = ItemStatus.OPEN
    record("moderation.released", "moderation_item", item.id, actor=moderator)
    session.flush()


def require_assignee(item: ModerationItem, moderator: User) -> None:
    """Only the moderator an open item is assigned to may decide on it."""
    if item.status is ItemStatus.CLOSED:
        raise ItemClosed()
    if item.assignee_id != moderator.id:
        raise NotYourItem()
