"""``GET /api/v1/counselors``: the directory search as JSON, with the page's parameters."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, request, url_for
from flask_babel import get_locale

from counsel_dir.accounts.auth import public
from counsel_dir.api.serialize import counselor_json, facets_json
from counsel_dir.search.forms import SearchForm
from counsel_dir.search.services import PageOutOfRange, search

bp = Blueprint("api", __name__, url_prefix="/api/v1")

MAX_PER_PAGE = 50


def _bounded_int(name: str, default: int, high: int) -> int | None:
    raw = request.args.get(name, str(default))
    if not raw.isdigit() or not 1 <= int(raw) <= high:
        return None
    return int(raw)


@bp.route("/counselors")
@public
def counselors() -> tuple[dict[str, Any], int]:
    form = SearchForm(request.args)
    errors: dict[str, list[str]] = {}
    if not form.validate():
        errors = {
            name: [str(message) for message in messages] for name, messages in form.errors.items()
        }
    page = _bounded_int("page", 1, 100_000)
    if page is None:
        errors["page"] = ["page must be a whole number from 1 to 100000."]
    per_page = _bounded_int("per_page", current_app.config["SEARCH_PAGE_SIZE"], MAX_PER_PAGE)
    if per_page is None:
        errors["per_page"] = [f"per_page must be a whole number from 1 to {MAX_PER_PAGE}."]
    if errors:
        return {"error": "invalid parameters", "status": 400, "fields": errors}, 400
    with_facets = request.args.get("facets", "1") != "0"
    params = form.to_params(page or 1, per_page or 1, with_facets=with_facets)
    try:
        results = search(params)
    except PageOutOfRange:
        return {"error": "page past the last page of results", "status": 404}, 404
    locale = str(get_locale())
    body: dict[str, Any] = {
        "query": params.q,
        "filters": {name: getattr(params, name) for name in params.active_filters()},
        "sort": params.sort,
        "page": results.number,
        "per_page": results.per_page,
        "pages": results.pages,
        "total": results.total,
        "total_is_estimate": results.total_is_estimate,
        "did_you_mean": results.suggestion,
        "results": [
            counselor_json(counselor, results.snippets.get(counselor.id), locale)
            for counselor in results.items
        ],
        "facets": facets_json(results.facets, locale) if results.facets is not None else None,
        "links": {
            "html": url_for("directory.listing", **request.args.to_dict(), _external=False),
        },
    }
    return body, 200
