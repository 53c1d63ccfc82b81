"""Relevance blended with tier: among similar matches a better-verified counselor ranks higher."""

from __future__ import annotations

from typing import Any

from whoosh.scoring import BM25F, BaseScorer

# Multiplier of the text score per tier (1 best); unknown tiers get the last.
TIER_FACTORS = {1: 1.3, 2: 1.15, 3: 1.0}
_MAX_FACTOR = max(TIER_FACTORS.values())
_DEFAULT_FACTOR = min(TIER_FACTORS.values())


def tier_factor(tier: int | None) -> float:
    """The score multiplier of a tier."""
    return TIER_FACTORS.get(tier or 0, _DEFAULT_FACTOR)


class TierBlendedScorer(BaseScorer):
    """BM25F's score of a term multiplied by the document's tier factor."""

    def __init__(self, inner: BaseScorer, tiers: Any) -> None:
        self.inner = inner
        self.tiers = tiers

    def supports_block_quality(self) -> bool:
        return self.inner.supports_block_quality()

    def score(self, matcher: Any) -> float:
        return self.inner.score(matcher) * tier_factor(self.tiers[matcher.id()])

    def max_quality(self) -> float:
        return self.inner.max_quality() * _MAX_FACTOR

    def block_quality(self, matcher: Any) -> float:
        return self.inner.block_quality(matcher) * _MAX_FACTOR


class TierBlendedBM25F(BM25F):
    """BM25F whose scores are scaled by each document's tier (column ``tier_rank``)."""

    def scorer(self, searcher: Any, fieldname: str, text: bytes, qf: int = 1) -> BaseScorer:
        inner = super().scorer(searcher, fieldname, text, qf=qf)
        tiers = searcher.reader().column_reader("tier_rank")
        return TierBlendedScorer(inner, tiers)
