"""Credential numbers, fake resident ID numbers and the issuers' records of the demo.

Number formats (invented for the demo; the real registries' formats are not
published in a form we can rely on, so nothing else in the code depends on them):

- CPS registration: ``<letter>-<YY>-<NNNN>``; letter D (registered supervisor),
  X (registered psychologist) or Z (registered assistant psychologist); YY is the
  year of first registration; e.g. ``X-16-0427``.
- MOHRSS certificate: 16 digits ``YYYY PP L NNNNNNNNN``: exam year (2003-2017),
  a two-digit province number, the level (2 or 3), a 9-digit sequence;
  e.g. ``2011093000482113``.
- CAS basic training certificate: ``JCPX`` + year + 6 digits, e.g. ``JCPX2019004211``.
- Unrecognized certificates: ``<issuer prefix>-<year>-<5 digits>``, e.g. ``IPCF-2023-08812``.
- Resident ID numbers: valid check character, but region codes starting with 99,
  which no province has, so that no demo number can be a real person's.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from counsel_dir.credentials import resident_id
from counsel_dir.credentials.issuers import kind_info
from counsel_dir.credentials.kinds import CredentialKind, Issuer
from seed.data import DemoCredential, Disagreement

CPS_LETTER = {
    CredentialKind.CPS_REGISTERED_SUPERVISOR: "D",
    CredentialKind.CPS_REGISTERED_PSYCHOLOGIST: "X",
    CredentialKind.CPS_REGISTERED_ASSISTANT: "Z",
}
MOHRSS_LEVEL = {CredentialKind.MOHRSS_LEVEL2: 2, CredentialKind.MOHRSS_LEVEL3: 3}
MOHRSS_LAST_EXAM_YEAR = 2017
CAS_PROGRAM_CLOSED = date(2024, 9, 30)
CPS_VALIDITY_YEARS = 3

ISSUING_AUTHORITY = {
    Issuer.CPS: "中国心理学会临床与咨询心理学注册系统",
    Issuer.MOHRSS: "人力资源和社会保障部职业技能鉴定中心",
    Issuer.CAS: "中国科学院心理研究所",
}
ISSUER_NAMES = {
    Issuer.CPS: ("中国心理学会", "中国心理学会临床与咨询心理学注册系统", "中国心理学会"),
    Issuer.MOHRSS: ("人力资源和社会保障部", "人力资源社会保障部", "人社部"),
    Issuer.CAS: ("中国科学院心理研究所", "中国科学院心理研究所", "中科院心理所"),
}

# (issuer name, number prefix, query portal) of private bodies whose certificates earn no tier.
UNRECOGNIZED_ISSUERS = (
    ("国际心理咨询师联合会", "IPCF", "https://www.ipcf-zscx.example/query"),
    ("全国心理健康管理师认证委员会", "QGXL", "http://cert.xinlijiankang-zg.example/chaxun"),
    ("亚太心理咨询师认证协会", "APCA", "https://apca-certificate.example/verify"),
    ("国际认证高级心理疏导师学会", "ICPS", "https://chinacpb.org.icps-query.example/"),
    ("中华心理咨询能力评价中心", "ZHXL", "http://www.zhxl-pingjia.example/zscx?from=course"),
)

TRAINING_BACKGROUND = (
    "心理学硕士（应用心理学方向）",
    "临床心理学博士",
    "精神分析连续培训项目（三年）",
    "中德家庭治疗连续培训项目",
    "认知行为治疗系统培训（两年）",
    "中美精神分析联盟（CAPA）培训",
    "心理咨询专业硕士，团体督导两年",
    "医学心理学硕士，精神科临床实习一年",
)
CAS_TRAINING = "中国科学院心理研究所心理咨询师基础培训项目"


class NumberBook:
    """Hands out unique credential and resident ID numbers from a seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def _unique(self, make: Any) -> str:
        while True:
            number = make()
            if number not in self._used:
                self._used.add(number)
                return number

    def cps(self, kind: CredentialKind, first_year: int) -> str:
        letter = CPS_LETTER[kind]
        return self._unique(
            lambda: f"{letter}-{first_year % 100:02d}-{self._rng.randrange(1, 10000):04d}"
        )

    def mohrss(self, kind: CredentialKind, year: int) -> str:
        level = MOHRSS_LEVEL[kind]
        return self._unique(
            lambda: (
                f"{year}{self._rng.randrange(11, 66):02d}{level}{self._rng.randrange(10**9):09d}"
            )
        )

    def cas(self, year: int) -> str:
        return self._unique(lambda: f"JCPX{year}{self._rng.randrange(1, 10**6):06d}")

    def unrecognized(self, prefix: str, year: int) -> str:
        return self._unique(lambda: f"{prefix}-{year}-{self._rng.randrange(10**5):05d}")

    def resident_id(self, birth: date, male: bool | None) -> str:
        def make() -> str:
            region = f"99{self._rng.randrange(100, 10000):04d}"
            sequence = self._rng.randrange(500) * 2
            if male is True or (male is None and self._rng.random() < 0.5):
                sequence += 1
            return resident_id.generate(region, birth, sequence)

        return self._unique(make)


def birth_date(rng: random.Random, today: date, youngest: int = 26) -> date:
    """A birth date for a counselor aged ``youngest`` to 64."""
    return today - timedelta(days=rng.randrange(youngest * 365, 64 * 365))


def cps_validity(issued_on: date) -> date:
    """End of a CPS registration period that started on ``issued_on``."""
    try:
        end = issued_on.replace(year=issued_on.year + CPS_VALIDITY_YEARS)
    except ValueError:  # 29 February
        end = issued_on.replace(year=issued_on.year + CPS_VALIDITY_YEARS, day=28)
    return end - timedelta(days=1)


def issuer_name(rng: random.Random, kind: CredentialKind) -> str:
    """How a listing names the issuer, sometimes by a common alias."""
    issuer = kind_info(kind).issuer
    if issuer is None:
        raise ValueError("an unrecognized credential names its own issuer")
    return rng.choice(ISSUER_NAMES[issuer])


def _other_name(rng: random.Random, name: str, given_pool: list[str]) -> str:
    """A name that differs from ``name`` in the given name (a typo or another person)."""
    surname = name[:-1] if len(name) > 1 else name
    while True:
        candidate = surname + rng.choice(given_pool)[-1]
        if candidate != name:
            return candidate


def issuer_record(
    rng: random.Random,
    name: str,
    holder_id: str,
    credential: DemoCredential,
    given_pool: list[str],
) -> dict[str, Any] | None:
    """The record the issuer's channel holds for a credential (None: the issuer has none)."""
    info = kind_info(credential.kind)
    if info.issuer is None or credential.disagreement is Disagreement.NOT_FOUND:
        return None
    issuer = info.issuer
    if credential.disagreement is Disagreement.NAME_MISMATCH:
        name = _other_name(rng, name, given_pool)
    supervision_hours = None
    training = None
    if issuer is Issuer.CPS:
        if rng.random() < 0.8:
            low, high = {"D": (400, 1200), "X": (150, 500), "Z": (60, 200)}[credential.number[0]]
            supervision_hours = rng.randrange(low, high)
        training = rng.choice(TRAINING_BACKGROUND)
    elif issuer is Issuer.CAS:
        training = CAS_TRAINING
    return {
        "issuer": issuer.value,
        "kind": credential.kind.value,
        "number": credential.number,
        "name": name,
        "resident_id": None if issuer is Issuer.CPS else holder_id,
        "issued_on": credential.issued_on.isoformat() if credential.issued_on else None,
        "valid_until": (
            credential.valid_until.isoformat()
            if issuer is Issuer.CPS and credential.valid_until
            else None
        ),
        "issuing_authority": ISSUING_AUTHORITY[issuer],
        "supervision_hours": supervision_hours,
        "training_background": training,
        "status": "revoked" if credential.disagreement is Disagreement.REVOKED else "valid",
    }
