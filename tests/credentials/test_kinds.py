from counsel_dir.credentials.kinds import (
    CredentialKind,
    CredentialStatus,
    Issuer,
    LegalNature,
    QueryField,
    Tier,
)


def test_issuer_codes_are_the_stored_values():
    assert {issuer.value for issuer in Issuer} == {"cps", "mohrss", "cas"}


def test_credential_kinds_are_the_stored_values():
    assert [kind.value for kind in CredentialKind] == [
        "cps_registered_supervisor",
        "cps_registered_psychologist",
        "cps_registered_assistant",
        "mohrss_level2",
        "mohrss_level3",
        "cas_basic_training",
        "unrecognized",
    ]


def test_statuses_are_lower_case_names():
    assert [status.value for status in CredentialStatus] == [
        "pending",
        "verified",
        "rejected",
        "expired",
        "revoked",
    ]


def test_tier_one_is_the_strongest_tier():
    assert [int(tier) for tier in Tier] == [1, 2, 3]
    assert min(Tier) is Tier.REGISTERED
    assert Tier.REGISTERED < Tier.CERTIFIED < Tier.TRAINED


def test_legal_natures_and_query_fields_are_lower_case_names():
    assert {nature.value for nature in LegalNature} == {
        "association_registration",
        "vocational_qualification",
        "training_certificate",
    }
    assert {field.value for field in QueryField} == {
        "name",
        "registration_number",
        "certificate_number",
        "resident_id",
    }


def test_enums_compare_equal_to_their_stored_strings():
    assert CredentialKind("mohrss_level2") is CredentialKind.MOHRSS_LEVEL2
    assert CredentialStatus.VERIFIED == "verified"
    assert str(Issuer.CAS) == "cas"
