"""Rate limit, backoff and circuit breaker rules, and the limit as the channel sees it."""

from __future__ import annotations

import random
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime

from counsel_dir.credentials.kinds import Issuer
from counsel_dir.verification.answers import Claim
from counsel_dir.verification.clients import Lookup
from counsel_dir.verification.throttle import (
    BreakerState,
    CircuitBreaker,
    RateLimiter,
    backoff_delay,
    parse_retry_after,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.lock = threading.Lock()

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        with self.lock:
            self.now += seconds


def test_rate_limiter_spaces_calls_evenly():
    clock = FakeClock()
    limiter = RateLimiter(10, clock=clock, sleep=clock.sleep)
    moments = []
    for _ in range(5):
        limiter.acquire()
        moments.append(round(clock.now, 3))
    assert moments == [0.0, 0.1, 0.2, 0.3, 0.4]


def test_rate_limiter_holds_back_calls_that_would_bunch_up_after_a_late_wake_up():
    clock = FakeClock()
    late = {2: 0.3}
    calls = []

    def sleep(seconds: float) -> None:
        clock.sleep(seconds + late.pop(len(calls) + 1, 0.0))

    limiter = RateLimiter(3, clock=clock, sleep=sleep)
    for _ in range(5):
        limiter.acquire()
        calls.append(round(clock.now, 3))
    assert calls[:4] == [0.0, 0.633, 0.667, 1.0]
    assert calls[4] == 1.633, "never more than 3 let through in any one second"


def test_rate_limiter_refuses_a_slot_beyond_the_deadline():
    clock = FakeClock()
    limiter = RateLimiter(1, clock=clock, sleep=lambda s: None)
    assert limiter.acquire(deadline=0.5)
    assert not limiter.acquire(deadline=0.5)


def test_retry_after_pushes_the_next_slot_back():
    clock = FakeClock()
    limiter = RateLimiter(100, clock=clock, sleep=clock.sleep)
    limiter.push_back(2.0)
    limiter.acquire()
    assert clock.now == 2.0


def test_backoff_is_full_jitter_within_an_exponential_cap():
    rng = random.Random(1)
    for attempt in range(8):
        for _ in range(50):
            assert 0 <= backoff_delay(attempt, 0.5, 8, rng) <= min(8, 0.5 * 2**attempt)


def test_retry_after_in_seconds_is_read_and_garbage_ignored():
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after(" 0.5 ") == 0.5
    assert parse_retry_after("-4") == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None
    now = datetime(2026, 11, 28, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("Sat, 28 Nov 2026 12:00:05 GMT", now) == 5.0
    assert parse_retry_after("Sat, 28 Nov 2026 11:00:00 GMT", now) == 0.0


def test_breaker_opens_after_failures_in_a_row_and_half_opens_later():
    clock = FakeClock()
    breaker = CircuitBreaker(3, 10, clock=clock)
    breaker.record_failure()
    breaker.record_failure()
    breaker.record_success()
    breaker.record_failure()
    breaker.record_failure()
    assert breaker.state is BreakerState.CLOSED
    breaker.record_failure()
    assert breaker.state is BreakerState.OPEN and not breaker.allow()
    clock.now = 10
    assert breaker.state is BreakerState.HALF_OPEN
    assert breaker.allow()
    assert not breaker.allow(), "one trial at a time"
    breaker.record_failure()
    assert breaker.state is BreakerState.OPEN
    clock.now = 20
    assert breaker.allow()
    breaker.record_success()
    assert breaker.state is BreakerState.CLOSED


def test_client_rate_limit_is_respected_as_measured_by_the_channel(make_clients, sim):
    sim.add_record({"issuer": "cps", "number": "R1", "name": "王芳"})
    sim.configure("cps", {"rate_limit": 20, "burst": 1, "latency_ms": 10})
    client = make_clients(rps=20, concurrency=4)[Issuer.CPS]
    lookup = Lookup(Claim("cps_registered_psychologist", "R1", "王芳"))
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda _: client.lookup(lookup, date.today()), range(30)))
    log = sim.logs["cps"]
    assert all(a.verdict.value == "match" for a in answers)
    assert 429 not in log.statuses
    assert log.max_in_window(1.0) <= 21, "the limit, give or take one at a window's edge"
    assert log.max_in_flight <= 4
