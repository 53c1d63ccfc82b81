"""JSON shapes of the API: public listing fields only."""

from __future__ import annotations

from typing import Any

from flask import url_for
from markupsafe import Markup

from counsel_dir.directory import taxonomy
from counsel_dir.directory.models import Counselor


def _coded(codes: list[str], locale: str) -> list[dict[str, str]]:
    return [{"code": code, "label": taxonomy.label(code, locale)} for code in codes]


def counselor_json(counselor: Counselor, snippet: Markup | None, locale: str) -> dict[str, Any]:
    """A listed counselor as the API shows it (never private fields)."""
    return {
        "slug": counselor.slug,
        "display_name": counselor.display_name,
        "url": url_for("directory.profile", slug=counselor.slug),
        "tier": counselor.tier,
        "city": {"code": counselor.city, "label": taxonomy.label(counselor.city, locale)},
        "district": counselor.district,
        "gender": counselor.gender.value,
        "offers_online": counselor.offers_online,
        "offers_in_person": counselor.offers_in_person,
        "issues": _coded(counselor.issues, locale),
        "approaches": _coded(counselor.approaches, locale),
        "languages": _coded(counselor.languages, locale),
        "fee_min": counselor.fee_min,
        "fee_max": counselor.fee_max,
        "accepting_new_clients": counselor.accepting_new_clients,
        "snippet_html": str(snippet) if snippet else None,
    }


def facets_json(facets: dict[str, dict[str, int]], locale: str) -> dict[str, list[dict[str, Any]]]:
    """Facet counts as ``{facet: [{value, label, count}]}``, biggest first."""
    shaped: dict[str, list[dict[str, Any]]] = {}
    for name, counts in facets.items():
        ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        if name in ("tier", "mode", "gender", "accepting"):
            ordered = sorted(counts.items())
        shaped[name] = [
            {"value": value, "label": taxonomy.label(value, locale), "count": count}
            for value, count in ordered
        ]
    return shaped
