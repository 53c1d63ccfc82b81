"""Account services: sign-up, confirmation, login checks, password and email changes.

Services flush and never commit; the view or command commits once. Rule violations raise
an :class:`AccountError` whose ``message`` is an English msgid for the form.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from counsel_dir.accounts import mails, throttle
from counsel_dir.accounts.auth import end_all_sessions, login_user
from counsel_dir.accounts.models import Role, User
from counsel_dir.accounts.passwords import (
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)
from counsel_dir.accounts.tokens import (
    InvalidToken,
    Purpose,
    email_fingerprint,
    password_fingerprint,
    read_token,
)
from counsel_dir.audit.services import record
from counsel_dir.db import session, utcnow
from counsel_dir.i18n import N_
from counsel_dir.notifications.services import notify


class AccountError(Exception):
    """A rule stopped the action; ``message`` is a msgid to show next to the form."""

    message = N_("This action is not possible.")

    def __init__(self, message: str | None = None, **params: object) -> None:
        super().__init__(message or self.message)
        if message:
            self.message = message
        self.params = params

    def text(self) -> str:
        """The message in the visitor's language (needs a request)."""
        return gettext(self.message, **self.params)

    def plain(self) -> str:
        """The English message, for the command line."""
        return self.message % self.params if self.params else self.message


class WrongPassword(AccountError):
    message = N_("The password is not correct.")


class WeakPassword(AccountError):
    """The new password breaks a rule; the message says which."""


class LoginLocked(AccountError):
    message = N_(
        "Too many failed attempts. Logging in is paused for up to %(minutes)s minutes; "
        "please try again later or reset your password."
    )

    def __init__(self) -> None:
        minutes = int(current_app.config["LOGIN_LOCKOUT"].total_seconds() // 60)
        super().__init__(minutes=minutes)


class EmailNotConfirmed(AccountError):
    message = N_("Please confirm your email address first: open the link we mailed you.")


class EmailTaken(AccountError):
    message = N_("This email address cannot be used for your account.")


def normalize_email(email: str) -> str:
    """Emails are compared case-insensitively."""
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    """The live account with this email, if any."""
    return session.scalars(
        select(User).where(User.email == normalize_email(email), User.deleted_at.is_(None))
    ).first()


def get_live_user(user_id: int) -> User | None:
    """A user that is neither deleted nor deactivated."""
    user = session.get(User, user_id)
    if user is None or user.deleted_at is not None or not user.is_active:
        return None
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user if the password matches an active account, else None."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        hash_password(password)  # spend the same time as a real check
        return None
    if not verify_password(user.password_hash, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def log_in(email: str, password: str, address: str | None) -> User:
    """Check a login against the rate limit and the password; start a new session."""
    if throttle.is_locked(email, address):
        raise LoginLocked()
    user = authenticate(email, password)
    if user is None:
        throttle.record_failure(email, address)
        raise AccountError(N_("Email or password is wrong."))
    if user.email_confirmed_at is None:
        raise EmailNotConfirmed()
    throttle.clear_account_failures(email)
    login_user(user)
    return user


def _check_new_password(password: str, email: str | None) -> None:
    problem = password_problem(password, email)
    if problem:
        raise WeakPassword(problem)


def create_user(email: str, password: str, role: Role = Role.COUNSELOR) -> User:
    """A new account (no rules applied: the callers check them); the caller commits."""
    user = User(email=normalize_email(email), password_hash=hash_password(password), role=role)
    session.add(user)
    session.flush()
    return user


def sign_up(email: str, password: str) -> User | None:
    """Create an unconfirmed counselor account and mail the confirmation link.

    For an address already in use nothing is created and its owner gets a mail instead,
    so the page never tells a stranger whether an address has an account.
    """
    _check_new_password(password, email)
    existing = find_user_by_email(email)
    if existing is not None:
        mails.send_already_registered(existing.email)
        return None
    try:
        with session.begin_nested():
            user = create_user(email, password, Role.COUNSELOR)
    except IntegrityError:  # the same address signed up twice at the same moment
        return None
    mails.send_confirmation(user)
    return user


def resend_confirmation(email: str) -> None:
    """Mail a fresh confirmation link if this address has an unconfirmed account."""
    user = find_user_by_email(email)
    if user is not None and user.is_active and user.email_confirmed_at is None:
        mails.send_confirmation(user)


def confirm_email(token: str) -> User:
    """Mark the address in a confirmation link as confirmed; InvalidToken if it is not live."""
    payload = read_token(Purpose.CONFIRM_EMAIL, token)
    user = get_live_user(payload["uid"])
    if user is None or email_fingerprint(user.email) != payload.get("email"):
        raise InvalidToken()
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
        session.flush()
    return user


def request_password_reset(email: str) -> None:
    """Mail a reset link if the address has a live account; say nothing either way."""
    user = find_user_by_email(email)
    if user is not None and user.is_active:
        mails.send_reset_link(user)


def user_for_reset_token(token: str) -> User:
    """The user a reset link is for, if it is unexpired and still unused."""
    payload = read_token(Purpose.RESET_PASSWORD, token)
    user = get_live_user(payload["uid"])
    if user is None or payload.get("pw") != password_fingerprint(user):
        raise InvalidToken()
    return user


def reset_password(token: str, new_password: str) -> User:
    """Set a new password from a reset link; every session ends and the link dies."""
    user = user_for_reset_token(token)
    _check_new_password(new_password, user.email)
    _set_password(user, new_password)
    end_all_sessions(user.id)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()  # the link proved the address
    throttle.clear_account_failures(user.email)
    session.flush()
    return user


def check_current_password(user: User, password: str, address: str | None) -> None:
    """Re-authenticate before a sensitive change; failures count toward the login limit."""
    if throttle.is_locked(user.email, address):
        raise LoginLocked()
    if not verify_password(user.password_hash, password):
        throttle.record_failure(user.email, address)
        raise WrongPassword()


def _set_password(user: User, new_password: str) -> None:
    user.password_hash = hash_password(new_password)
    record("account.password_changed", "user", user.id, actor=user, fields=["password_hash"])
    mails.send_password_changed(user)
    notify(user.id, "account.password_changed", N_("Your password was changed."))


def change_password(
    user: User, current_password: str, new_password: str, address: str | None
) -> None:
    """Change the password, end every session and start a fresh one for this browser."""
    check_current_password(user, current_password, address)
    _check_new_password(new_password, user.email)
    _set_password(user, new_password)
    end_all_sessions(user.id)
    login_user(user)
    session.flush()


def request_email_change(user: User, new_email: str, password: str, address: str | None) -> None:
    """Mail a confirmation link to the new address; nothing changes until it is opened."""
    check_current_password(user, password, address)
    new_email = normalize_email(new_email)
    if new_email == user.email:
        raise AccountError(N_("This is already your email address."))
    mails.send_email_change_link(user, new_email)


def confirm_email_change(token: str) -> User:
    """Switch the account to the confirmed new address and tell the old one."""
    payload = read_token(Purpose.CHANGE_EMAIL, token)
    user = get_live_user(payload["uid"])
    new_email = payload.get("new")
    if (
        user is None
        or email_fingerprint(user.email) != payload.get("old")
        or not isinstance(new_email, str)
    ):
        raise InvalidToken()
    if find_user_by_email(new_email) is not None:
        raise EmailTaken()
    old_email = user.email
    user.email = new_email
    user.email_confirmed_at = utcnow()
    record("account.email_changed", "user", user.id, actor=user, fields=["email"])
    mails.send_email_changed(old_email, new_email)
    notify(user.id, "account.email_changed", N_("Your email address was changed."))
    return user


def create_staff(email: str, password: str, role: Role) -> User:
    """A confirmed moderator or admin account (``flask users create-moderator``)."""
    if role is Role.COUNSELOR:
        raise ValueError("staff accounts are moderators or admins")
    _check_new_password(password, email)
    if find_user_by_email(email) is not None:
        raise EmailTaken(N_("An account with this email address already exists."))
    user = create_user(email, password, role)
    user.email_confirmed_at = utcnow()
    record("account.staff_created", "user", user.id, detail={"role": role.value})
    return user
