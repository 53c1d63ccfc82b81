"""Account services: looking users up and checking credentials."""

from __future__ import annotations

from sqlalchemy import select

from counsel_dir.accounts.models import Role, User
from counsel_dir.accounts.passwords import hash_password, needs_rehash, verify_password
from counsel_dir.db import session


def normalize_email(email: str) -> str:
    """Emails are compared case-insensitively."""
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    """The live account with this email, if any."""
    return session.scalars(
        select(User).where(User.email == normalize_email(email), User.deleted_at.is_(None))
    ).first()


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


def create_user(email: str, password: str, role: Role = Role.COUNSELOR) -> User:
    """A new account; the caller commits."""
    user = User(email=normalize_email(email), password_hash=hash_password(password), role=role)
    session.add(user)
    session.flush()
    return user
