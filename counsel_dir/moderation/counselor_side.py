"""What the counselor of a listing sees of moderation: questions to answer, decisions to appeal.

A counselor never sees the reports about them nor who filed them, only the moderators'
questions and decisions with their written reasons.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from counsel_dir.accounts.models import User
from counsel_dir.audit.services import record
from counsel_dir.db import session, utcnow
from counsel_dir.directory.models import Counselor
from counsel_dir.i18n import N_
from counsel_dir.moderation.labels import redact_id_numbers
from counsel_dir.moderation.models import (
    Appeal,
    Decision,
    InfoRequest,
    ItemKind,
    ItemStatus,
    ModerationDecision,
)
from counsel_dir.moderation.services import ModerationError, raise_item
from counsel_dir.notifications.services import notify

APPEALABLE = (Decision.REVOKE_CREDENTIAL, Decision.SUSPEND_LISTING)


class AlreadyAnswered(ModerationError):
    message = N_("You have already answered this question.")


class AlreadyAppealed(ModerationError):
    message = N_("You can appeal a decision only once, and you already have.")


class NotAppealable(ModerationError):
    message = N_("Only a revocation or a suspension can be appealed.")


def own_counselor(user: User) -> Counselor | None:
    """The listing this user owns, if any."""
    return session.scalars(select(Counselor).where(Counselor.owner_id == user.id)).first()


def info_requests(counselor: Counselor) -> Sequence[InfoRequest]:
    """The moderators' questions to this counselor, unanswered first, newest first."""
    return session.scalars(
        select(InfoRequest)
        .where(InfoRequest.counselor_id == counselor.id)
        .order_by(InfoRequest.replied_at.is_not(None), InfoRequest.asked_at.desc())
    ).all()


def reply_to_request(request: InfoRequest, user: User, reply: str) -> None:
    """Store the counselor's answer and put the item back in its moderator's hands."""
    if request.replied_at is not None:
        raise AlreadyAnswered()
    request.reply = redact_id_numbers(reply)
    request.replied_at = utcnow()
    item = request.item
    if item.status is ItemStatus.AWAITING_COUNSELOR:
        item.status = ItemStatus.ASSIGNED if item.assignee_id else ItemStatus.OPEN
    record("moderation.info_replied", "info_request", request.id, actor=user, fields=["reply"])
    if item.assignee_id is not None:
        notify(
            item.assignee_id,
            "info_reply",
            N_("The counselor replied to your question on queue item %(item)s."),
            item=item.id,
        )
    session.flush()


@dataclass(frozen=True)
class AppealableDecision:
    """A revocation or suspension of this counselor's listing, and its appeal if any."""

    decision: ModerationDecision
    appeal: Appeal | None


def appealable_decisions(counselor: Counselor) -> list[AppealableDecision]:
    """Every revocation and suspension of the listing, newest first, with its appeal."""
    decisions = session.scalars(
        select(ModerationDecision)
        .where(
            ModerationDecision.counselor_id == counselor.id,
            ModerationDecision.decision.in_(APPEALABLE),
        )
        .order_by(ModerationDecision.decided_at.desc(), ModerationDecision.id.desc())
    ).all()
    appeals = {
        appeal.decision_id: appeal
        for appeal in session.scalars(
            select(Appeal).where(Appeal.counselor_id == counselor.id)
        ).all()
    }
    return [AppealableDecision(decision, appeals.get(decision.id)) for decision in decisions]


def file_appeal(decision: ModerationDecision, user: User, statement: str) -> Appeal:
    """The counselor's one appeal; it goes back to the queue for another moderator."""
    if decision.decision not in APPEALABLE:
        raise NotAppealable()
    existing = session.scalars(select(Appeal).where(Appeal.decision_id == decision.id)).first()
    if existing is not None:
        raise AlreadyAppealed()
    appeal = Appeal(
        decision_id=decision.id,
        counselor_id=decision.counselor_id,
        statement=redact_id_numbers(statement),
    )
    session.add(appeal)
    session.flush()
    raise_item(
        ItemKind.APPEAL,
        counselor_id=decision.counselor_id,
        credential_id=decision.credential_id,
        subject_id=appeal.id,
        summary=str(decision.decision),
    )
    record(
        "moderation.appeal_filed",
        "appeal",
        appeal.id,
        actor=user,
        detail={"decision_id": decision.id},
    )
    return appeal
