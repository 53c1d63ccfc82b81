"""Stand-in profiles for the search benchmark while the seed generator is not on this branch.

``bench/search.py`` uses ``seed.generator`` and ``seed.loader`` when they can be
imported and only falls back to this module otherwise. The profiles look like
the directory's (Chinese names including surnames with special readings, the
taxonomy's codes, bios built from labels) but carry no credentials: tier and
listing are set directly, which is all the search reads.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from sqlalchemy import insert

from counsel_dir.db import session, utcnow
from counsel_dir.directory import taxonomy
from counsel_dir.directory.models import Counselor, Gender, ListingSource

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
)
SPECIAL_SURNAMES = (
    "单",
    "解",
    "区",
    "仇",
    "查",
    "翟",
    "缪",
    "尉迟",
    "欧阳",
    "诸葛",
    "万俟",
    "长孙",
)
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力斌宇浩凯鹏林琳晨欣怡雪梅婷佳悦"
)
FILLER = (
    "我相信每个人都有自我疗愈的力量。",
    "咨询中注重安全、尊重与保密。",
    "曾在高校心理中心和医院心理科工作多年。",
    "擅长陪伴来访者梳理情绪，找到适合自己的改变节奏。",
    "可提供中英文双语咨询。",
    "Experienced with international students and expatriate families.",
    "I work with adults and couples, online or in my studio.",
    "长期接受个人体验和团体督导。",
)
TIER_MIX = ((1, 0.25), (2, 0.35), (3, 0.15), (None, 0.25))


def _name(rng: random.Random) -> str:
    surname = rng.choice(SPECIAL_SURNAMES) if rng.random() < 0.04 else rng.choice(SURNAMES)
    length = 1 if rng.random() < 0.35 else 2
    return surname + "".join(rng.choice(GIVEN_CHARS) for _ in range(length))


def _tier(rng: random.Random) -> int | None:
    draw, total = rng.random(), 0.0
    for tier, share in TIER_MIX:
        total += share
        if draw < total:
            return tier
    return None


def _bio(rng: random.Random, issues: list[str], approaches: list[str], city: str) -> str:
    issue_labels = "、".join(taxonomy.label(code, "zh") for code in issues)
    approach_labels = "、".join(taxonomy.label(code, "zh") for code in approaches)
    sentences = [
        f"主要关注{issue_labels}等议题。",
        f"咨询取向以{approach_labels}为主。",
        f"在{taxonomy.label(city, 'zh')}执业。",
        *rng.sample(FILLER, rng.randint(1, 3)),
    ]
    if rng.random() < 0.1:
        sentences.append(
            "Works with " + ", ".join(taxonomy.label(code, "en").lower() for code in issues) + "."
        )
    rng.shuffle(sentences)
    return "".join(sentences)


def profile_row(rng: random.Random, number: int) -> dict[str, Any]:
    """One counselor row with public fields, a tier and a listing flag."""
    city = rng.choice(taxonomy.CITIES)
    issues = rng.sample(taxonomy.issue_codes(), rng.randint(1, 4))
    approaches = rng.sample(taxonomy.approach_codes(), rng.randint(1, 3))
    languages = ["mandarin"] + (["english"] if rng.random() < 0.2 else [])
    fee_min = rng.randrange(200, 1200, 50)
    tier = _tier(rng)
    now = utcnow()
    return {
        "slug": f"bench-{number:06d}",
        "display_name": _name(rng),
        "gender": rng.choice((Gender.FEMALE, Gender.FEMALE, Gender.MALE)),
        "city": city.code,
        "district": rng.choice(city.districts).code if city.districts else None,
        "offers_online": rng.random() < 0.7,
        "offers_in_person": rng.random() < 0.8,
        "languages": languages,
        "issues": issues,
        "approaches": approaches,
        "fee_min": fee_min,
        "fee_max": fee_min + rng.randrange(0, 400, 50),
        "accepting_new_clients": rng.random() < 0.7,
        "bio": _bio(rng, issues, approaches, city.code),
        "public_contact": "",
        "source": ListingSource.IMPORTED,
        "tier": tier,
        "is_listed": tier is not None,
        "created_at": now,
        "updated_at": now,
    }


def load_fallback(count: int, seed: int, progress: Callable[[int], None] | None = None) -> None:
    """Insert ``count`` profiles in batches, committing each."""
    rng = random.Random(seed)
    for start in range(0, count, 2000):
        rows = [profile_row(rng, number) for number in range(start, min(count, start + 2000))]
        session.execute(insert(Counselor), rows)
        session.commit()
        if progress is not None:
            progress(len(rows))
