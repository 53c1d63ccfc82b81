"""The demo data set, generated deterministically from a seed number (no database).

``generate(count, seed)`` returns about ``count`` listings in a realistic mix
(see docs/demo-data.md) plus the records the three issuers' channels hold for
them (the contract with the simulator: SEED_CONTRACT). Dates are relative to
``today``, so the mix looks the same whenever it is generated.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from typing import Any

from counsel_dir.credentials.issuers import kind_info
from counsel_dir.credentials.kinds import CredentialKind, CredentialStatus, Issuer
from seed.credentials import CredentialMaker, is_recognized
from seed.data import (
    ClaimMe,
    DemoAccount,
    DemoCounselor,
    DemoCredential,
    DemoData,
    Disagreement,
    Profile,
)
from seed.hours import add_supervised_hours
from seed.numbers import NumberBook, birth_date, issuer_record
from seed.profile import ProfileMaker
from seed.text import NamePools, make_slug, name_pools, pick_name

DEFAULT_COUNT = 2000
DEFAULT_SEED = 20261128
MIN_COUNT = 20

MIX: dict[Profile, float] = {
    Profile.TIER1: 0.25,
    Profile.TIER2: 0.35,
    Profile.TIER3: 0.15,
    Profile.PENDING_ONLY: 0.09,
    Profile.UNRECOGNIZED_ONLY: 0.07,
    Profile.LAPSED_ONLY: 0.06,
    Profile.TOO_FEW_HOURS: 0.03,
}
UNCLAIMED_SHARE = {
    Profile.TIER1: 0.88,
    Profile.TIER2: 0.88,
    Profile.LAPSED_ONLY: 0.9,
    Profile.TOO_FEW_HOURS: 0.5,
}
"""Share of imported listings nobody has claimed yet, per profile."""
IMPORTED_CLAIMED_SHARE = {
    Profile.TIER1: 0.07,
    Profile.TIER2: 0.07,
    Profile.TIER3: 0.4,
    Profile.LAPSED_ONLY: 0.05,
    Profile.TOO_FEW_HOURS: 0.3,
}
"""Share of imported listings their counselor has claimed; the rest registered themselves."""
YOUNGEST_AGE = {
    Profile.TIER1: 33,
    Profile.TIER2: 33,
    Profile.LAPSED_ONLY: 33,
    Profile.PENDING_ONLY: 33,
}
"""Youngest counselors of the profiles that may hold a MOHRSS certificate (last exam: 2017)."""
EXTRA_RECORD_SHARE = 0.02
"""Issuer records of people with no listing, as a share of ``count``."""

# Fixed positions of the listings behind the demo accounts and the "claim me" demo.
COUNSELOR_DEMO, SUPERVISOR_DEMO, TRAINEE_DEMO, CLAIM_ME_DEMO = 0, 1, 2, 3
DEMO_DOMAIN = "demo.counsel"
ID_ISSUERS = (Issuer.MOHRSS, Issuer.CAS)
"""Issuers whose channels need the holder's resident ID number."""


def generate(
    count: int = DEFAULT_COUNT, seed: int = DEFAULT_SEED, today: date | None = None
) -> DemoData:
    """Listings, demo accounts and issuer records; the same seed and day give the same data."""
    if count < MIN_COUNT:
        raise ValueError(f"count must be at least {MIN_COUNT}")
    today = today or datetime.now(UTC).date()
    rng = random.Random(seed)
    pools = name_pools(seed)
    numbers = NumberBook(random.Random(seed ^ 0x5EED))
    maker = CredentialMaker(rng, numbers, today)
    profiles = ProfileMaker(rng, today)
    mix = _mix(rng, count)
    counselors = [
        _counselor(index, profile, rng, pools, numbers, maker, profiles)
        for index, profile in enumerate(mix)
    ]
    _demo_listings(counselors)
    _disagreements(counselors)
    add_supervised_hours(rng, counselors, today, SUPERVISOR_DEMO, TRAINEE_DEMO)
    records = _issuer_records(rng, counselors, pools, numbers, maker, count)
    return DemoData(
        seed=seed,
        today=today,
        counselors=counselors,
        accounts=demo_accounts(),
        claim_me=_claim_me(counselors),
        issuer_records=records,
    )


def _mix(rng: random.Random, count: int) -> list[Profile]:
    quotas = {profile: max(1, round(count * share)) for profile, share in MIX.items()}
    quotas[Profile.TIER2] += count - sum(quotas.values())
    mix = [profile for profile, quota in quotas.items() for _ in range(quota)]
    demo = [Profile.TIER1, Profile.TIER1, Profile.TOO_FEW_HOURS, Profile.TIER2]
    for profile in demo:  # in the order of COUNSELOR_DEMO ... CLAIM_ME_DEMO
        mix.remove(profile)
    rng.shuffle(mix)
    return demo + mix


def _origin(rng: random.Random, profile: Profile) -> tuple[bool, bool]:
    """(imported, claimed) for a listing of this profile."""
    unclaimed = UNCLAIMED_SHARE.get(profile, 0.0)
    draw = rng.random()
    if draw < unclaimed:
        return True, False
    if draw < unclaimed + IMPORTED_CLAIMED_SHARE.get(profile, 0.0):
        return True, True
    return False, True


def _credentials(
    rng: random.Random,
    profile: Profile,
    maker: CredentialMaker,
    birth_year: int,
    index: int,
    claimed: bool,
) -> list[DemoCredential]:
    """What a listing holds; only counselors who took over their listing added extras."""
    pending = CredentialStatus.PENDING
    if index == COUNSELOR_DEMO:
        return [maker.cps(CredentialKind.CPS_REGISTERED_PSYCHOLOGIST)]
    if index == SUPERVISOR_DEMO:
        return [maker.cps(CredentialKind.CPS_REGISTERED_SUPERVISOR)]
    if index == TRAINEE_DEMO:
        return [maker.cas(birth_year=birth_year)]
    if index == CLAIM_ME_DEMO:
        return [maker.mohrss(birth_year=birth_year)]
    if profile is Profile.TIER1:
        held = [maker.cps(expiring_soon=rng.random() < 0.05)]
        if rng.random() < 0.25:
            held.append(maker.mohrss(birth_year=birth_year))
    elif profile is Profile.TIER2:
        held = [maker.mohrss(birth_year=birth_year)]
        if rng.random() < 0.08:
            held.append(maker.cps(lapsed=True))
        if rng.random() < 0.10:
            held.append(maker.cas(birth_year=birth_year))
    elif profile is Profile.TIER3:
        held = [maker.cas(birth_year=birth_year)]
    elif profile is Profile.PENDING_ONLY:
        held = [maker.recognized_pending(birth_year)]
    elif profile is Profile.UNRECOGNIZED_ONLY:
        held = [maker.unrecognized() for _ in range(rng.choice((1, 1, 2)))]
    elif profile is Profile.LAPSED_ONLY:
        held = [maker.cps(lapsed=True)]
    else:
        held = [maker.cas(birth_year=birth_year)]
    if not claimed:
        return held
    if profile in (Profile.TIER1, Profile.TIER2, Profile.TIER3) and rng.random() < 0.15:
        held.append(maker.unrecognized())
    if profile is Profile.TIER2 and rng.random() < 0.08:
        held.append(maker.cps(status=pending))
    return held


def _counselor(
    index: int,
    profile: Profile,
    rng: random.Random,
    pools: NamePools,
    numbers: NumberBook,
    maker: CredentialMaker,
    profiles: ProfileMaker,
) -> DemoCounselor:
    gender = rng.choices(("female", "male", "unspecified"), (68, 30, 2))[0]
    surname, given = pick_name(rng, pools, gender)
    born = birth_date(rng, maker.today, YOUNGEST_AGE.get(profile, 26))
    male = {"female": False, "male": True}.get(gender)
    imported, claimed = _origin(rng, profile)
    credentials = _credentials(rng, profile, maker, born.year, index, claimed)
    stores_id = claimed or (
        imported and any(kind_info(c.kind).issuer in ID_ISSUERS for c in credentials)
    )
    return DemoCounselor(
        **profiles.public_fields(index, profile, surname, given, credentials, gender),
        slug=make_slug(surname, given, index + 1),
        display_name=surname + given,
        imported=imported,
        claimed=claimed,
        resident_id=numbers.resident_id(born, male),
        store_resident_id=stores_id,
        profile=profile,
        credentials=credentials,
    )


def _demo_listings(counselors: list[DemoCounselor]) -> None:
    """The demo accounts own their listings; the "claim me" listing waits unclaimed."""
    for position in (COUNSELOR_DEMO, SUPERVISOR_DEMO, TRAINEE_DEMO):
        counselors[position].claimed = counselors[position].store_resident_id = True
    claim_me = counselors[CLAIM_ME_DEMO]
    claim_me.imported, claim_me.claimed, claim_me.store_resident_id = True, False, True


def _disagreements(counselors: list[DemoCounselor]) -> None:
    """Some credentials deliberately disagree with the issuer's record (see the contract).

    Every fourth pending-only listing has a number the issuer does not know or a
    name that differs; every 40th listed tier-1/2 listing's main credential was
    revoked by the issuer since it was imported.
    """
    pending_seen = listed_seen = 0
    kinds = (Disagreement.NOT_FOUND, Disagreement.NAME_MISMATCH)
    for index, counselor in enumerate(counselors):
        if index <= CLAIM_ME_DEMO:
            continue
        if counselor.profile is Profile.PENDING_ONLY:
            if pending_seen % 4 == 0:
                counselor.credentials[0].disagreement = kinds[(pending_seen // 4) % 2]
            pending_seen += 1
        elif counselor.profile in (Profile.TIER1, Profile.TIER2):
            if listed_seen % 40 == 0:
                counselor.credentials[0].disagreement = Disagreement.REVOKED
            listed_seen += 1
        for credential in counselor.credentials[1:]:
            if credential.status is CredentialStatus.PENDING and is_recognized(credential):
                credential.disagreement = Disagreement.NOT_FOUND


def _issuer_records(
    rng: random.Random,
    counselors: list[DemoCounselor],
    pools: NamePools,
    numbers: NumberBook,
    maker: CredentialMaker,
    count: int,
) -> list[dict[str, Any]]:
    given = pools.all_given
    records = [
        record
        for counselor in counselors
        for credential in counselor.credentials
        if (
            record := issuer_record(
                rng, counselor.display_name, counselor.resident_id, credential, given
            )
        )
        is not None
    ]
    for _ in range(int(count * EXTRA_RECORD_SHARE)):
        gender = rng.choice(("female", "male"))
        surname, given_name = pick_name(rng, pools, gender)
        resident = numbers.resident_id(birth_date(rng, maker.today), gender == "male")
        credential = rng.choice((maker.cps, maker.mohrss, maker.cas))()
        record = issuer_record(rng, surname + given_name, resident, credential, given)
        if record is not None:
            records.append(record)
    return records


def demo_accounts() -> list[DemoAccount]:
    """The demo logins and the listings they own."""
    return [
        DemoAccount(f"admin@{DEMO_DOMAIN}", "admin", None, "administrator"),
        DemoAccount(f"moderator@{DEMO_DOMAIN}", "moderator", None, "moderator"),
        DemoAccount(
            f"counselor@{DEMO_DOMAIN}",
            "counselor",
            COUNSELOR_DEMO,
            "owns a tier-1 listing (registered psychologist)",
        ),
        DemoAccount(
            f"supervisor@{DEMO_DOMAIN}",
            "counselor",
            SUPERVISOR_DEMO,
            "registered supervisor; has pending supervised hours to attest",
        ),
        DemoAccount(
            f"trainee@{DEMO_DOMAIN}",
            "counselor",
            TRAINEE_DEMO,
            "CAS basic training certificate, too few attested hours for tier 3",
        ),
    ]


def _claim_me(counselors: list[DemoCounselor]) -> ClaimMe:
    listing = counselors[CLAIM_ME_DEMO]
    credential = listing.credentials[0]
    return ClaimMe(
        counselor=CLAIM_ME_DEMO,
        slug=listing.slug,
        display_name=listing.display_name,
        kind=credential.kind,
        number=credential.number,
        resident_id=listing.resident_id,
    )
