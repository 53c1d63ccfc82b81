"""The search as the pages and the API use it: one call, one page of listed counselors.

Free text (or a filter on issue, approach or language) goes to the index;
filters alone on indexed columns (city, tier, mode, gender, fee, accepting)
go to SQL. Either way the page's counselors are loaded from the database and
only listed ones are kept, so an unlisted, suspended or deleted profile
disappears from results at once, before the indexer has caught up.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup
from sqlalchemy import Select, func, select

from counsel_dir.db import session
from counsel_dir.directory.models import Counselor, Gender
from counsel_dir.pagination import PageNumbers
from counsel_dir.search import indexer
from counsel_dir.search.engine import Hits, count_facets, search_index
from counsel_dir.search.highlight import snippet
from counsel_dir.search.params import SearchParams
from counsel_dir.search.runtime import ready_store
from counsel_dir.search.store import IndexUnavailable

log = logging.getLogger(__name__)


class PageOutOfRange(LookupError):
    """The requested page is past the last page of results."""


@dataclass
class SearchPage(PageNumbers):
    """One page of results, ready to render or serialize."""

    params: SearchParams
    items: list[Counselor]
    total: int
    total_is_estimate: bool = False
    snippets: dict[int, Markup] = field(default_factory=dict)
    facets: dict[str, dict[str, int]] | None = None
    suggestion: str | None = None
    served_by: str = "index"

    @property
    def number(self) -> int:
        return self.params.page

    @property
    def per_page(self) -> int:
        return self.params.per_page


def search(params: SearchParams) -> SearchPage:
    """Run a search; PageOutOfRange when ``params.page`` is past the last page."""
    if params.served_by_sql:
        page = _search_sql(params)
    else:
        page = _search_index(params)
    if params.page > page.pages:
        raise PageOutOfRange(params.page)
    return page


def _load_listed(ids: list[int]) -> list[Counselor]:
    if not ids:
        return []
    # Listing is checked in Python: with "is_listed" in the WHERE clause SQLite
    # may scan the listing index instead of looking the ids up by primary key.
    found = session.scalars(select(Counselor).where(Counselor.id.in_(ids))).all()
    by_id = {counselor.id: counselor for counselor in found if counselor.is_listed}
    return [by_id[counselor_id] for counselor_id in ids if counselor_id in by_id]


def _searcher() -> Any:
    """This thread's searcher; an index that vanished since start-up is rebuilt first."""
    store = ready_store()
    try:
        return store.searcher()
    except IndexUnavailable:
        log.warning("search_index_vanished")
        indexer.ensure(store)
        return store.searcher()


def _search_index(params: SearchParams) -> SearchPage:
    hits: Hits = search_index(_searcher(), params)
    items = _load_listed(hits.ids)
    snippets = {}
    if hits.words:
        snippets = {c.id: snippet(c.bio, hits.words) for c in items if c.bio}
    return SearchPage(
        params=params,
        items=items,
        total=hits.total,
        total_is_estimate=hits.total_is_estimate,
        snippets=snippets,
        facets=hits.facets,
        suggestion=hits.suggestion,
    )


def _sql_filters(statement: Select[tuple[Counselor]], params: SearchParams) -> Select:
    statement = statement.where(Counselor.is_listed.is_(True))
    if params.tier is not None:
        statement = statement.where(Counselor.tier <= params.tier)
    if params.city:
        statement = statement.where(Counselor.city == params.city)
    if params.mode == "online":
        statement = statement.where(Counselor.offers_online.is_(True))
    elif params.mode == "in_person":
        statement = statement.where(Counselor.offers_in_person.is_(True))
    if params.gender:
        statement = statement.where(Counselor.gender == Gender(params.gender))
    if params.accepting:
        statement = statement.where(Counselor.accepting_new_clients.is_(True))
    if params.fee_max is not None:
        statement = statement.where(Counselor.fee_min <= params.fee_max)
    if params.fee_min is not None:
        statement = statement.where(
            func.coalesce(Counselor.fee_max, Counselor.fee_min) >= params.fee_min
        )
    return statement


def _search_sql(params: SearchParams) -> SearchPage:
    total = session.scalar(_sql_filters(select(func.count(Counselor.id)), params)) or 0
    items = list(
        session.scalars(
            _sql_filters(select(Counselor), params)
            .order_by(Counselor.tier, Counselor.id)
            .limit(params.per_page)
            .offset((params.page - 1) * params.per_page)
        )
    )
    facets = None
    if params.with_facets:
        facets = _index_facets(params)
    return SearchPage(params=params, items=items, total=total, facets=facets, served_by="sql")


def _index_facets(params: SearchParams) -> dict[str, dict[str, int]] | None:
    """Facet counts from the index for a filters-only search (None if the index is down)."""
    try:
        _total, facets = count_facets(_searcher(), params)
    except IndexUnavailable:
        log.warning("search_facets_unavailable")
        return None
    return facets
