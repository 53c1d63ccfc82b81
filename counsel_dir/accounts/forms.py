"""Account forms: sign-up, login, password reset, settings and deletion."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from counsel_dir.accounts.passwords import MAX_LENGTH, password_problem
from counsel_dir.forms import BaseForm

_BANNED = r"@\s\x00-\x1f\x7f"  # no second @, no spaces, no control characters (NUL)
_EMAIL_SHAPE = re.compile(rf"[^{_BANNED}]{{1,64}}@[^{_BANNED}.]+(\.[^{_BANNED}.]+)+")


def valid_email(_form: Any, field: Any) -> None:
    """An address of the shape name@example.com (deliverability is proven by the link)."""
    if not _EMAIL_SHAPE.fullmatch(field.data or ""):
        raise ValidationError(gettext("Enter an email address like name@example.com."))


def acceptable_password(email_field: str | None = None):  # type: ignore[no-untyped-def]
    """A validator applying the password rules (length, not common, not the email)."""

    def check(form: Any, field: Any) -> None:
        email = getattr(form, email_field).data if email_field else None
        problem = password_problem(field.data or "", email)
        if problem:
            raise ValidationError(gettext(problem))

    return check


def _email_field(label: Any) -> EmailField:
    return EmailField(
        label,
        validators=[
            DataRequired(_l("Please enter your email address.")),
            Length(max=254, message=_l("An email address has at most 254 characters.")),
            valid_email,
        ],
    )


def _new_password_field(label: Any, email_field: str | None = None) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired(_l("Please choose a password.")),
            acceptable_password(email_field),
        ],
    )


def _repeat_field(other: str) -> PasswordField:
    return PasswordField(
        _l("Repeat the password"),
        validators=[
            DataRequired(_l("Please type the password a second time.")),
            EqualTo(other, message=_l("The two passwords are not the same.")),
        ],
    )


def _current_password_field(label: Any) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired(_l("Please enter your current password.")),
            Length(max=MAX_LENGTH, message=_l("Use at most 128 characters.")),
        ],
    )


class LoginForm(BaseForm):
    email = _email_field(_l("Email"))
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(_l("Please enter your password.")),
            Length(max=MAX_LENGTH, message=_l("Use at most 128 characters.")),
        ],
    )


class SignupForm(BaseForm):
    email = _email_field(_l("Email"))
    password = _new_password_field(_l("Password"), email_field="email")
    password_repeat = _repeat_field("password")


class EmailOnlyForm(BaseForm):
    """Asking for a reset link or a new confirmation link."""

    email = _email_field(_l("Email"))


class ResetPasswordForm(BaseForm):
    password = _new_password_field(_l("New password"))
    password_repeat = _repeat_field("password")


class ChangeEmailForm(BaseForm):
    new_email = _email_field(_l("New email address"))
    email_password = _current_password_field(_l("Current password"))


class ChangePasswordForm(BaseForm):
    current_password = _current_password_field(_l("Current password"))
    new_password = _new_password_field(_l("New password"))
    new_password_repeat = _repeat_field("new_password")


class DeleteAccountForm(BaseForm):
    delete_password = _current_password_field(_l("Your password"))
