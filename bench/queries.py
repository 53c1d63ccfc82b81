"""The fixed query mix of the search benchmark (deterministic for a seed)."""

from __future__ import annotations

import random

from sqlalchemy import select

from counsel_dir.db import session
from counsel_dir.directory import taxonomy
from counsel_dir.directory.models import Counselor
from counsel_dir.search.params import SearchParams
from counsel_dir.search.pinyin import name_pinyin_terms

CHINESE_WORDS = (
    "焦虑",
    "抑郁",
    "婚姻家庭",
    "青少年",
    "亲子",
    "创伤",
    "失眠",
    "强迫",
    "自我成长",
    "人际关系",
    "职场压力",
    "哀伤",
    "精神分析",
    "认知行为",
    "家庭治疗",
    "正念",
    "沙盘",
    "催眠",
    "萨提亚",
    "叙事",
    "督导",
    "高校",
    "双语",
    "团体",
    "医院",
    "情绪",
    "来访者",
    "婚姻",
    "厌学",
    "惊恐",
)
ENGLISH_WORDS = (
    "anxiety",
    "depression",
    "marriage",
    "trauma",
    "CBT",
    "mindfulness",
    "couples",
    "students",
    "grief",
    "insomnia",
    "family",
    "adolescents",
    "psychoanalysis",
    "EMDR",
    "parenting",
)
CITIES = ("上海", "北京", "广州", "深圳", "杭州", "成都", "武汉", "南京", "西安", "厦门")
SEARCH_FILTERS = (
    {"tier": 1},
    {"tier": 2},
    {"city": "shanghai"},
    {"city": "beijing"},
    {"mode": "online"},
    {"accepting": True},
    {"gender": "male"},
    {"fee_max": 500},
    {"fee_min": 600, "fee_max": 1000},
    {"language": "english"},
    {"tier": 1, "city": "guangzhou"},
    {"mode": "in_person", "tier": 2},
)


def _params(kind: str, **fields: object) -> SearchParams:
    return SearchParams(extra={"kind": kind}, **fields)  # type: ignore[arg-type]


def _names(rng: random.Random, count: int) -> list[str]:
    ids = list(
        session.scalars(select(Counselor.id).where(Counselor.is_listed.is_(True)).limit(20000))
    )
    chosen = rng.sample(ids, min(count, len(ids)))
    return list(session.scalars(select(Counselor.display_name).where(Counselor.id.in_(chosen))))


def query_mix(seed: int) -> list[SearchParams]:
    """About 330 searches: words, two words, names, pinyin, filters, sorted by tier."""
    rng = random.Random(seed)
    mix: list[SearchParams] = []
    mix += [_params("chinese word", q=word) for word in CHINESE_WORDS for _ in range(2)]
    mix += [_params("english word", q=word) for word in ENGLISH_WORDS for _ in range(2)]
    for _ in range(50):
        issue = taxonomy.label(rng.choice(taxonomy.issue_codes()), "zh")
        mix.append(_params("two words", q=f"{issue} {rng.choice(CITIES)}"))
    names = _names(rng, 100)
    mix += [_params("name", q=name) for name in names[:50]]
    for name in names[50:100]:
        terms = name_pinyin_terms(name)
        choice = rng.choice((terms[0], terms[-1], " ".join(terms[1:3])))
        mix.append(_params("pinyin", q=choice))
    for _ in range(40):
        filters = rng.choice(SEARCH_FILTERS)
        mix.append(_params("word + filters", q=rng.choice(CHINESE_WORDS), **filters))
    for code in taxonomy.issue_codes()[:10] + taxonomy.approach_codes()[:10]:
        field = "issue" if code in taxonomy.issue_codes() else "approach"
        mix.append(_params("filters only", **{field: code, "tier": rng.choice((1, 2, 3))}))
    mix += [
        _params("sorted by tier", q=rng.choice(CHINESE_WORDS + ENGLISH_WORDS), sort="tier")
        for _ in range(30)
    ]
    return mix
