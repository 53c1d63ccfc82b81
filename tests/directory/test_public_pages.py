"""A client browses the directory and reads profiles, in Chinese or English."""

from __future__ import annotations

from datetime import date, timedelta

from counsel_dir.credentials.kinds import CredentialKind, CredentialStatus
from counsel_dir.directory.models import ProfileStatus
from counsel_dir.directory.services import refresh_listing


def test_home_explains_the_three_tiers_in_chinese_by_default(client):
    page = client.get("/").get_data(as_text=True)
    assert 'lang="zh-CN"' in page
    assert "/tiers" in page


def test_home_is_available_in_english(client):
    page = client.get("/?lang=en").get_data(as_text=True)
    assert 'lang="en"' in page
    assert "Three tiers of verified credentials" in page


def test_language_choice_is_remembered_between_pages(client):
    client.get("/?lang=en")
    assert 'lang="en"' in client.get("/tiers").get_data(as_text=True)


def test_directory_lists_only_listed_counselors(client, make_counselor):
    listed = make_counselor(tier=2, display_name="王芳")
    unlisted = make_counselor(tier=None, display_name="李未认证")
    page = client.get("/counselors/").get_data(as_text=True)
    assert listed.display_name in page
    assert unlisted.display_name not in page


def test_directory_paginates(client, app, make_counselor):
    for _ in range(app.config["PER_PAGE"] + 3):
        make_counselor(tier=2)
    first = client.get("/counselors/").get_data(as_text=True)
    assert 'rel="next"' in first
    second = client.get("/counselors/?page=2")
    assert second.status_code == 200
    assert 'rel="prev"' in second.get_data(as_text=True)


def test_a_page_past_the_end_or_malformed_is_not_found(client, make_counselor):
    make_counselor(tier=1)
    assert client.get("/counselors/?page=99").status_code == 404
    assert client.get("/counselors/?page=abc").status_code == 404
    assert client.get("/counselors/?page=-1").status_code == 404


def test_profile_shows_each_credential_with_how_to_check_it(client, make_counselor):
    counselor = make_counselor(tier=1, display_name="张伟")
    credential = counselor.credentials[0]
    page = client.get(f"/counselors/{counselor.slug}?lang=en").get_data(as_text=True)
    assert "张伟" in page
    assert credential.number in page
    assert "chinacpb.org" in page
    assert "never ask for a phone number or a purchase" in page
    assert "Verified" in page


def test_profile_of_unlisted_or_unknown_counselor_is_not_found(client, make_counselor):
    unlisted = make_counselor(tier=None)
    assert client.get(f"/counselors/{unlisted.slug}").status_code == 404
    assert client.get("/counselors/nobody-here").status_code == 404


def test_suspended_listing_disappears_from_directory(client, db_session, make_counselor):
    counselor = make_counselor(tier=1)
    counselor.status = ProfileStatus.SUSPENDED
    refresh_listing(counselor)
    assert client.get(f"/counselors/{counselor.slug}").status_code == 404
    assert counselor.slug not in client.get("/counselors/").get_data(as_text=True)


def test_client_sees_expired_registration_as_expired_and_tier_falls_back(
    client, db_session, make_counselor, make_credential
):
    counselor = make_counselor(tier=2)
    make_credential(
        counselor,
        CredentialKind.CPS_REGISTERED_PSYCHOLOGIST,
        status=CredentialStatus.EXPIRED,
        valid_until=date.today() - timedelta(days=3),
    )
    refresh_listing(counselor)
    assert counselor.tier == 2
    page = client.get(f"/counselors/{counselor.slug}?lang=en").get_data(as_text=True)
    assert "Expired" in page


def test_explanation_pages_name_the_official_channels(client):
    tiers = client.get("/tiers?lang=en").get_data(as_text=True)
    assert "Tier 3" in tiers
    check = client.get("/check-a-certificate?lang=en").get_data(as_text=True)
    for domain in ("chinacpb.org", "mohrss.gov.cn", "psych.ac.cn"):
        assert domain in check


def test_unknown_page_gives_a_friendly_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "<h1>404</h1>" in response.get_data(as_text=True)


def test_every_view_declares_who_may_open_it(app):
    for endpoint, view in app.view_functions.items():
        if endpoint == "static":
            continue
        assert hasattr(view, "_access"), f"{endpoint} has no access rule"


def test_pages_send_security_headers(client):
    response = client.get("/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_pages_are_in_chinese_unless_english_is_chosen(client):
    chinese = client.get("/").get_data(as_text=True)
    assert "心理咨询师名录" in chinese
    assert "Three tiers of verified credentials" not in chinese
    english = client.get("/?lang=en").get_data(as_text=True)
    assert "Counsel Directory" in english
