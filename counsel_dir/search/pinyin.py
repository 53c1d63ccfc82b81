"""Pinyin forms of counselors' names and of free text, for searching without a Chinese IME.

Pinyin is written without tone marks and with ``v`` for ``ü`` (吕 → ``lv``),
which is how people type it.
"""

from __future__ import annotations

import re
import unicodedata

from counsel_dir.search.normalize import HAN_RUN_OR_WORD, is_han, normalize_plain, to_simplified

# Surnames whose surname reading differs from the reading pypinyin picks for
# the character on its own. Each value lists readings, syllables separated by
# spaces; the first is the standard surname reading, the others are readings
# in real use for the same surname (indexed too, so either spelling finds the
# person). Applied to the surname position only: 曾 in a given name stays ceng.
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "万俟": ("mo qi",),
    "尉迟": ("yu chi",),
    "长孙": ("zhang sun",),
    "澹台": ("tan tai",),
    "卜": ("bu",),
    "仇": ("qiu",),
    "单": ("shan",),
    "区": ("ou",),
    "员": ("yun",),
    "句": ("gou",),
    "召": ("shao",),
    "宿": ("su",),
    "折": ("she",),
    "朴": ("piao", "pu"),
    "查": ("zha",),
    "曾": ("zeng",),
    "种": ("chong",),
    "秘": ("bi",),
    "盖": ("ge", "gai"),
    "缪": ("miao",),
    "繁": ("po",),
    "翟": ("zhai", "di"),
    "能": ("nai",),
    "覃": ("qin", "tan"),
    "解": ("xie",),
    "薄": ("bo",),
    "都": ("du",),
    "阚": ("kan",),
    "隗": ("wei", "kui"),
    "乐": ("yue", "le"),
    "乜": ("nie",),
    "黑": ("he", "hei"),
}

# Two-character surnames read regularly; listed so that the given name is told apart.
_REGULAR_COMPOUND_SURNAMES = (
    "欧阳 司马 上官 诸葛 东方 皇甫 令狐 慕容 公孙 夏侯 司徒 司空 宇文 端木 西门 南宫 独孤 "
    "轩辕 呼延 申屠 钟离 闻人 赫连 太史 公羊 濮阳 淳于 拓跋 百里 东郭 第五 左丘 梁丘"
).split()
_COMPOUND_SURNAMES = frozenset(
    [key for key in SURNAME_READINGS if len(key) == 2] + _REGULAR_COMPOUND_SURNAMES
)
_LATIN_WORD = re.compile(r"[a-z0-9]+")


def _syllables(hanzi: str) -> list[str]:
    from pypinyin import lazy_pinyin

    readings = lazy_pinyin(hanzi, errors="ignore")
    return [syllable.lower() for syllable in readings if syllable.isascii() and syllable.isalpha()]


def _split_surname(hanzi: str) -> tuple[str, str]:
    if len(hanzi) >= 3 and to_simplified(hanzi[:2]) in _COMPOUND_SURNAMES:
        return hanzi[:2], hanzi[2:]
    return hanzi[:1], hanzi[1:]


def _surname_readings(surname: str) -> list[list[str]]:
    known = SURNAME_READINGS.get(to_simplified(surname))
    if known:
        return [reading.split() for reading in known]
    return [_syllables(surname)]


def _unique(items: list[str]) -> list[str]:
    return [item for item in dict.fromkeys(items) if item]


def name_pinyin_terms(name: str) -> list[str]:
    """Search terms for a personal name: full pinyin, syllables and initials.

    张伟 gives ``["zhangwei", "zhang", "wei", "zw"]``; a compound surname also
    gives its joined form (尉迟恭: ``"yuchi"``), a given name of two or more
    characters its joined form too (张小伟: ``"xiaowei"``). Surnames with a
    special reading use it (曾伟: ``"zengwei"``). Latin letters in the name are
    kept as lower-cased words. The most standard spelling comes first.
    """
    text = unicodedata.normalize("NFKC", name).strip()
    hanzi = "".join(char for char in text if is_han(char))
    latin_words = _LATIN_WORD.findall(
        "".join(" " if is_han(char) else char for char in text).lower()
    )
    terms: list[str] = []
    if hanzi:
        surname, given = _split_surname(hanzi)
        given_syllables = _syllables(given)
        for surname_syllables in _surname_readings(surname):
            syllables = surname_syllables + given_syllables
            terms.append("".join(syllables))
            terms.extend(syllables)
            if len(surname_syllables) > 1:
                terms.append("".join(surname_syllables))
            if len(given_syllables) > 1:
                terms.append("".join(given_syllables))
            if len(syllables) > 1:
                terms.append("".join(syllable[0] for syllable in syllables))
    if latin_words:
        if len(latin_words) > 1 and not hanzi:
            terms.append("".join(latin_words))
        terms.extend(latin_words)
    return _unique(terms)


def text_pinyin(text: str) -> str:
    """Toneless pinyin of the Chinese in ``text``, other text lower-cased and kept.

    Syllables of one run of characters are joined (焦虑 CBT → ``"jiaolv cbt"``),
    which is the form a did-you-mean compares with what a client typed.
    """
    parts = []
    for han, other in HAN_RUN_OR_WORD.findall(normalize_plain(text)):
        parts.append("".join(_syllables(han)) if han else other.lower())
    return " ".join(part for part in parts if part)
