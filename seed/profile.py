"""The public side of a demo listing: place, specialties, fees, availability, bio, contact."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate
from typing import Any

from counsel_dir.credentials.issuers import kind_info
from counsel_dir.credentials.kinds import CredentialKind
from counsel_dir.directory.taxonomy import approach_codes, city, city_codes, issue_codes
from seed.data import DemoCredential, Profile
from seed.text import contact, make_bio

BIG_CITIES = {
    "beijing": 14,
    "shanghai": 14,
    "guangzhou": 9,
    "shenzhen": 9,
    "hangzhou": 7,
    "chengdu": 7,
    "wuhan": 5,
    "nanjing": 5,
    "xian": 4,
    "chongqing": 4,
    "suzhou": 3,
    "tianjin": 3,
    "changsha": 3,
}
CANTONESE_CITIES = {"guangzhou", "shenzhen", "dongguan", "foshan", "zhuhai"}
LOCAL_LANGUAGE = {
    "shanghai": "shanghainese",
    "chengdu": "sichuanese",
    "chongqing": "sichuanese",
    "xiamen": "hokkien",
    "fuzhou": "hokkien",
}
FEE_STEP = 50
FEE_MIN, FEE_MAX = 200, 1500
FEE_FLOOR = {Profile.TIER1: (400, 1200), Profile.TIER2: (200, 800)}
RECONFIRM_DAYS = 60
ENGLISH_BIO_SHARE = 0.25
"""Share of English speakers who write their bio in English."""


class ProfileMaker:
    """Draws the public fields of listings from one seeded generator."""

    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.now = datetime.combine(today, time(0, 0), tzinfo=UTC)
        codes = city_codes()
        self._cities = list(codes)
        self._city_weights = list(accumulate(BIG_CITIES.get(code, 1) for code in codes))
        self._districts = {code: city(code).districts for code in codes}
        self._issues = list(issue_codes())
        self._approaches = list(approach_codes())

    def public_fields(
        self,
        index: int,
        profile: Profile,
        surname: str,
        given: str,
        credentials: list[DemoCredential],
        gender: str,
    ) -> dict[str, Any]:
        """The listing's public fields, keyed like DemoCounselor's."""
        rng = self.rng
        city_code = rng.choices(self._cities, cum_weights=self._city_weights)[0]
        districts = self._districts[city_code]
        district = rng.choice(districts).code if districts and rng.random() < 0.9 else None
        online, in_person = rng.choices(((True, False), (False, True), (True, True)), (25, 20, 55))[
            0
        ]
        languages = self._languages(city_code)
        issues = rng.sample(self._issues, rng.randrange(2, 6))
        approaches = rng.sample(self._approaches, rng.randrange(1, 4))
        fee_min, fee_max = self._fees(profile)
        accepting = rng.random() < 0.7
        english_bio = "english" in languages and rng.random() < ENGLISH_BIO_SHARE
        return {
            "gender": gender,
            "city": city_code,
            "district": district,
            "offers_online": online,
            "offers_in_person": in_person,
            "languages": languages,
            "issues": issues,
            "approaches": approaches,
            "fee_min": fee_min,
            "fee_max": fee_max,
            "accepting_new_clients": accepting,
            "accepting_confirmed_at": self._confirmed_at(accepting),
            "bio": make_bio(
                rng,
                _credential_title(credentials),
                issues,
                approaches,
                online,
                in_person,
                english_bio,
            ),
            "public_contact": contact(rng, surname, given, index + 1),
        }

    def _languages(self, city_code: str) -> list[str]:
        rng = self.rng
        languages = ["mandarin"] if rng.random() < 0.97 else []
        if city_code in CANTONESE_CITIES and rng.random() < 0.6:
            languages.append("cantonese")
        local = LOCAL_LANGUAGE.get(city_code)
        if local and rng.random() < 0.25:
            languages.append(local)
        if rng.random() < 0.15:
            languages.append("english")
        if rng.random() < 0.02:
            languages.append(rng.choice(("japanese", "korean")))
        if rng.random() < 0.005:
            languages.append("sign_language")
        return languages or ["mandarin"]

    def _fees(self, profile: Profile) -> tuple[int, int]:
        low, high = FEE_FLOOR.get(profile, (FEE_MIN, 500))
        fee_min = self.rng.randrange(low, high + 1, FEE_STEP)
        fee_max = min(FEE_MAX, fee_min + FEE_STEP * self.rng.randrange(0, 8))
        return fee_min, fee_max

    def _confirmed_at(self, accepting: bool) -> datetime | None:
        if not accepting:
            return None if self.rng.random() < 0.5 else self._ago(RECONFIRM_DAYS + 30)
        return self._ago(RECONFIRM_DAYS - 2)

    def _ago(self, days: int) -> datetime:
        return self.now - timedelta(minutes=self.rng.randrange(days * 24 * 60))


def _credential_title(credentials: list[DemoCredential]) -> str:
    for credential in credentials:
        if credential.kind is not CredentialKind.UNRECOGNIZED:
            if credential.kind is CredentialKind.CAS_BASIC_TRAINING:
                return "心理咨询师（受训中）"
            return kind_info(credential.kind).name_zh
    return "心理咨询师"
