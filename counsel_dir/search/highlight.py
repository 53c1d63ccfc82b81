"""Snippets of a bio with the matched words marked, safe to put in a page.

The bio is normalized like indexed text (NFKC, traditional to simplified,
lower case) and the query's words are looked up in it: Chinese words as
substrings (the index also holds the words inside longer words), English
words as whole words whose stem is the query word's stem (anxiety finds
anxieties). Marks are placed on the original characters, so a traditional
bio is marked where it matched. Every piece of the bio is escaped before
``<mark>`` tags are put around the matched pieces: a bio cannot inject HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import Markup, escape
from whoosh.lang.porter import stem

from counsel_dir.search.normalize import normalize_text
from counsel_dir.search.query import QueryWord

SNIPPET_CHARS = 120
_LATIN_WORD = re.compile(r"[a-z0-9]+")


def _matched_spans(text: str, words: list[QueryWord]) -> list[tuple[int, int]]:
    normalized = normalize_text(text)
    folded = normalized.text.lower()
    if len(folded) != len(normalized.text):
        folded = normalized.text
    spans: list[tuple[int, int]] = []
    stems = {word.stemmed for word in words if word.raw.isascii()}
    for word in words:
        if word.raw.isascii():
            continue
        start = folded.find(word.raw)
        while start != -1:
            spans.append(normalized.original_span(start, start + len(word.raw)))
            start = folded.find(word.raw, start + len(word.raw))
    if stems:
        for match in _LATIN_WORD.finditer(folded):
            token = match.group()
            if token in stems or stem(token) in stems:
                spans.append(normalized.original_span(match.start(), match.end()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _window(text: str, spans: list[tuple[int, int]], size: int) -> tuple[int, int]:
    if not spans or len(text) <= size:
        return 0, min(len(text), size)
    first = spans[0][0]
    start = max(0, min(first - size // 4, len(text) - size))
    return start, min(len(text), start + size)


def snippet(text: str, words: Iterable[QueryWord], size: int = SNIPPET_CHARS) -> Markup:
    """An escaped excerpt of ``text`` around the first match, matches in ``<mark>``."""
    if not text:
        return Markup("")
    query = list(words)
    spans = _matched_spans(text, query) if query else []
    start, end = _window(text, spans, size)
    pieces: list[str] = ["…" if start > 0 else ""]
    position = start
    for span_start, span_end in spans:
        if span_end <= position or span_start >= end:
            continue
        span_start, span_end = max(span_start, position), min(span_end, end)
        pieces.append(str(escape(text[position:span_start])))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    pieces.append(str(escape(text[position:end])))
    if end < len(text):
        pieces.append("…")
    return Markup("".join(pieces))  # noqa: S704 - every piece of the bio is escaped above
