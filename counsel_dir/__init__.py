"""Counsel Directory: verified, tiered psychological counselors in China."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask

from counsel_dir.config import PROJECT_ROOT, load_config, require_secrets


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application; ``config`` overrides every other source (tests)."""
    app = Flask(
        __name__,
        instance_path=str(PROJECT_ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    load_config(app, config)
    require_secrets(app.config)
    app.logger.setLevel(logging.INFO)

    from counsel_dir import db, errors, extensions, housekeeping, i18n
    from counsel_dir.accounts import auth
    from counsel_dir.search import runtime as search_runtime

    db.init_app(app)
    i18n.init_app(app)
    extensions.init_app(app)
    auth.init_app(app)
    errors.init_app(app)
    search_runtime.init_app(app)
    _register_blueprints(app)
    _register_cli(app)
    housekeeping.init_app(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from counsel_dir.accounts.views import bp as accounts_bp
    from counsel_dir.api.views import bp as api_bp
    from counsel_dir.audit.views import bp as audit_bp
    from counsel_dir.directory.views import bp as directory_bp
    from counsel_dir.moderation.views import bp as moderation_bp
    from counsel_dir.notifications.views import bp as notifications_bp
    from counsel_dir.profiles.views import bp as profiles_bp
    from counsel_dir.verification import init_app as init_verification

    app.register_blueprint(directory_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(moderation_bp)
    app.register_blueprint(audit_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(profiles_bp)
    app.register_blueprint(api_bp)
    init_verification(app)


def _register_cli(app: Flask) -> None:
    from counsel_dir.cli import register

    register(app)
