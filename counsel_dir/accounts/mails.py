"""The mails accounts send: rendered from templates/accounts/mail/, queued in the outbox."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from flask import current_app, render_template, url_for
from flask_babel import gettext
from sqlalchemy import func, select

from counsel_dir.accounts.models import User
from counsel_dir.accounts.tokens import Purpose, email_fingerprint, make_token
from counsel_dir.db import session, utcnow
from counsel_dir.notifications.models import OutboxMail
from counsel_dir.notifications.services import queue_mail

log = logging.getLogger(__name__)


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute link; ``SITE_URL`` (set it in production) beats the request's Host header."""
    base = current_app.config.get("SITE_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def too_many_requested(to_address: str) -> bool:
    """Whether this address already got its hourly share of mails that anyone can request.

    Links on request (confirmation, reset, email change) are capped so that the forms cannot
    be used to flood a mailbox; security notices are always sent.
    """
    since = utcnow() - timedelta(hours=1)
    count = session.scalar(
        select(func.count())
        .select_from(OutboxMail)
        .where(OutboxMail.to_address == to_address, OutboxMail.created_at > since)
    )
    return (count or 0) >= int(current_app.config["MAIL_REQUESTS_PER_ADDRESS_PER_HOUR"])


def _send(
    to_address: str, subject: str, template: str, on_request: bool = True, **context: Any
) -> None:
    if on_request and too_many_requested(to_address):
        log.info("account_mail_capped template=%s", template)
        return
    body = render_template(f"accounts/mail/{template}.txt", **context)
    queue_mail(to_address, subject, body)


def send_confirmation(user: User) -> None:
    """The link that confirms a new account's address."""
    token = make_token(Purpose.CONFIRM_EMAIL, user, email=email_fingerprint(user.email))
    _send(
        user.email,
        gettext("Confirm your email address"),
        "confirm",
        link=external_url("accounts.confirm_email", token=token),
    )


def send_already_registered(email: str) -> None:
    """Tell the owner of an address that someone tried to sign up with it again."""
    _send(
        email,
        gettext("You already have an account"),
        "already_registered",
        login_link=external_url("accounts.login"),
        reset_link=external_url("accounts.request_reset"),
    )


def send_reset_link(user: User) -> None:
    """A single-use link to choose a new password."""
    token = make_token(Purpose.RESET_PASSWORD, user)
    _send(
        user.email,
        gettext("Choose a new password"),
        "reset",
        link=external_url("accounts.reset_password", token=token),
    )


def send_password_changed(user: User) -> None:
    """Tell the owner their password changed, with a way back if it was not them."""
    _send(
        user.email,
        gettext("Your password was changed"),
        "password_changed",
        on_request=False,
        reset_link=external_url("accounts.request_reset"),
    )


def send_email_change_link(user: User, new_email: str) -> None:
    """Ask the new address to confirm it belongs to the account owner."""
    token = make_token(Purpose.CHANGE_EMAIL, user, old=email_fingerprint(user.email), new=new_email)
    _send(
        new_email,
        gettext("Confirm your new email address"),
        "change_email",
        link=external_url("accounts.confirm_email_change", token=token),
    )


def send_email_changed(old_email: str, new_email: str) -> None:
    """Tell the previous address that the account now uses another one."""
    _send(
        old_email,
        gettext("Your email address was changed"),
        "email_changed",
        on_request=False,
        masked_new=mask_email(new_email),
    )


def mask_email(email: str) -> str:
    """``wa***@example.com``: enough for the owner to recognise, little for anyone else."""
    local, _, domain = email.partition("@")
    return f"{local[:2]}***@{domain}"
