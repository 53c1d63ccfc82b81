"""Configuration: defaults here, then the instance folder, then ``COUNSEL_*`` variables.

Secrets have no default. In development ``flask init-secrets`` (run by ``make run``)
writes them once into ``instance/secrets.py``; in production they come from the
environment (``COUNSEL_SECRET_KEY``, ``COUNSEL_RESIDENT_ID_SECRET``).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class DefaultConfig:
    """Settings every deployment starts from."""

    SECRET_KEY: str | None = None
    RESIDENT_ID_SECRET: str | None = None

    DATABASE_URL: str | None = None  # default: SQLite file in the instance folder
    DATABASE_ECHO = False

    SEARCH_INDEX_DIR: str | None = None  # default: instance/search-index
    SEARCH_BACKGROUND_INDEXER = True
    SEARCH_SYNC_INTERVAL_SECONDS = 0.5
    SEARCH_PAGE_SIZE = 20

    UPLOAD_DIR: str | None = None  # default: instance/uploads
    MAX_CONTENT_LENGTH = 6 * 1024 * 1024
    PHOTO_MAX_BYTES = 5 * 1024 * 1024

    BABEL_DEFAULT_LOCALE = "zh_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = ("zh_CN", "en")

    PER_PAGE = 20
    MIN_SUPERVISED_HOURS = 50

    SESSION_COOKIE_NAME = "counsel_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    SESSION_IDLE_TIMEOUT = timedelta(hours=2)
    PERMANENT_SESSION_LIFETIME = timedelta(days=7)
    WTF_CSRF_TIME_LIMIT = None
    LOGIN_MAX_FAILURES_PER_ACCOUNT = 10
    LOGIN_MAX_FAILURES_PER_ADDRESS = 50
    LOGIN_FAILURE_WINDOW = timedelta(minutes=15)
    LOGIN_LOCKOUT = timedelta(minutes=15)
    MAIL_REQUESTS_PER_ADDRESS_PER_HOUR = 5  # confirmation / reset links anyone can ask for
    TRUSTED_PROXY_COUNT = 0  # reverse proxies in front (login limits count per client address)
    SITE_URL: str | None = None  # e.g. https://counsel.example.cn, for links in mails

    MAIL_SENDER = "Counsel Directory <no-reply@counsel-directory.local>"
    MAIL_SMTP_HOST: str | None = None
    MAIL_SMTP_PORT = 587
    MAIL_SMTP_USERNAME: str | None = None
    MAIL_SMTP_PASSWORD: str | None = None
    MAIL_SMTP_STARTTLS = True
    MAIL_PRINT_TO_CONSOLE = True

    SIMULATOR_RECORDS_PATH: str | None = None  # default: instance/simulator-records.json

    ISSUER_CHANNEL_URLS: dict[str, str] = {}
    RECHECK_INTERVAL_DAYS: dict[str, int] = {}

    DEV_PAGES = False


class ProductionConfig(DefaultConfig):
    """Hardened cookie settings for a deployment behind HTTPS."""

    SESSION_COOKIE_SECURE = True
    MAIL_PRINT_TO_CONSOLE = False


def load_config(app: Any, overrides: dict[str, Any] | None) -> None:
    """Fill ``app.config``: defaults, instance files, environment, then ``overrides``.

    A test app (``TESTING`` in ``overrides``) ignores the developer's instance folder.
    """
    app.config.from_object(DefaultConfig)
    if os.environ.get("COUNSEL_ENV") == "production":
        app.config.from_object(ProductionConfig)
    if not (overrides or {}).get("TESTING"):
        app.config.from_pyfile("secrets.py", silent=True)
        app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("COUNSEL")
    if os.environ.get("DATABASE_URL") and "COUNSEL_DATABASE_URL" not in os.environ:
        app.config["DATABASE_URL"] = os.environ["DATABASE_URL"]
    if overrides:
        app.config.update(overrides)

    instance = Path(app.instance_path)
    app.config["DATABASE_URL"] = (
        app.config["DATABASE_URL"] or f"sqlite:///{instance / 'counsel.db'}"
    )
    app.config["SEARCH_INDEX_DIR"] = app.config["SEARCH_INDEX_DIR"] or str(
        instance / "search-index"
    )
    app.config["UPLOAD_DIR"] = app.config["UPLOAD_DIR"] or str(instance / "uploads")
    app.config["SIMULATOR_RECORDS_PATH"] = app.config["SIMULATOR_RECORDS_PATH"] or str(
        instance / "simulator-records.json"
    )


class MissingSecret(RuntimeError):
    """Raised at start-up when a required secret is not configured."""


def require_secrets(config: dict[str, Any]) -> None:
    """Refuse to start without the secret key and the resident-ID secret."""
    for name in ("SECRET_KEY", "RESIDENT_ID_SECRET"):
        if not config.get(name):
            raise MissingSecret(
                f"{name} is not set: export COUNSEL_{name}, or run `flask init-secrets` "
                "to generate development secrets into the instance folder."
            )
