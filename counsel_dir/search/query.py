"""Turning a client's words and filters into Whoosh queries (no query syntax is exposed).

Each word of the query must match (AND) in at least one field (OR): the name
(by its characters), the name's pinyin, the labels and synonyms of the
profile's issues, approaches, languages and place, their pinyin, or the bio.
Words are cut like indexed text is queried: normalized (traditional to
simplified, NFKC), jieba's precise mode, lower-cased, English stemmed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from whoosh.lang.porter import stem
from whoosh.matching.wrappers import RequireMatcher
from whoosh.query import And, NumericRange, Or, Query, Require, Term

from counsel_dir.directory import taxonomy
from counsel_dir.directory.terms import Vocabulary
from counsel_dir.search.analysis import ChineseTokenizer, normalize_query
from counsel_dir.search.normalize import is_han
from counsel_dir.search.params import TIERS, SearchParams

MAX_WORDS = 12
VOCABULARY_FIELDS = {
    Vocabulary.ISSUE: "issue",
    Vocabulary.APPROACH: "approach",
    Vocabulary.LANGUAGE: "language",
    Vocabulary.CITY: "city",
}
VOCABULARY_BOOST = 2.0

_tokenizer = ChineseTokenizer("precise")


@dataclass(frozen=True)
class QueryWord:
    """One word of a query: as typed (lower-cased) and as the text fields index it."""

    raw: str
    stemmed: str


def query_words(text: str) -> list[QueryWord]:
    """The words of a search box's text, in order, without stop words and duplicates."""
    words: list[QueryWord] = []
    seen: set[str] = set()
    for token in _tokenizer(normalize_query(text), mode="query"):
        raw = token.text
        if raw in seen:
            continue
        seen.add(raw)
        stemmed = stem(raw) if raw.isascii() and raw.isalpha() else raw
        words.append(QueryWord(raw, stemmed))
    return words[:MAX_WORDS]


def vocabulary_terms(text: str) -> list[tuple[str, str]]:
    """``(field, code)`` for each vocabulary entry ``text`` names (label, synonym, code).

    Synonyms are matched here rather than indexed: 焦虑症, panic and 焦慮
    all name the code ``anxiety``; a province names its cities.
    """
    found = []
    for code in sorted(taxonomy.resolve_term(text)):
        field_name = VOCABULARY_FIELDS.get(taxonomy.term(code).vocabulary)
        if field_name:
            found.append((field_name, code))
    return found


def _vocabulary_queries(text: str) -> list[Query]:
    return [Term(name, code, boost=VOCABULARY_BOOST) for name, code in vocabulary_terms(text)]


def _word_query(word: QueryWord) -> Query:
    alternatives: list[Query] = [
        Term("tags", word.stemmed),
        Term("bio", word.stemmed),
        *_vocabulary_queries(word.raw),
    ]
    if is_han(word.raw):
        if len(word.raw) == 1:
            alternatives.append(Term("name", word.raw))
        else:
            alternatives.append(
                Or([Term("name", word.raw), And([Term("name", char) for char in word.raw])])
            )
    else:
        alternatives += [
            Term("name", word.raw),
            Term("name_pinyin", word.raw),
            Term("tags_pinyin", word.raw),
        ]
    return Or(alternatives)


def text_query(words: list[QueryWord], text: str = "") -> Query | None:
    """All the words, each in any text field; None when there is no word to look for.

    When the whole ``text`` names a vocabulary entry ("low mood", "cognitive
    behavioural therapy"), profiles with that entry match too.
    """
    if not words:
        return None
    if len(words) == 1:
        return _word_query(words[0])
    every_word = And([_word_query(word) for word in words])
    whole = _vocabulary_queries(text) if text else []
    return Or([every_word, *whole]) if whole else every_word


def facet_queries(params: SearchParams) -> dict[str, Query]:
    """One query per active facet filter (tier means "at least this tier")."""
    queries: dict[str, Query] = {}
    for name, value in params.facet_filters().items():
        if name == "tier":
            queries[name] = Or([Term("tier", str(tier)) for tier in TIERS if tier <= int(value)])
        else:
            queries[name] = Term(name, value)
    return queries


def fee_query(params: SearchParams) -> Query | None:
    """Fee ranges that overlap the client's range; profiles without a fee do not match."""
    parts: list[Query] = []
    if params.fee_max is not None:
        parts.append(NumericRange("fee_min", None, params.fee_max))
    if params.fee_min is not None:
        parts.append(NumericRange("fee_max", params.fee_min, None))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(parts)


def combine(required: list[Query]) -> Query | None:
    """The conjunction of filter queries (None when there is none)."""
    if not required:
        return None
    return required[0] if len(required) == 1 else And(required)


class _AlignedRequireMatcher(RequireMatcher):
    """Whoosh's RequireMatcher fails an assertion when skipping blocks lands both
    sides on the same document; only look for the next common one if they differ."""

    def skip_to_quality(self, minquality: float) -> int:
        skipped = self.a.skip_to_quality(minquality)
        if self.a.is_active() and self.b.is_active() and self.a.id() != self.b.id():
            self.child._find_next()
        return skipped


class Filtered(Require):
    """Documents matching the text and the filters, scored by the text only."""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        scored = self.a.matcher(searcher, context)
        required = self.b.matcher(searcher, searcher.boolean_context())
        return _AlignedRequireMatcher(scored, required)


def scored_with_filters(text: Query, filters: Query | None) -> Query:
    """Documents matching text and filters, scored by the text only."""
    return text if filters is None else Filtered(text, filters)
