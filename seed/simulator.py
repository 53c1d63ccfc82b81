"""A local stand-in for the three issuers' official channels (CPS, MOHRSS, CAS).

It serves the request/response contract in docs/simulator-contract.md from the
issuer records written by ``flask seed`` (see SEED_CONTRACT), and injects the
faults a real channel shows: latency, hangs (timeouts), 5xx, 429 with
Retry-After, malformed pages and a per-channel rate limit. Behaviour comes from
the ``SIMULATOR_CHANNELS`` mapping or, per request, from query parameters.

Run it on a socket: ``python -m seed.simulator --records instance/simulator-records.json``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import threading
import time
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, jsonify, request

CHANNELS = ("cps", "mohrss", "cas")
FAULTS = ("none", "timeout", "error", "throttle", "malformed")
_PATHS = {
    "cps": "/cps/registry/lookup",
    "mohrss": "/mohrss/certificates/query",
    "cas": "/cas/certificates/query",
}


@dataclass
class Behaviour:
    """How one channel misbehaves. ``fault`` applies to every request (or to a
    ``fault_rate`` share of them, or to the first ``fail_first`` ones)."""

    latency_ms: float = 0
    fault: str = "none"
    fault_rate: float = 1.0
    fail_first: int = 0
    rate_limit: float | None = None
    burst: int = 0
    retry_after: float = 1
    hang_seconds: float = 10

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Behaviour:
        unknown = set(values) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"unknown simulator setting(s): {sorted(unknown)}")
        behaviour = cls(**values)
        if behaviour.fault not in FAULTS:
            raise ValueError(f"fault must be one of {FAULTS}")
        return behaviour

    def with_query(self, args: Mapping[str, str]) -> Behaviour:
        """This behaviour with query parameters (latency_ms=, fault=, ...) applied."""
        changes: dict[str, Any] = {}
        for name in ("latency_ms", "fault_rate", "rate_limit", "retry_after", "hang_seconds"):
            if name in args:
                changes[name] = _number(args[name])
        if "fault" in args:
            if args["fault"] not in FAULTS:
                abort(400)
            changes["fault"] = args["fault"]
        return replace(self, **changes) if changes else self


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        abort(400)
    if value != value or value < 0:
        abort(400)
    return value


@dataclass
class ChannelLog:
    """What one channel received, to measure clients from the channel's side."""

    arrivals: list[float] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0

    def max_in_window(self, window: float = 1.0) -> int:
        """Most requests that arrived within any ``window`` seconds."""
        best, start = 0, 0
        times = sorted(self.arrivals)
        for end, moment in enumerate(times):
            while moment - times[start] >= window:
                start += 1
            best = max(best, end - start + 1)
        return best


class SlidingWindow:
    """The channel's own rate limit: at most ``rate`` requests admitted in any second
    (plus ``burst`` extra), as "N requests per second" limits are usually enforced."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.capacity = max(1, int(rate) + max(0, burst))
        self.admitted: deque[float] = deque()

    def take(self) -> bool:
        now = time.monotonic()
        while self.admitted and now - self.admitted[0] >= 1.0:
            self.admitted.popleft()
        if len(self.admitted) >= self.capacity:
            return False
        self.admitted.append(now)
        return True


class SimulatorState:
    """The records per channel, the behaviours and the request logs."""

    def __init__(
        self,
        records: Iterable[Mapping[str, Any]],
        behaviours: Mapping[str, Mapping[str, Any] | Behaviour] | None = None,
        seed: int | None = None,
    ) -> None:
        self.by_number: dict[str, dict[str, dict[str, Any]]] = {c: {} for c in CHANNELS}
        self.by_resident_id: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for record in records:
            self.add_record(record)
        self.logs: dict[str, ChannelLog] = {c: ChannelLog() for c in CHANNELS}
        self._buckets: dict[str, SlidingWindow] = {}
        self._served: dict[str, int] = defaultdict(int)
        self._rng = random.Random(seed)
        self.lock = threading.Lock()
        self.behaviours: dict[str, Behaviour] = {c: Behaviour() for c in CHANNELS}
        for channel, value in (behaviours or {}).items():
            self.configure(channel, value)

    def add_record(self, record: Mapping[str, Any]) -> None:
        channel = record["issuer"]
        if channel not in CHANNELS:
            raise ValueError(f"unknown issuer {channel!r}")
        stored = dict(record)
        self.by_number[channel][_key(stored["number"])] = stored
        if stored.get("resident_id") and channel == "mohrss":
            self.by_resident_id[stored["resident_id"].upper()].append(stored)

    def configure(self, channel: str, value: Mapping[str, Any] | Behaviour) -> None:
        """Replace a channel's behaviour (tests change it between requests)."""
        if channel not in CHANNELS:
            raise ValueError(f"unknown channel {channel!r}")
        behaviour = value if isinstance(value, Behaviour) else Behaviour.from_mapping(value)
        self.behaviours[channel] = behaviour
        self._buckets.pop(channel, None)

    def reset_logs(self) -> None:
        with self.lock:
            self.logs = {c: ChannelLog() for c in CHANNELS}
            self._served.clear()

    def admit(self, channel: str, behaviour: Behaviour) -> tuple[bool, str | None]:
        """Log the arrival; say whether the rate limit lets it through and which fault hits."""
        with self.lock:
            log = self.logs[channel]
            log.arrivals.append(time.monotonic())
            log.in_flight += 1
            log.max_in_flight = max(log.max_in_flight, log.in_flight)
            allowed = True
            if behaviour.rate_limit:
                bucket = self._buckets.get(channel)
                if bucket is None or bucket.rate != behaviour.rate_limit:
                    bucket = SlidingWindow(behaviour.rate_limit, behaviour.burst)
                    self._buckets[channel] = bucket
                allowed = bucket.take()
            self._served[channel] += 1
            fault: str | None = None
            if behaviour.fault != "none":
                if behaviour.fail_first:
                    if self._served[channel] <= behaviour.fail_first:
                        fault = behaviour.fault
                elif self._rng.random() < behaviour.fault_rate:
                    fault = behaviour.fault
            return allowed, fault

    def done(self, channel: str, status: int, number: str | None) -> None:
        with self.lock:
            log = self.logs[channel]
            log.in_flight -= 1
            log.statuses.append(status)
            if number:
                log.numbers.append(number)


def _key(number: str) -> str:
    return "".join(str(number).split()).upper()


def _public(record: Mapping[str, Any]) -> dict[str, Any]:
    """A record as the channel shows it: the ID number never leaves, only its mask."""
    shown = {
        "name": record["name"],
        "number": record["number"],
        "kind": record.get("kind"),
        "issued_on": record.get("issued_on"),
        "valid_until": record.get("valid_until"),
        "issuing_authority": record.get("issuing_authority"),
        "supervision_hours": record.get("supervision_hours"),
        "training_background": record.get("training_background"),
        "status": record.get("status", "valid"),
    }
    rid = record.get("resident_id")
    if rid:
        shown["holder_id_masked"] = rid[:3] + "*" * 11 + rid[-4:]
    return shown


def _lookup(state: SimulatorState, channel: str, body: Mapping[str, Any]) -> list[dict[str, Any]]:
    if channel == "cps":
        number = body.get("registration_number")
        if not isinstance(number, str) or not number.strip():
            abort(400)
        found = state.by_number["cps"].get(_key(number))
        return [found] if found else []
    rid = body.get("resident_id")
    if not isinstance(rid, str) or len(rid.strip()) != 18:
        abort(400)
    rid = rid.strip().upper()
    if channel == "mohrss":
        if not isinstance(body.get("name"), str):
            abort(400)
        return list(state.by_resident_id.get(rid, []))
    number = body.get("certificate_number")
    if not isinstance(number, str) or not number.strip():
        abort(400)
    found = state.by_number["cas"].get(_key(number))
    if found is None or str(found.get("resident_id") or "").upper() != rid:
        return []
    return [found]


def create_simulator(
    records: Iterable[Mapping[str, Any]] = (),
    behaviours: Mapping[str, Mapping[str, Any] | Behaviour] | None = None,
    seed: int | None = None,
) -> Flask:
    """Build the simulator app; its state is ``app.extensions["simulator"]``."""
    app = Flask(__name__)
    state = SimulatorState(records, behaviours, seed)
    app.extensions["simulator"] = state

    def serve(channel: str) -> Response | tuple[Any, int]:
        behaviour = state.behaviours[channel].with_query(request.args)
        allowed, fault = state.admit(channel, behaviour)
        status, number = 500, None
        try:
            if behaviour.latency_ms:
                time.sleep(behaviour.latency_ms / 1000)
            if not allowed or fault == "throttle":
                status = 429
                response = jsonify(error="too many requests")
                response.status_code = 429
                response.headers["Retry-After"] = f"{behaviour.retry_after:g}"
                return response
            if fault == "timeout":
                time.sleep(behaviour.hang_seconds)
            if fault == "error":
                status = 503
                return jsonify(error="service unavailable"), 503
            if fault == "malformed":
                status = 200
                return Response(
                    "<html><body><h1>系统维护中</h1><table><tr><td>", mimetype="text/html"
                )
            body = request.get_json(silent=True)
            if not isinstance(body, dict):
                status = 400
                abort(400)
            number = body.get("registration_number") or body.get("certificate_number")
            found = _lookup(state, channel, body)
            status = 200
            return jsonify(channel=channel, found=bool(found), records=[_public(r) for r in found])
        except Exception as error:
            status = getattr(error, "code", 500) or 500
            raise
        finally:
            state.done(channel, status, number if isinstance(number, str) else None)

    for channel, path in _PATHS.items():
        app.add_url_rule(
            path, f"lookup_{channel}", lambda channel=channel: serve(channel), methods=["POST"]
        )

    @app.get("/health")
    def health() -> dict[str, Any]:
        return {"channels": {c: len(state.by_number[c]) for c in CHANNELS}}

    @app.get("/stats")
    def stats() -> dict[str, Any]:
        """What each channel received (for benchmarks measuring from the channel's side)."""
        with state.lock:
            return {
                channel: {
                    "requests": len(log.arrivals),
                    "statuses": {str(k): v for k, v in Counter(log.statuses).items()},
                    "max_in_any_second": log.max_in_window(1.0),
                    "max_in_flight": log.max_in_flight,
                    "first_arrival": min(log.arrivals, default=None),
                    "last_arrival": max(log.arrivals, default=None),
                }
                for channel, log in state.logs.items()
            }

    return app


def load_records(path: str | Path) -> list[dict[str, Any]]:
    """Issuer records from the file written by ``flask seed`` (empty if it is absent)."""
    target = Path(path)
    if not target.exists():
        return []
    data = json.loads(target.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError("the simulator records file must hold a JSON list")
    return data


def from_environment() -> Flask:
    """The simulator configured by environment variables, for ``gunicorn
    'seed.simulator:from_environment()'``: SIMULATOR_RECORDS (a file path) and
    SIMULATOR_BEHAVIOUR (JSON settings applied to every channel)."""
    behaviour = json.loads(os.environ.get("SIMULATOR_BEHAVIOUR") or "{}")
    records = load_records(os.environ.get("SIMULATOR_RECORDS", "instance/simulator-records.json"))
    return create_simulator(records, {channel: behaviour for channel in CHANNELS})


def main(argv: list[str] | None = None) -> None:
    """Serve the simulator on a local socket (loopback by default)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", default="instance/simulator-records.json")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5050)
    parser.add_argument("--latency-ms", type=float, default=0)
    parser.add_argument("--rate-limit", type=float, default=None)
    parser.add_argument("--fault", choices=FAULTS, default="none")
    parser.add_argument("--fault-rate", type=float, default=1.0)
    parser.add_argument("--burst", type=int, default=0)
    parser.add_argument("--retry-after", type=float, default=1)
    parser.add_argument("--quiet", action="store_true", help="do not log every request")
    args = parser.parse_args(argv)
    behaviour = Behaviour(
        latency_ms=args.latency_ms,
        rate_limit=args.rate_limit,
        burst=args.burst,
        retry_after=args.retry_after,
        fault=args.fault,
        fault_rate=args.fault_rate,
    )
    app = create_simulator(load_records(args.records), {c: behaviour for c in CHANNELS})
    if args.quiet:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
    from werkzeug.serving import make_server

    server = make_server(args.host, args.port, app, threaded=True)
    print(f"simulator listening on http://{args.host}:{server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
