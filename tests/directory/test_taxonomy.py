"""Stories about the directory's vocabularies: codes, labels and what people type."""

from __future__ import annotations

import re

import pytest

from counsel_dir.directory import taxonomy
from counsel_dir.directory.taxonomy import Vocabulary, label, resolve_term

ALL_ENTRIES = (*taxonomy.ISSUES, *taxonomy.APPROACHES, *taxonomy.LANGUAGES, *taxonomy.CITIES)


def test_every_code_is_ascii_and_names_one_entry_in_all_vocabularies() -> None:
    codes = [entry.code for entry in ALL_ENTRIES]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", code) for code in codes)


def test_vocabularies_have_the_expected_breadth() -> None:
    assert 18 <= len(taxonomy.issue_codes()) <= 25
    assert 13 <= len(taxonomy.approach_codes()) <= 20
    assert 6 <= len(taxonomy.language_codes()) <= 10
    assert 35 <= len(taxonomy.city_codes()) <= 50


def test_profile_shows_the_label_in_the_readers_language() -> None:
    assert label("cbt", "zh_CN") == "认知行为疗法"
    assert label("cbt", "zh") == "认知行为疗法"
    assert label("cbt", "en") == "Cognitive behavioural therapy (CBT)"
    assert label("marriage_family", "en") == "Marriage and family"
    assert label("shanghai", "zh_CN") == "上海"
    assert label("mandarin", "en") == "Mandarin"


def test_a_code_no_longer_known_is_shown_rather_than_breaking_the_page() -> None:
    assert label("retired_code", "zh_CN") == "retired_code"
    assert not taxonomy.is_known("retired_code")
    with pytest.raises(KeyError):
        taxonomy.term("retired_code")


def test_client_typing_a_label_or_a_synonym_finds_its_code() -> None:
    assert resolve_term("CBT") == {"cbt"}
    assert resolve_term("认知行为治疗") == {"cbt"}
    assert resolve_term("抑郁症") == {"depression"}
    assert resolve_term("depressive") == {"depression"}
    assert resolve_term("焦虑") == {"anxiety"}


def test_client_typing_traditional_characters_finds_the_same_codes() -> None:
    assert resolve_term("焦慮") == {"anxiety"}
    assert resolve_term("憂鬱") == {"depression"}
    assert resolve_term("抑鬱") == {"depression"}
    assert resolve_term("認知行為療法") == {"cbt"}


def test_case_spacing_and_punctuation_do_not_matter() -> None:
    assert resolve_term("Marriage & Family") == {"marriage_family"}
    assert resolve_term("  marriage and family ") == {"marriage_family"}
    assert resolve_term("ＣＢＴ") == {"cbt"}
    assert resolve_term("Xi'an") == {"xian"}


def test_a_term_can_name_several_codes_and_be_narrowed_to_one_vocabulary() -> None:
    assert resolve_term("产后抑郁") == {"depression", "perinatal"}
    assert resolve_term("产后抑郁", Vocabulary.ISSUE) == {"depression", "perinatal"}
    assert resolve_term("上海") == {"shanghai"}
    assert resolve_term("上海", Vocabulary.LANGUAGE) == set()


def test_a_province_resolves_to_its_cities() -> None:
    assert resolve_term("广东") == {"guangzhou", "shenzhen", "dongguan", "foshan", "zhuhai"}
    assert resolve_term("Guangdong", Vocabulary.CITY) == resolve_term("广东省")


def test_partial_or_unknown_text_resolves_to_nothing() -> None:
    assert resolve_term("焦虑的孩子") == set()
    assert resolve_term("") == set()
    assert resolve_term("！！") == set()


@pytest.mark.parametrize("entry", ALL_ENTRIES, ids=lambda entry: entry.code)
def test_every_entry_is_found_by_its_code_labels_and_synonyms(entry) -> None:
    for name in (entry.code, entry.zh, entry.en, *entry.synonyms):
        assert entry.code in resolve_term(name), name


def test_city_has_a_province_and_districts_by_pinyin_code() -> None:
    shanghai = taxonomy.city("shanghai")
    assert shanghai.province == "shanghai"
    assert {"徐汇区", "静安区", "浦东新区"} <= {district.zh for district in shanghai.districts}
    assert taxonomy.district_label("shanghai", "xuhui", "zh_CN") == "徐汇区"
    assert taxonomy.district_label("shanghai", "xuhui", "en") == "Xuhui"
    assert taxonomy.district_label("shanghai", "nowhere", "en") == "nowhere"
    assert taxonomy.province_label("guangdong", "zh_CN") == "广东"


def test_every_city_is_in_a_known_province_with_distinct_district_codes() -> None:
    provinces = {province.code for province in taxonomy.PROVINCES}
    for city in taxonomy.CITIES:
        assert city.province in provinces, city.code
        codes = [district.code for district in city.districts]
        assert codes and len(codes) == len(set(codes)), city.code
        assert all(re.fullmatch(r"[a-z]+", code) for code in codes), city.code


def test_asking_for_a_city_by_a_code_of_another_kind_fails() -> None:
    with pytest.raises(KeyError):
        taxonomy.city("cbt")


def test_synonyms_for_a_code_that_does_not_exist_are_refused() -> None:
    from counsel_dir.directory.terms import terms

    with pytest.raises(ValueError, match="unknown codes"):
        terms(Vocabulary.ISSUE, (("anxiety", "焦虑", "Anxiety"),), "anxeity: 焦虑症")
