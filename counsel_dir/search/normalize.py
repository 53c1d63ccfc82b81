"""Text normalization shared by indexing, querying and vocabulary lookups.

Everything the search compares goes through the same steps, so that a client
typing 焦慮 (traditional) or ＣＢＴ (full width) finds a profile written with
焦虑 or CBT: Unicode NFKC (full width to half width, compatibility forms),
then OpenCC traditional-to-simplified conversion.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from typing import Protocol

MAX_QUERY_LENGTH = 200

# Chinese characters (CJK unified ideographs, extension A and the supplementary
# planes) plus 〇, for use inside a regular-expression character class.
HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f"
HAN_RUN = re.compile(f"[{HAN}]+")
HAN_RUN_OR_WORD = re.compile(f"([{HAN}]+)|([^\\W_{HAN}]+)")


def is_han(text: str) -> bool:
    """Whether ``text`` is made of Chinese characters only."""
    return HAN_RUN.fullmatch(text) is not None


_WHITESPACE = re.compile(r"\s+")


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


_converter: _Converter | None = None
_converter_lock = threading.Lock()


def _t2s() -> _Converter:
    """The process-wide OpenCC traditional-to-simplified converter, made on first use."""
    global _converter
    if _converter is None:
        with _converter_lock:
            if _converter is None:
                import opencc

                _converter = opencc.OpenCC("t2s")
    return _converter


def to_simplified(text: str) -> str:
    """Traditional Chinese characters converted to simplified; other text unchanged."""
    if not text or text.isascii():
        return text
    return _t2s().convert(text)


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """Normalized text plus, for each of its characters, the span it came from.

    ``starts[i]`` and ``ends[i]`` are offsets in the original text, so a token
    found at ``text[a:b]`` covers ``original[starts[a]:ends[b - 1]]``: this is
    what keeps highlighting exact when normalization changes lengths.
    """

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``(startchar, endchar)`` of the normalized slice ``[start:end]``."""
        return self.starts[start], self.ends[end - 1]


def _identity(text: str) -> NormalizedText:
    offsets = tuple(range(len(text)))
    return NormalizedText(text, offsets, tuple(i + 1 for i in offsets))


def _nfkc_with_offsets(text: str) -> NormalizedText:
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return _identity(text)
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        piece = unicodedata.normalize("NFKC", text[i:j])
        pieces.append(piece)
        starts.extend([i] * len(piece))
        ends.extend([j] * len(piece))
        i = j
    return NormalizedText("".join(pieces), tuple(starts), tuple(ends))


def normalize_text(text: str) -> NormalizedText:
    """NFKC then traditional-to-simplified, keeping the map back to ``text``'s offsets.

    Case is left alone (the tokenizer lower-cases tokens) because lower-casing
    can change lengths too and tokens, not raw text, are what get compared.
    """
    folded = _nfkc_with_offsets(text)
    if folded.text.isascii():
        return folded
    converted = to_simplified(folded.text)
    if len(converted) == len(folded.text):
        return NormalizedText(converted, folded.starts, folded.ends)
    # A phrase conversion changed the length: convert character by character.
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for char, start, end in zip(folded.text, folded.starts, folded.ends, strict=True):
        piece = to_simplified(char)
        pieces.append(piece)
        starts.extend([start] * len(piece))
        ends.extend([end] * len(piece))
    return NormalizedText("".join(pieces), tuple(starts), tuple(ends))


def normalize_plain(text: str) -> str:
    """NFKC plus traditional-to-simplified, without the offset bookkeeping."""
    return to_simplified(unicodedata.normalize("NFKC", text))


def normalize_query(text: str) -> str:
    """A search box's input made comparable: simplified, NFKC, spaces collapsed, capped.

    Case is kept so that the query parser still sees operators such as ``AND``;
    the analyzers lower-case terms themselves.
    """
    cleaned = _WHITESPACE.sub(" ", normalize_plain(text)).strip()
    return cleaned[:MAX_QUERY_LENGTH].rstrip()


def fold_for_suggestions(text: str) -> str:
    """A key for comparing suggestions and vocabulary entries loosely.

    Simplified, NFKC, lower-cased, with everything but letters and digits
    removed: "Marriage & Family", "marriage-family" and "婚姻 家庭" fold to
    "marriagefamily" and "婚姻家庭".
    """
    lowered = normalize_plain(text).lower()
    return "".join(char for char in lowered if char.isalnum())
