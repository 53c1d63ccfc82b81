"""Queueing mail and notices. Delivery happens outside the request (``flask mail send``)."""

from __future__ import annotations

from typing import Any

from counsel_dir.db import session
from counsel_dir.notifications.models import Notice, OutboxMail


def queue_mail(to_address: str, subject: str, body: str) -> OutboxMail:
    """Put a mail in the outbox, in the current transaction."""
    mail = OutboxMail(to_address=to_address, subject=subject, body=body)
    session.add(mail)
    session.flush()
    return mail


def notify(user_id: int, kind: str, message: str, **params: Any) -> Notice:
    """Leave a notice on a user's dashboard; ``message`` is an ``N_``-marked msgid."""
    notice = Notice(user_id=user_id, kind=kind, message=message, params=params)
    session.add(notice)
    session.flush()
    return notice
