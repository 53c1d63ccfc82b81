"""Locale selection and the translation markers shared by every feature."""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import Babel, refresh

from counsel_dir.markers import N_

__all__ = ["N_", "babel", "init_app", "select_locale"]

babel = Babel()

LANGUAGE_NAMES = {"zh_CN": "中文", "en": "English"}


def select_locale() -> str:
    """The ``lang`` query parameter (remembered in the session), else zh_CN.

    Outside a request (CLI jobs, background workers) it is the default locale.
    """
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    supported = current_app.config["LANGUAGES"]
    requested = request.args.get("lang")
    if requested in supported:
        session["lang"] = requested
        return requested
    remembered = session.get("lang")
    if remembered in supported:
        return remembered
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    """Register Flask-Babel with the project's catalogs and locale selector.

    The locale is chosen afresh for every request, also when several requests share one
    application context (the test client inside a test's context).
    """
    app.before_request(refresh)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(app.root_path.rstrip("/") + "/translations"),
    )
