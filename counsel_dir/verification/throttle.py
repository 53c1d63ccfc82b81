"""Being polite to a channel: rate limit, concurrency, backoff and a circuit breaker.

Thread-safe and pure (no Flask, no database); clocks and sleeps are injectable
so that tests run without waiting.
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from enum import StrEnum

Clock = Callable[[], float]
Sleep = Callable[[float], None]


class RateLimiter:
    """Paces calls at ``rate`` per second to a channel that counts its limit the usual
    way, over a sliding window of arrivals.

    Send times are scheduled evenly, ``1 / rate`` apart, with no burst after idleness
    (a GCRA without tolerance); and a call that wakes late never bunches up with the
    next ones past ``floor(rate)`` calls let through in any ``window`` seconds.
    """

    def __init__(
        self,
        rate: float,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
        window: float = 1.0,
    ):
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.interval = 1.0 / rate
        self.window = window
        self.capacity = max(1, math.floor(rate * window))
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0
        self._paused_until = 0.0
        self._passed: deque[float] = deque()
        self._lock = threading.Lock()

    def acquire(self, deadline: float | None = None) -> bool:
        """Wait for a slot; False (and no call let through) if it comes after ``deadline``."""
        with self._lock:
            now = self._clock()
            slot = max(now, self._next, self._paused_until)
            if deadline is not None and slot > deadline:
                return False
            self._next = slot + self.interval
        if slot > now:
            self._sleep(slot - now)
        while True:
            with self._lock:
                now = self._clock()
                if now < self._paused_until:
                    wait = self._paused_until - now
                else:
                    self._forget_before(now)
                    if len(self._passed) < self.capacity:
                        self._passed.append(now)
                        return True
                    wait = self._passed[0] + self.window - now
            if deadline is not None and now + wait > deadline:
                return False
            self._sleep(wait)

    def _forget_before(self, now: float) -> None:
        while self._passed and now - self._passed[0] >= self.window:
            self._passed.popleft()

    def push_back(self, seconds: float) -> None:
        """Let no call through for ``seconds``, not even one already waiting for its slot
        (the channel asked for a pause)."""
        with self._lock:
            self._paused_until = max(self._paused_until, self._clock() + seconds)

    def throttled(self) -> None:
        """The channel refused a call as over its limit: keep the schedule (the refused
        call waits its Retry-After on its own) but send nothing within one interval."""
        with self._lock:
            self._next = max(self._next, self._clock() + self.interval)


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitBreaker:
    """Stops calling a channel after ``threshold`` failures in a row, for ``reset_after``
    seconds; then lets one trial call through, which closes or reopens it."""

    def __init__(self, threshold: int, reset_after: float, clock: Clock = time.monotonic):
        self.threshold = threshold
        self.reset_after = reset_after
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None
        self._trial_running = False
        self._lock = threading.Lock()

    @property
    def state(self) -> BreakerState:
        with self._lock:
            return self._state()

    def _state(self) -> BreakerState:
        if self._opened_at is None:
            return BreakerState.CLOSED
        if self._clock() - self._opened_at >= self.reset_after:
            return BreakerState.HALF_OPEN
        return BreakerState.OPEN

    def is_open(self) -> bool:
        """True while calls are refused (a half-open breaker accepts a trial)."""
        return self.state is BreakerState.OPEN

    def allow(self) -> bool:
        """Whether a call may go out now; in half-open state only one trial at a time."""
        with self._lock:
            state = self._state()
            if state is BreakerState.CLOSED:
                return True
            if state is BreakerState.HALF_OPEN and not self._trial_running:
                self._trial_running = True
                return True
            return False

    def record_success(self) -> None:
        with self._lock:
            self._failures = 0
            self._opened_at = None
            self._trial_running = False

    def record_failure(self) -> None:
        with self._lock:
            self._failures += 1
            if self._trial_running or self._failures >= self.threshold:
                self._opened_at = self._clock()
            self._trial_running = False


def backoff_delay(attempt: int, base: float, cap: float, rng: random.Random) -> float:
    """Exponential backoff with full jitter: uniform in [0, min(cap, base * 2**attempt)]."""
    return rng.uniform(0, min(cap, base * (2**attempt)))


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None if
    absent or unreadable."""
    if not value:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if seconds != seconds:
        return None
    return max(0.0, seconds)
