"""Every counselor id a Whoosh search matches (for checking it against FTS5)."""

from __future__ import annotations

from typing import Any

from counsel_dir.search.engine import matching_docnums
from counsel_dir.search.facets import set_bits
from counsel_dir.search.params import SearchParams


def whoosh_ids(searcher: Any, params: SearchParams) -> set[int]:
    """All matching counselor ids, unpaged."""
    bitmap = matching_docnums(searcher, params)
    data = bitmap.to_bytes((bitmap.bit_length() + 7) // 8 or 1, "little")
    numbers = searcher.reader().column_reader("num")
    return {int(numbers[docnum]) for docnum in set_bits(data, 0, None)}
