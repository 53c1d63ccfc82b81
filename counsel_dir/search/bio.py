"""The analyzer of the bio field: the index analyzer, cut sentence by sentence with a cache.

Imported listings share much of their wording (boilerplate sentences, the
vocabularies' labels), so the words of each sentence are cut once per
process and reused. Sentences end at Chinese or Latin end punctuation or a
line break, which jieba never joins across, so the words are the same as
cutting the whole text (a test compares them). Only indexing uses the cache:
with positions, character offsets or in query mode the plain analyzer runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from whoosh.analysis import Token, Tokenizer

from counsel_dir.search.analysis import index_analyzer

_SENTENCE_END = re.compile(r"(?<=[。！？；!?;\n])")
_CACHE_SIZE = 200_000


@lru_cache(maxsize=_CACHE_SIZE)
def _sentence_words(sentence: str) -> tuple[str, ...]:
    return tuple(token.text for token in index_analyzer()(sentence, mode="index"))


def sentences(text: str) -> list[str]:
    """``text`` split after each sentence end (nothing is dropped)."""
    return [piece for piece in _SENTENCE_END.split(text) if piece]


class CachedBioTokenizer(Tokenizer):
    """Index words of a bio (stemmed, nested words included), sentence by sentence."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CachedBioTokenizer)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        if positions or chars or keeporiginal or not removestops or not tokenize or mode == "query":
            yield from index_analyzer()(
                value,
                positions=positions,
                chars=chars,
                keeporiginal=keeporiginal,
                removestops=removestops,
                start_pos=start_pos,
                start_char=start_char,
                tokenize=tokenize,
                mode=mode,
                **kwargs,
            )
            return
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for sentence in sentences(value):
            for text in _sentence_words(sentence):
                token.text = text
                token.stopped = False
                token.boost = 1.0
                yield token


def bio_analyzer() -> CachedBioTokenizer:
    """For the bio field (indexed without positions)."""
    return CachedBioTokenizer()
