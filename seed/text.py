"""Names, slugs, bios and contacts of demo counselors, from pools built once per run.

Faker is slow per call at 100,000 listings, so names are drawn from pools that
one seeded Faker fills up front; everything after that uses ``random.Random``.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache

from faker import Faker
from pypinyin import lazy_pinyin

from counsel_dir.directory.taxonomy import label
from counsel_dir.search.pinyin import SURNAME_READINGS

# Surnames that trip up pinyin conversion or splitting (曾 is zeng, 单 is shan...).
TRICKY_SURNAMES = (
    "曾",
    "单",
    "解",
    "区",
    "尉迟",
    "仇",
    "朴",
    "查",
    "翟",
    "覃",
    "缪",
    "万俟",
    "欧阳",
    "令狐",
    "长孙",
    "盖",
    "乐",
    "诸葛",
)
TRICKY_SHARE = 0.04
POOL_SIZE = 3000

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class NamePools:
    """Surnames (weighted by frequency through repetition) and given names by gender."""

    surnames: list[str]
    given_female: list[str]
    given_male: list[str]

    @property
    def all_given(self) -> list[str]:
        return self.given_female + self.given_male


def name_pools(seed: int) -> NamePools:
    """Pools of name parts drawn from Faker zh_CN, repeatable for a seed."""
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    surnames = [fake.last_name() for _ in range(POOL_SIZE)]
    female = [fake.first_name_female() for _ in range(POOL_SIZE // 2)]
    male = [fake.first_name_male() for _ in range(POOL_SIZE // 2)]
    rng = random.Random(seed)
    # Two-character given names recombined from the pool give more distinct people.
    female += [rng.choice(female)[0] + rng.choice(female)[-1] for _ in range(POOL_SIZE // 2)]
    male += [rng.choice(male)[0] + rng.choice(male)[-1] for _ in range(POOL_SIZE // 2)]
    return NamePools(surnames=surnames, given_female=female, given_male=male)


def pick_name(rng: random.Random, pools: NamePools, gender: str) -> tuple[str, str]:
    """A (surname, given name) pair; sometimes with a surname that needs care."""
    if rng.random() < TRICKY_SHARE:
        surname = rng.choice(TRICKY_SURNAMES)
    else:
        surname = rng.choice(pools.surnames)
    if gender == "male":
        given = rng.choice(pools.given_male)
    elif gender == "female":
        given = rng.choice(pools.given_female)
    else:
        given = rng.choice(pools.all_given)
    return surname, given


@lru_cache(maxsize=8192)
def _pinyin(hanzi: str) -> str:
    return _NOT_SLUG.sub("", "".join(lazy_pinyin(hanzi)).lower())


@lru_cache(maxsize=1024)
def surname_pinyin(surname: str) -> str:
    """The surname's reading as a surname (曾 → zeng, 尉迟 → yuchi)."""
    readings = SURNAME_READINGS.get(surname)
    if readings:
        return readings[0].replace(" ", "")
    return _pinyin(surname)


def make_slug(surname: str, given: str, number: int) -> str:
    """URL-safe, unique by its number: 张伟 no. 42 → ``zhang-wei-0042``."""
    parts = [surname_pinyin(surname) or "x", _pinyin(given) or "x", f"{number:04d}"]
    return "-".join(parts)


def contact(rng: random.Random, surname: str, given: str, number: int) -> str:
    """A fake public contact: an email at a reserved domain or a WeChat id, never an ID number."""
    handle = f"{surname_pinyin(surname)}{_pinyin(given)}"
    if rng.random() < 0.55:
        return f"{handle}{number % 1000}@counsel.example"
    return f"微信：{handle}_xl{number % 100:02d}"


_ZH_OPENINGS = (
    "我是一名{credential}，从事心理咨询工作{years}年。",
    "{credential}，{years}年咨询经验。",
    "我从事心理咨询工作已有{years}年，目前是{credential}。",
)
_ZH_FOCUS = (
    "主要关注{issues}等议题。",
    "擅长处理{issues}方面的困扰。",
    "工作中接触较多的是{issues}相关的来访者。",
)
_ZH_METHOD = (
    "咨询中以{approaches}为主，也会根据来访者的需要灵活调整。",
    "受训背景为{approaches}，重视稳定、安全的咨询关系。",
    "常用{approaches}的方法，帮助来访者看见自己的模式。",
)
_ZH_EXTRA = (
    "曾在高校心理中心工作多年，熟悉大学生常见的心理困扰。",
    "曾在综合医院心理科从事临床工作。",
    "长期参与社区心理服务和危机干预热线的志愿工作。",
    "定期接受个人体验和专业督导。",
    "相信每个人都有自我成长的力量，愿意陪伴你一起面对。",
    "也为企业员工提供EAP咨询服务。",
)
_ZH_MODE = {
    (True, True): "可提供线上视频咨询和面询。",
    (True, False): "目前只提供线上咨询。",
    (False, True): "目前只提供面询。",
}
_EN = (
    "I have worked as a counselor for {years} years, mostly with {issues}.",
    "My approach draws on {approaches}.",
    "Sessions are available in English and Mandarin.",
    "I believe a steady, safe relationship is where change begins.",
)


@lru_cache(maxsize=512)
def _label(code: str, locale: str) -> str:
    return label(code, locale)


def _join_zh(codes: list[str]) -> str:
    return "、".join(_label(code, "zh_CN") for code in codes)


def _in_sentence(text: str) -> str:
    """ "Anxiety" becomes "anxiety" inside a sentence; "EMDR" and "LGBTQ+" stay."""
    return text[0].lower() + text[1:] if text[1:2].islower() else text


def _join_en(codes: list[str]) -> str:
    return ", ".join(_in_sentence(_label(code, "en")) for code in codes)


def make_bio(
    rng: random.Random,
    credential: str,
    issues: list[str],
    approaches: list[str],
    online: bool,
    in_person: bool,
    english: bool,
) -> str:
    """Two to five sentences built from the counselor's issues and approaches."""
    years = rng.randrange(2, 25)
    if english:
        sentences = [
            s.format(years=years, issues=_join_en(issues[:3]), approaches=_join_en(approaches[:2]))
            for s in _EN
        ]
        return " ".join(sentences[: rng.randrange(2, 5)])
    sentences = [
        rng.choice(_ZH_OPENINGS).format(credential=credential, years=years),
        rng.choice(_ZH_FOCUS).format(issues=_join_zh(issues[:3])),
    ]
    if rng.random() < 0.8:
        sentences.append(rng.choice(_ZH_METHOD).format(approaches=_join_zh(approaches[:2])))
    if rng.random() < 0.5:
        sentences.append(rng.choice(_ZH_EXTRA))
    if rng.random() < 0.5:
        sentences.append(_ZH_MODE[(online, in_person)])
    return "".join(sentences[:5])
