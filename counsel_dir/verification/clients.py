"""One httpx client per issuer channel, behind one small interface.

``ChannelClient.lookup`` returns a definitive :class:`ChannelAnswer` (match,
not found, mismatch, expired, revoked) or an inconclusive one (timeout,
connection error, 5xx, 429, unreadable page, circuit open, deadline). Only
inconclusive attempts are retried, with exponential backoff and full jitter,
honouring Retry-After, within an overall deadline per check. The resident ID
number travels only in the request body, lives only for the call, and is never
logged nor kept in the answer.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx

from counsel_dir.credentials.kinds import Issuer
from counsel_dir.verification.answers import (
    ChannelAnswer,
    Claim,
    IssuerRecord,
    inconclusive,
    judge,
)
from counsel_dir.verification.throttle import (
    CircuitBreaker,
    RateLimiter,
    Sleep,
    backoff_delay,
    parse_retry_after,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChannelSettings:
    """Per-channel settings, from ``VERIFICATION_CHANNELS[<issuer code>]``."""

    base_url: str
    connect_timeout: float = 3.0
    read_timeout: float = 10.0
    deadline: float = 30.0
    retries: int = 2
    rps: float = 5.0
    concurrency: int = 4
    backoff_base: float = 0.5
    backoff_cap: float = 8.0
    breaker_threshold: int = 5
    breaker_reset: float = 60.0
    params: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> ChannelSettings:
        """Settings from configuration; unknown keys are refused so that typos show.

        ``timeout`` is a shorthand for both ``connect_timeout`` and ``read_timeout``.
        """
        values = dict(values)
        timeout = values.pop("timeout", None)
        if timeout is not None:
            values.setdefault("connect_timeout", timeout)
            values.setdefault("read_timeout", timeout)
        unknown = set(values) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown channel setting(s): {sorted(unknown)}")
        settings = cls(**values)
        numbers = (
            settings.connect_timeout,
            settings.read_timeout,
            settings.deadline,
            settings.rps,
        )
        if any(not isinstance(n, int | float) or n <= 0 for n in numbers):
            raise ValueError("timeouts, deadline and rps must be positive numbers")
        if settings.concurrency < 1 or settings.retries < 0:
            raise ValueError("concurrency must be at least 1 and retries at least 0")
        return settings


@dataclass(frozen=True)
class Lookup:
    """What one check sends: the claim, and the ID number where the channel needs it."""

    claim: Claim
    resident_id: str | None = field(default=None, repr=False)


class MalformedPage(ValueError):
    """The channel answered something that is not the documented response."""


class ChannelClient:
    """Talks to one issuer's channel; subclasses say where and with which fields."""

    issuer: Issuer
    path: str
    needs_resident_id = False

    def __init__(
        self,
        settings: ChannelSettings,
        transport: httpx.BaseTransport | None = None,
        *,
        clock: Any = time.monotonic,
        sleep: Sleep = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.settings = settings
        self._clock = clock
        self._sleep = sleep
        self._rng = rng or random.SystemRandom()
        self.limiter = RateLimiter(settings.rps, clock=clock, sleep=sleep)
        self.breaker = CircuitBreaker(
            settings.breaker_threshold, settings.breaker_reset, clock=clock
        )
        self._slots = threading.BoundedSemaphore(settings.concurrency)
        self._http = httpx.Client(
            base_url=settings.base_url,
            transport=transport,
            params=dict(settings.params),
            timeout=httpx.Timeout(
                connect=settings.connect_timeout,
                read=settings.read_timeout,
                write=settings.read_timeout,
                pool=settings.deadline,
            ),
            limits=httpx.Limits(
                max_connections=settings.concurrency,
                max_keepalive_connections=settings.concurrency,
            ),
            headers={"Accept": "application/json"},
            follow_redirects=False,
        )

    def close(self) -> None:
        self._http.close()

    def body(self, lookup: Lookup) -> dict[str, str]:
        """The JSON body of a lookup (see docs/simulator-contract.md)."""
        raise NotImplementedError

    def lookup(self, lookup: Lookup, today: date) -> ChannelAnswer:
        """Ask the channel about one credential, retrying inconclusive attempts."""
        if self.needs_resident_id and not lookup.resident_id:
            return inconclusive("resident_id_missing", attempts=0)
        deadline = self._clock() + self.settings.deadline
        answer = inconclusive("deadline", attempts=0)
        for attempt in range(self.settings.retries + 1):
            if not self.breaker.allow():
                return inconclusive("circuit_open", attempts=attempt)
            answer = self._attempt(lookup, today, deadline, attempt + 1)
            if answer.definitive:
                self.breaker.record_success()
                return answer
            if answer.reason == "throttled":
                self.breaker.record_success()  # the channel is up, only busy
                self.limiter.throttled()
            elif answer.reason != "deadline":
                self.breaker.record_failure()
            if attempt == self.settings.retries:
                break
            delay = backoff_delay(
                attempt, self.settings.backoff_base, self.settings.backoff_cap, self._rng
            )
            delay = max(delay, answer.retry_after or 0)
            if self._clock() + delay >= deadline:
                break
            self._sleep(delay)
        return answer

    def _attempt(self, lookup: Lookup, today: date, deadline: float, attempt: int) -> ChannelAnswer:
        with self._slots:
            if not self.limiter.acquire(deadline):
                return inconclusive("deadline", attempts=attempt)
            remaining = deadline - self._clock()
            if remaining <= 0:
                return inconclusive("deadline", attempts=attempt)
            timeout = httpx.Timeout(
                connect=min(self.settings.connect_timeout, remaining),
                read=min(self.settings.read_timeout, remaining),
                write=min(self.settings.read_timeout, remaining),
                pool=remaining,
            )
            try:
                response = self._http.post(self.path, json=self.body(lookup), timeout=timeout)
            except httpx.TimeoutException:
                return self._inconclusive("timeout", attempt)
            except httpx.TransportError as error:
                return self._inconclusive("connection", attempt, type(error).__name__)
        if response.status_code == 429:
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            log.info(
                "verification.channel_throttled channel=%s retry_after=%s",
                self.issuer.value,
                retry_after,
            )
            return inconclusive("throttled", attempts=attempt, retry_after=retry_after)
        if response.status_code >= 500:
            return self._inconclusive(f"http_{response.status_code}", attempt)
        if response.status_code != 200:
            return self._inconclusive(f"http_{response.status_code}", attempt)
        try:
            records = parse_response(response)
        except MalformedPage:
            return self._inconclusive("malformed", attempt)
        answer = judge(lookup.claim, records, today)
        return ChannelAnswer(
            answer.verdict,
            record=answer.record,
            mismatch_field=answer.mismatch_field,
            attempts=attempt,
        )

    def _inconclusive(self, reason: str, attempt: int, detail: str = "") -> ChannelAnswer:
        log.info(
            "verification.channel_inconclusive channel=%s reason=%s attempt=%d %s",
            self.issuer.value,
            reason,
            attempt,
            detail,
        )
        return inconclusive(reason, attempts=attempt)


def parse_response(response: httpx.Response) -> list[IssuerRecord]:
    """The records in a channel response; MalformedPage if it is not the contract."""
    try:
        data = response.json()
    except ValueError:
        raise MalformedPage("not JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("found"), bool):
        raise MalformedPage("no 'found' flag")
    rows = data.get("records")
    if not isinstance(rows, list):
        raise MalformedPage("no 'records' list")
    if data["found"] != bool(rows):
        raise MalformedPage("'found' disagrees with 'records'")
    return [_record(row) for row in rows]


def _record(row: Any) -> IssuerRecord:
    if not isinstance(row, dict):
        raise MalformedPage("record is not an object")
    try:
        name, number = row["name"], row["number"]
        if not isinstance(name, str) or not isinstance(number, str):
            raise MalformedPage("name and number must be text")
        hours = row.get("supervision_hours")
        return IssuerRecord(
            name=name,
            number=number,
            kind=_text(row.get("kind")),
            issued_on=_date(row.get("issued_on")),
            valid_until=_date(row.get("valid_until")),
            issuing_authority=_text(row.get("issuing_authority")),
            supervision_hours=int(hours) if hours is not None else None,
            training_background=_text(row.get("training_background")),
            status=_text(row.get("status")) or "valid",
        )
    except (KeyError, TypeError, ValueError) as error:
        raise MalformedPage(f"unreadable record: {type(error).__name__}") from None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError("expected text")
    return value


def _date(value: Any) -> date | None:
    if value is None:
        return None
    return date.fromisoformat(_text(value) or "")


class CpsClient(ChannelClient):
    """The CPS registration system: public lookup by registration number."""

    issuer = Issuer.CPS
    path = "/cps/registry/lookup"

    def body(self, lookup: Lookup) -> dict[str, str]:
        return {"registration_number": lookup.claim.number}


class MohrssClient(ChannelClient):
    """MOHRSS vocational qualifications: lookup by name and resident ID number."""

    issuer = Issuer.MOHRSS
    path = "/mohrss/certificates/query"
    needs_resident_id = True

    def body(self, lookup: Lookup) -> dict[str, str]:
        return {"name": lookup.claim.name, "resident_id": lookup.resident_id or ""}


class CasClient(ChannelClient):
    """CAS basic training certificates: certificate number and resident ID number."""

    issuer = Issuer.CAS
    path = "/cas/certificates/query"
    needs_resident_id = True

    def body(self, lookup: Lookup) -> dict[str, str]:
        return {"certificate_number": lookup.claim.number, "resident_id": lookup.resident_id or ""}


CLIENT_CLASSES: dict[Issuer, type[ChannelClient]] = {
    Issuer.CPS: CpsClient,
    Issuer.MOHRSS: MohrssClient,
    Issuer.CAS: CasClient,
}


def build_client(
    issuer: Issuer, settings: ChannelSettings, transport: httpx.BaseTransport | None = None
) -> ChannelClient:
    """The client for one issuer's channel."""
    return CLIENT_CLASSES[Issuer(issuer)](settings, transport)
