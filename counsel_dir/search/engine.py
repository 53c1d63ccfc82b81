"""Running a search on the index: matching ids for a page, the total, facets, did-you-mean.

Free text is scored by Whoosh (top N only, skipping blocks that cannot make
the page); every filter is a bitmap (``facets.py``) handed to Whoosh as the
set of allowed documents. Filters without text never touch Whoosh's
matchers: the page is read off the bitmaps, tier by tier.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from whoosh.searching import Searcher
from whoosh.spelling import ListCorrector

from counsel_dir.search.facets import BitmapDocs, FacetBitmaps, bitmap_of, facet_bitmaps, set_bits
from counsel_dir.search.params import TIERS, SearchParams
from counsel_dir.search.query import QueryWord, query_words, text_query
from counsel_dir.search.ranking import TierFirstBM25F
from counsel_dir.search.schema import vocabulary_spellings


@dataclass
class Hits:
    """One page of matches (counselor ids in rank order) and what is known about the rest."""

    ids: list[int]
    total: int
    total_is_estimate: bool
    words: list[QueryWord] = field(default_factory=list)
    facets: dict[str, dict[str, int]] | None = None
    suggestion: str | None = None


def _counselor_ids(searcher: Any, docnums: list[int]) -> list[int]:
    numbers = searcher.reader().column_reader("num")
    return [int(numbers[docnum]) for docnum in docnums]


def _browse(searcher: Any, bitmaps: FacetBitmaps, allowed: int, params: SearchParams) -> Hits:
    """Filters only: best tier first, then index order (ids for a fresh index)."""
    skip = (params.page - 1) * params.per_page
    wanted = params.per_page
    docnums: list[int] = []
    total = 0
    for tier in TIERS:
        in_tier = allowed & bitmaps.filter_bitmap("tier", str(tier)) & ~_better(bitmaps, tier)
        count = in_tier.bit_count()
        total += count
        if wanted and skip < count:
            data = in_tier.to_bytes((in_tier.bit_length() + 7) // 8 or 1, "little")
            found = set_bits(data, skip, wanted)
            docnums += found
            wanted -= len(found)
            skip = 0
        else:
            skip = max(0, skip - count)
    return Hits(ids=_counselor_ids(searcher, docnums), total=total, total_is_estimate=False)


def _better(bitmaps: FacetBitmaps, tier: int) -> int:
    return bitmaps.filter_bitmap("tier", str(tier - 1)) if tier > 1 else 0


def _scored(searcher: Any, text: Any, allowed: int | None, params: SearchParams) -> Hits:
    end = params.page * params.per_page
    if params.sort == "tier":
        searcher = Searcher(searcher.reader(), weighting=TierFirstBM25F(), closereader=False)
    results = searcher.search(
        text,
        limit=end,
        filter=BitmapDocs(allowed) if allowed is not None else None,
        terms=False,
    )
    start = (params.page - 1) * params.per_page
    ids = [int(hit["id"]) for hit in results[start:end]]
    if results.has_exact_length():
        return Hits(ids=ids, total=len(results), total_is_estimate=False)
    return Hits(ids=ids, total=results.estimated_length(), total_is_estimate=True)


def search_index(searcher: Any, params: SearchParams) -> Hits:
    """Run ``params`` on ``searcher``; a page past the end gives no ids (the caller 404s)."""
    words = query_words(params.q)
    text = text_query(words, params.q)
    bitmaps = facet_bitmaps(searcher)
    allowed = bitmaps.allowed(params)
    if text is None:
        hits = _browse(searcher, bitmaps, bitmaps.live if allowed is None else allowed, params)
    elif allowed is not None and not allowed:
        hits = Hits(ids=[], total=0, total_is_estimate=False)
    else:
        hits = _scored(searcher, text, allowed, params)
    hits.words = words
    if params.with_facets:
        hits.total, hits.facets = count_facets(searcher, params, text)
        hits.total_is_estimate = False
    if hits.total == 0 and words:
        hits.suggestion = suggest(searcher, params, words)
    return hits


def text_bitmap(searcher: Any, text: Any, bitmaps: FacetBitmaps) -> int:
    """Every document the text matches, as a bitmap."""
    return bitmap_of(searcher.docs_for_query(text), bitmaps.size)


def count_facets(
    searcher: Any, params: SearchParams, text: Any = None
) -> tuple[int, dict[str, dict[str, int]]]:
    """The exact number of results and the facet counts."""
    if text is None:
        text = text_query(query_words(params.q), params.q)
    bitmaps = facet_bitmaps(searcher)
    matches = None if text is None else text_bitmap(searcher, text, bitmaps)
    return bitmaps.counts(bitmaps.base(params, matches), params.facet_filters())


def matching_docnums(searcher: Any, params: SearchParams) -> int:
    """Every document the search matches (unpaged), as a bitmap: for checks and benchmarks."""
    bitmaps = facet_bitmaps(searcher)
    text = text_query(query_words(params.q), params.q)
    matches = bitmaps.live if text is None else text_bitmap(searcher, text, bitmaps)
    allowed = bitmaps.allowed(params)
    return matches & bitmaps.live & (bitmaps.live if allowed is None else allowed)


def suggest(searcher: Any, params: SearchParams, words: list[QueryWord]) -> str | None:
    """A corrected query (misspelt English or pinyin words replaced) that finds something."""
    vocabulary = vocabulary_spellings()
    correctors = (searcher.corrector("spell"), ListCorrector(vocabulary))
    reader = searcher.reader()
    changed = False
    corrected: list[str] = []
    for word in words:
        replacement = word.raw
        if word.raw.isascii() and word.raw.isalpha() and len(word.raw) > 2:
            known = word.raw in vocabulary or reader.frequency("spell", word.raw) > 0
            if not known:
                found = _closest(correctors, word.raw)
                if found:
                    replacement, changed = found, True
        corrected.append(replacement)
    if not changed:
        return None
    candidate = " ".join(corrected)
    retry = params.but(q=candidate, page=1, per_page=1, with_facets=False, sort="relevance")
    return candidate if matching_docnums(searcher, retry) else None


def _closest(correctors: tuple[Any, ...], word: str) -> str | None:
    """The nearest known word (edit distance 1 before 2), from the index or the vocabularies."""
    for distance in (1, 2):
        for corrector in correctors:
            options = corrector.suggest(word, limit=1, maxdist=distance)
            if options:
                return options[0]
    return None
