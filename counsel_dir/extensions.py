"""Small Flask extensions shared by every feature: CSRF, security headers, template helpers."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

csrf = CSRFProtect()

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'self'"
    ),
}


def init_app(app: Flask) -> None:
    """CSRF on every state-changing request, safe headers on every response."""
    csrf.init_app(app)
    if app.config["TRUSTED_PROXY_COUNT"]:  # the client address comes from X-Forwarded-For
        count = int(app.config["TRUSTED_PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    @app.after_request
    def _security_headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    from counsel_dir import template_helpers

    template_helpers.init_app(app)

    @app.context_processor
    def _inject_languages() -> dict[str, Any]:
        from counsel_dir.i18n import LANGUAGE_NAMES

        return {"language_names": LANGUAGE_NAMES}
