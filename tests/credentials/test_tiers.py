from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from counsel_dir.credentials.kinds import CredentialKind as K
from counsel_dir.credentials.kinds import CredentialStatus as S
from counsel_dir.credentials.kinds import Tier
from counsel_dir.credentials.tiers import (
    RequirementCode as R,
)
from counsel_dir.credentials.tiers import (
    compute_tier,
    is_in_force,
    is_listed,
    is_registered_supervisor,
    requirements_for_better_tier,
)

TODAY = date(2025, 6, 1)


@dataclass
class Cred:
    kind: K
    status: S = S.VERIFIED
    valid_until: date | None = None


def registration(kind=K.CPS_REGISTERED_PSYCHOLOGIST, status=S.VERIFIED, until=date(2026, 12, 31)):
    return Cred(kind, status, until)


MOHRSS = Cred(K.MOHRSS_LEVEL3)
CAS = Cred(K.CAS_BASIC_TRAINING)


def codes(items):
    return [item.code for item in items]


def test_a_verified_registration_gives_tier_one():
    assert compute_tier([registration()], 0, TODAY) is Tier.REGISTERED


@pytest.mark.parametrize(
    "kind",
    [
        K.CPS_REGISTERED_SUPERVISOR,
        K.CPS_REGISTERED_PSYCHOLOGIST,
        K.CPS_REGISTERED_ASSISTANT,
    ],
)
def test_every_cps_registration_type_gives_tier_one(kind):
    assert compute_tier([registration(kind)], 0, TODAY) is Tier.REGISTERED


@pytest.mark.parametrize("kind", [K.MOHRSS_LEVEL2, K.MOHRSS_LEVEL3])
def test_a_vocational_qualification_gives_tier_two(kind):
    assert compute_tier([Cred(kind)], 0, TODAY) is Tier.CERTIFIED


def test_client_sees_expired_registration_as_expired_and_falls_back_to_tier_two():
    expired = registration(until=date(2025, 5, 31))
    assert compute_tier([expired, MOHRSS], 0, TODAY) is Tier.CERTIFIED
    assert compute_tier([expired], 0, TODAY) is None


def test_registration_still_counts_on_its_last_valid_day():
    assert compute_tier([registration(until=TODAY)], 0, TODAY) is Tier.REGISTERED


def test_registration_marked_expired_does_not_count_even_with_a_later_end_date():
    assert compute_tier([registration(status=S.EXPIRED)], 0, TODAY) is None


@pytest.mark.parametrize("status", [S.PENDING, S.REJECTED, S.EXPIRED, S.REVOKED])
def test_only_verified_credentials_count(status):
    credentials = [
        registration(status=status),
        Cred(K.MOHRSS_LEVEL2, status),
        Cred(K.CAS_BASIC_TRAINING, status),
    ]
    assert compute_tier(credentials, 100, TODAY) is None


def test_cas_certificate_without_enough_hours_is_not_listed():
    assert compute_tier([CAS], 0, TODAY) is None
    assert compute_tier([CAS], 49.5, TODAY) is None
    assert not is_listed(compute_tier([CAS], 49, TODAY))


def test_cas_certificate_with_enough_attested_hours_gives_tier_three():
    assert compute_tier([CAS], 50, TODAY) is Tier.TRAINED
    assert compute_tier([CAS], Decimal("72.5"), TODAY) is Tier.TRAINED


def test_minimum_supervised_hours_is_configurable():
    assert compute_tier([CAS], 20, TODAY, min_supervised_hours=20) is Tier.TRAINED
    assert compute_tier([CAS], 50, TODAY, min_supervised_hours=80) is None


def test_hours_alone_earn_nothing():
    assert compute_tier([], 500, TODAY) is None


def test_unrecognized_credentials_never_count():
    mill = Cred(K.UNRECOGNIZED)
    assert compute_tier([mill], 500, TODAY) is None
    assert compute_tier([mill, CAS], 60, TODAY) is Tier.TRAINED


def test_best_tier_wins_whatever_the_order():
    credentials = [CAS, MOHRSS, registration()]
    assert compute_tier(credentials, 60, TODAY) is Tier.REGISTERED
    assert compute_tier(reversed(credentials), 60, TODAY) is Tier.REGISTERED
    assert compute_tier([CAS, MOHRSS], 0, TODAY) is Tier.CERTIFIED


def test_revoked_registration_with_valid_mohrss_gives_tier_two():
    assert compute_tier([registration(status=S.REVOKED), MOHRSS], 0, TODAY) is Tier.CERTIFIED


def test_pending_registration_does_not_lift_a_cas_holder():
    assert compute_tier([registration(status=S.PENDING), CAS], 60, TODAY) is Tier.TRAINED


def test_credentials_may_be_a_generator_and_stored_strings():
    rows = (Cred(kind, status) for kind, status in [("mohrss_level2", "verified")])
    assert compute_tier(rows, 0, TODAY) is Tier.CERTIFIED


def test_a_kind_unknown_to_this_version_counts_as_unrecognized():
    assert compute_tier([Cred("ifpc_master", S.VERIFIED)], 100, TODAY) is None


def test_is_listed_means_having_a_tier():
    assert all(is_listed(tier) for tier in Tier)
    assert not is_listed(None)


def test_in_force_means_verified_and_not_past_the_end_date():
    assert is_in_force(registration(), TODAY)
    assert not is_in_force(registration(until=date(2025, 5, 1)), TODAY)
    assert not is_in_force(registration(status=S.PENDING), TODAY)


def test_a_registered_supervisor_may_attest_hours():
    assert is_registered_supervisor([registration(K.CPS_REGISTERED_SUPERVISOR)], TODAY)


@pytest.mark.parametrize(
    "credentials",
    [
        [],
        [registration(K.CPS_REGISTERED_PSYCHOLOGIST)],
        [registration(K.CPS_REGISTERED_SUPERVISOR, until=date(2025, 5, 31))],
        [registration(K.CPS_REGISTERED_SUPERVISOR, status=S.PENDING)],
        [registration(K.CPS_REGISTERED_SUPERVISOR, status=S.REVOKED)],
        [MOHRSS, CAS],
    ],
)
def test_others_are_not_registered_supervisors(credentials):
    assert not is_registered_supervisor(credentials, TODAY)


def test_tier_one_has_nothing_better_to_reach():
    assert requirements_for_better_tier([registration(), Cred(K.UNRECOGNIZED)], 0, TODAY) == []


def test_counselor_sees_how_many_supervised_hours_are_missing():
    items = requirements_for_better_tier([CAS], 38, TODAY)
    hours = next(item for item in items if item.code is R.MORE_SUPERVISED_HOURS)
    assert hours.params == {
        "missing": 12,
        "attested": 38,
        "required": 50,
        "tier": Tier.TRAINED,
    }
    assert hours.text() == (
        "12 more attested supervised hours needed for tier 3 (38 of 50 attested)."
    )


def test_fractional_hours_are_reported_as_they_are():
    items = requirements_for_better_tier([CAS], Decimal("37.5"), TODAY)
    hours = next(item for item in items if item.code is R.MORE_SUPERVISED_HOURS)
    assert hours.params["missing"] == Decimal("12.5")


def test_counselor_is_told_to_renew_an_expired_registration():
    items = requirements_for_better_tier([registration(until=date(2025, 3, 31)), MOHRSS], 0, TODAY)
    assert codes(items) == [R.RENEW_REGISTRATION]
    renew = items[0]
    assert renew.params["expired_on"] == date(2025, 3, 31)
    assert renew.params["tier"] is Tier.REGISTERED
    assert renew.text() == (
        "Your Registered psychologist registration expired on 2025-03-31. "
        "Renew it with the issuer to regain tier 1."
    )


def test_a_lapsed_credential_without_an_end_date_is_reported_without_one():
    items = requirements_for_better_tier([Cred(K.MOHRSS_LEVEL2, S.EXPIRED)], 0, TODAY)
    assert R.CREDENTIAL_LAPSED in codes(items)


def test_requirements_start_with_the_best_target_tier():
    items = requirements_for_better_tier(
        [CAS, Cred(K.UNRECOGNIZED), Cred(K.UNRECOGNIZED)], 10, TODAY
    )
    assert codes(items) == [
        R.ADD_CPS_REGISTRATION,
        R.ADD_MOHRSS_CERTIFICATE,
        R.MORE_SUPERVISED_HOURS,
        R.UNRECOGNIZED_DOES_NOT_COUNT,
    ]
    assert items[-1].params == {"count": 2}


def test_a_newcomer_without_credentials_sees_every_way_in():
    items = requirements_for_better_tier([], 0, TODAY)
    assert codes(items) == [
        R.ADD_CPS_REGISTRATION,
        R.ADD_MOHRSS_CERTIFICATE,
        R.ADD_CAS_CERTIFICATE,
    ]
    assert [item.params["tier"] for item in items] == [
        Tier.REGISTERED,
        Tier.CERTIFIED,
        Tier.TRAINED,
    ]


def test_a_tier_two_counselor_only_sees_the_way_to_tier_one():
    items = requirements_for_better_tier([MOHRSS, CAS], 0, TODAY)
    assert codes(items) == [R.ADD_CPS_REGISTRATION]


def test_a_tier_three_counselor_sees_the_ways_to_tiers_one_and_two():
    items = requirements_for_better_tier([CAS], 60, TODAY)
    assert codes(items) == [R.ADD_CPS_REGISTRATION, R.ADD_MOHRSS_CERTIFICATE]


def test_pending_rejected_and_revoked_credentials_are_explained():
    credentials = [
        registration(status=S.PENDING),
        Cred(K.MOHRSS_LEVEL2, S.REJECTED),
        Cred(K.CAS_BASIC_TRAINING, S.REVOKED),
    ]
    items = requirements_for_better_tier(credentials, 0, TODAY)
    assert codes(items) == [
        R.AWAIT_VERIFICATION,
        R.VERIFICATION_REJECTED,
        R.CREDENTIAL_REVOKED,
    ]
    assert items[0].params["kind"] is K.CPS_REGISTERED_PSYCHOLOGIST


def test_a_revoked_cas_certificate_does_not_ask_for_hours():
    items = requirements_for_better_tier([Cred(K.CAS_BASIC_TRAINING, S.REVOKED)], 0, TODAY)
    assert R.MORE_SUPERVISED_HOURS not in codes(items)


def test_a_pending_cas_certificate_shows_both_verification_and_hours():
    items = requirements_for_better_tier([Cred(K.CAS_BASIC_TRAINING, S.PENDING)], 20, TODAY)
    assert R.AWAIT_VERIFICATION in codes(items)
    assert R.MORE_SUPERVISED_HOURS in codes(items)


def test_credentials_not_better_than_the_current_tier_are_not_listed():
    items = requirements_for_better_tier([MOHRSS, Cred(K.MOHRSS_LEVEL2, S.PENDING)], 0, TODAY)
    assert codes(items) == [R.ADD_CPS_REGISTRATION]


def test_requirement_text_translates_message_and_credential_name():
    waiting = (
        "Your %(credential)s is waiting for verification. Once verified it gives tier %(tier)s."
    )
    catalog = {
        waiting: "您的%(credential)s正在等待核验，核验后可获第%(tier)s级。",
        "Registered supervisor": "注册督导师",
    }
    items = requirements_for_better_tier(
        [registration(K.CPS_REGISTERED_SUPERVISOR, status=S.PENDING)], 0, TODAY
    )
    assert items[0].text(lambda message: catalog.get(message, message)) == (
        "您的注册督导师正在等待核验，核验后可获第1级。"
    )


def test_every_requirement_renders_without_missing_placeholders():
    credentials = [
        registration(until=date(2024, 1, 1)),
        registration(K.CPS_REGISTERED_SUPERVISOR, status=S.PENDING),
        Cred(K.MOHRSS_LEVEL2, S.REJECTED),
        Cred(K.MOHRSS_LEVEL3, S.EXPIRED),
        Cred(K.CAS_BASIC_TRAINING, S.REVOKED),
        Cred(K.CAS_BASIC_TRAINING, S.PENDING),
        Cred(K.UNRECOGNIZED),
    ]
    items = requirements_for_better_tier(credentials, 3, TODAY)
    assert len(items) >= 7
    for item in items:
        assert "%(" not in item.text()


def test_hours_from_the_database_and_the_configuration_may_mix_number_types():
    items = requirements_for_better_tier([CAS], Decimal("37.5"), TODAY, min_supervised_hours=50.0)
    hours = next(item for item in items if item.code is R.MORE_SUPERVISED_HOURS)
    assert hours.params["missing"] == Decimal("12.5")
    assert hours.params["required"] == 50
    assert "12.5 more attested supervised hours" in hours.text()


def test_every_way_in_renders_for_a_newcomer():
    for item in requirements_for_better_tier([], 0, TODAY):
        text = item.text()
        assert "%(" not in text
        assert "tier " in text
