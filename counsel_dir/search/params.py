"""What a client asks the search for: free text, filters, sort order and page."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

SORTS = ("relevance", "tier")
MODES = ("online", "in_person")
GENDERS = ("female", "male")
TIERS = (1, 2, 3)

# Filters that SQL answers from indexed columns when there is no free text.
SQL_FILTERS = frozenset({"tier", "city", "mode", "gender", "accepting", "fee_min", "fee_max"})


@dataclass(frozen=True)
class SearchParams:
    """A validated search request (see ``forms.SearchForm`` for the rules)."""

    q: str = ""
    tier: int | None = None
    city: str | None = None
    mode: str | None = None
    issue: str | None = None
    approach: str | None = None
    language: str | None = None
    gender: str | None = None
    fee_min: int | None = None
    fee_max: int | None = None
    accepting: bool = False
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    with_facets: bool = True
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def facet_filters(self) -> dict[str, str]:
        """Active filters on facet fields, as index field name → value."""
        found: dict[str, str] = {}
        if self.tier is not None:
            found["tier"] = str(self.tier)
        for name in ("city", "mode", "issue", "approach", "language", "gender"):
            value = getattr(self, name)
            if value:
                found[name] = value
        if self.accepting:
            found["accepting"] = "yes"
        return found

    def active_filters(self) -> list[str]:
        """Names of the filters in use (request parameter names)."""
        names = [name for name in self.facet_filters() if name != "accepting"]
        if self.accepting:
            names.append("accepting")
        names += [name for name in ("fee_min", "fee_max") if getattr(self, name) is not None]
        return names

    @property
    def has_text(self) -> bool:
        return bool(self.q.strip())

    @property
    def served_by_sql(self) -> bool:
        """No free text and only filters on indexed columns: SQL is the fastest way."""
        return not self.has_text and set(self.active_filters()) <= SQL_FILTERS

    def but(self, **changes: Any) -> SearchParams:
        """A copy with some parameters changed."""
        return replace(self, **changes)
