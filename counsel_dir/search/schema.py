"""The search document of a counselor: which public facts are indexed, and how.

Only public listing fields reach the index. Private fields (the sealed resident
ID number and its hash, the owner account, claims) are never read here; the
vocabularies' codes are indexed as facets and their labels (Chinese and
English), synonyms and pinyin as searchable text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Protocol

from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema

from counsel_dir.directory import taxonomy
from counsel_dir.search import whoosh_fixes  # noqa: F401 - applied on import
from counsel_dir.search.analysis import index_analyzer, name_analyzer, name_pinyin_terms
from counsel_dir.search.bio import bio_analyzer
from counsel_dir.search.normalize import HAN_RUN, normalize_plain
from counsel_dir.search.pinyin import text_pinyin

# Facet fields hold one term per value; a profile can have several values for
# the multi-valued ones (issue, approach, language, mode).
FACET_FIELDS = ("tier", "city", "mode", "issue", "approach", "language", "gender", "accepting")
# Fields kept as bitmaps for filtering: the facets plus the ends of the fee range.
BITMAP_FIELDS = (*FACET_FIELDS, "fee_lo", "fee_hi")
TEXT_FIELDS = ("name", "name_parts", "name_pinyin", "tags", "tags_pinyin", "bio")

_LATIN_WORD = re.compile(r"[a-z][a-z0-9]*")


class Listing(Protocol):
    """The public attributes of a counselor profile that the index reads."""

    id: int
    display_name: str
    gender: Any
    city: str
    district: str | None
    offers_online: bool
    offers_in_person: bool
    languages: list[str]
    issues: list[str]
    approaches: list[str]
    fee_min: int | None
    fee_max: int | None
    accepting_new_clients: bool
    bio: str
    tier: int | None
    updated_at: Any


def build_schema() -> Schema:
    """The index schema; changing it means running ``flask index rebuild``."""
    return Schema(
        id=ID(stored=True, unique=True),
        stamp=ID(stored=True),
        num=NUMERIC(int, bits=64, sortable=True),
        name=TEXT(analyzer=name_analyzer(), phrase=False, field_boost=4.0),
        name_parts=KEYWORD(scorable=True, field_boost=4.0),
        name_pinyin=KEYWORD(lowercase=True, scorable=True, field_boost=3.0),
        tags=KEYWORD(scorable=True, field_boost=2.0),
        tags_pinyin=KEYWORD(lowercase=True, scorable=True, field_boost=1.5),
        bio=TEXT(analyzer=bio_analyzer(), phrase=False),
        spell=KEYWORD(lowercase=True),
        tier_rank=NUMERIC(int, bits=8, sortable=True, signed=False),
        tier=ID,
        city=ID,
        district=ID,
        mode=KEYWORD,
        issue=KEYWORD,
        approach=KEYWORD,
        language=KEYWORD,
        gender=ID,
        accepting=ID,
        fee_lo=ID,
        fee_hi=ID,
    )


def stamp(counselor: Listing) -> str:
    """What must change for the indexed document to be stale (checked by ``index check``)."""
    updated = counselor.updated_at.isoformat() if counselor.updated_at else ""
    return f"{updated}|{counselor.tier}"


@lru_cache(maxsize=4096)
def _label_words(zh: str, en: str) -> tuple[str, ...]:
    """Index words of a Chinese and an English label (cut once per label, then cached)."""
    return tuple(token.text for token in index_analyzer()(f"{zh} \n{en}", mode="index"))


@lru_cache(maxsize=4096)
def _code_words(code: str) -> tuple[str, ...]:
    if not taxonomy.is_known(code):
        return ()
    entry = taxonomy.term(code)
    return _label_words(entry.zh, entry.en)


@lru_cache(maxsize=4096)
def _district_words(city: str, district: str) -> tuple[str, ...]:
    zh = taxonomy.district_label(city, district, "zh")
    en = taxonomy.district_label(city, district, "en")
    return _label_words(zh, en)


def tag_words(counselor: Listing) -> list[str]:
    """Index words of the labels (Chinese and English) of the profile's codes and place.

    Synonyms are not indexed: the query maps a synonym to its code instead
    (see ``query.vocabulary_terms``), which keeps documents small.
    """
    words: list[str] = []
    for code in (*counselor.issues, *counselor.approaches, *counselor.languages, counselor.city):
        words.extend(_code_words(code))
    if counselor.district:
        words.extend(_district_words(counselor.city, counselor.district))
    return words


@lru_cache(maxsize=4096)
def _code_pinyin(code: str) -> tuple[str, ...]:
    if not taxonomy.is_known(code):
        return ()
    return tuple(text_pinyin(taxonomy.term(code).zh).split())


def _tags_pinyin(counselor: Listing) -> list[str]:
    codes = (*counselor.issues, *counselor.approaches, counselor.city)
    return sorted({word for code in codes for word in _code_pinyin(code)})


@lru_cache(maxsize=1)
def vocabulary_spellings() -> tuple[str, ...]:
    """Words of every vocabulary entry (English labels and synonyms, pinyin of Chinese
    labels), for spelling suggestions; kept in memory rather than in every document."""
    texts = []
    for code in (
        *taxonomy.issue_codes(),
        *taxonomy.approach_codes(),
        *taxonomy.language_codes(),
        *taxonomy.city_codes(),
    ):
        entry = taxonomy.term(code)
        texts += [entry.en, code, *(name for name in entry.synonyms if name.isascii())]
        texts.append(text_pinyin(entry.zh))
    return tuple(_spelling_words(*texts))


@lru_cache(maxsize=65536)
def name_parts(name: str) -> tuple[str, ...]:
    """Every run of two or more consecutive Chinese characters in a name (王小明: 王小,
    小明, 王小明), so that any part of a name a client types is one term to look up."""
    parts: list[str] = []
    for run in HAN_RUN.findall(normalize_plain(name)):
        for size in range(2, len(run) + 1):
            parts.extend(run[start : start + size] for start in range(len(run) - size + 1))
    return tuple(dict.fromkeys(parts))


@lru_cache(maxsize=65536)
def _name_pinyin(name: str) -> tuple[str, ...]:
    return tuple(name_pinyin_terms(name))


def _spelling_words(*texts: str) -> list[str]:
    words: set[str] = set()
    for text in texts:
        words.update(word for word in _LATIN_WORD.findall(text.lower()) if len(word) > 2)
    return sorted(words)


def _modes(counselor: Listing) -> list[str]:
    modes = []
    if counselor.offers_online:
        modes.append("online")
    if counselor.offers_in_person:
        modes.append("in_person")
    return modes


def _value(item: Any) -> str:
    return str(getattr(item, "value", item))


def document(counselor: Listing) -> dict[str, Any]:
    """The Whoosh document of a listed counselor (public fields only)."""
    names_pinyin = list(_name_pinyin(counselor.display_name))
    tags = tag_words(counselor)
    tags_pinyin = _tags_pinyin(counselor)
    tier = counselor.tier or 9
    fields: dict[str, Any] = {
        "id": str(counselor.id),
        "stamp": stamp(counselor),
        "num": counselor.id,
        "name": counselor.display_name,
        "name_parts": " ".join(name_parts(counselor.display_name)),
        "name_pinyin": " ".join(names_pinyin),
        "tags": " ".join(tags),
        "tags_pinyin": " ".join(tags_pinyin),
        "bio": counselor.bio or "",
        "spell": " ".join(_spelling_words(" ".join(names_pinyin), counselor.bio or "")),
        "tier_rank": tier,
        "tier": str(tier),
        "city": counselor.city,
        "mode": " ".join(_modes(counselor)),
        "issue": " ".join(counselor.issues),
        "approach": " ".join(counselor.approaches),
        "language": " ".join(counselor.languages),
        "gender": _value(counselor.gender),
        "accepting": "yes" if counselor.accepting_new_clients else "no",
    }
    if counselor.district:
        fields["district"] = counselor.district
    if counselor.fee_min is not None:
        fields["fee_lo"] = str(counselor.fee_min)
        fields["fee_hi"] = str(
            counselor.fee_max if counselor.fee_max is not None else counselor.fee_min
        )
    return fields
