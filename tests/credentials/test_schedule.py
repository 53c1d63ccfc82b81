import random
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from counsel_dir.credentials.issuers import with_overrides
from counsel_dir.credentials.kinds import CredentialKind as K
from counsel_dir.credentials.schedule import is_overdue, next_check_due, should_escalate

CHECKED = datetime(2025, 6, 1, 3, 30, tzinfo=UTC)
BEIJING = timezone(timedelta(hours=8))


def rng(seed=7):
    return random.Random(seed)  # noqa: S311 - jitter, not security


@pytest.mark.parametrize(
    ("kind", "days"),
    [
        (K.CPS_REGISTERED_PSYCHOLOGIST, 30),
        (K.MOHRSS_LEVEL2, 180),
        (K.CAS_BASIC_TRAINING, 180),
    ],
)
def test_next_check_stays_within_ten_percent_of_the_issuers_interval(kind, days):
    generator = rng()
    interval = timedelta(days=days)
    for _ in range(500):
        due = next_check_due(kind, CHECKED, None, generator)
        assert CHECKED + interval * 0.9 - timedelta(seconds=1) <= due <= CHECKED + interval * 1.1


def test_jitter_spreads_checks_that_happened_together():
    generator = rng()
    dues = {next_check_due(K.MOHRSS_LEVEL3, CHECKED, None, generator) for _ in range(50)}
    assert len(dues) > 40
    assert min(dues) < CHECKED + timedelta(days=175) < CHECKED + timedelta(days=185) < max(dues)


def test_the_same_seed_gives_the_same_schedule():
    first = [next_check_due(K.CAS_BASIC_TRAINING, CHECKED, None, rng(42)) for _ in range(3)]
    again = [next_check_due(K.CAS_BASIC_TRAINING, CHECKED, None, rng(42)) for _ in range(3)]
    assert first == again


def test_due_times_are_utc_and_whole_seconds():
    due = next_check_due(K.MOHRSS_LEVEL2, CHECKED.astimezone(BEIJING), None, rng())
    assert due.tzinfo is UTC
    assert due.microsecond == 0


def test_a_registration_ending_before_the_next_check_is_checked_on_its_end_date():
    due = next_check_due(K.CPS_REGISTERED_SUPERVISOR, CHECKED, date(2025, 6, 10), rng())
    assert due == datetime(2025, 6, 10, tzinfo=UTC)
    assert due.astimezone(BEIJING).date() == date(2025, 6, 10)


def test_a_registration_ending_long_after_the_next_check_keeps_the_interval():
    due = next_check_due(K.CPS_REGISTERED_ASSISTANT, CHECKED, date(2027, 1, 1), rng())
    assert CHECKED + timedelta(days=27) <= due <= CHECKED + timedelta(days=33)


def test_registration_checked_after_its_end_date_is_not_rescheduled_into_the_past():
    for valid_until in (date(2025, 6, 1), date(2025, 1, 1)):
        due = next_check_due(K.CPS_REGISTERED_PSYCHOLOGIST, CHECKED, valid_until, rng())
        assert due >= CHECKED + timedelta(days=27)


def test_certificates_that_do_not_expire_ignore_an_end_date():
    with_date = next_check_due(K.MOHRSS_LEVEL2, CHECKED, date(2025, 6, 10), rng(3))
    without = next_check_due(K.MOHRSS_LEVEL2, CHECKED, None, rng(3))
    assert with_date == without


def test_configured_intervals_replace_the_defaults():
    due = next_check_due(K.MOHRSS_LEVEL2, CHECKED, None, rng(), intervals={"mohrss": 10})
    assert CHECKED + timedelta(days=9) <= due <= CHECKED + timedelta(days=11)
    registry = with_overrides(intervals={"cps": 7})
    due = next_check_due(K.CPS_REGISTERED_ASSISTANT, CHECKED, None, rng(), registry=registry)
    assert CHECKED + timedelta(days=6, hours=7) <= due <= CHECKED + timedelta(days=7, hours=17)


def test_unrecognized_credentials_are_not_scheduled():
    with pytest.raises(ValueError):
        next_check_due(K.UNRECOGNIZED, CHECKED, None, rng())


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        next_check_due(K.MOHRSS_LEVEL2, datetime(2025, 6, 1), None, rng())
    with pytest.raises(ValueError, match="timezone-aware"):
        is_overdue(datetime(2025, 6, 1), CHECKED, K.MOHRSS_LEVEL2)


def test_a_check_is_overdue_only_past_twice_its_interval():
    due = CHECKED
    assert not is_overdue(due, due - timedelta(days=5), K.CPS_REGISTERED_PSYCHOLOGIST)
    assert not is_overdue(due, due + timedelta(days=60), K.CPS_REGISTERED_PSYCHOLOGIST)
    assert is_overdue(due, due + timedelta(days=60, seconds=1), K.CPS_REGISTERED_PSYCHOLOGIST)
    assert not is_overdue(due, due + timedelta(days=300), K.CAS_BASIC_TRAINING)
    assert is_overdue(due, due + timedelta(days=361), K.CAS_BASIC_TRAINING)


def test_overdue_compares_instants_across_time_zones():
    due = CHECKED
    now = (due + timedelta(days=61)).astimezone(BEIJING)
    assert is_overdue(due, now, K.CPS_REGISTERED_PSYCHOLOGIST)


def test_overdue_follows_configured_intervals():
    assert is_overdue(CHECKED, CHECKED + timedelta(days=21), K.MOHRSS_LEVEL3, {"mohrss": 10})


def test_moderators_get_a_credential_after_repeated_inconclusive_checks():
    now = CHECKED + timedelta(days=1)
    assert not should_escalate(2, CHECKED, now, K.MOHRSS_LEVEL2)
    assert should_escalate(3, CHECKED, now, K.MOHRSS_LEVEL2)
    assert should_escalate(1, CHECKED, now, K.MOHRSS_LEVEL2, threshold=1)


def test_moderators_get_an_overdue_credential_even_without_failures():
    now = CHECKED + timedelta(days=61)
    assert should_escalate(0, CHECKED, now, K.CPS_REGISTERED_SUPERVISOR)
    assert not should_escalate(0, CHECKED, now, K.CAS_BASIC_TRAINING)
