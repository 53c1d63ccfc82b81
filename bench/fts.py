"""The same search on SQLite FTS5, for comparison with Whoosh in ``bench/search.py``.

Documents and queries go through the project's own analyzers (jieba, pinyin,
stemming) and are stored as space-separated words, so both engines compare the
same words; FTS5 only splits on the spaces. A query is the same boolean
expression as the Whoosh one: every word in some field, filters on columns.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine

from counsel_dir.db import session
from counsel_dir.directory.models import Counselor
from counsel_dir.search.analysis import index_analyzer, name_analyzer
from counsel_dir.search.normalize import is_han
from counsel_dir.search.params import SearchParams
from counsel_dir.search.query import QueryWord, query_words, vocabulary_terms
from counsel_dir.search.ranking import TIER_FACTORS
from counsel_dir.search.schema import document

_NOT_WORD = re.compile(r"[^\w]", re.UNICODE)
COLUMNS = (
    "name",
    "name_parts",
    "name_pinyin",
    "tags",
    "tags_pinyin",
    "bio",
    "issue",
    "approach",
    "language",
    "city",
)
WEIGHTS = "4.0, 4.0, 3.0, 2.0, 1.5, 1.0, 2.0, 2.0, 2.0, 2.0"
TIER_CASE = "CASE c.tier " + " ".join(f"WHEN {t} THEN {f}" for t, f in TIER_FACTORS.items())
TIER_CASE += " ELSE 1.0 END"


def word(text: str) -> str:
    """A word as FTS5 stores it: anything but letters, digits and _ made _."""
    return _NOT_WORD.sub("_", text)


def _words(tokens: Any) -> str:
    return " ".join(word(token.text) for token in tokens)


def fts_row(doc: dict[str, Any]) -> tuple[Any, ...]:
    """The FTS5 columns of a Whoosh document, analyzed the same way."""
    analyzer = index_analyzer()
    return (
        int(doc["id"]),
        _words(name_analyzer()(doc["name"])),
        doc["name_parts"],
        " ".join(word(w) for w in doc["name_pinyin"].split()),
        " ".join(word(w) for w in doc["tags"].split()),
        " ".join(word(w) for w in doc["tags_pinyin"].split()),
        _words(analyzer(doc["bio"], mode="index")),
        doc["issue"],
        doc["approach"],
        doc["language"],
        doc["city"],
    )


def build_fts(engine: Engine) -> int:
    """Create and fill the FTS5 table from the listed counselors; return the row count."""
    from counsel_dir.search.indexer import _listed_in_chunks

    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("DROP TABLE IF EXISTS counselor_fts")
        cursor.execute(
            f"CREATE VIRTUAL TABLE counselor_fts USING fts5({', '.join(COLUMNS)}, "
            "tokenize = \"unicode61 remove_diacritics 0 tokenchars '_'\")"
        )
        total = 0
        placeholders = ", ".join("?" for _ in range(len(COLUMNS) + 1))
        for batch in _listed_in_chunks():
            rows = [fts_row(document(counselor)) for counselor in batch]
            cursor.execute("BEGIN")
            cursor.executemany(
                f"INSERT INTO counselor_fts (rowid, {', '.join(COLUMNS)}) "  # noqa: S608
                f"VALUES ({placeholders})",
                rows,
            )
            cursor.execute("COMMIT")
            total += len(rows)
        cursor.execute("INSERT INTO counselor_fts (counselor_fts) VALUES ('optimize')")
        return total
    finally:
        raw.close()


def _phrase(column: str, text: str) -> str:
    return f'{column} : "{word(text)}"'


def _word_expression(query_word: QueryWord) -> str:
    options = [_phrase("tags", query_word.stemmed), _phrase("bio", query_word.stemmed)]
    options += [_phrase(name, code) for name, code in vocabulary_terms(query_word.raw)]
    raw = query_word.raw
    if is_han(raw):
        options.append(_phrase("name" if len(raw) == 1 else "name_parts", raw))
    else:
        options += [_phrase(column, raw) for column in ("name", "name_pinyin", "tags_pinyin")]
    return "(" + " OR ".join(options) + ")"


def match_expression(params: SearchParams) -> str | None:
    """The FTS5 MATCH expression for the text and the vocabulary filters."""
    words = query_words(params.q)
    parts = [_word_expression(query_word) for query_word in words]
    whole = vocabulary_terms(params.q) if len(words) > 1 else []
    if whole:
        every_word = " AND ".join(parts)
        codes = " OR ".join(_phrase(name, code) for name, code in whole)
        parts = [f"(({every_word}) OR {codes})"]
    for name in ("issue", "approach", "language"):
        value = getattr(params, name)
        if value:
            parts.append(_phrase(name, value))
    return " AND ".join(parts) if parts else None


def column_filters(params: SearchParams) -> tuple[str, list[Any]]:
    """SQL conditions on the counselor table for the other filters."""
    conditions, values = ["c.is_listed = 1"], []
    if params.tier is not None:
        conditions.append("c.tier <= ?")
        values.append(params.tier)
    if params.city:
        conditions.append("c.city = ?")
        values.append(params.city)
    if params.mode == "online":
        conditions.append("c.offers_online = 1")
    elif params.mode == "in_person":
        conditions.append("c.offers_in_person = 1")
    if params.gender:
        conditions.append("c.gender = ?")
        values.append(params.gender)
    if params.accepting:
        conditions.append("c.accepting_new_clients = 1")
    if params.fee_max is not None:
        conditions.append("c.fee_min <= ?")
        values.append(params.fee_max)
    if params.fee_min is not None:
        conditions.append("coalesce(c.fee_max, c.fee_min) >= ?")
        values.append(params.fee_min)
    return " AND ".join(conditions), values


class FtsSearch:
    """Page of counselors, total and snippets from FTS5, like ``services.search``."""

    def __init__(self, engine: Engine) -> None:
        self.raw = engine.raw_connection()

    def _from(self, params: SearchParams) -> tuple[str, list[Any]]:
        conditions, values = column_filters(params)
        match = match_expression(params)
        if match is None:
            return f"FROM counselor c WHERE {conditions}", values
        return (
            "FROM counselor_fts CROSS JOIN counselor c ON c.id = counselor_fts.rowid "
            f"WHERE counselor_fts MATCH ? AND {conditions}",
            [match, *values],
        )

    def search(self, params: SearchParams) -> tuple[int, list[Counselor], list[str]]:
        source, values = self._from(params)
        has_text = bool(query_words(params.q))
        if has_text and params.sort == "tier":
            order = f"c.tier, bm25(counselor_fts, {WEIGHTS}), c.id"
        elif has_text:
            order = f"bm25(counselor_fts, {WEIGHTS}) * ({TIER_CASE}), c.id"
        else:
            order = "c.tier, c.id"
        snippet = "snippet(counselor_fts, 5, '<mark>', '</mark>', '…', 16)" if has_text else "''"
        cursor = self.raw.cursor()
        total = cursor.execute(f"SELECT count(*) {source}", values).fetchone()[0]  # noqa: S608
        offset = (params.page - 1) * params.per_page
        rows = cursor.execute(
            f"SELECT c.id, {snippet} {source} ORDER BY {order} LIMIT ? OFFSET ?",  # noqa: S608
            [*values, params.per_page, offset],
        ).fetchall()
        ids = [row[0] for row in rows]
        found = session.scalars(select(Counselor).where(Counselor.id.in_(ids))).all()
        by_id = {counselor.id: counselor for counselor in found}
        return total, [by_id[i] for i in ids if i in by_id], [row[1] for row in rows]

    def all_ids(self, params: SearchParams) -> set[int]:
        source, values = self._from(params)
        cursor = self.raw.cursor()
        return {row[0] for row in cursor.execute(f"SELECT c.id {source}", values)}  # noqa: S608
