"""The shape of a vocabulary entry (see ``taxonomy`` for the vocabularies themselves)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from counsel_dir.markers import N_

__all__ = ["N_", "City", "District", "Term", "Vocabulary", "terms"]


class Vocabulary(StrEnum):
    ISSUE = "issue"
    APPROACH = "approach"
    LANGUAGE = "language"
    CITY = "city"
    PROVINCE = "province"


def _is_chinese_locale(locale: str) -> bool:
    return locale.lower().startswith("zh")


@dataclass(frozen=True, slots=True, kw_only=True)
class Term:
    """One entry of a vocabulary: its stable code, its labels and what people call it."""

    code: str
    zh: str
    en: str
    vocabulary: Vocabulary
    synonyms: tuple[str, ...] = ()

    def label(self, locale: str) -> str:
        """The Chinese label for a Chinese locale (zh, zh_CN, zh-Hans...), else the English one."""
        return self.zh if _is_chinese_locale(locale) else self.en


@dataclass(frozen=True, slots=True)
class District:
    """A district (区) of a city; its code is unique within the city only."""

    code: str
    zh: str

    @property
    def en(self) -> str:
        return self.code.capitalize()

    def label(self, locale: str) -> str:
        """The Chinese name for a Chinese locale, else the pinyin name."""
        return self.zh if _is_chinese_locale(locale) else self.en


@dataclass(frozen=True, slots=True, kw_only=True)
class City(Term):
    """A city: code is its pinyin slug; province is a code from ``PROVINCES``."""

    province: str
    districts: tuple[District, ...] = ()


def synonym_table(table: str) -> dict[str, tuple[str, ...]]:
    """Synonyms written compactly as ``code: a|b|c`` lines (a code may take several lines)."""
    found: dict[str, list[str]] = {}
    for line in table.strip().splitlines():
        code, _, names = line.partition(":")
        items = (name.strip() for name in names.split("|"))
        found.setdefault(code.strip(), []).extend(name for name in items if name)
    return {code: tuple(names) for code, names in found.items()}


def terms(
    vocabulary: Vocabulary, rows: tuple[tuple[str, str, str], ...], table: str = ""
) -> tuple[Term, ...]:
    """Entries from ``(code, zh, en)`` rows plus a ``synonym_table``."""
    names = synonym_table(table)
    unknown = set(names) - {code for code, _, _ in rows}
    if unknown:
        raise ValueError(f"synonyms for unknown codes: {sorted(unknown)}")
    return tuple(
        Term(code=code, zh=zh, en=en, vocabulary=vocabulary, synonyms=names.get(code, ()))
        for code, zh, en in rows
    )
