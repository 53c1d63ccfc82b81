"""Queueing mail and notices. Delivery happens outside the request (``flask mail send``),
except in development, where mails are printed to the console as they are queued."""

from __future__ import annotations

from typing import Any

from flask import current_app, has_app_context

from counsel_dir.db import session, utcnow
from counsel_dir.notifications.models import Notice, OutboxMail


def queue_mail(to_address: str, subject: str, body: str) -> OutboxMail:
    """Put a mail in the outbox, in the current transaction."""
    mail = OutboxMail(to_address=to_address, subject=subject, body=body)
    session.add(mail)
    session.flush()
    if has_app_context():
        from counsel_dir.notifications.delivery import print_mail, prints_on_queue

        if prints_on_queue(current_app.config):
            print_mail(mail)
            mail.sent_at = utcnow()
            mail.attempts = 1
    return mail


def notify(user_id: int, kind: str, message: str, **params: Any) -> Notice:
    """Leave a notice on a user's dashboard; ``message`` is an ``N_``-marked msgid."""
    notice = Notice(user_id=user_id, kind=kind, message=message, params=params)
    session.add(notice)
    session.flush()
    return notice
