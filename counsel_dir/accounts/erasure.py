"""Deleting an account: the listing leaves the directory and the index at once, and every
personal field, the sealed ID number and the photo are erased. Only an audit entry without
personal data remains.

Other features that keep personal data about a user register an eraser with
:func:`register_eraser`; each is called in the same transaction before the audit entry.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from pathlib import Path

from flask import current_app, has_request_context
from sqlalchemy import delete, update

from counsel_dir.accounts import throttle
from counsel_dir.accounts.auth import current_user, end_all_sessions, logout_user
from counsel_dir.accounts.models import User
from counsel_dir.audit.services import record
from counsel_dir.credentials.models import SupervisedHours
from counsel_dir.db import session, utcnow
from counsel_dir.directory.models import Counselor, ProfileStatus
from counsel_dir.directory.services import refresh_listing
from counsel_dir.notifications.models import Notice, OutboxMail

log = logging.getLogger(__name__)

DELETED_NAME = "(deleted)"
UNUSABLE_PASSWORD_HASH = "!"  # noqa: S105 - not an argon2 hash, so no password matches
Eraser = Callable[[User, Counselor | None], None]
_erasers: list[Eraser] = []

USER_FIELDS = ("email", "password_hash", "email_confirmed_at", "totp_secret_sealed")
COUNSELOR_FIELDS = (
    "slug",
    "display_name",
    "district",
    "bio",
    "public_contact",
    "photo_filename",
    "resident_id_sealed",
    "resident_id_hash",
    "credentials",
    "supervised_hours.description",
)


def register_eraser(eraser: Eraser) -> Eraser:
    """Have ``eraser(user, counselor)`` run whenever an account is deleted."""
    if eraser not in _erasers:
        _erasers.append(eraser)
    return eraser


def delete_account(user: User) -> None:
    """Erase ``user`` and their listing in the current transaction; the caller commits."""
    counselor = user.counselor
    old_email = user.email
    for eraser in list(_erasers):
        eraser(user, counselor)
    if counselor is not None:
        _erase_listing(counselor)
    end_all_sessions(user.id)
    throttle.clear_account_failures(old_email)
    session.execute(delete(Notice).where(Notice.user_id == user.id))
    session.execute(delete(OutboxMail).where(OutboxMail.to_address == old_email))
    user.email = f"deleted-{user.id}-{secrets.token_hex(4)}@deleted.invalid"
    user.password_hash = UNUSABLE_PASSWORD_HASH
    user.email_confirmed_at = None
    user.totp_secret_sealed = None
    user.totp_confirmed_at = None
    user.is_active = False
    user.deleted_at = utcnow()
    record(
        "account.deleted",
        "user",
        user.id,
        actor=user,
        fields=USER_FIELDS + (COUNSELOR_FIELDS if counselor is not None else ()),
        detail={"counselor_id": counselor.id} if counselor is not None else {},
    )
    if has_request_context() and current_user() is user:
        logout_user()
    session.flush()


def _erase_listing(counselor: Counselor) -> None:
    _remove_photo(counselor.photo_filename)
    counselor.status = ProfileStatus.DELETED
    counselor.slug = f"deleted-{counselor.id}"
    counselor.display_name = DELETED_NAME
    counselor.district = None
    counselor.bio = ""
    counselor.public_contact = ""
    counselor.photo_filename = None
    counselor.resident_id_sealed = None
    counselor.resident_id_hash = None
    counselor.accepting_new_clients = False
    counselor.credentials.clear()  # delete-orphan: the credentials and their history go
    session.execute(
        update(SupervisedHours)
        .where(SupervisedHours.counselor_id == counselor.id)
        .values(description="")
        .execution_options(synchronize_session="fetch")
    )
    refresh_listing(counselor)


def _remove_photo(filename: str | None) -> None:
    if not filename:
        return
    folder = (Path(current_app.config["UPLOAD_DIR"]) / "photos").resolve()
    path = (folder / filename).resolve()
    if path.parent != folder:
        log.warning("photo_erase_refused reason=outside_upload_dir")
        return
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        log.warning("photo_erase_failed errno=%s", error.errno)
