"""The channel limiter on a fake clock: even pacing, the channel's sliding window, 429s."""

from __future__ import annotations

import threading
from collections.abc import Callable

from counsel_dir.verification.throttle import RateLimiter


class FakeClock:
    """Time that only moves when someone sleeps; ``late`` makes chosen wake-ups late."""

    def __init__(self) -> None:
        self.now = 0.0
        self.lock = threading.Lock()
        self.late: dict[int, float] = {}
        self.sleeps = 0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        with self.lock:
            self.sleeps += 1
            self.now += seconds + self.late.pop(self.sleeps, 0.0)


def most_in_any_window(moments: list[float], window: float = 1.0) -> int:
    """Count as the channel does: most arrivals within any ``window`` seconds."""
    best, start = 0, 0
    times = sorted(moments)
    for end, moment in enumerate(times):
        while moment - times[start] >= window - 1e-9:
            start += 1
        best = max(best, end - start + 1)
    return best


def send_times(limiter: RateLimiter, clock: FakeClock, calls: int) -> list[float]:
    moments = []
    for _ in range(calls):
        assert limiter.acquire()
        moments.append(round(clock.now, 6))
    return moments


def test_channel_receives_calls_at_evenly_scheduled_times():
    clock = FakeClock()
    limiter = RateLimiter(50, clock=clock, sleep=clock.sleep)
    moments = send_times(limiter, clock, 200)
    gaps = {round(b - a, 6) for a, b in zip(moments, moments[1:], strict=False)}
    assert gaps == {0.02}
    assert most_in_any_window(moments) == 50


def test_idle_channel_gets_no_burst_when_work_comes_back():
    clock = FakeClock()
    limiter = RateLimiter(10, clock=clock, sleep=clock.sleep)
    send_times(limiter, clock, 3)
    clock.now += 5.0
    moments = send_times(limiter, clock, 3)
    assert moments == [5.2, 5.3, 5.4]


def test_late_wake_ups_never_put_more_than_the_limit_in_any_second():
    clock = FakeClock()
    clock.late = {3: 0.25, 10: 0.4, 11: 0.05, 30: 0.3}
    limiter = RateLimiter(20, clock=clock, sleep=clock.sleep)
    moments = send_times(limiter, clock, 120)
    assert most_in_any_window(moments) <= 20


def test_waiting_threads_together_stay_within_the_channel_window():
    clock = FakeClock()
    limiter = RateLimiter(25, clock=clock, sleep=clock.sleep)
    moments: list[float] = []
    lock = threading.Lock()

    def check() -> None:
        for _ in range(20):
            limiter.acquire()
            with lock:
                moments.append(clock.now)

    threads = [threading.Thread(target=check) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(moments) == 120
    assert most_in_any_window(moments) <= 25


def test_a_429_does_not_stall_the_channel_for_the_whole_retry_after():
    clock = FakeClock()
    limiter = RateLimiter(10, clock=clock, sleep=clock.sleep)
    send_times(limiter, clock, 10)
    assert round(clock.now, 6) == 0.9
    clock.now = 1.05
    limiter.throttled()
    assert send_times(limiter, clock, 2) == [1.15, 1.25]


def test_a_429_on_an_idle_limiter_still_spaces_the_next_call():
    clock = FakeClock()
    limiter = RateLimiter(10, clock=clock, sleep=clock.sleep)
    limiter.throttled()
    assert send_times(limiter, clock, 1) == [0.1]


def test_a_pause_also_holds_calls_already_waiting_for_their_slot():
    clock = FakeClock()
    events: list[Callable[[], None]] = [lambda: limiter.push_back(2.0)]

    def sleep(seconds: float) -> None:
        clock.sleep(seconds)
        if events:
            events.pop()()

    limiter = RateLimiter(10, clock=clock, sleep=sleep)
    assert limiter.acquire()
    assert limiter.acquire()
    assert round(clock.now, 6) == 2.1, "the slot at 0.1 came during the pause that began then"


def test_a_call_whose_slot_comes_after_its_deadline_is_not_let_through():
    clock = FakeClock()
    limiter = RateLimiter(10, clock=clock, sleep=clock.sleep)
    limiter.push_back(3.0)
    assert not limiter.acquire(deadline=2.0)
    assert clock.now == 0.0
    assert limiter.acquire(deadline=3.5)
    assert clock.now == 3.0
