"""Resident ID numbers (居民身份证号码) per GB 11643-1999.

The number is sensitive personal information: nothing here logs it, and error
messages carry only a reason code, never the value.
"""

import re
import unicodedata
from datetime import date
from enum import StrEnum

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"
EARLIEST_BIRTH_YEAR = 1900
"""Birth years before this are treated as typing errors, not as real people."""

_SHAPE = re.compile(r"[0-9]{17}[0-9X]")
_LEGACY_SHAPE = re.compile(r"[0-9]{15}")


class ResidentIdProblem(StrEnum):
    """Why a value is not a valid resident ID number."""

    LENGTH = "length"
    FORMAT = "format"
    BIRTH_DATE = "birth_date"
    CHECK_CHARACTER = "check_character"


class InvalidResidentId(ValueError):
    """Raised for an invalid number; carries a reason code and never the value."""

    def __init__(self, reason: ResidentIdProblem) -> None:
        super().__init__(f"invalid resident ID number: {reason.value}")
        self.reason = reason


def normalize(value: str) -> str:
    """Fold full-width characters, drop all whitespace and upper-case a trailing x."""
    folded = unicodedata.normalize("NFKC", value)
    return "".join(folded.split()).upper()


def check_character(first17: str) -> str:
    """Return the check character for the first 17 digits of a number."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError("expected exactly 17 ASCII digits")
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def _parse_birth_date(yyyymmdd: str) -> date | None:
    try:
        return date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return None


def _plausible_birth_date(born: date | None, today: date) -> bool:
    return born is not None and EARLIEST_BIRTH_YEAR <= born.year and born <= today


def validate(value: str, today: date | None = None) -> str:
    """Return the normalized number, or raise InvalidResidentId naming the problem."""
    number = normalize(value)
    if len(number) != 18:
        raise InvalidResidentId(ResidentIdProblem.LENGTH)
    if not _SHAPE.fullmatch(number):
        raise InvalidResidentId(ResidentIdProblem.FORMAT)
    if not _plausible_birth_date(_parse_birth_date(number[6:14]), today or date.today()):
        raise InvalidResidentId(ResidentIdProblem.BIRTH_DATE)
    if check_character(number[:17]) != number[17]:
        raise InvalidResidentId(ResidentIdProblem.CHECK_CHARACTER)
    return number


def is_valid(value: str, today: date | None = None) -> bool:
    """Tell whether a value is a valid 18-character resident ID number."""
    try:
        validate(value, today)
    except InvalidResidentId:
        return False
    return True


def resembles(value: str) -> bool:
    """Tell whether a value looks like an ID number, even one with a typo.

    Used to keep an ID number typed into the wrong field from being shown:
    18 characters of the right shape (or a legacy 15-digit number) whose birth
    date is a real date, whatever the check character says.
    """
    number = normalize(value)
    today = date.today()
    if _SHAPE.fullmatch(number):
        return _plausible_birth_date(_parse_birth_date(number[6:14]), today)
    if _LEGACY_SHAPE.fullmatch(number):
        return _parse_birth_date("19" + number[6:12]) is not None
    return False


def mask(value: str) -> str:
    """Show the first 3 and last 4 characters of a number, the rest as `*`.

    A value that is not 18 characters long is masked entirely.
    """
    number = normalize(value)
    if len(number) != 18:
        return "*" * len(number)
    return number[:3] + "*" * 11 + number[-4:]


def birth_date(value: str) -> date:
    """Return the holder's date of birth from a valid number."""
    number = validate(value)
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def is_male(value: str) -> bool:
    """Tell the holder's sex as encoded by the sequence number (odd means male)."""
    return int(validate(value)[16]) % 2 == 1


def generate(region: str, birth: date, sequence: int) -> str:
    """Build a valid number for test and demo data (never for real people)."""
    if len(region) != 6 or not region.isascii() or not region.isdigit():
        raise ValueError("region must be 6 ASCII digits")
    if not 0 <= sequence <= 999:
        raise ValueError("sequence must be between 0 and 999")
    if birth.year < EARLIEST_BIRTH_YEAR:
        raise ValueError(f"birth year must be {EARLIEST_BIRTH_YEAR} or later")
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)
