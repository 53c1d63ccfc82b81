"""Relevance blended with tier: among similar matches a better-verified counselor ranks higher."""

from __future__ import annotations

import threading
from typing import Any

from whoosh.scoring import BM25F, BaseScorer

# Multiplier of the text score per tier (1 best); unknown tiers get the last.
TIER_FACTORS = {1: 1.3, 2: 1.15, 3: 1.0}
# Sorting by tier first: factors far apart, so that any tier-1 match outranks any
# tier-2 match, relevance deciding within a tier, with block skipping still working.
TIER_FIRST_FACTORS = {1: 1e12, 2: 1e6, 3: 1.0}


def tier_factor(tier: int | None, factors: dict[int, float] = TIER_FACTORS) -> float:
    """The score multiplier of a tier."""
    return factors.get(tier or 0, min(factors.values()))


_factor_cache: dict[tuple[str, int], tuple[list[float], bool]] = {}
_factor_lock = threading.Lock()


def segment_factors(reader: Any, factors_by_tier: dict[int, float]) -> tuple[list[float], bool]:
    """Tier factor of every document of a segment (read once per segment from its column),
    and whether the factors never increase along the segment (documents in tier order)."""
    segment = reader.segment()
    key = (segment.segment_id() if segment is not None else "", id(factors_by_tier))
    with _factor_lock:
        found = _factor_cache.get(key)
    if found is not None and key[0]:
        return found
    column = reader.column_reader("tier_rank")
    factors = [tier_factor(tier, factors_by_tier) for tier in column]
    in_order = all(a >= b for a, b in zip(factors, factors[1:], strict=False))
    found = (factors, in_order)
    if key[0]:
        with _factor_lock:
            if len(_factor_cache) > 256:
                _factor_cache.clear()
            _factor_cache[key] = found
    return found


class TierBlendedScorer(BaseScorer):
    """BM25F's score of a term multiplied by the document's tier factor.

    A rebuild writes documents best tier first, so within a segment in tier
    order no document after the current one has a higher factor: the bound
    of a block is then the current document's factor, and blocks of lower
    tiers that cannot reach the page are skipped.
    """

    def __init__(
        self, inner: BaseScorer, factors: list[float], in_order: bool, max_factor: float
    ) -> None:
        self.inner = inner
        self.factors = factors
        self.in_order = in_order
        self.max_factor = max_factor

    def supports_block_quality(self) -> bool:
        return self.inner.supports_block_quality()

    def score(self, matcher: Any) -> float:
        return self.inner.score(matcher) * self.factors[matcher.id()]

    def max_quality(self) -> float:
        return self.inner.max_quality() * self.max_factor

    def block_quality(self, matcher: Any) -> float:
        factor = self.factors[matcher.id()] if self.in_order else self.max_factor
        return self.inner.block_quality(matcher) * factor


class TierBlendedBM25F(BM25F):
    """BM25F whose scores are scaled by each document's tier (column ``tier_rank``)."""

    factors = TIER_FACTORS

    def scorer(self, searcher: Any, fieldname: str, text: bytes, qf: int = 1) -> BaseScorer:
        inner = super().scorer(searcher, fieldname, text, qf=qf)
        factors, in_order = segment_factors(searcher.reader(), self.factors)
        return TierBlendedScorer(inner, factors, in_order, max(self.factors.values()))


class TierFirstBM25F(TierBlendedBM25F):
    """Tier first, then relevance (``sort=tier``)."""

    factors = TIER_FIRST_FACTORS
