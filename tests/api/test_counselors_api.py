"""A developer searches the directory as JSON with the same parameters as the page."""

from __future__ import annotations

import pytest

from counsel_dir.directory.models import ProfileStatus
from counsel_dir.directory.services import refresh_listing


@pytest.fixture
def api(client, sync_index):
    def get(expect: int = 200, **params):
        sync_index()
        response = client.get("/api/v1/counselors", query_string=params)
        assert response.status_code == expect, response.get_data(as_text=True)
        assert response.is_json
        return response.get_json()

    return get


def test_search_returns_public_fields_and_a_highlighted_snippet(api, make_counselor):
    counselor = make_counselor(
        tier=1, display_name="王芳", bio="专注<b>焦虑</b>与失眠", public_contact="wechat: wf"
    )
    body = api(q="焦虑", lang="en")
    assert body["total"] == 1 and body["total_is_estimate"] is False
    (result,) = body["results"]
    assert result["slug"] == counselor.slug
    assert result["tier"] == 1
    assert result["city"] == {"code": "shanghai", "label": "Shanghai"}
    assert result["issues"] == [{"code": "anxiety", "label": "Anxiety"}]
    assert result["snippet_html"] == "专注&lt;b&gt;<mark>焦虑</mark>&lt;/b&gt;与失眠"
    assert result["url"] == f"/counselors/{counselor.slug}"
    for private in ("resident_id_sealed", "resident_id_hash", "owner_id", "owner", "email"):
        assert private not in result


def test_filters_and_pages_work_like_the_page(api, make_counselor):
    for _ in range(3):
        make_counselor(tier=2, city="chengdu", issues=["trauma"])
    make_counselor(tier=2, city="wuhan", issues=["trauma"])
    body = api(q="创伤", city="chengdu", per_page=2)
    assert body["total"] == 3 and body["pages"] == 2 and len(body["results"]) == 2
    assert body["filters"] == {"city": "chengdu"}
    second = api(q="创伤", city="chengdu", per_page=2, page=2)
    assert len(second["results"]) == 1
    api(q="创伤", city="chengdu", per_page=2, page=3, expect=404)


def test_filters_alone_are_answered_too(api, make_counselor):
    make_counselor(tier=1, city="xiamen")
    make_counselor(tier=3, city="xiamen")
    body = api(city="xiamen", tier=1)
    assert [result["tier"] for result in body["results"]] == [1]
    assert body["facets"]["tier"][0] == {"value": "1", "label": "1", "count": 1}


def test_facets_can_be_left_out_for_speed(api, make_counselor):
    make_counselor(tier=2, issues=["grief"])
    body = api(q="哀伤", facets="0")
    assert body["facets"] is None
    assert body["total"] >= 1


def test_did_you_mean_is_offered(api, make_counselor):
    make_counselor(tier=2, display_name="刘洋", issues=["insomnia"] if False else ["sleep"])
    body = api(q="insomnai")
    assert body["results"] == []
    assert body["did_you_mean"] == "insomnia"


def test_invalid_parameters_are_a_400_naming_the_rule(api):
    body = api(expect=400, tier="9", fee_min="x", page="0", per_page="500", lang="en")
    assert body["fields"]["tier"] == ["Tier must be 1, 2 or 3."]
    assert "fee_min" in body["fields"]
    assert body["fields"]["page"] == ["page must be a whole number from 1 to 100000."]
    assert "per_page" in body["fields"]


def test_suspended_counselor_disappears_from_the_api_at_once(api, client, make_counselor):
    counselor = make_counselor(tier=2, display_name="暂停")
    assert api(q="暂停")["total"] == 1
    counselor.status = ProfileStatus.SUSPENDED
    refresh_listing(counselor)
    response = client.get("/api/v1/counselors", query_string={"q": "暂停"}).get_json()
    assert response["results"] == []
