import dataclasses
from datetime import timedelta

import pytest

from counsel_dir.credentials import issuers
from counsel_dir.credentials.issuers import DEFAULT_REGISTRY, OFFICIAL_CHANNEL_NOTE
from counsel_dir.credentials.kinds import (
    CredentialKind,
    Issuer,
    LegalNature,
    QueryField,
    Tier,
)

EXAMPLE_ID = "11010519491231002X"


def test_every_issuer_and_kind_has_an_entry():
    assert set(DEFAULT_REGISTRY.issuers) == set(Issuer)
    assert set(DEFAULT_REGISTRY.kinds) == set(CredentialKind)


@pytest.mark.parametrize(
    ("kind", "issuer", "tier"),
    [
        (CredentialKind.CPS_REGISTERED_SUPERVISOR, Issuer.CPS, Tier.REGISTERED),
        (CredentialKind.CPS_REGISTERED_PSYCHOLOGIST, Issuer.CPS, Tier.REGISTERED),
        (CredentialKind.CPS_REGISTERED_ASSISTANT, Issuer.CPS, Tier.REGISTERED),
        (CredentialKind.MOHRSS_LEVEL2, Issuer.MOHRSS, Tier.CERTIFIED),
        (CredentialKind.MOHRSS_LEVEL3, Issuer.MOHRSS, Tier.CERTIFIED),
        (CredentialKind.CAS_BASIC_TRAINING, Issuer.CAS, Tier.TRAINED),
    ],
)
def test_each_recognized_kind_has_its_issuer_and_tier(kind, issuer, tier):
    info = issuers.kind_info(kind)
    assert info.issuer is issuer
    assert info.tier is tier
    assert issuers.issuer_for(kind).issuer is issuer
    assert info.name_zh and info.name_en and info.proves


def test_unrecognized_credential_has_no_issuer_and_no_tier():
    info = issuers.kind_info(CredentialKind.UNRECOGNIZED)
    assert info.issuer is None
    assert info.tier is None
    assert issuers.issuer_for(CredentialKind.UNRECOGNIZED) is None
    assert CredentialKind.UNRECOGNIZED not in issuers.recognized_kinds()


def test_recognized_kinds_come_best_tier_first():
    kinds = issuers.recognized_kinds()
    assert len(kinds) == 6
    tiers = [issuers.kind_info(kind).tier for kind in kinds]
    assert tiers == sorted(tiers)
    assert kinds[0] is CredentialKind.CPS_REGISTERED_SUPERVISOR


def test_kind_info_accepts_stored_strings():
    assert issuers.kind_info("mohrss_level3").kind is CredentialKind.MOHRSS_LEVEL3


def test_only_the_registered_supervisor_is_a_supervisor():
    supervisors = [kind for kind in CredentialKind if issuers.kind_info(kind).registered_supervisor]
    assert supervisors == [CredentialKind.CPS_REGISTERED_SUPERVISOR]


def test_client_reads_that_the_cas_certificate_is_not_a_professional_qualification():
    proves = issuers.kind_info(CredentialKind.CAS_BASIC_TRAINING).proves
    assert "basic training only" in proves
    assert "NOT a professional qualification" in proves
    assert "supervised" in proves


def test_cps_registration_expires_and_is_rechecked_monthly():
    cps = DEFAULT_REGISTRY.issuer(Issuer.CPS)
    assert cps.credentials_expire is True
    assert cps.validity_years == 3
    assert cps.reverify_interval == timedelta(days=30)
    assert cps.official_domains == ("chinacpb.org",)
    assert cps.legal_nature is LegalNature.ASSOCIATION_REGISTRATION
    assert cps.state_body is False
    assert cps.state_domain_suffixes == ()


@pytest.mark.parametrize("issuer", [Issuer.MOHRSS, Issuer.CAS])
def test_state_certificates_do_not_expire_and_are_rechecked_twice_a_year(issuer):
    info = DEFAULT_REGISTRY.issuer(issuer)
    assert info.credentials_expire is False
    assert info.validity_years is None
    assert info.reverify_interval_days == 180
    assert info.state_body is True


def test_mohrss_and_cas_facts():
    mohrss = DEFAULT_REGISTRY.issuer(Issuer.MOHRSS)
    assert set(mohrss.official_domains) == {"osta.mohrss.gov.cn", "mohrss.gov.cn"}
    assert mohrss.legal_nature is LegalNature.VOCATIONAL_QUALIFICATION
    assert mohrss.query_options == ((QueryField.NAME, QueryField.RESIDENT_ID),)
    cas = DEFAULT_REGISTRY.issuer(Issuer.CAS)
    assert cas.official_domains == ("psych.ac.cn",)
    assert cas.legal_nature is LegalNature.TRAINING_CERTIFICATE
    assert cas.query_options == ((QueryField.CERTIFICATE_NUMBER, QueryField.RESIDENT_ID),)


def test_cas_keeps_both_known_channels_with_the_older_one_active():
    cas = DEFAULT_REGISTRY.issuer(Issuer.CAS)
    assert cas.channel_urls == (
        "https://jcpx.psych.ac.cn/",
        "https://zscx.psych.ac.cn/",
    )
    assert cas.active_channel_url == "https://jcpx.psych.ac.cn/"
    assert "zscx.psych.ac.cn" in cas.channel_note


def test_cps_can_be_looked_up_by_name_or_registration_number_without_an_id():
    cps = DEFAULT_REGISTRY.issuer(Issuer.CPS)
    assert {option for option in cps.query_options} == {
        (QueryField.REGISTRATION_NUMBER,),
        (QueryField.NAME,),
    }


def test_every_official_channel_is_under_its_issuers_official_domains():
    for info in DEFAULT_REGISTRY.issuers.values():
        for url in info.channel_urls:
            host = url.split("/")[2]
            assert info.accepts_host(host)
            assert any(host == d or host.endswith("." + d) for d in info.official_domains)


def test_channel_note_says_no_phone_number_and_no_purchase():
    assert "phone number" in OFFICIAL_CHANNEL_NOTE
    assert "purchase" in OFFICIAL_CHANNEL_NOTE


def test_registry_entries_are_frozen():
    info = DEFAULT_REGISTRY.issuer(Issuer.CPS)
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.reverify_interval_days = 1
    with pytest.raises(TypeError):
        DEFAULT_REGISTRY.issuers[Issuer.CPS] = info


def test_operator_switches_cas_lookups_to_the_new_channel():
    registry = issuers.with_overrides(channel_urls={"cas": "https://zscx.psych.ac.cn/"})
    assert registry.issuer(Issuer.CAS).active_channel_url == "https://zscx.psych.ac.cn/"
    assert (
        registry.issuer(Issuer.CAS).channel_urls == DEFAULT_REGISTRY.issuer(Issuer.CAS).channel_urls
    )
    assert DEFAULT_REGISTRY.issuer(Issuer.CAS).active_channel_url == "https://jcpx.psych.ac.cn/"


def test_a_new_official_channel_url_is_added_to_the_known_ones():
    registry = issuers.with_overrides(channel_urls={"CPS": "https://query.chinacpb.org/search"})
    cps = registry.issuer(Issuer.CPS)
    assert cps.active_channel_url == "https://query.chinacpb.org/search"
    assert "https://query.chinacpb.org/search" in cps.channel_urls


@pytest.mark.parametrize(
    "url",
    [
        "https://chinacpb.org.evil.com/",
        "https://evil.com/chinacpb.org",
        "https://psych.ac.cn/",
        "javascript:alert(1)",
        "",
    ],
)
def test_a_channel_url_outside_the_official_domains_is_refused(url):
    with pytest.raises(ValueError, match="official domains"):
        issuers.with_overrides(channel_urls={"cps": url})


def test_official_domains_can_be_replaced_before_the_channel_is_checked():
    registry = issuers.with_overrides(
        channel_urls={"cps": "https://new-registry.example.org/"},
        official_domains={"cps": ["new-registry.example.org", "chinacpb.org"]},
    )
    cps = registry.issuer(Issuer.CPS)
    assert cps.official_domains == ("new-registry.example.org", "chinacpb.org")
    assert cps.active_channel_url == "https://new-registry.example.org/"


def test_official_domains_may_come_as_one_configuration_string():
    registry = issuers.with_overrides(official_domains={"cas": "psych.ac.cn, ipcas.ac.cn"})
    assert registry.issuer(Issuer.CAS).official_domains == (
        "psych.ac.cn",
        "ipcas.ac.cn",
    )


def test_moving_the_domains_away_from_the_active_channel_is_refused():
    with pytest.raises(ValueError, match="official domains"):
        issuers.with_overrides(official_domains={"cps": ["new-registry.example.org"]})


def test_empty_official_domains_are_refused():
    with pytest.raises(ValueError, match="must not be empty"):
        issuers.with_overrides(official_domains={"cas": [" "]})


def test_intervals_can_be_configured_per_issuer():
    registry = issuers.with_overrides(intervals={"cps": 14, "MOHRSS": 365})
    assert registry.reverify_interval(CredentialKind.CPS_REGISTERED_ASSISTANT) == timedelta(days=14)
    assert registry.reverify_interval(CredentialKind.MOHRSS_LEVEL3) == timedelta(days=365)
    assert registry.reverify_interval(CredentialKind.CAS_BASIC_TRAINING) == timedelta(days=180)
    assert DEFAULT_REGISTRY.issuer(Issuer.CPS).reverify_interval_days == 30


@pytest.mark.parametrize("days", [0, -5, 1.5, "30", True])
def test_an_interval_that_is_not_a_positive_whole_number_of_days_is_refused(days):
    with pytest.raises(ValueError, match="positive number of days"):
        issuers.with_overrides(intervals={"cps": days})


def test_a_typo_in_an_issuer_code_is_not_silently_ignored():
    with pytest.raises(ValueError, match="unknown issuer code"):
        issuers.with_overrides(intervals={"cpss": 30})
    with pytest.raises(ValueError, match="unknown issuer code"):
        issuers.with_overrides(channel_urls={"osta": "https://osta.mohrss.gov.cn/"})


def test_no_overrides_gives_an_equal_registry():
    assert issuers.with_overrides() == DEFAULT_REGISTRY


def test_unrecognized_kind_has_no_reverification_interval():
    with pytest.raises(ValueError):
        DEFAULT_REGISTRY.reverify_interval(CredentialKind.UNRECOGNIZED)


def test_client_checks_a_registration_by_its_number_on_the_cps_registry():
    hint = issuers.channel_lookup_hint(CredentialKind.CPS_REGISTERED_PSYCHOLOGIST, " X-12-034 ")
    assert hint.issuer is Issuer.CPS
    assert hint.channel_url == "https://www.chinacpb.org/"
    assert [(entry.field, entry.value) for entry in hint.entries] == [
        (QueryField.REGISTRATION_NUMBER, "X-12-034")
    ]
    assert hint.note == OFFICIAL_CHANNEL_NOTE


def test_without_a_number_the_cps_registry_is_searched_by_name():
    hint = issuers.channel_lookup_hint(CredentialKind.CPS_REGISTERED_SUPERVISOR, None)
    assert [(entry.field, entry.value) for entry in hint.entries] == [(QueryField.NAME, None)]


def test_mohrss_lookup_needs_name_and_id_number_typed_by_the_holder():
    hint = issuers.channel_lookup_hint(CredentialKind.MOHRSS_LEVEL2, "1234567890123")
    assert [(entry.field, entry.value) for entry in hint.entries] == [
        (QueryField.NAME, None),
        (QueryField.RESIDENT_ID, None),
    ]
    assert "resident ID" in hint.entries[1].hint
    assert hint.channel_url == "https://osta.mohrss.gov.cn/"


def test_cas_lookup_fills_the_certificate_number_but_never_an_id_number():
    hint = issuers.channel_lookup_hint(CredentialKind.CAS_BASIC_TRAINING, "CAS2019000123")
    assert [(entry.field, entry.value) for entry in hint.entries] == [
        (QueryField.CERTIFICATE_NUMBER, "CAS2019000123"),
        (QueryField.RESIDENT_ID, None),
    ]


@pytest.mark.parametrize(
    "kind", [CredentialKind.CAS_BASIC_TRAINING, CredentialKind.CPS_REGISTERED_ASSISTANT]
)
@pytest.mark.parametrize("number", [EXAMPLE_ID, EXAMPLE_ID.lower(), EXAMPLE_ID[:17] + "1"])
def test_an_id_number_typed_as_the_credential_number_is_never_echoed(kind, number):
    hint = issuers.channel_lookup_hint(kind, number)
    assert all(entry.value is None for entry in hint.entries)
    assert EXAMPLE_ID[:17] not in repr(hint)


def test_the_lookup_hint_follows_the_configured_channel():
    registry = issuers.with_overrides(channel_urls={"cas": "https://zscx.psych.ac.cn/"})
    hint = registry.channel_lookup_hint(CredentialKind.CAS_BASIC_TRAINING, "CAS1")
    assert hint.channel_url == "https://zscx.psych.ac.cn/"


def test_an_unrecognized_credential_has_no_official_channel():
    assert issuers.channel_lookup_hint(CredentialKind.UNRECOGNIZED, "IFPC-0001") is None
