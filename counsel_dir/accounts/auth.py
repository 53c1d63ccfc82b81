"""Who is making the request, and who may reach which view (deny by default).

Every view is decorated with exactly one of ``public``, ``login_required`` or
``roles_required``; a view with none of them answers 403. The session cookie only
holds a random token; the login it names lives in the ``user_session`` table, so
ending a session on the server (logout, password change, deletion) ends it for
every copy of the cookie.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, abort, current_app, g, redirect, request, session, url_for
from sqlalchemy import select, update

from counsel_dir.accounts.models import Role, User, UserSession
from counsel_dir.db import session as db_session
from counsel_dir.db import utcnow

F = TypeVar("F", bound=Callable[..., Any])

LOGIN_COOKIE_KEY = "auth_token"
TOUCH_EVERY = timedelta(minutes=1)


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def current_user() -> User | None:
    """The logged-in user of this request, or None."""
    return g.get("user")


def current_login() -> UserSession | None:
    """The server-side session row of this request, or None."""
    return g.get("user_session")


def login_user(user: User) -> UserSession:
    """Start a new server-side session; the old cookie content is dropped first."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    token = secrets.token_urlsafe(32)
    login = UserSession(token_hash=_hash_token(token), user_id=user.id)
    db_session.add(login)
    db_session.flush()
    session[LOGIN_COOKIE_KEY] = token
    session.permanent = True
    g.user, g.user_session = user, login
    return login


def logout_user() -> None:
    """End the current session on the server and clear the cookie."""
    login = current_login()
    if login is not None and login.revoked_at is None:
        login.revoked_at = utcnow()
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    g.user = g.user_session = None


def end_all_sessions(user_id: int, keep: UserSession | None = None) -> int:
    """Revoke every open session of a user (password change, deletion); return how many."""
    statement = update(UserSession).where(
        UserSession.user_id == user_id, UserSession.revoked_at.is_(None)
    )
    if keep is not None:
        statement = statement.where(UserSession.id != keep.id)
    result = db_session.execute(statement.values(revoked_at=utcnow()))
    return result.rowcount or 0


def load_logged_in_user() -> None:
    """Resolve the session cookie to a live server-side session, ending idle ones."""
    g.user = g.user_session = None
    token = session.get(LOGIN_COOKIE_KEY)
    if not token:
        return
    login = db_session.scalars(
        select(UserSession).where(UserSession.token_hash == _hash_token(token))
    ).first()
    now = utcnow()
    if login is None or login.revoked_at is not None:
        session.pop(LOGIN_COOKIE_KEY, None)
        return
    user = login.user
    if not user.is_active or user.deleted_at is not None:
        session.pop(LOGIN_COOKIE_KEY, None)
        return
    if now - login.last_seen_at > current_app.config["SESSION_IDLE_TIMEOUT"]:
        login.revoked_at = now
        db_session.commit()
        session.pop(LOGIN_COOKIE_KEY, None)
        return
    if now - login.last_seen_at > TOUCH_EVERY:
        login.last_seen_at = now
        db_session.commit()
    g.user, g.user_session = user, login


def _to_login() -> Any:
    """The login page, coming back here afterwards (only for pages, not for form posts)."""
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("accounts.login", next=target))


def public(view: F) -> F:
    """Anyone may open this view."""
    view._access = "public"  # type: ignore[attr-defined]
    return view


def login_required(view: F) -> F:
    """Only logged-in users; others are sent to the login page."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_user() is None:
            return _to_login()
        return view(*args, **kwargs)

    wrapped._access = "login"  # type: ignore[attr-defined]
    return wrapped  # type: ignore[return-value]


def roles_required(*roles: Role) -> Callable[[F], F]:
    """Only logged-in users with one of ``roles`` (admins pass moderator checks)."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user is None:
                return _to_login()
            allowed = set(roles)
            if Role.MODERATOR in allowed:
                allowed.add(Role.ADMIN)
            if user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        wrapped._access = "roles"  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


def deny_unmarked_views() -> None:
    """Refuse any view that was not explicitly given an access rule."""
    if request.endpoint is None or request.endpoint == "static":
        return
    view = current_app.view_functions.get(request.endpoint)
    if view is not None and not hasattr(view, "_access"):
        abort(403)


def init_app(app: Flask) -> None:
    """Install the access rules and the current-user loader."""
    app.before_request(deny_unmarked_views)
    app.before_request(load_logged_in_user)

    @app.context_processor
    def _inject_user() -> dict[str, Any]:
        return {"current_user": current_user()}
