"""The search document of a counselor: which public facts are indexed, and how.

Only public listing fields reach the index. Private fields (the sealed resident
ID number and its hash, the owner account, claims) are never read here; the
vocabularies' codes are indexed as facets and their labels (Chinese and
English), synonyms and pinyin as searchable text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Protocol

from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema

from counsel_dir.directory import taxonomy
from counsel_dir.search.analysis import index_analyzer, name_analyzer, name_pinyin_terms
from counsel_dir.search.pinyin import text_pinyin

# Facet fields hold one term per value; a profile can have several values for
# the multi-valued ones (issue, approach, language, mode).
FACET_FIELDS = ("tier", "city", "mode", "issue", "approach", "language", "gender", "accepting")
TEXT_FIELDS = ("name", "name_pinyin", "tags", "tags_pinyin", "bio")

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
        name_pinyin=KEYWORD(lowercase=True, scorable=True, field_boost=3.0),
        tags=TEXT(analyzer=index_analyzer(), phrase=False, field_boost=2.0),
        tags_pinyin=KEYWORD(lowercase=True, scorable=True, field_boost=1.5),
        bio=TEXT(analyzer=index_analyzer(), phrase=False),
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
        fee_min=NUMERIC(int, bits=32),
        fee_max=NUMERIC(int, bits=32),
    )


def stamp(counselor: Listing) -> str:
    """What must change for the indexed document to be stale (checked by ``index check``)."""
    updated = counselor.updated_at.isoformat() if counselor.updated_at else ""
    return f"{updated}|{counselor.tier}"


def _labels(codes: Iterable[str]) -> list[str]:
    names: list[str] = []
    for code in codes:
        if not taxonomy.is_known(code):
            continue
        entry = taxonomy.term(code)
        names.extend((entry.zh, entry.en, *entry.synonyms))
    return names


def _place_names(counselor: Listing) -> list[str]:
    names = _labels([counselor.city])
    if counselor.district:
        names.append(taxonomy.district_label(counselor.city, counselor.district, "zh"))
        names.append(taxonomy.district_label(counselor.city, counselor.district, "en"))
    return names


def tag_text(counselor: Listing) -> str:
    """Labels and synonyms of the profile's issues, approaches, languages and place."""
    names = _labels([*counselor.issues, *counselor.approaches, *counselor.languages])
    return " \n".join([*names, *_place_names(counselor)])


def _tags_pinyin(counselor: Listing) -> list[str]:
    chinese = [
        taxonomy.term(code).zh
        for code in [*counselor.issues, *counselor.approaches, counselor.city]
        if taxonomy.is_known(code)
    ]
    return sorted({word for name in chinese for word in text_pinyin(name).split()})


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
    names_pinyin = name_pinyin_terms(counselor.display_name)
    tags = tag_text(counselor)
    tags_pinyin = _tags_pinyin(counselor)
    tier = counselor.tier or 9
    fields: dict[str, Any] = {
        "id": str(counselor.id),
        "stamp": stamp(counselor),
        "num": counselor.id,
        "name": counselor.display_name,
        "name_pinyin": " ".join(names_pinyin),
        "tags": tags,
        "tags_pinyin": " ".join(tags_pinyin),
        "bio": counselor.bio or "",
        "spell": " ".join(
            _spelling_words(tags, counselor.bio or "", " ".join(names_pinyin + tags_pinyin))
        ),
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
        fields["fee_min"] = counselor.fee_min
        fields["fee_max"] = (
            counselor.fee_max if counselor.fee_max is not None else counselor.fee_min
        )
    return fields
