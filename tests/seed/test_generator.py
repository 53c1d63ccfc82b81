"""The demo data set: repeatable, realistic, and showing every case the demo needs."""

from __future__ import annotations

import re
import time
from collections import Counter

import pytest

from counsel_dir.credentials import resident_id
from counsel_dir.credentials.issuers import kind_info
from counsel_dir.credentials.kinds import CredentialKind, CredentialStatus, Tier
from counsel_dir.credentials.recognition import assess_issuer
from counsel_dir.credentials.tiers import compute_tier, is_registered_supervisor
from counsel_dir.directory.taxonomy import (
    approach_codes,
    city,
    city_codes,
    issue_codes,
    language_codes,
)
from seed.data import Disagreement, Profile
from seed.generator import CLAIM_ME_DEMO, generate
from seed.text import TRICKY_SURNAMES, make_slug
from tests.seed.conftest import DAY

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)+")


def tiers(data):
    return Counter(
        compute_tier(counselor.credentials, counselor.attested_hours, data.today)
        for counselor in data.counselors
    )


def test_the_same_seed_on_the_same_day_gives_the_same_data():
    assert generate(300, 42, today=DAY) == generate(300, 42, today=DAY)


def test_another_seed_gives_other_people():
    first, second = generate(300, 1, today=DAY), generate(300, 2, today=DAY)
    assert [c.display_name for c in first.counselors] != [c.display_name for c in second.counselors]


def test_a_set_too_small_to_show_the_mix_is_refused():
    with pytest.raises(ValueError, match="at least"):
        generate(5)


def test_about_2000_counselors_in_every_tier_in_the_planned_shares(demo):
    assert len(demo.counselors) == 2000
    counts = tiers(demo)
    assert counts[Tier.REGISTERED] == pytest.approx(500, abs=60)
    assert counts[Tier.CERTIFIED] == pytest.approx(700, abs=60)
    assert counts[Tier.TRAINED] == pytest.approx(300, abs=60)
    assert counts[None] == pytest.approx(500, abs=60)


def test_each_profile_earns_the_tier_it_stands_for(demo):
    expected = {
        Profile.TIER1: Tier.REGISTERED,
        Profile.TIER2: Tier.CERTIFIED,
        Profile.TIER3: Tier.TRAINED,
    }
    for counselor in demo.counselors:
        tier = compute_tier(counselor.credentials, counselor.attested_hours, demo.today)
        assert tier == expected.get(counselor.profile), counselor.slug


def test_most_listings_are_imported_and_unclaimed(demo):
    unclaimed = [c for c in demo.counselors if c.imported and not c.claimed]
    assert 0.55 <= len(unclaimed) / len(demo.counselors) <= 0.65
    assert all(c.imported for c in demo.counselors if not c.claimed)


def test_every_case_the_demo_shows_is_present(demo):
    credentials = [cr for c in demo.counselors for cr in c.credentials]
    profiles = Counter(c.profile for c in demo.counselors)
    for profile in Profile:
        assert profiles[profile] > 0, profile
    assert any(cr.status is CredentialStatus.EXPIRED and cr.valid_until < DAY for cr in credentials)
    assert any(cr.status is CredentialStatus.PENDING for cr in credentials)
    assert {cr.disagreement for cr in credentials} >= set(Disagreement)
    assert any(
        cr.valid_until and 0 < (cr.valid_until - DAY).days <= 30
        for cr in credentials
        if cr.status is CredentialStatus.VERIFIED
    )
    assert sum(is_registered_supervisor(c.credentials, DAY) for c in demo.counselors) >= 20


def test_pending_only_listings_hold_one_recognized_credential_waiting_for_its_check(demo):
    for counselor in demo.counselors:
        if counselor.profile is Profile.PENDING_ONLY:
            assert [cr.status for cr in counselor.credentials] == [CredentialStatus.PENDING]
            assert kind_info(counselor.credentials[0].kind).issuer is not None


def test_unrecognized_credentials_name_a_private_issuer_and_portal(demo):
    unrecognized = [
        cr
        for c in demo.counselors
        for cr in c.credentials
        if cr.kind is CredentialKind.UNRECOGNIZED
    ]
    assert len({cr.issuer_name for cr in unrecognized}) >= 3
    assert any(cr.issuer_name == "国际心理咨询师联合会" for cr in unrecognized)
    for credential in unrecognized[:50]:
        assessment = assess_issuer(credential.issuer_name, credential.portal_url)
        assert not assessment.recognized


def test_tier3_hours_are_attested_by_registered_supervisors_in_the_data(demo):
    for counselor in demo.counselors:
        if counselor.profile is Profile.TIER3:
            assert counselor.attested_hours >= 50
        for entry in counselor.supervised_hours:
            supervisor = demo.counselors[entry.supervisor]
            assert is_registered_supervisor(supervisor.credentials, DAY)
            assert entry.period_start < entry.period_end < DAY
            assert (entry.decided_at is not None) == entry.attested


def test_slugs_are_unique_and_url_safe(demo):
    slugs = [c.slug for c in demo.counselors]
    assert len(set(slugs)) == len(slugs)
    assert all(SLUG.fullmatch(slug) for slug in slugs)
    assert slugs[41].endswith("-0042")


def test_surnames_with_a_special_reading_are_spelled_as_surnames():
    assert make_slug("张", "伟", 42) == "zhang-wei-0042"
    assert make_slug("曾", "伟", 7) == "zeng-wei-0007"
    assert make_slug("单", "丽", 8) == "shan-li-0008"
    assert make_slug("尉迟", "恭", 12345) == "yuchi-gong-12345"
    assert make_slug("吕", "绿", 1) == "lv-lv-0001"


def test_some_names_carry_tricky_surnames(demo):
    tricky = [c for c in demo.counselors if c.display_name.startswith(TRICKY_SURNAMES)]
    assert len(tricky) >= 40


def test_profile_fields_use_the_vocabularies(demo):
    cities, issues = set(city_codes()), set(issue_codes())
    approaches, languages = set(approach_codes()), set(language_codes())
    for counselor in demo.counselors:
        assert counselor.city in cities
        districts = {district.code for district in city(counselor.city).districts}
        assert counselor.district is None or counselor.district in districts
        assert set(counselor.issues) <= issues and counselor.issues
        assert set(counselor.approaches) <= approaches and counselor.approaches
        assert set(counselor.languages) <= languages and counselor.languages
        assert counselor.offers_online or counselor.offers_in_person


def test_fees_run_from_200_to_1500_in_steps_of_50(demo):
    for counselor in demo.counselors:
        assert 200 <= counselor.fee_min <= counselor.fee_max <= 1500
        assert counselor.fee_min % 50 == 0 and counselor.fee_max % 50 == 0


def test_accepting_listings_were_confirmed_within_the_last_60_days(demo):
    accepting = [c for c in demo.counselors if c.accepting_new_clients]
    assert 0.6 <= len(accepting) / len(demo.counselors) <= 0.8
    for counselor in accepting:
        age = DAY - counselor.accepting_confirmed_at.date()
        assert 0 <= age.days < 60


def test_bios_are_two_to_five_sentences_a_few_in_english(demo):
    english = 0
    for counselor in demo.counselors:
        if counselor.bio.isascii():
            english += 1
            sentences = [s for s in counselor.bio.split(". ") if s]
        else:
            sentences = [s for s in counselor.bio.split("。") if s]
        assert 2 <= len(sentences) <= 5, counselor.bio
    assert 5 <= english <= 200


def test_public_text_never_holds_an_id_number(demo):
    numbers = {c.resident_id for c in demo.counselors}
    for counselor in demo.counselors:
        for text in (counselor.bio, counselor.public_contact, counselor.slug):
            assert not any(number in text for number in numbers)
            assert not any(resident_id.resembles(word) for word in re.findall(r"\w+", text))
        for credential in counselor.credentials:
            assert not resident_id.resembles(credential.number)


def test_resident_ids_are_valid_unique_fake_and_match_the_gender(demo):
    numbers = [c.resident_id for c in demo.counselors]
    assert len(set(numbers)) == len(numbers)
    for counselor in demo.counselors:
        number = counselor.resident_id
        assert resident_id.is_valid(number, today=DAY)
        assert number.startswith("99")
        if counselor.gender != "unspecified":
            assert resident_id.is_male(number) == (counselor.gender == "male")


def test_claimed_and_imported_id_channel_listings_keep_their_id_number(demo):
    for counselor in demo.counselors:
        id_channel = any(
            kind_info(cr.kind).issuer in ("mohrss", "cas") for cr in counselor.credentials
        )
        assert counselor.store_resident_id == (
            counselor.claimed or (counselor.imported and id_channel)
        )


def test_demo_accounts_own_the_listings_they_demonstrate(demo):
    roles = {account.email: account for account in demo.accounts}
    assert {roles["admin@demo.counsel"].role, roles["moderator@demo.counsel"].role} == {
        "admin",
        "moderator",
    }
    counselor = demo.counselors[roles["counselor@demo.counsel"].counselor]
    supervisor = demo.counselors[roles["supervisor@demo.counsel"].counselor]
    trainee = demo.counselors[roles["trainee@demo.counsel"].counselor]
    assert compute_tier(counselor.credentials, 0, DAY) is Tier.REGISTERED
    assert is_registered_supervisor(supervisor.credentials, DAY)
    assert trainee.credentials[0].kind is CredentialKind.CAS_BASIC_TRAINING
    assert trainee.attested_hours < 50
    pending = [entry for entry in trainee.supervised_hours if not entry.attested]
    assert pending and all(demo.counselors[e.supervisor] is supervisor for e in pending)
    assert trainee.attested_hours + sum(e.hours for e in pending) >= 50
    assert all(listing.claimed for listing in (counselor, supervisor, trainee))


def test_the_claim_me_listing_is_imported_unclaimed_and_verifiable(demo):
    claim = demo.claim_me
    listing = demo.counselors[CLAIM_ME_DEMO]
    assert listing.imported and not listing.claimed and listing.store_resident_id
    assert claim.slug == listing.slug and claim.resident_id == listing.resident_id
    assert listing.credentials[0].disagreement is None
    record = next(r for r in demo.issuer_records if r["number"] == claim.number)
    assert (record["name"], record["resident_id"]) == (listing.display_name, claim.resident_id)


def test_generating_grows_linearly_so_100000_listings_take_well_under_a_minute():
    # A guard against quadratic work or per-listing heavy calls, with room for a busy
    # machine: 20,000 take about 2 s on an idle core (100,000 about 7 s).
    started = time.perf_counter()
    generate(20_000, 3)
    assert time.perf_counter() - started < 20


def test_unclaimed_listings_hold_only_what_the_registries_list(demo):
    for counselor in demo.counselors:
        if not counselor.claimed:
            for credential in counselor.credentials:
                assert credential.kind is not CredentialKind.UNRECOGNIZED
                assert credential.status is not CredentialStatus.PENDING
                assert credential.disagreement in (None, Disagreement.REVOKED)
