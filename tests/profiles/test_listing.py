"""A counselor creates a listing, edits it with a preview, and gets listed."""

from __future__ import annotations

from sqlalchemy import select

from counsel_dir.audit.models import AuditEntry
from counsel_dir.credentials.kinds import CredentialKind, CredentialStatus
from counsel_dir.db import utcnow
from counsel_dir.directory.models import Counselor, ListingSource
from counsel_dir.directory.services import refresh_listing

PROFILE = {
    "display_name": "林晓",
    "gender": "female",
    "city": "shanghai",
    "district": "xuhui",
    "offers_online": "y",
    "offers_in_person": "y",
    "languages": ["mandarin", "english"],
    "issues": ["anxiety", "depression"],
    "approaches": ["cbt"],
    "fee_min": "400",
    "fee_max": "600",
    "accepting_new_clients": "y",
    "bio": "十年咨询经验。\n擅长焦虑与抑郁。",
    "public_contact": "lin@example.com",
}


def _audits(db_session, action):
    return db_session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def test_new_counselor_creates_a_listing_adds_a_credential_and_is_listed_once_verified(
    client, auth, db_session, make_user
):
    user = make_user()
    auth.login(user)
    dashboard = client.get("/me?lang=en").get_data(as_text=True)
    assert "You have no listing yet" in dashboard

    response = client.post("/me/listing/new", data=PROFILE)
    assert response.status_code == 302
    counselor = db_session.scalars(select(Counselor).where(Counselor.owner_id == user.id)).one()
    assert counselor.source is ListingSource.SELF_REGISTERED
    assert counselor.languages == ["mandarin", "english"]
    assert counselor.accepting_confirmed_at is not None
    assert not counselor.is_listed

    response = client.post(
        "/me/credentials/new",
        data={"kind": "mohrss_level2", "number": "1611000000300123"},
        follow_redirects=True,
    )
    assert "pending until its issuer" in response.get_data(as_text=True)
    credential = counselor.credentials[0]
    assert credential.status is CredentialStatus.PENDING
    assert credential.issuer_name == "人力资源和社会保障部"
    assert credential.next_check_due is not None

    credential.status = CredentialStatus.VERIFIED  # what the verification worker does
    credential.last_verified_at = utcnow()
    refresh_listing(counselor)
    page = client.get(f"/counselors/{counselor.slug}")
    assert page.status_code == 200
    assert "林晓" in page.get_data(as_text=True)
    assert "Tier 2" in client.get("/me?lang=en").get_data(as_text=True)


def test_a_counselor_with_a_listing_cannot_create_a_second_one(
    client, auth, make_user, make_listing
):
    user = make_user()
    make_listing(owner=user)
    auth.login(user)
    response = client.post("/me/listing/new", data=PROFILE)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/me")


def test_profile_form_states_each_rule_it_breaks(client, auth, make_user, make_listing):
    user = make_user()
    make_listing(owner=user)
    auth.login(user)
    bad = dict(
        PROFILE,
        fee_min="700",
        fee_max="300",
        bio="<script>alert(1)</script>",
        languages=[],
        offers_online="",
        offers_in_person="",
    )
    bad.pop("offers_online")
    bad.pop("offers_in_person")
    response = client.post("/me/profile/preview?lang=en", data=bad)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The highest fee cannot be lower than the lowest fee." in page
    assert "HTML tags are not allowed" in page
    assert "Choose at least one language." in page
    assert "Offer online sessions, in-person sessions, or both." in page
    assert "<script>alert(1)</script>" not in page


def test_profile_form_refuses_a_city_or_district_that_does_not_exist(
    client, auth, make_user, make_listing
):
    user = make_user()
    make_listing(owner=user)
    auth.login(user)
    page = client.post("/me/profile/preview?lang=en", data=dict(PROFILE, city="atlantis")).get_data(
        as_text=True
    )
    assert "Not a valid choice" in page
    page = client.post(
        "/me/profile/preview?lang=en", data=dict(PROFILE, city="beijing", district="xuhui")
    ).get_data(as_text=True)
    assert "Choose a district of the city you chose." in page


def test_profile_form_will_not_publish_an_id_number(client, auth, make_user, make_listing):
    from tests.profiles.conftest import ID_NUMBER

    user = make_user()
    make_listing(owner=user)
    auth.login(user)
    response = client.post(
        "/me/profile/preview?lang=en", data=dict(PROFILE, public_contact=ID_NUMBER)
    )
    page = response.get_data(as_text=True)
    assert "Do not put a resident ID number here" in page
    assert ID_NUMBER not in page


def test_edit_shows_a_preview_before_anything_is_published(
    client, auth, db_session, make_user, make_listing
):
    user = make_user()
    counselor = make_listing(owner=user, display_name="林晓")
    auth.login(user)
    assert 'value="林晓"' in client.get("/me/profile/edit").get_data(as_text=True)

    edited = dict(PROFILE, bio="新的简介\n第二行", fee_min="500")
    preview = client.post("/me/profile/preview?lang=en", data=edited)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "This is how clients will see your profile" in page
    assert "新的简介" in page
    assert 'name="action" value="publish"' in page
    db_session.refresh(counselor)
    assert counselor.bio == ""

    back = client.post("/me/profile/publish?lang=en", data=dict(edited, action="back"))
    assert "新的简介" in back.get_data(as_text=True)
    db_session.refresh(counselor)
    assert counselor.bio == ""

    published = client.post("/me/profile/publish", data=dict(edited, action="publish"))
    assert published.status_code == 302
    db_session.refresh(counselor)
    assert counselor.bio == "新的简介\n第二行"
    assert counselor.fee_min == 500
    entry = _audits(db_session, "profile.updated")[-1]
    assert entry.actor_id == user.id
    assert "bio" in entry.fields and "fee_min" in entry.fields
    assert "新的简介" not in str(entry.detail)


def test_bio_is_shown_as_text_with_its_line_breaks(
    client, auth, db_session, make_user, make_listing
):
    user = make_user()
    counselor = make_listing(owner=user, tier=1, bio="第一行\n第二行 & <b>不是HTML</b>")
    page = client.get(f"/counselors/{counselor.slug}").get_data(as_text=True)
    assert "第一行\n第二行 &amp; &lt;b&gt;" in page
    assert 'class="bio"' in page


def test_dashboard_shows_tier_what_is_missing_and_credential_history(
    client, auth, make_user, make_listing, make_credential
):
    user = make_user()
    counselor = make_listing(owner=user, tier=2)
    make_credential(
        counselor,
        CredentialKind.CPS_REGISTERED_PSYCHOLOGIST,
        status=CredentialStatus.PENDING,
        number="R-2020-001",
    )
    auth.login(user)
    page = client.get("/me?lang=en").get_data(as_text=True)
    assert "Tier 2" in page
    assert "What is missing for a better tier" in page
    assert "waiting for verification" in page
    assert "R-2020-001" in page
    assert "Pending verification" in page


def test_dashboard_shows_each_credentials_verification_history(
    client, auth, db_session, make_user, make_listing
):
    from counsel_dir.credentials.models import (
        VerificationMethod,
        VerificationOutcome,
        VerificationRecord,
    )

    user = make_user()
    counselor = make_listing(owner=user, tier=2)
    db_session.add(
        VerificationRecord(
            credential=counselor.credentials[0],
            method=VerificationMethod.ISSUER_CHANNEL,
            outcome=VerificationOutcome.MATCH,
        )
    )
    db_session.flush()
    auth.login(user)
    page = client.get("/me?lang=en").get_data(as_text=True)
    assert "Verification history" in page
    assert "confirmed by the issuer" in page


def test_preview_shows_the_credentials_as_clients_see_them(client, auth, make_user, make_listing):
    user = make_user()
    counselor = make_listing(owner=user, tier=2)
    auth.login(user)
    page = client.post("/me/profile/preview?lang=en", data=PROFILE).get_data(as_text=True)
    assert counselor.credentials[0].number in page
    assert "Check it yourself on the official channel" in page


def test_dashboard_links_to_moderators_questions_and_appeals(client, auth, make_user, make_listing):
    owner = make_user()
    make_listing(owner=owner)
    auth.login(owner)
    page = client.get("/me?lang=en").get_data(as_text=True)
    assert 'href="/me/requests"' in page
    assert 'href="/me/appeals"' in page
