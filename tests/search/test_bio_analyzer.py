"""The bio's cached, sentence-by-sentence cut gives exactly the words of the plain cut."""

from __future__ import annotations

import pytest

from counsel_dir.search.analysis import index_analyzer
from counsel_dir.search.bio import bio_analyzer, sentences

BIOS = [
    "擅长焦虑和抑郁的认知行为治疗。也做青少年厌学咨询！欢迎来访。",
    "主要关注婚姻家庭、亲子关系等议题；咨询取向以精神动力学取向为主。\n在上海执业。",
    "Marriage counselling and couples work. 我相信每个人都有自我疗愈的力量？",
    "處理焦慮情緒。ＣＢＴ与正念。",
    "没有句号的一句话",
    "",
]


@pytest.mark.parametrize("bio", BIOS)
def test_cached_bio_words_equal_the_plain_index_words(bio):
    plain = sorted(token.text for token in index_analyzer()(bio, mode="index"))
    cached = sorted(token.text for token in bio_analyzer()(bio, mode="index"))
    assert cached == plain


def test_sentences_keep_every_character():
    text = BIOS[1]
    assert "".join(sentences(text)) == text


def test_positions_and_offsets_come_from_the_plain_analyzer():
    bio = BIOS[0]
    options = {"positions": True, "chars": True}
    plain = [(t.text, t.pos, t.startchar) for t in index_analyzer()(bio, **options)]
    cached = [(t.text, t.pos, t.startchar) for t in bio_analyzer()(bio, **options)]
    assert cached == plain
