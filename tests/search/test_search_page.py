"""A client searches the directory in Chinese, English or pinyin and narrows the results."""

from __future__ import annotations

import re

import pytest

from counsel_dir.directory.models import Gender, ProfileStatus
from counsel_dir.directory.services import refresh_listing


def names_in(page: str) -> list[str]:
    """Counselor names on a results page, in order (the factory's supervisors left out)."""
    found = re.findall(r'<h3><a href="/counselors/[^"]+">([^<]+)</a></h3>', page)
    return [name for name in found if name != SUPERVISOR]


SUPERVISOR = "督导"


def facet_counts(body: dict) -> dict[str, dict[str, int]]:
    return {
        name: {value["value"]: value["count"] for value in values}
        for name, values in body["facets"].items()
    }


@pytest.fixture
def directory(make_counselor):
    """A small directory: two anxiety counselors in Shanghai, a family therapist in Beijing."""
    return {
        "zhang": make_counselor(
            tier=2,
            display_name="张伟",
            issues=["anxiety", "depression"],
            approaches=["cbt"],
            bio="擅长焦虑和抑郁的认知行为治疗，也做青少年厌学咨询。",
        ),
        "zeng": make_counselor(
            tier=1,
            display_name="曾丽",
            city="beijing",
            gender=Gender.FEMALE,
            issues=["marriage_family"],
            approaches=["psychoanalysis"],
            languages=["mandarin", "english"],
            bio="Marriage counselling and couples work for over ten years.",
            fee_min=800,
            fee_max=1200,
            offers_online=False,
        ),
        "shan": make_counselor(
            tier=3,
            display_name="单明",
            gender=Gender.MALE,
            issues=["anxiety", "sleep"],
            approaches=["mindfulness"],
            bio="关注睡眠问题与焦虑情绪。",
            accepting_new_clients=False,
            offers_in_person=False,
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("焦虑", {"张伟", "单明"}),
        ("anxiety", {"张伟", "单明"}),
        ("焦慮", {"张伟", "单明"}),
        ("CBT", {"张伟"}),
        ("认知行为", {"张伟"}),
        ("认知行为疗法", {"张伟"}),
        ("婚姻家庭", {"曾丽"}),
        ("婚姻", {"曾丽"}),
        ("精神分析", {"曾丽"}),
        ("青少年", {"张伟"}),
        ("北京", {"曾丽"}),
        ("beijing", {"曾丽"}),
        ("couples", {"曾丽"}),
        ("睡眠 焦虑", {"单明"}),
        ("上海 焦虑", {"张伟", "单明"}),
    ],
)
def test_client_finds_counselors_by_issue_approach_city_and_bio(find, directory, query, expected):
    assert set(names_in(find(q=query))) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("张伟", {"张伟"}),
        ("張偉", {"张伟"}),
        ("zhangwei", {"张伟"}),
        ("zhang wei", {"张伟"}),
        ("zw", {"张伟"}),
        ("ZhangWei", {"张伟"}),
        ("zengli", {"曾丽"}),
        ("zeng", {"曾丽"}),
        ("shanming", {"单明"}),
        ("曾", {"曾丽"}),
    ],
)
def test_client_finds_a_name_by_characters_pinyin_and_initials(find, directory, query, expected):
    assert set(names_in(find(q=query))) == expected


def test_surname_read_differently_is_not_found_by_the_common_reading(find, directory):
    assert "曾丽" not in names_in(find(q="cengli"))
    assert "单明" not in names_in(find(q="danming"))


def test_every_word_of_the_query_must_match(find, directory):
    assert names_in(find(q="焦虑 北京")) == []


def test_each_filter_narrows_the_results(find, directory):
    assert set(names_in(find(tier=1))) == {"曾丽"}
    assert set(names_in(find(tier=2))) == {"曾丽", "张伟"}
    assert set(names_in(find(city="beijing"))) == {"曾丽"}
    assert set(names_in(find(mode="online"))) == {"张伟", "单明"}
    assert set(names_in(find(mode="in_person"))) == {"张伟", "曾丽"}
    assert set(names_in(find(issue="sleep"))) == {"单明"}
    assert set(names_in(find(approach="cbt"))) == {"张伟"}
    assert set(names_in(find(language="english"))) == {"曾丽"}
    assert set(names_in(find(gender="male"))) == {"单明"}
    assert set(names_in(find(accepting="y"))) == {"张伟", "曾丽"}
    assert set(names_in(find(fee_min=700))) == {"曾丽"}
    assert set(names_in(find(fee_max=500))) == {"张伟", "单明"}
    assert set(names_in(find(fee_min=100, fee_max=250))) == set()


def test_filters_combine_with_free_text(find, directory):
    assert set(names_in(find(q="焦虑", tier=2))) == {"张伟"}
    assert set(names_in(find(q="anxiety", issue="sleep"))) == {"单明"}
    assert set(names_in(find(q="焦虑", accepting="y", fee_max=700))) == {"张伟"}


def test_facet_counts_say_how_many_results_each_value_would_give(client, sync_index, directory):
    sync_index()
    body = client.get("/api/v1/counselors", query_string={"q": "焦虑"}).get_json()
    facets = facet_counts(body)
    # 张伟 (tier 2), 单明 (tier 3) and 单明's supervisor (tier 1, the factory's defaults)
    assert facets["tier"] == {"1": 1, "2": 2, "3": 3}
    assert facets["issue"] == {"anxiety": 3, "depression": 1, "sleep": 1}
    assert facets["city"] == {"shanghai": 3}
    assert facets["gender"] == {"female": 2, "male": 1}
    assert facets["accepting"] == {"yes": 2, "no": 1}
    assert facets["mode"] == {"online": 3, "in_person": 2}
    assert body["total"] == 3


def test_facet_counts_keep_other_filters_but_not_their_own(client, sync_index, directory):
    sync_index()
    body = client.get("/api/v1/counselors", query_string={"city": "beijing", "tier": 2}).get_json()
    facets = facet_counts(body)
    assert facets["city"] == {"beijing": 1, "shanghai": 2}
    assert facets["tier"] == {"1": 1, "2": 1, "3": 1}
    assert body["total"] == 1


def test_facet_links_appear_on_the_page(find, directory):
    page = find(q="焦虑")
    assert "issue=sleep" in page
    assert "(2)" in page


def test_better_tier_ranks_first_among_equal_matches(find, make_counselor):
    bio = "专注焦虑议题。"
    for tier, name in ((3, "三级甲"), (1, "一级乙"), (2, "二级丙")):
        make_counselor(tier=tier, display_name=name, bio=bio, issues=["anxiety"])
    assert names_in(find(q="焦虑")) == ["一级乙", "二级丙", "三级甲"]


def test_a_much_better_match_still_beats_a_better_tier(find, make_counselor):
    make_counselor(tier=1, display_name="一级", issues=["sleep"], bio="偶尔谈到焦虑。")
    make_counselor(
        tier=3, display_name="三级", issues=["anxiety"], bio="焦虑 焦虑症 焦虑 惊恐 焦虑"
    )
    assert names_in(find(q="焦虑"))[0] == "三级"


def test_sorting_by_tier_puts_tier_one_first(find, make_counselor):
    make_counselor(tier=3, display_name="三级", issues=["anxiety"], bio="焦虑 焦虑 焦虑")
    make_counselor(tier=1, display_name="一级", issues=["sleep"], bio="焦虑")
    assert names_in(find(q="焦虑", sort="tier")) == ["一级", "三级"]


def test_match_is_highlighted_and_bio_html_is_escaped(find, make_counselor):
    make_counselor(
        display_name="注入",
        bio='<script>alert("x")</script> 我擅长焦虑 <img src=x onerror=alert(1)>',
    )
    page = find(q="焦虑")
    assert "<mark>焦虑</mark>" in page
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_traditional_query_highlights_simplified_bio(find, make_counselor):
    make_counselor(display_name="简体", issues=["sleep"], bio="处理焦虑情绪")
    assert "<mark>焦虑</mark>" in find(q="焦慮")


def test_misspelt_english_word_gets_a_did_you_mean(find, directory):
    page = find(q="marriag")
    assert names_in(page) == [] or "曾丽" in names_in(page)
    page = find(q="mariage", lang="en")
    assert "Did you mean" in page and "marriage" in page


def test_misspelt_pinyin_gets_a_did_you_mean(find, directory):
    page = find(q="zhangwie")
    assert names_in(page) == []
    assert "zhangwei" in page


def test_empty_results_suggest_dropping_a_filter(find, directory):
    page = find(q="焦虑", city="beijing", lang="en")
    assert names_in(page) == []
    assert "Try dropping a filter" in page
    assert "/counselors/?q=%E7%84%A6%E8%99%91&amp;lang=en" in page


def test_results_are_paginated(find, app, make_counselor):
    for number in range(app.config["SEARCH_PAGE_SIZE"] + 2):
        make_counselor(display_name=f"分页{number}", issues=["grief"])
    first = find(q="哀伤")
    assert len(names_in(first)) == app.config["SEARCH_PAGE_SIZE"]
    assert 'rel="next"' in first
    second = find(q="哀伤", page=2)
    assert len(names_in(second)) == 2
    assert not set(names_in(first)) & set(names_in(second))
    find(q="哀伤", page=3, expect=404)


def test_filters_without_text_are_served_by_sql(find, directory, monkeypatch):
    from counsel_dir.search import services

    monkeypatch.setattr(services, "search_index", _fail)
    assert set(names_in(find(city="shanghai", tier=3))) == {"张伟", "单明"}


def _fail(*_args, **_kwargs):
    raise AssertionError("the index was asked for the items")


def test_unlisted_or_suspended_profile_disappears_at_once(client, sync_index, directory):
    sync_index()
    counselor = directory["zhang"]
    counselor.status = ProfileStatus.SUSPENDED
    refresh_listing(counselor)
    page = client.get("/counselors/", query_string={"q": "张伟"}).get_data(as_text=True)
    assert "张伟" not in names_in(page)
    sync_index()
    assert "张伟" not in names_in(client.get("/counselors/?q=张伟").get_data(as_text=True))


def test_unverified_counselor_never_appears(find, make_counselor):
    make_counselor(tier=None, display_name="未认证", bio="焦虑")
    assert "未认证" not in find(q="焦虑")


@pytest.mark.parametrize(
    "params",
    [
        {"tier": "7"},
        {"tier": "abc"},
        {"city": "atlantis"},
        {"fee_min": "-5"},
        {"fee_min": "lots"},
        {"fee_min": "900", "fee_max": "100"},
        {"q": "x" * 500},
        {"q": "焦虑 AND OR NOT (( * ? ~ ^ :"},
        {"q": "\x00\ufffd"},
        {"sort": "random"},
        {"issue": "<script>"},
    ],
)
def test_odd_input_never_breaks_the_page(find, directory, params):
    find(**params)


def test_invalid_filter_is_explained_in_plain_words(find, directory):
    page = find(fee_min="900", fee_max="100", lang="en")
    assert "The highest fee cannot be below the lowest fee." in page
    page = find(tier="7", lang="en")
    assert "Tier must be 1, 2 or 3." in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("焦虑症", {"张伟", "单明"}),
        ("panic", {"张伟", "单明"}),
        ("失眠", {"单明"}),
        ("认知疗法", {"张伟"}),
        ("婚恋", {"曾丽"}),
        ("cognitive behavioural therapy", {"张伟"}),
        ("英文", {"曾丽"}),
        ("北京市", {"曾丽"}),
        ("jiaolv", {"张伟", "单明"}),
    ],
)
def test_synonyms_and_pinyin_of_the_vocabulary_find_the_profiles(find, directory, query, expected):
    assert set(names_in(find(q=query))) == expected


def test_a_province_finds_the_counselors_of_its_cities(find, make_counselor):
    make_counselor(display_name="广州人", city="guangzhou")
    make_counselor(display_name="深圳人", city="shenzhen")
    make_counselor(display_name="杭州人", city="hangzhou")
    assert set(names_in(find(q="广东"))) == {"广州人", "深圳人"}


def test_any_part_of_a_chinese_name_finds_the_person(find, make_counselor):
    make_counselor(display_name="欧阳小明")
    assert names_in(find(q="小明")) == ["欧阳小明"]
    assert names_in(find(q="欧阳")) == ["欧阳小明"]
    assert names_in(find(q="ouyang xiaoming")) == ["欧阳小明"]
