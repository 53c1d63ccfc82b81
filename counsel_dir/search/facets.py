"""Filters and facet counts from per-segment bitmaps.

For every facet value the set of documents holding it is kept as a Python
integer used as a bitmap (bit n = document n). Bitmaps are built once per
index segment and reused while the segment lives, so a refreshed searcher
only pays for its new, small segments. Counting is then an AND and a
popcount per value, whatever the number of results.

Counts are "disjunctive": the counts of a facet apply every other active
filter but not the facet's own, so they say what choosing another value
would give instead of the current one.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from whoosh.idsets import DocIdSet

from counsel_dir.search.params import TIERS, SearchParams
from counsel_dir.search.schema import BITMAP_FIELDS, FACET_FIELDS

Bitmaps = dict[str, dict[str, int]]

_segment_cache: dict[str, Bitmaps] = {}
_live_cache: dict[tuple[str, int], int] = {}
_cache_lock = threading.Lock()
_MAX_CACHED_SEGMENTS = 64


def bitmap_of(docnums: Iterable[int], size: int) -> int:
    """A bitmap with the bits of ``docnums`` set."""
    buffer = bytearray((size >> 3) + 1)
    for docnum in docnums:
        buffer[docnum >> 3] |= 1 << (docnum & 7)
    return int.from_bytes(buffer, "little")


def _segment_id(reader: Any) -> str:
    return reader.segment().segment_id()


def _segment_bitmaps(reader: Any) -> Bitmaps:
    key = _segment_id(reader)
    with _cache_lock:
        found = _segment_cache.get(key)
    if found is not None:
        return found
    size = reader.doc_count_all()
    bitmaps: Bitmaps = {}
    for name in BITMAP_FIELDS:
        values: dict[str, int] = {}
        for term in reader.lexicon(name):
            value = term.decode("utf-8") if isinstance(term, bytes) else str(term)
            values[value] = bitmap_of(reader.postings(name, term).all_ids(), size)
        bitmaps[name] = values
    with _cache_lock:
        if len(_segment_cache) >= _MAX_CACHED_SEGMENTS:
            _segment_cache.clear()
            _live_cache.clear()
        _segment_cache[key] = bitmaps
    return bitmaps


def _live_bitmap(reader: Any) -> int:
    segment = reader.segment()
    key = (_segment_id(reader), segment.deleted_count())
    with _cache_lock:
        found = _live_cache.get(key)
    if found is not None:
        return found
    size = reader.doc_count_all()
    live = (1 << size) - 1
    if segment.has_deletions():
        live &= ~bitmap_of(segment.deleted_docs(), size)
    with _cache_lock:
        _live_cache[key] = live
    return live


class FacetBitmaps:
    """The bitmaps of a whole searcher (all segments at their offsets)."""

    def __init__(self, searcher: Any) -> None:
        self.size = searcher.doc_count_all()
        self.live = 0
        self.values: Bitmaps = {name: {} for name in BITMAP_FIELDS}
        for reader, offset in searcher.reader().leaf_readers():
            if reader.doc_count_all() == 0:
                continue
            self.live |= _live_bitmap(reader) << offset
            for name, values in _segment_bitmaps(reader).items():
                merged = self.values[name]
                for value, bitmap in values.items():
                    merged[value] = merged.get(value, 0) | (bitmap << offset)

    def filter_bitmap(self, name: str, value: str) -> int:
        """Documents passing one filter (tier N means tiers 1..N)."""
        values = self.values.get(name, {})
        if name == "tier":
            bitmap = 0
            for tier in TIERS:
                if tier <= int(value):
                    bitmap |= values.get(str(tier), 0)
            return bitmap
        return values.get(value, 0)

    def fee_bitmap(self, params: SearchParams) -> int | None:
        """Profiles whose fee range overlaps the client's, or None without a fee filter."""
        if params.fee_min is None and params.fee_max is None:
            return None
        bitmap = self.live
        if params.fee_max is not None:
            bitmap &= _union(self.values["fee_lo"], lambda fee: fee <= params.fee_max)
        if params.fee_min is not None:
            bitmap &= _union(self.values["fee_hi"], lambda fee: fee >= params.fee_min)
        return bitmap

    def base(self, params: SearchParams, text_matches: int | None) -> int:
        """Live documents matching the text (if any) and the fee range (not a facet)."""
        base = self.live if text_matches is None else text_matches & self.live
        fee = self.fee_bitmap(params)
        return base if fee is None else base & fee

    def allowed(self, params: SearchParams) -> int | None:
        """Documents passing every filter of ``params``, or None when there is no filter."""
        masks = [self.filter_bitmap(name, value) for name, value in params.facet_filters().items()]
        fee = self.fee_bitmap(params)
        if fee is not None:
            masks.append(fee)
        if not masks:
            return None
        allowed = self.live
        for mask in masks:
            allowed &= mask
        return allowed

    def counts(
        self, base: int, filters: Mapping[str, str]
    ) -> tuple[int, dict[str, dict[str, int]]]:
        """The exact number of results and, per facet, the count of each value."""
        masks = {name: self.filter_bitmap(name, value) for name, value in filters.items()}
        matched = base & self.live
        for mask in masks.values():
            matched &= mask
        facets: dict[str, dict[str, int]] = {}
        for name in FACET_FIELDS:
            others = base & self.live
            for other, mask in masks.items():
                if other != name:
                    others &= mask
            if name == "tier":
                facets[name] = {
                    str(tier): (others & self.filter_bitmap("tier", str(tier))).bit_count()
                    for tier in TIERS
                }
            else:
                counts = {
                    value: (others & bitmap).bit_count()
                    for value, bitmap in self.values[name].items()
                }
                facets[name] = {value: count for value, count in counts.items() if count}
        return matched.bit_count(), facets


def _union(values: dict[str, int], keep: Any) -> int:
    bitmap = 0
    for value, mask in values.items():
        if value.isdigit() and keep(int(value)):
            bitmap |= mask
    return bitmap


class BitmapDocs(DocIdSet):
    """A bitmap seen by Whoosh as a set of document numbers (a search filter)."""

    def __init__(self, bitmap: int) -> None:
        self.bitmap = bitmap
        self.data = bitmap.to_bytes((bitmap.bit_length() + 7) // 8 or 1, "little")

    def __contains__(self, docnum: int) -> bool:
        index = docnum >> 3
        return index < len(self.data) and bool(self.data[index] >> (docnum & 7) & 1)

    def __iter__(self) -> Iterator[int]:
        return iter(set_bits(self.data, 0, None))

    def __len__(self) -> int:
        return self.bitmap.bit_count()

    def __bool__(self) -> bool:
        return True


def set_bits(data: bytes, skip: int, count: int | None) -> list[int]:
    """Positions of set bits in ascending order, after skipping ``skip`` of them."""
    found: list[int] = []
    seen = 0
    for index, byte in enumerate(data):
        if not byte:
            continue
        ones = byte.bit_count()
        if seen + ones <= skip:
            seen += ones
            continue
        for bit in range(8):
            if byte >> bit & 1:
                if seen >= skip:
                    found.append(index * 8 + bit)
                    if count is not None and len(found) == count:
                        return found
                seen += 1
    return found


_by_searcher: dict[int, tuple[Any, FacetBitmaps]] = {}


def facet_bitmaps(searcher: Any) -> FacetBitmaps:
    """The bitmaps for a searcher, built once per searcher (cheap after a refresh)."""
    key = id(searcher)
    with _cache_lock:
        found = _by_searcher.get(key)
    if found is not None and found[0] is searcher:
        return found[1]
    bitmaps = FacetBitmaps(searcher)
    with _cache_lock:
        if len(_by_searcher) > 16:
            _by_searcher.clear()
        _by_searcher[key] = (searcher, bitmaps)
    return bitmaps
