"""Whoosh analysis for Chinese (and some English) counselor profiles.

Text is normalized (NFKC, traditional to simplified) and cut into words by a
private jieba tokenizer that knows the field's vocabulary (``userdict.txt``).

* Indexing cuts precisely and also indexes the dictionary words contained in
  each word, like jieba's search mode: 婚姻家庭 gives 婚姻, 家庭 and 婚姻家庭,
  and 认知行为疗法 gives 认知行为 too (jieba's own search mode stops at
  three characters). Domain words from the user dictionary are indexed even
  where jieba's cut runs across them (精神 / 动力学取向 still gives
  精神动力学). Contained words share the position of the word they start in,
  so phrase queries still line up with precisely cut queries.
* Querying (Whoosh passes ``mode="query"``) cuts precisely, so a query word
  is matched whole.
* Latin words are lower-cased; purely alphabetic ones get Porter stemming
  (anxiety and anxieties match), marked as morphology so that spelling
  suggestions see the unstemmed words. Tokens without a letter or digit
  (punctuation, spaces) are dropped; a few function words are stop words.
* Character offsets point into the original text even where normalization
  changed lengths, so highlighting marks the right characters.

``userdict.txt`` lists the directory's Chinese terms (every Chinese label and
synonym in ``counsel_dir.directory.taxonomy``, place names, profession terms),
one per line; jieba picks their frequencies. The analyzers are stored in the
index's schema by import path: moving them means rebuilding the index.
"""

from __future__ import annotations

import logging
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from whoosh.analysis import Filter, Token, Tokenizer
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.analysis.filters import STOP_WORDS
from whoosh.lang.porter import stem

from counsel_dir.search.normalize import (
    HAN_RUN_OR_WORD,
    MAX_QUERY_LENGTH,
    fold_for_suggestions,
    is_han,
    normalize_query,
    normalize_text,
    to_simplified,
)
from counsel_dir.search.pinyin import name_pinyin_terms, text_pinyin

__all__ = [
    "MAX_QUERY_LENGTH",
    "STOP_LIST",
    "USER_DICTIONARY",
    "ChineseTokenizer",
    "LatinStemFilter",
    "NameTokenizer",
    "fold_for_suggestions",
    "index_analyzer",
    "name_analyzer",
    "name_pinyin_terms",
    "normalize_query",
    "query_analyzer",
    "segment",
    "text_pinyin",
    "to_simplified",
    "warm_up",
]

USER_DICTIONARY = Path(__file__).with_name("userdict.txt")

CHINESE_STOP_WORDS = frozenset(
    "的 地 得 了 着 吗 呢 吧 啊 呀 和 与 及 或 之 也 都 就 很 是 在 我 你 您 他 她 它 "
    "我们 你们 他们 这 那 这个 那个 一个 什么 怎么".split()
)
STOP_LIST = CHINESE_STOP_WORDS | STOP_WORDS


class _Segmenter:
    """A private jieba tokenizer plus the words of the user dictionary."""

    def __init__(self) -> None:
        # jieba 0.42 has invalid escape sequences in its source (a warning
        # whenever it is compiled without a cached .pyc) and may import the
        # deprecated pkg_resources; neither may fail a run with warnings as errors.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import jieba

            logging.getLogger("jieba").setLevel(logging.WARNING)
            self.jieba = jieba.Tokenizer()
            self.jieba.initialize()
            with USER_DICTIONARY.open("rb") as dictionary:
                self.jieba.load_userdict(dictionary)
        lines = USER_DICTIONARY.read_text(encoding="utf-8").splitlines()
        self.domain_words = frozenset(line.split()[0] for line in lines if line.strip())

    def precise(self, text: str) -> list[tuple[str, int, int]]:
        return list(self.jieba.tokenize(text, mode="default"))

    def jieba_search(self, text: str) -> list[tuple[str, int, int]]:
        return list(self.jieba.tokenize(text, mode="search"))

    def word_graph(self, text: str) -> dict[int, list[int]]:
        """For each offset, the last offsets of the dictionary words starting there."""
        return self.jieba.get_DAG(text)

    def contained_words(
        self, text: str, graph: dict[int, list[int]], start: int, end: int
    ) -> list[tuple[str, int, int]]:
        """Dictionary words starting inside ``text[start:end]`` (a precise word), itself excluded.

        Words inside it are all kept; words running past its end only if they
        are domain words, so that 精神动力学 is still found in 精神动力学取向
        when jieba cuts that as 精神 / 动力学取向.
        """
        found = []
        for first in range(start, end):
            for last in graph.get(first, ()):
                stop = last + 1
                piece = text[first:stop]
                if stop - first < 2 or (first == start and stop == end) or not is_han(piece):
                    continue
                if stop <= end or piece in self.domain_words:
                    found.append((piece, first, stop))
        return sorted(found, key=lambda item: (item[1], item[2]))


_segmenter_instance: _Segmenter | None = None
_segmenter_lock = threading.Lock()


def _segmenter() -> _Segmenter:
    """The process's segmenter, built on first use (about a second)."""
    global _segmenter_instance
    if _segmenter_instance is None:
        with _segmenter_lock:
            if _segmenter_instance is None:
                _segmenter_instance = _Segmenter()
    return _segmenter_instance


def warm_up() -> None:
    """Load the segmenter and the converter now rather than on the first request."""
    _segmenter()
    to_simplified("繁體")


Piece = tuple[str, int, int]


def _cut(text: str, *, contained: bool) -> Iterator[tuple[Piece, list[Piece]]]:
    """Each precise word of normalized text with, if asked, the words it contains."""
    segmenter = _segmenter()
    graph = segmenter.word_graph(text) if contained else {}
    for word, start, end in segmenter.precise(text):
        inside = segmenter.contained_words(text, graph, start, end) if contained else []
        yield (word, start, end), inside


def segment(text: str, *, mode: str = "precise") -> list[Piece]:
    """``(word, start, end)`` of normalized text: "precise" words, "index" words
    (precise ones plus the words they contain, as indexed), or "jieba-search"
    (jieba's own search mode, for comparison).
    """
    if mode == "jieba-search":
        return _segmenter().jieba_search(text)
    if mode not in {"precise", "index"}:
        raise ValueError(f"unknown segmentation mode {mode!r}")
    cut = _cut(text, contained=mode == "index")
    return [piece for word, inside in cut for piece in (*inside, word)]


def _is_word(text: str) -> bool:
    return any(char.isalnum() for char in text)


class ChineseTokenizer(Tokenizer):
    """jieba words from normalized text; see the module docstring.

    ``segmentation`` is "auto" (nested words unless Whoosh asks for query
    mode), "search" (always nested words) or "precise" (never).
    """

    def __init__(self, segmentation: str = "auto", stoplist: frozenset[str] = STOP_LIST):
        if segmentation not in {"auto", "search", "precise"}:
            raise ValueError(f"unknown segmentation {segmentation!r}")
        self.segmentation = segmentation
        self.stoplist = stoplist

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, ChineseTokenizer)
            and self.segmentation == other.segmentation
            and self.stoplist == other.stoplist
        )

    def __hash__(self) -> int:
        return hash((type(self), self.segmentation))

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
        if not isinstance(value, str):
            raise TypeError(f"{value!r} is not text")
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        normalized = normalize_text(value)
        if not tokenize:
            whole = (0, len(value))
            yield _fill(token, normalized.text.lower(), whole, start_pos, start_char, value)
            return
        contained = self.segmentation == "search" or (
            self.segmentation == "auto" and mode != "query"
        )
        pos = start_pos
        for (word, start, end), inside in _cut(normalized.text, contained=contained):
            text = word.lower()
            if not _is_word(text):
                continue
            stopped = text in self.stoplist
            if stopped and removestops:
                continue
            for piece, piece_start, piece_end in (*inside, (text, start, end)):
                span = normalized.original_span(piece_start, piece_end)
                original = value if keeporiginal else None
                yield _fill(token, piece, span, pos, start_char, original, stopped=stopped)
            if not stopped:
                pos += 1


def _fill(
    token: Token,
    text: str,
    span: tuple[int, int],
    pos: int,
    start_char: int,
    value: str | None,
    *,
    stopped: bool = False,
) -> Token:
    """Set the reused token's attributes for one word (``value`` given: keep the original)."""
    token.text = text
    token.stopped = stopped
    token.boost = 1.0
    if value is not None:
        token.original = value[span[0] : span[1]]
    if token.positions:
        token.pos = pos
    if token.chars:
        token.startchar = start_char + span[0]
        token.endchar = start_char + span[1]
    return token


class LatinStemFilter(Filter):
    """Porter stemming of purely alphabetic ASCII tokens; Chinese passes untouched."""

    is_morph = True

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LatinStemFilter)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            text = token.text
            if text.isascii() and text.isalpha() and not token.stopped:
                token.text = stem(text)
            yield token


class NameTokenizer(Tokenizer):
    """Tokens for a person's name: each Chinese run whole and its characters, Latin words.

    张伟 gives 张伟, 张 and 伟 at one position, so a query for the surname
    alone or for the full name both match; the same cut serves both modes.
    """

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NameTokenizer)

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
        if not isinstance(value, str):
            raise TypeError(f"{value!r} is not text")
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        normalized = normalize_text(value)
        if not tokenize:
            whole = (0, len(value))
            yield _fill(token, normalized.text.lower(), whole, start_pos, start_char, value)
            return
        pos = start_pos
        for run, start, end in _name_runs(normalized.text):
            pieces = [(run, start, end)]
            if is_han(run) and len(run) > 1:
                pieces += [(char, start + i, start + i + 1) for i, char in enumerate(run)]
            for piece, piece_start, piece_end in pieces:
                span = normalized.original_span(piece_start, piece_end)
                yield _fill(token, piece, span, pos, start_char, value if keeporiginal else None)
            pos += 1


def _name_runs(text: str) -> Iterator[tuple[str, int, int]]:
    """Runs of Chinese characters, and words of other letters or digits, lower-cased."""
    for match in HAN_RUN_OR_WORD.finditer(text):
        yield match.group().lower(), match.start(), match.end()


def index_analyzer() -> CompositeAnalyzer:
    """For text fields: nested words when indexing, precise words for queries."""
    return CompositeAnalyzer(ChineseTokenizer("auto"), LatinStemFilter())


def query_analyzer() -> CompositeAnalyzer:
    """Precise words whatever the mode: for parsing queries outside a field's analyzer."""
    return CompositeAnalyzer(ChineseTokenizer("precise"), LatinStemFilter())


def name_analyzer() -> NameTokenizer:
    """For personal-name fields (the Chinese name; pinyin goes to a keyword field)."""
    return NameTokenizer()
