"""Stories about how profile text and queries are cut into searchable words."""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.qparser import QueryParser

from counsel_dir.directory import taxonomy
from counsel_dir.search.analysis import (
    STOP_LIST,
    USER_DICTIONARY,
    ChineseTokenizer,
    index_analyzer,
    name_analyzer,
    name_pinyin_terms,
    query_analyzer,
    segment,
    warm_up,
)
from counsel_dir.search.normalize import normalize_plain, normalize_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module", autouse=True)
def segmenter_ready() -> None:
    warm_up()


def index_words(text: str) -> list[str]:
    return [token.text for token in index_analyzer()(text, mode="index")]


def query_words(text: str) -> list[str]:
    return [token.text for token in index_analyzer()(text, mode="query")]


def spans(text: str, mode: str = "index", **options: object) -> list[tuple[str, int, int, int]]:
    tokens = index_analyzer()(text, positions=True, chars=True, mode=mode, **options)
    return [(token.text, token.pos, token.startchar, token.endchar) for token in tokens]


# Segmentation


def test_client_searching_anxiety_matches_the_word_anxiety() -> None:
    assert index_words("焦虑") == ["焦虑"]
    assert query_words("焦虑") == ["焦虑"]


def test_marriage_and_family_is_indexed_whole_and_by_its_parts() -> None:
    assert {"婚姻", "家庭", "婚姻家庭"} <= set(index_words("婚姻家庭"))
    assert query_words("婚姻家庭") == ["婚姻家庭"]


def test_adolescent_psychology_is_indexed_with_adolescents_and_psychology() -> None:
    assert {"青少年", "心理", "青少年心理"} <= set(index_words("青少年心理"))
    assert query_words("青少年的心理问题") == ["青少年", "心理", "问题"]


def test_cbt_in_chinese_stays_one_word_in_queries_and_is_found_by_its_parts() -> None:
    assert query_words("认知行为疗法") == ["认知行为疗法"]
    assert {"认知", "行为", "疗法", "认知行为", "认知行为疗法"} <= set(index_words("认知行为疗法"))


def test_mixed_latin_and_chinese_query_gives_both_words_in_order() -> None:
    assert spans("CBT 焦虑", mode="query") == [("cbt", 0, 0, 3), ("焦虑", 1, 4, 6)]
    assert spans("CBT 焦虑", mode="index") == [("cbt", 0, 0, 3), ("焦虑", 1, 4, 6)]


def test_english_words_are_lower_cased_and_stemmed_alike() -> None:
    assert query_words("Anxiety") == query_words("anxieties") == ["anxieti"]
    assert query_words("Depressive") == query_words("depression")


def test_spelling_suggestions_see_english_words_unstemmed() -> None:
    tokens = index_analyzer()("Anxiety 焦虑", no_morph=True)
    assert [token.text for token in tokens] == ["anxiety", "焦虑"]


def test_digits_are_kept_and_punctuation_dropped() -> None:
    assert query_words("咨询10年！（50分钟/次）") == ["咨询", "10", "年", "50", "分钟", "次"]


def test_text_without_words_gives_no_tokens() -> None:
    assert index_words("") == []
    assert index_words("  ，。！😀") == []


def test_function_words_are_not_required_to_match() -> None:
    assert spans("我的焦虑和抑郁", mode="query") == [("焦虑", 0, 2, 4), ("抑郁", 1, 5, 7)]


def test_highlighting_still_sees_function_words_as_stopped() -> None:
    tokens = index_analyzer()("焦虑和抑郁", removestops=False, mode="index")
    assert [(token.text, token.stopped) for token in tokens] == [
        ("焦虑", False),
        ("和", True),
        ("抑郁", False),
    ]


def test_index_words_include_everything_jiebas_search_mode_gives() -> None:
    texts = ["婚姻家庭咨询师擅长认知行为疗法", "青少年心理与精神动力学", "中国心理学会注册心理师"]
    for text in texts:
        jieba_words = {word for word, _, _ in segment(text, mode="jieba-search")}
        assert jieba_words - STOP_LIST <= set(index_words(text)), text


def test_domain_terms_are_indexed_even_where_jieba_cuts_across_them() -> None:
    text = "精神动力学取向"
    precise = [word for word, _, _ in segment(text)]
    assert "精神动力学" not in precise
    assert "精神动力学" in index_words(text)


def test_query_mode_cuts_precisely_and_index_mode_adds_contained_words() -> None:
    analyzer = index_analyzer()
    in_query = [token.text for token in analyzer("婚姻家庭咨询", mode="query")]
    in_index = [token.text for token in analyzer("婚姻家庭咨询", mode="index")]
    assert in_query == ["婚姻家庭", "咨询"]
    assert set(in_query) < set(in_index)


def test_query_analyzer_cuts_precisely_whatever_the_mode() -> None:
    words = [token.text for token in query_analyzer()("婚姻家庭", mode="index")]
    assert words == ["婚姻家庭"]


def test_unknown_segmentation_is_refused() -> None:
    with pytest.raises(ValueError, match="segmentation"):
        ChineseTokenizer("greedy")


# Traditional and simplified, full width and half width


@pytest.mark.parametrize(
    ("written", "indexed"),
    [("焦慮", "焦虑"), ("憂鬱", "忧郁"), ("抑鬱", "抑郁"), ("創傷", "创伤"), ("ＣＢＴ", "cbt")],
)
def test_traditional_and_full_width_text_is_indexed_as_simplified(
    written: str, indexed: str
) -> None:
    assert index_words(written) == [indexed]
    assert query_words(written) == [indexed]


def test_not_tokenizing_still_normalizes_the_whole_value() -> None:
    tokens = index_analyzer()("焦慮 ＣＢＴ", tokenize=False, chars=True)
    assert [(token.text, token.startchar, token.endchar) for token in tokens] == [
        ("焦虑 cbt", 0, 6)
    ]


# Positions and character offsets


def test_contained_words_share_the_position_of_their_word() -> None:
    positions = {word: pos for word, pos, _, _ in spans("焦虑 婚姻家庭 咨询")}
    assert positions["焦虑"] == 0
    assert positions["婚姻"] == positions["家庭"] == positions["婚姻家庭"] == 1
    assert positions["咨询"] == 2


def test_offsets_point_at_the_original_characters() -> None:
    text = "擅长婚姻家庭（CBT）、焦慮"
    for word, _, start, end in spans(text):
        assert normalize_plain(text[start:end]).lower() == word


def test_offsets_survive_normalization_that_changes_lengths() -> None:
    text = "ﬁne 憂鬱 ＣＢＴ"
    assert normalize_text(text).text == "fine 忧郁 CBT"
    assert [(word, text[start:end]) for word, _, start, end in spans(text)] == [
        ("fine", "ﬁne"),
        ("忧郁", "憂鬱"),
        ("cbt", "ＣＢＴ"),
    ]


def test_offsets_and_positions_start_where_whoosh_asks() -> None:
    assert spans("CBT 焦虑", start_pos=5, start_char=100) == [
        ("cbt", 5, 100, 103),
        ("焦虑", 6, 104, 106),
    ]


def test_original_text_is_kept_on_request() -> None:
    tokens = index_analyzer()("憂鬱", keeporiginal=True)
    assert [(token.text, token.original) for token in tokens] == [("忧郁", "憂鬱")]


# Names


def test_name_is_found_by_full_name_and_by_surname() -> None:
    tokens = name_analyzer()("曾偉 Anna", positions=True, chars=True)
    assert [(token.text, token.pos, token.startchar, token.endchar) for token in tokens] == [
        ("曾伟", 0, 0, 2),
        ("曾", 0, 0, 1),
        ("伟", 0, 1, 2),
        ("anna", 1, 3, 7),
    ]


# Whoosh end to end


@pytest.fixture(scope="module")
def counselors():
    schema = Schema(
        id=ID(stored=True, unique=True),
        bio=TEXT(analyzer=index_analyzer(), stored=True),
        name=TEXT(analyzer=name_analyzer(), stored=True),
        name_pinyin=KEYWORD(),
    )
    index = RamStorage().create_index(schema)
    writer = index.writer()
    profiles = [
        ("zeng", "曾伟", "擅长婚姻家庭咨询与认知行为疗法（CBT），关注青少年的焦虑问题。"),
        ("yuchi", "尉遲恭", "精神動力學取向，處理憂鬱與創傷。Works in English with anxieties."),
    ]
    for key, name, bio in profiles:
        pinyin = " ".join(name_pinyin_terms(name))
        writer.add_document(id=key, name=name, bio=bio, name_pinyin=pinyin)
    writer.commit()
    with index.searcher() as searcher:
        yield searcher


def found(searcher, field: str, text: str) -> list[str]:
    query = QueryParser(field, searcher.schema).parse(text)
    return sorted(hit["id"] for hit in searcher.search(query))


@pytest.mark.parametrize(
    ("field", "text", "ids"),
    [
        ("bio", "家庭", ["zeng"]),
        ("bio", "焦慮", ["zeng"]),
        ("bio", "忧郁", ["yuchi"]),
        ("bio", "精神动力学", ["yuchi"]),
        ("bio", "认知行为", ["zeng"]),
        ("bio", "cbt", ["zeng"]),
        ("bio", "Anxiety", ["yuchi"]),
        ("bio", "青少年焦虑", ["zeng"]),
        ("bio", '"婚姻家庭 咨询"', ["zeng"]),
        ("name", "曾", ["zeng"]),
        ("name", "尉迟恭", ["yuchi"]),
        ("name_pinyin", "zengwei", ["zeng"]),
        ("name_pinyin", "ycg", ["yuchi"]),
    ],
)
def test_client_finds_counselors_whatever_the_script(counselors, field, text, ids) -> None:
    assert found(counselors, field, text) == ids


def test_highlight_marks_the_traditional_characters_that_matched(counselors) -> None:
    query = QueryParser("bio", counselors.schema).parse("忧郁")
    [hit] = counselors.search(query)
    assert re.search(r"<b[^>]*>憂鬱</b>", hit.highlights("bio"))


def test_highlight_marks_a_word_found_inside_a_longer_word(counselors) -> None:
    query = QueryParser("bio", counselors.schema).parse("家庭")
    [hit] = counselors.search(query)
    assert re.search(r"婚姻<b[^>]*>家庭</b>咨询", hit.highlights("bio"))


def test_schema_with_these_analyzers_survives_pickling() -> None:
    schema = Schema(bio=TEXT(analyzer=index_analyzer()), name=TEXT(analyzer=name_analyzer()))
    restored = pickle.loads(pickle.dumps(schema))  # noqa: S301 - our own bytes
    assert restored["bio"].analyzer == schema["bio"].analyzer
    assert restored["name"].analyzer == schema["name"].analyzer


# Dictionary and start-up


def test_user_dictionary_knows_every_chinese_term_of_the_taxonomy() -> None:
    dictionary = set(USER_DICTIONARY.read_text(encoding="utf-8").split())
    entries = (*taxonomy.ISSUES, *taxonomy.APPROACHES, *taxonomy.LANGUAGES, *taxonomy.CITIES)
    chinese = re.compile(r"[\u4e00-\u9fff]{2,}")
    missing = {
        name
        for entry in entries
        for name in (entry.zh, *entry.synonyms)
        if chinese.fullmatch(name) and name not in dictionary
    }
    assert not missing


def test_starting_the_segmenter_is_silent_and_warning_free(tmp_path: Path) -> None:
    # An empty bytecode cache makes Python compile jieba's sources again, which
    # is when its invalid escape sequences warn; an empty temporary directory
    # makes jieba build its dictionary cache as on a fresh machine.
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    script = (
        "from counsel_dir.search.analysis import index_analyzer, warm_up\n"
        "warm_up()\n"
        "print([t.text for t in index_analyzer()('焦慮', mode='index')])\n"
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-X", f"pycache_prefix={tmp_path}", "-W", "error", "-c", script],
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(temporary)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['焦虑']"
    assert result.stderr == ""
    assert (temporary / "jieba.cache").exists()
