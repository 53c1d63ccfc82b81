"""Running a search on the index: matching ids for a page, the total, facets, did-you-mean."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from whoosh.query import Every, Query
from whoosh.sorting import FieldFacet, ScoreFacet

from counsel_dir.search.facets import bitmap_of, facet_bitmaps
from counsel_dir.search.params import SearchParams
from counsel_dir.search.query import (
    QueryWord,
    combine,
    facet_queries,
    fee_query,
    query_words,
    scored_with_filters,
    text_query,
)


@dataclass
class Hits:
    """One page of matches (counselor ids in rank order) and what is known about the rest."""

    ids: list[int]
    total: int
    total_is_estimate: bool
    words: list[QueryWord] = field(default_factory=list)
    facets: dict[str, dict[str, int]] | None = None
    suggestion: str | None = None


def _sortedby(params: SearchParams, scored: bool) -> Any:
    if not scored:
        return [FieldFacet("tier_rank"), FieldFacet("num")]
    if params.sort == "tier":
        return [FieldFacet("tier_rank"), ScoreFacet(), FieldFacet("num")]
    return None


def search_index(searcher: Any, params: SearchParams) -> Hits:
    """Run ``params`` on ``searcher``; a page past the end gives no ids (the caller 404s)."""
    words = query_words(params.q)
    text = text_query(words, params.q)
    facets = facet_queries(params)
    fee = fee_query(params)
    filters = combine([*facets.values(), *([fee] if fee is not None else [])])
    if text is not None:
        main: Query = scored_with_filters(text, filters)
    else:
        main = filters if filters is not None else Every()
    end = params.page * params.per_page
    results = searcher.search(
        main,
        limit=end,
        sortedby=_sortedby(params, scored=text is not None),
        terms=False,
    )
    start = (params.page - 1) * params.per_page
    ids = [int(hit["id"]) for hit in results[start:end]]
    if results.has_exact_length():
        total, estimate = len(results), False
    else:
        total, estimate = results.estimated_length(), True
    hits = Hits(ids=ids, total=total, total_is_estimate=estimate, words=words)
    if params.with_facets:
        hits.total, hits.facets = count_facets(searcher, params, text, fee)
        hits.total_is_estimate = False
    if hits.total == 0 and words:
        hits.suggestion = suggest(searcher, params, words)
    return hits


def count_facets(
    searcher: Any, params: SearchParams, text: Query | None = None, fee: Query | None = None
) -> tuple[int, dict[str, dict[str, int]]]:
    """The exact number of results and the facet counts (text and fee given, or from params)."""
    if text is None and fee is None:
        text, fee = text_query(query_words(params.q), params.q), fee_query(params)
    base_query = _base_query(text, fee)
    bitmaps = facet_bitmaps(searcher)
    if base_query is None:
        base = bitmaps.live
    else:
        base = bitmap_of(searcher.docs_for_query(base_query), bitmaps.size)
    return bitmaps.counts(base, params.facet_filters())


def _base_query(text: Query | None, fee: Query | None) -> Query | None:
    if text is None:
        return fee
    if fee is None:
        return text
    return scored_with_filters(text, fee)


def suggest(searcher: Any, params: SearchParams, words: list[QueryWord]) -> str | None:
    """A corrected query (misspelt English or pinyin words replaced) that finds something."""
    corrector = searcher.corrector("spell")
    reader = searcher.reader()
    changed = False
    corrected: list[str] = []
    for word in words:
        replacement = word.raw
        if word.raw.isascii() and word.raw.isalpha() and len(word.raw) > 2:
            known = reader.frequency("spell", word.raw) > 0
            if not known:
                options = corrector.suggest(word.raw, limit=1, maxdist=2)
                if options:
                    replacement, changed = options[0], True
        corrected.append(replacement)
    if not changed:
        return None
    candidate = " ".join(corrected)
    retry = params.but(q=candidate, page=1, with_facets=False)
    text = text_query(query_words(candidate), candidate)
    if text is None:
        return None
    fee = fee_query(retry)
    filters = combine([*facet_queries(retry).values(), *([fee] if fee is not None else [])])
    found = searcher.search(scored_with_filters(text, filters), limit=1, terms=False)
    return candidate if found.scored_length() else None
