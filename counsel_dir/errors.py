"""Error pages: every failure is a page in the visitor's language, never a traceback."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from counsel_dir.db import session


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def init_app(app: Flask) -> None:
    """Render HTTP errors with the site's templates (JSON under /api/)."""

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> tuple[object, int]:
        code = error.code or 500
        if _wants_json():
            return {"error": error.name, "status": code}, code
        return render_template("errors/error.html", error=error, code=code), code

    @app.errorhandler(CSRFError)
    def _csrf_error(error: CSRFError) -> tuple[object, int]:
        if _wants_json():
            return {"error": "CSRF token missing or invalid", "status": 400}, 400
        return render_template("errors/error.html", error=error, code=400), 400

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> tuple[object, int]:
        session.rollback()
        app.logger.exception("unhandled_error path=%s", request.path)
        wrapped = InternalServerError()
        if _wants_json():
            return {"error": wrapped.name, "status": 500}, 500
        return render_template("errors/error.html", error=wrapped, code=500), 500
