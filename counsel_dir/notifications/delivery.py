"""Delivering the outbox: through SMTP when ``MAIL_SMTP_HOST`` is set, else to the console.

In development (``MAIL_PRINT_TO_CONSOLE`` on, no SMTP host) ``queue_mail`` prints each mail
as it is queued and marks it sent, so mails appear without running a command; the dev-only
page /dev/outbox lists them too. Elsewhere ``flask mail send`` (cron, or a loop) delivers.
"""

from __future__ import annotations

import logging
import smtplib
import sys
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any, TextIO

from sqlalchemy import select

from counsel_dir.db import session, utcnow
from counsel_dir.notifications.models import OutboxMail

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0


def prints_on_queue(config: Any) -> bool:
    """Whether mails go to the console as they are queued (development)."""
    return bool(config.get("MAIL_PRINT_TO_CONSOLE")) and not config.get("MAIL_SMTP_HOST")


def print_mail(mail: OutboxMail, stream: TextIO | None = None) -> None:
    """Write a mail to the console, framed so it stands out in the server's output."""
    out = stream or sys.stdout
    out.write(
        f"----- mail #{mail.id} to {mail.to_address} -----\n"
        f"Subject: {mail.subject}\n\n{mail.body}\n"
        "----- end of mail -----\n"
    )
    out.flush()


def _message(mail: OutboxMail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip(">") or None)
    message.set_content(mail.body)
    return message


def _open_smtp(config: Any) -> smtplib.SMTP:
    smtp = smtplib.SMTP(config["MAIL_SMTP_HOST"], int(config["MAIL_SMTP_PORT"]), timeout=30)
    if config.get("MAIL_SMTP_STARTTLS"):
        smtp.starttls()
    if config.get("MAIL_SMTP_USERNAME"):
        smtp.login(config["MAIL_SMTP_USERNAME"], config.get("MAIL_SMTP_PASSWORD") or "")
    return smtp


def pending_mails(limit: int | None = None) -> list[OutboxMail]:
    """Unsent mails that have not failed too often, oldest first."""
    query = (
        select(OutboxMail)
        .where(OutboxMail.sent_at.is_(None), OutboxMail.attempts < MAX_ATTEMPTS)
        .order_by(OutboxMail.id)
    )
    if limit:
        query = query.limit(limit)
    return list(session.scalars(query))


def deliver_pending(config: Any, stream: TextIO | None = None) -> DeliveryReport:
    """Send every pending mail, committing after each so that none is sent twice."""
    report = DeliveryReport()
    mails = pending_mails()
    if not mails:
        return report
    if config.get("MAIL_SMTP_HOST"):
        smtp = _open_smtp(config)
        try:
            for mail in mails:
                _deliver_one(
                    mail, report, lambda m: smtp.send_message(_message(m, config["MAIL_SENDER"]))
                )
        finally:
            smtp.quit()
    elif config.get("MAIL_PRINT_TO_CONSOLE"):
        for mail in mails:
            _deliver_one(mail, report, lambda m: print_mail(m, stream))
    return report


def _deliver_one(mail: OutboxMail, report: DeliveryReport, send: Any) -> None:
    mail.attempts += 1
    try:
        send(mail)
    except (smtplib.SMTPException, OSError) as error:
        mail.last_error = f"{type(error).__name__}"[:300]
        report.failed += 1
        log.warning("mail_delivery_failed mail_id=%s error=%s", mail.id, type(error).__name__)
    else:
        mail.sent_at = utcnow()
        mail.last_error = None
        report.sent += 1
    session.commit()
