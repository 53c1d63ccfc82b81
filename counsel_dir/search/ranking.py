"""Relevance blended with tier: among similar matches a better-verified counselor ranks higher."""

from __future__ import annotations

import threading
from typing import Any

from whoosh.scoring import BM25F, BaseScorer

# Multiplier of the text score per tier (1 best); unknown tiers get the last.
TIER_FACTORS = {1: 1.3, 2: 1.15, 3: 1.0}
_MAX_FACTOR = max(TIER_FACTORS.values())
_DEFAULT_FACTOR = min(TIER_FACTORS.values())


def tier_factor(tier: int | None) -> float:
    """The score multiplier of a tier."""
    return TIER_FACTORS.get(tier or 0, _DEFAULT_FACTOR)


_factor_cache: dict[str, list[float]] = {}
_factor_lock = threading.Lock()


def segment_factors(reader: Any) -> list[float]:
    """Tier factor of every document of a segment, read once per segment from its column."""
    segment = reader.segment()
    key = segment.segment_id() if segment is not None else ""
    with _factor_lock:
        found = _factor_cache.get(key)
    if found is not None and key:
        return found
    column = reader.column_reader("tier_rank")
    factors = [tier_factor(tier) for tier in column]
    if key:
        with _factor_lock:
            if len(_factor_cache) > 256:
                _factor_cache.clear()
            _factor_cache[key] = factors
    return factors


class TierBlendedScorer(BaseScorer):
    """BM25F's score of a term multiplied by the document's tier factor."""

    def __init__(self, inner: BaseScorer, factors: list[float]) -> None:
        self.inner = inner
        self.factors = factors

    def supports_block_quality(self) -> bool:
        return self.inner.supports_block_quality()

    def score(self, matcher: Any) -> float:
        return self.inner.score(matcher) * self.factors[matcher.id()]

    def max_quality(self) -> float:
        return self.inner.max_quality() * _MAX_FACTOR

    def block_quality(self, matcher: Any) -> float:
        return self.inner.block_quality(matcher) * _MAX_FACTOR


class TierBlendedBM25F(BM25F):
    """BM25F whose scores are scaled by each document's tier (column ``tier_rank``)."""

    def scorer(self, searcher: Any, fieldname: str, text: bytes, qf: int = 1) -> BaseScorer:
        inner = super().scorer(searcher, fieldname, text, qf=qf)
        return TierBlendedScorer(inner, segment_factors(searcher.reader()))
