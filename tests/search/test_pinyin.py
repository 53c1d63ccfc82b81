"""Stories about finding counselors by the pinyin of their names."""

from __future__ import annotations

import pytest

from counsel_dir.search.analysis import name_pinyin_terms, text_pinyin


def test_client_types_full_pinyin_syllables_or_initials_of_a_name() -> None:
    assert name_pinyin_terms("张伟") == ["zhangwei", "zhang", "wei", "zw"]


@pytest.mark.parametrize(
    ("name", "full"),
    [
        ("曾伟", "zengwei"),
        ("单磊", "shanlei"),
        ("解然", "xieran"),
        ("仇英", "qiuying"),
        ("区志航", "ouzhihang"),
        ("查良镛", "zhaliangyong"),
        ("缪静", "miaojing"),
        ("召南", "shaonan"),
        ("繁钦", "poqin"),
        ("阚泽", "kanze"),
        ("卜凡", "bufan"),
        ("薄一", "boyi"),
        ("万俟卨", "moqixie"),
        ("长孙无忌", "zhangsunwuji"),
        ("澹台明", "tantaiming"),
    ],
)
def test_surname_is_read_as_a_surname(name: str, full: str) -> None:
    assert name_pinyin_terms(name)[0] == full


def test_compound_surname_gives_joined_syllables_and_initials() -> None:
    terms = name_pinyin_terms("尉迟恭")
    assert terms[0] == "yuchigong"
    assert {"yu", "chi", "gong", "yuchi", "ycg"} <= set(terms)


def test_surname_reading_applies_to_the_surname_only() -> None:
    assert name_pinyin_terms("张曾")[0] == "zhangceng"
    assert name_pinyin_terms("曾曾")[0] == "zengceng"


def test_surname_with_two_readings_in_use_is_found_by_either() -> None:
    terms = name_pinyin_terms("盖伟")
    assert terms[0] == "gewei"
    assert "gaiwei" in terms
    assert "gw" in terms


def test_traditional_characters_get_the_same_readings() -> None:
    assert name_pinyin_terms("區志航") == name_pinyin_terms("区志航")
    assert name_pinyin_terms("曾偉")[0] == "zengwei"


def test_two_character_name_is_not_taken_for_a_compound_surname() -> None:
    assert name_pinyin_terms("欧阳")[0] == "ouyang"
    assert "yangnana" not in name_pinyin_terms("欧阳娜娜")
    assert "nana" in name_pinyin_terms("欧阳娜娜")


def test_given_name_of_two_characters_is_also_a_term() -> None:
    assert "xiaowei" in name_pinyin_terms("张小伟")


def test_pinyin_has_no_tone_marks_and_writes_u_umlaut_as_v() -> None:
    assert name_pinyin_terms("吕洁")[0] == "lvjie"


def test_latin_names_are_kept_as_lower_cased_words() -> None:
    assert name_pinyin_terms("Anna Li") == ["annali", "anna", "li"]
    assert name_pinyin_terms("李 Anna") == ["li", "anna"]
    assert name_pinyin_terms("  ") == []


def test_text_pinyin_joins_each_run_of_chinese() -> None:
    assert text_pinyin("焦虑 CBT") == "jiaolv cbt"
    assert text_pinyin("焦慮，婚姻家庭") == "jiaolv hunyinjiating"
