"""Turning a client's words and filters into Whoosh queries (no query syntax is exposed).

Each word of the query must match (AND) in at least one field (OR): the name
(by its characters), the name's pinyin, the labels and synonyms of the
profile's issues, approaches, languages and place, their pinyin, or the bio.
Words are cut like indexed text is queried: normalized (traditional to
simplified, NFKC), jieba's precise mode, lower-cased, English stemmed.
"""

from __future__ import annotations

from dataclasses import dataclass

from whoosh.lang.porter import stem
from whoosh.query import And, Or, Query, Term

from counsel_dir.directory import taxonomy
from counsel_dir.directory.terms import Vocabulary
from counsel_dir.search.analysis import ChineseTokenizer, normalize_query
from counsel_dir.search.normalize import is_han

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
        field_name = "name" if len(word.raw) == 1 else "name_parts"
        alternatives.append(Term(field_name, word.raw))
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
