from datetime import date

import pytest

from counsel_dir.credentials import resident_id
from counsel_dir.credentials.resident_id import InvalidResidentId, ResidentIdProblem

EXAMPLE = "11010519491231002X"
TODAY = date(2025, 6, 1)


def reason_for(value, today=TODAY):
    with pytest.raises(InvalidResidentId) as caught:
        resident_id.validate(value, today=today)
    return caught.value.reason


def test_the_standards_example_is_valid():
    assert resident_id.is_valid(EXAMPLE, today=TODAY)
    assert resident_id.validate(EXAMPLE, today=TODAY) == EXAMPLE


def expected_check(first17):
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(digit) * weight for digit, weight in zip(first17, weights, strict=True))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


@pytest.mark.parametrize(
    "first17",
    [
        "11010519491231002",
        "11010519491231001",
        "44030819900101001",
        "00000000000000000",
    ],
)
def test_check_character_follows_the_weighted_sum(first17):
    assert resident_id.check_character(first17) == expected_check(first17)


def test_the_example_check_character_is_x():
    assert resident_id.check_character(EXAMPLE[:17]) == "X"
    assert resident_id.check_character("11010519491231001") == "1"


@pytest.mark.parametrize(
    "first17", ["", "1101051949123100", "110105194912310021", "1101051949123100X"]
)
def test_check_character_needs_seventeen_digits(first17):
    with pytest.raises(ValueError, match="17 ASCII digits"):
        resident_id.check_character(first17)


@pytest.mark.parametrize(
    "typed",
    [
        "11010519491231002x",
        " 110105 19491231 002X ",
        "１１０１０５１９４９１２３１００２Ｘ",
        "１１０１０５１９４９１２３１００２ｘ",
        "110105\u300019491231002X",
        "110105194912\t31002X\n",
    ],
)
def test_counselor_may_type_the_number_with_spaces_full_width_or_lower_case_x(typed):
    assert resident_id.validate(typed, today=TODAY) == EXAMPLE


def test_every_single_character_change_of_the_example_is_rejected():
    alphabet = "0123456789X"
    changes = 0
    for position, original in enumerate(EXAMPLE):
        for replacement in alphabet:
            if replacement == original:
                continue
            changed = EXAMPLE[:position] + replacement + EXAMPLE[position + 1 :]
            assert not resident_id.is_valid(changed, today=TODAY), changed
            changes += 1
    assert changes == 18 * 10


def test_single_character_changes_are_rejected_for_the_right_reason():
    assert reason_for("X" + EXAMPLE[1:]) is ResidentIdProblem.FORMAT
    assert reason_for(EXAMPLE[:10] + "13" + EXAMPLE[12:]) is ResidentIdProblem.BIRTH_DATE
    assert reason_for(EXAMPLE[:17] + "3") is ResidentIdProblem.CHECK_CHARACTER
    assert reason_for("2" + EXAMPLE[1:]) is ResidentIdProblem.CHECK_CHARACTER


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", ResidentIdProblem.LENGTH),
        ("11010519491231002", ResidentIdProblem.LENGTH),
        ("11010519491231002X1", ResidentIdProblem.LENGTH),
        ("110105491231002", ResidentIdProblem.LENGTH),
        ("11010519491231002Y", ResidentIdProblem.FORMAT),
        ("1101051949-231002X", ResidentIdProblem.FORMAT),
        ("110105194912310X2X", ResidentIdProblem.FORMAT),
        ("\u0661" + EXAMPLE[1:], ResidentIdProblem.FORMAT),
    ],
)
def test_wrong_length_or_characters_are_named(value, reason):
    assert reason_for(value) is reason


@pytest.mark.parametrize(
    "birth",
    [
        "19490230",
        "19490231",
        "19490431",
        "19491301",
        "19490001",
        "19490100",
        "19000229",
    ],
)
def test_impossible_calendar_dates_are_rejected(birth):
    first17 = "110105" + birth + "002"
    value = first17 + "0"
    assert reason_for(value) is ResidentIdProblem.BIRTH_DATE


def test_leap_day_is_a_real_birth_date():
    value = resident_id.generate("110105", date(2000, 2, 29), 123)
    assert resident_id.birth_date(value) == date(2000, 2, 29)


def test_birth_date_in_the_future_is_rejected_but_today_is_accepted():
    born_today = resident_id.generate("310101", TODAY, 1)
    assert resident_id.is_valid(born_today, today=TODAY)
    tomorrow = TODAY.replace(day=2)
    born_tomorrow = "310101" + f"{tomorrow:%Y%m%d}" + "001"
    born_tomorrow += resident_id.check_character(born_tomorrow)
    assert reason_for(born_tomorrow) is ResidentIdProblem.BIRTH_DATE


def test_birth_years_before_1900_are_rejected():
    first17 = "11010518991231002"
    assert reason_for(first17 + resident_id.check_character(first17)) is (
        ResidentIdProblem.BIRTH_DATE
    )


def test_error_carries_a_reason_code_but_never_the_number():
    error = InvalidResidentId(ResidentIdProblem.CHECK_CHARACTER)
    assert error.reason is ResidentIdProblem.CHECK_CHARACTER
    assert isinstance(error, ValueError)
    with pytest.raises(InvalidResidentId) as caught:
        resident_id.validate(EXAMPLE[:17] + "1", today=TODAY)
    assert EXAMPLE[:17] not in str(caught.value)
    assert EXAMPLE[:17] not in repr(caught.value)


def test_mask_shows_first_three_and_last_four_characters_only():
    assert resident_id.mask(EXAMPLE) == "110***********002X"
    assert resident_id.mask("11010519491231002x") == "110***********002X"
    assert len(resident_id.mask(EXAMPLE)) == 18


@pytest.mark.parametrize("value", ["", "123", "1101051949", "11010519491231002X99"])
def test_mask_hides_everything_of_a_value_that_is_not_eighteen_characters(value):
    assert set(resident_id.mask(value)) <= {"*"}
    assert len(resident_id.mask(value)) == len(value)


def test_birth_date_and_sex_are_read_from_the_number():
    assert resident_id.birth_date(EXAMPLE) == date(1949, 12, 31)
    assert resident_id.is_male(EXAMPLE) is False
    male = resident_id.generate("110105", date(1980, 5, 17), 13)
    assert resident_id.is_male(male) is True


def test_birth_date_of_an_invalid_number_raises():
    with pytest.raises(InvalidResidentId):
        resident_id.birth_date(EXAMPLE[:17] + "1")


@pytest.mark.parametrize("sequence", [0, 1, 2, 500, 998, 999])
def test_generated_numbers_are_valid(sequence):
    value = resident_id.generate("440106", date(1995, 7, 8), sequence)
    assert resident_id.is_valid(value)
    assert value.startswith("44010619950708")
    assert value[14:17] == f"{sequence:03d}"
    assert resident_id.is_male(value) is (sequence % 2 == 1)


@pytest.mark.parametrize(
    ("region", "birth", "sequence"),
    [
        ("11010", date(1990, 1, 1), 1),
        ("11010a", date(1990, 1, 1), 1),
        ("１１０１０５", date(1990, 1, 1), 1),
        ("110105", date(1990, 1, 1), -1),
        ("110105", date(1990, 1, 1), 1000),
        ("110105", date(1899, 12, 31), 1),
    ],
)
def test_generate_refuses_impossible_input(region, birth, sequence):
    with pytest.raises(ValueError):
        resident_id.generate(region, birth, sequence)


@pytest.mark.parametrize(
    "value",
    [EXAMPLE, EXAMPLE[:17] + "1", "11010519491231002x", "110105491231002"],
)
def test_numbers_with_a_typo_still_resemble_an_id_number(value):
    assert resident_id.resembles(value)


@pytest.mark.parametrize("value", ["X-12-034", "20230001", "110105194913310021", "CAS2019000123"])
def test_other_numbers_do_not_resemble_an_id_number(value):
    assert not resident_id.resembles(value)
