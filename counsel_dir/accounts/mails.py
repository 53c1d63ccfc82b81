"""The mails accounts send: rendered from templates/accounts/mail/, queued in the outbox."""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template, url_for
from flask_babel import gettext

from counsel_dir.accounts.models import User
from counsel_dir.accounts.tokens import Purpose, make_token
from counsel_dir.notifications.services import queue_mail


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute link; ``SITE_URL`` (set it in production) beats the request's Host header."""
    base = current_app.config.get("SITE_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def _send(to_address: str, subject: str, template: str, **context: Any) -> None:
    body = render_template(f"accounts/mail/{template}.txt", **context)
    queue_mail(to_address, subject, body)


def send_confirmation(user: User) -> None:
    """The link that confirms a new account's address."""
    token = make_token(Purpose.CONFIRM_EMAIL, user, email=user.email)
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
        reset_link=external_url("accounts.request_reset"),
    )


def send_email_change_link(user: User, new_email: str) -> None:
    """Ask the new address to confirm it belongs to the account owner."""
    token = make_token(Purpose.CHANGE_EMAIL, user, old=user.email, new=new_email)
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
        masked_new=mask_email(new_email),
    )


def mask_email(email: str) -> str:
    """``wa***@example.com``: enough for the owner to recognise, little for anyone else."""
    local, _, domain = email.partition("@")
    return f"{local[:2]}***@{domain}"
