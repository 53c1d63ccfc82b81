"""Every counselor id a Whoosh search matches (for checking it against FTS5)."""

from __future__ import annotations

from typing import Any

from whoosh.query import Every

from counsel_dir.search.params import SearchParams
from counsel_dir.search.query import (
    combine,
    facet_queries,
    fee_query,
    query_words,
    scored_with_filters,
    text_query,
)


def whoosh_ids(searcher: Any, params: SearchParams) -> set[int]:
    """All matching counselor ids, unpaged."""
    text = text_query(query_words(params.q), params.q)
    fee = fee_query(params)
    filters = combine([*facet_queries(params).values(), *([fee] if fee is not None else [])])
    if text is not None:
        query = scored_with_filters(text, filters)
    else:
        query = filters if filters is not None else Every()
    numbers = searcher.reader().column_reader("num")
    return {int(numbers[docnum]) for docnum in searcher.docs_for_query(query)}
