"""Stories about what a search box's input turns into before it is searched."""

from __future__ import annotations

from counsel_dir.search.analysis import MAX_QUERY_LENGTH, fold_for_suggestions, normalize_query
from counsel_dir.search.normalize import normalize_text, to_simplified


def test_query_is_simplified_half_width_trimmed_and_single_spaced() -> None:
    assert normalize_query("  焦慮\u3000\u3000ＣＢＴ\n 上海 ") == "焦虑 CBT 上海"


def test_query_keeps_its_case_for_the_parser() -> None:
    assert normalize_query("anxiety OR 焦虑") == "anxiety OR 焦虑"


def test_overlong_query_is_cut() -> None:
    assert len(normalize_query("焦虑" * 500)) == MAX_QUERY_LENGTH
    assert normalize_query("a" * 199 + " b") == "a" * 199


def test_suggestion_keys_ignore_case_spacing_punctuation_and_script() -> None:
    assert fold_for_suggestions("Marriage & Family") == "marriagefamily"
    assert fold_for_suggestions(" 婚姻 家庭 ") == fold_for_suggestions("婚姻家庭")
    assert fold_for_suggestions("認知行為") == "认知行为"


def test_simplified_text_and_ascii_are_left_alone() -> None:
    assert to_simplified("焦虑 CBT") == "焦虑 CBT"
    assert to_simplified("") == ""


def test_normalized_text_maps_each_character_back_to_its_source() -> None:
    normalized = normalize_text("ﬁ憂")
    assert normalized.text == "fi忧"
    assert normalized.original_span(0, 2) == (0, 1)
    assert normalized.original_span(2, 3) == (1, 2)


def test_combining_accents_are_composed_with_their_letter() -> None:
    normalized = normalize_text("cafe\u0301")
    assert normalized.text == "café"
    assert normalized.original_span(3, 4) == (3, 5)


class _PhraseConverter:
    """Stands in for an OpenCC conversion that changes a phrase's length."""

    def convert(self, text: str) -> str:
        return text.replace("臺灣", "台湾省").replace("憂", "忧")


def test_offsets_stay_exact_when_a_conversion_changes_lengths(monkeypatch) -> None:
    from counsel_dir.search import normalize

    monkeypatch.setattr(normalize, "_converter", _PhraseConverter())
    normalized = normalize_text("臺灣憂")
    assert normalized.text == "臺灣忧"
    assert normalized.original_span(2, 3) == (2, 3)
