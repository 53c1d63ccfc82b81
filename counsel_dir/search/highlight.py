"""Snippets of a bio with the matched words marked, safe to put in a page.

The bio is cut with the same analyzer as indexing, so a match is marked
exactly where the index found it (traditional characters, words inside
longer words, English plurals). Every piece of the bio is escaped before
``<mark>`` tags are put around the matched pieces: a bio cannot inject HTML.
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup, escape

from counsel_dir.search.analysis import index_analyzer
from counsel_dir.search.query import QueryWord

SNIPPET_CHARS = 120


def _matched_spans(text: str, wanted: set[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for token in index_analyzer()(text, chars=True, mode="index", removestops=False):
        if token.text in wanted:
            spans.append((token.startchar, token.endchar))
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
    wanted = {word.stemmed for word in words} | {word.raw for word in words}
    spans = _matched_spans(text, wanted) if wanted else []
    start, end = _window(text, spans, size)
    pieces: list[str] = ["…" if start > 0 else ""]
    position = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        pieces.append(str(escape(text[position:span_start])))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    pieces.append(str(escape(text[position:end])))
    if end < len(text):
        pieces.append("…")
    return Markup("".join(pieces))  # noqa: S704 - every piece of the bio is escaped above
