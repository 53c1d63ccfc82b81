"""Benchmark: 10,000 due credentials checked against the simulator on a local socket.

The simulator answers on 127.0.0.1 with 100 ms latency and a limit of 50 requests
per second per channel; the worker runs with the same per-channel limit. Reports
credentials checked per second per channel against that limit, checks lost or
doubled, and memory (RSS, plus tracemalloc with --tracemalloc) at start and end.
Writes bench/results/verify.json.

    python bench/verify.py [--count 10000] [--latency-ms 100] [--rps 50]
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import os
import resource
import sys
import tempfile
import threading
import time
import tracemalloc
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

import httpx  # noqa: E402
from serve_simulator import start_simulator  # noqa: E402
from sqlalchemy import func, insert, select  # noqa: E402

from counsel_dir import create_app  # noqa: E402
from counsel_dir.credentials import resident_id  # noqa: E402
from counsel_dir.credentials.kinds import CredentialKind, CredentialStatus, Issuer  # noqa: E402
from counsel_dir.credentials.models import Credential, VerificationRecord  # noqa: E402
from counsel_dir.credentials.services import identity_vault  # noqa: E402
from counsel_dir.credentials.vault import generate_secret  # noqa: E402
from counsel_dir.db import get_engine, make_engine, session, utcnow  # noqa: E402
from counsel_dir.directory.models import Counselor  # noqa: E402
from counsel_dir.migrate import upgrade  # noqa: E402
from counsel_dir.verification.clients import ChannelSettings, build_client  # noqa: E402
from counsel_dir.verification.worker import Worker  # noqa: E402

BURST = 0
"""Requests the simulated channel admits beyond its limit in any one second."""

KINDS = (
    (CredentialKind.CPS_REGISTERED_PSYCHOLOGIST, "cps"),
    (CredentialKind.MOHRSS_LEVEL2, "mohrss"),
    (CredentialKind.CAS_BASIC_TRAINING, "cas"),
)


def rss_mib() -> float:
    """Resident set size of this process, from /proc (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def seed(app: Any, count: int, status: CredentialStatus) -> list[dict[str, Any]]:
    """Insert ``count`` due credentials; return the issuer records for the simulator.

    VERIFIED: the steady state, verified credentials due for their re-check (tier
    unchanged, so no listing refresh). PENDING: every check changes a status.
    """
    records = []
    with app.app_context():
        vault = identity_vault()
        due = utcnow() - timedelta(minutes=1)
        counselors, credentials = [], []
        for index in range(count):
            kind, issuer = KINDS[index % 3]
            name = f"咨询师{index}"
            number = f"B{index:07d}"
            born = date(1960, 1, 1) + timedelta(days=index // 1000)
            holder = resident_id.generate("110105", born, index % 1000)
            counselors.append(
                {
                    "id": index + 1,
                    "slug": f"bench-{index}",
                    "display_name": name,
                    "city": "shanghai",
                    "resident_id_sealed": vault.seal(holder),
                }
            )
            credentials.append(
                {
                    "counselor_id": index + 1,
                    "kind": kind,
                    "number": number,
                    "issuer_name": "x",
                    "status": status,
                    "last_verified_at": due - timedelta(days=30)
                    if status is CredentialStatus.VERIFIED
                    else None,
                    "next_check_due": due,
                    "valid_until": date.today() + timedelta(days=700) if issuer == "cps" else None,
                }
            )
            records.append(
                {
                    "issuer": issuer,
                    "kind": kind.value,
                    "number": number,
                    "name": name,
                    "resident_id": holder if issuer != "cps" else None,
                    "status": "valid",
                    "valid_until": (date.today() + timedelta(days=700)).isoformat()
                    if issuer == "cps"
                    else None,
                }
            )
        session.execute(insert(Counselor), counselors)
        session.execute(insert(Credential), credentials)
        session.commit()
        session.remove()
    return records


def app_config(url: str, workdir: Path, secret: str) -> dict[str, Any]:
    return {
        "TESTING": True,
        "SECRET_KEY": "bench",
        "RESIDENT_ID_SECRET": secret,
        "DATABASE_URL": url,
        "SEARCH_INDEX_DIR": str(workdir / "index"),
        "SEARCH_BACKGROUND_INDEXER": False,
        "UPLOAD_DIR": str(workdir / "uploads"),
        "VERIFICATION_SIMULATOR": False,
        "VERIFICATION_BACKGROUND_WORKER": False,
        "VERIFICATION_BATCH_SIZE": 100,
    }


def worker_process(job: dict[str, Any]) -> dict[str, Any]:
    """One worker process: its own app, clients with its share of each channel's limit."""
    logging.getLogger("counsel_dir").setLevel(logging.WARNING)
    app = create_app(app_config(job["url"], Path(job["workdir"]), job["secret"]))
    app.logger.setLevel(logging.WARNING)
    settings = ChannelSettings(
        base_url=job["base_url"],
        rps=job["rps"],
        concurrency=job["concurrency"],
        retries=2,
        deadline=30,
    )
    clients = {issuer: build_client(issuer, settings) for issuer in Issuer}
    if job["trace"]:
        tracemalloc.start()
    memory: dict[str, Any] = {"rss_start_mib": round(rss_mib(), 1), "samples_mib": []}
    if job["trace"]:
        memory["traced_start_mib"] = round(tracemalloc.get_traced_memory()[0] / 2**20, 1)
    done = threading.Event()

    def sample() -> None:
        while not done.wait(10):
            memory["samples_mib"].append(round(rss_mib(), 1))

    threading.Thread(target=sample, daemon=True).start()
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    summary = Worker(app, clients, worker_id=job["name"]).run_due()
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    done.set()
    cpu_seconds = (cpu_after.ru_utime - cpu_before.ru_utime) + (
        cpu_after.ru_stime - cpu_before.ru_stime
    )
    memory["rss_end_mib"] = round(rss_mib(), 1)
    if job["trace"]:
        memory["traced_end_mib"] = round(tracemalloc.get_traced_memory()[0] / 2**20, 1)
        tracemalloc.stop()
    for client in clients.values():
        client.close()
    get_engine(app).dispose()
    return {
        "outcomes": dict(summary.outcomes),
        "cpu_seconds": round(cpu_seconds, 2),
        "lost_leases": summary.lost_leases,
        "duplicates": summary.duplicates,
        "channels": {
            name: [stats.checked, stats.first_started, stats.last_finished]
            for name, stats in summary.channels.items()
        },
        "memory": memory,
    }


def run(
    count: int,
    latency_ms: float,
    rps: float,
    concurrency: int,
    trace: bool,
    mode: str = "gunicorn",
    client_share: float = 0.95,
    workers: int = 1,
    channel_limit: float | None = None,
    status: CredentialStatus = CredentialStatus.VERIFIED,
) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="verify-bench-"))
    url = f"sqlite:///{workdir / 'bench.db'}"
    engine = make_engine(url)
    with engine.begin() as connection:
        upgrade(connection)
    engine.dispose()
    secret = generate_secret()
    app = create_app(app_config(url, workdir, secret))
    print(f"seeding {count} due credentials ...", flush=True)
    records = seed(app, count, status)
    if status is CredentialStatus.VERIFIED:
        with app.app_context():
            for counselor in session.scalars(select(Counselor)):
                counselor.tier, counselor.is_listed = 1, True
            session.commit()
            session.remove()
    get_engine(app).dispose()

    records_path = workdir / "records.json"
    records_path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    limit = channel_limit if channel_limit is not None else rps
    behaviour = {"latency_ms": latency_ms, "rate_limit": limit, "burst": BURST}
    base_url, stop_simulator = start_simulator(records_path, behaviour, mode)
    print(
        f"checking with {workers} worker process(es) against {base_url} "
        f"({latency_ms:g} ms, limit {rps:g} rps per channel) ...",
        flush=True,
    )
    jobs = [
        {
            "name": f"bench-{index}",
            "url": url,
            "workdir": str(workdir),
            "secret": secret,
            "base_url": base_url,
            "rps": rps * client_share / workers,
            "concurrency": concurrency,
            "trace": trace,
        }
        for index in range(workers)
    ]
    started = time.monotonic()
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        results = list(pool.map(worker_process, jobs))
    elapsed = time.monotonic() - started
    seen = httpx.get(f"{base_url}/stats", timeout=10).json()
    stop_simulator()

    engine = make_engine(url)
    with engine.connect() as connection:
        per_credential = dict(
            connection.execute(
                select(VerificationRecord.credential_id, func.count()).group_by(
                    VerificationRecord.credential_id
                )
            ).all()
        )
        total = connection.scalar(select(func.count()).select_from(Credential))
    engine.dispose()
    lost = total - len(per_credential)
    doubled = sum(1 for n in per_credential.values() if n > 1)
    outcomes: Counter[str] = Counter()
    for result in results:
        outcomes.update(result["outcomes"])

    channels = {}
    for issuer in Issuer:
        rows = [r["channels"][issuer.value] for r in results if r["channels"][issuer.value][0]]
        checked = sum(row[0] for row in rows)
        span = max(row[2] for row in rows) - min(row[1] for row in rows) if rows else 0
        per_second = checked / span if span else 0.0
        channel = seen[issuer.value]
        answered = channel["statuses"].get("200", 0)
        seen_span = (channel["last_arrival"] or 0) - (channel["first_arrival"] or 0)
        channels[issuer.value] = {
            "checked": checked,
            "checked_per_second": round(per_second, 2),
            "limit_rps": rps,
            "share_of_limit": round(per_second / rps, 3),
            "answered_per_second_seen_by_channel": round(answered / seen_span, 2)
            if seen_span
            else 0,
            "requests_seen_by_channel": channel["requests"],
            "throttled_429": channel["statuses"].get("429", 0),
            "max_requests_in_any_second": channel["max_in_any_second"],
            "max_concurrent": channel["max_in_flight"],
        }
    return {
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "credentials": count,
        "starting_status": status.value,
        "simulator": mode,
        "worker_processes": workers,
        "client_rps_per_channel": rps * client_share,
        "latency_ms": latency_ms,
        "elapsed_seconds": round(elapsed, 1),
        "outcomes": dict(outcomes),
        "lost": lost,
        "doubled": doubled,
        "lost_leases": sum(r["lost_leases"] for r in results),
        "duplicates_refused": sum(r["duplicates"] for r in results),
        "worker_cpu_ms_per_check": round(
            1000 * sum(r["cpu_seconds"] for r in results) / max(1, sum(outcomes.values())), 2
        ),
        "channels": channels,
        "memory_per_worker": [r["memory"] for r in results],
    }


def print_table(result: dict) -> None:
    print()
    print(
        f"{'channel':<8} {'checked':>8} {'per s':>7} {'limit':>6} {'share':>6} "
        f"{'429s':>5} {'max/s':>6} {'conc':>5}"
    )
    for name, row in result["channels"].items():
        print(
            f"{name:<8} {row['checked']:>8} {row['checked_per_second']:>7.2f} "
            f"{row['answered_per_second_seen_by_channel']:>7.2f} "
            f"{row['limit_rps']:>6g} {row['share_of_limit']:>6.1%} {row['throttled_429']:>5} "
            f"{row['max_requests_in_any_second']:>6} {row['max_concurrent']:>5}"
        )
    print(
        f"\n{result['credentials']} credentials in {result['elapsed_seconds']} s; "
        f"lost {result['lost']}, doubled {result['doubled']}; outcomes {result['outcomes']}"
    )
    print(f"worker CPU per check: {result['worker_cpu_ms_per_check']} ms")
    for index, memory in enumerate(result["memory_per_worker"]):
        line = (
            f"worker {index}: RSS {memory['rss_start_mib']} MiB at start, "
            f"{memory['rss_end_mib']} MiB at end; samples {memory['samples_mib']}"
        )
        if "traced_start_mib" in memory:
            line += f"; tracemalloc {memory['traced_start_mib']} -> {memory['traced_end_mib']} MiB"
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--latency-ms", type=float, default=100)
    parser.add_argument("--rps", type=float, default=50)
    parser.add_argument("--concurrency", type=int, default=12, help="per channel and worker")
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--simulator", choices=("gunicorn", "thread"), default="gunicorn")
    parser.add_argument("--workers", type=int, default=1, help="worker processes")
    parser.add_argument(
        "--channel-limit",
        type=float,
        default=None,
        help="the simulator's own limit if not --rps (diagnostics: capacity without 429s)",
    )
    parser.add_argument(
        "--status",
        choices=("verified", "pending"),
        default="verified",
        help="verified: re-checks (steady state); pending: every check changes a status",
    )
    parser.add_argument(
        "--client-share",
        type=float,
        default=0.95,
        help="the client's own rate as a share of the channel's limit (safety margin)",
    )
    args = parser.parse_args()
    result = run(
        args.count,
        args.latency_ms,
        args.rps,
        args.concurrency,
        args.tracemalloc,
        args.simulator,
        args.client_share,
        args.workers,
        args.channel_limit,
        CredentialStatus(args.status),
    )
    print_table(result)
    target = PROJECT_ROOT / "bench" / "results" / "verify.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {target.relative_to(PROJECT_ROOT)}")


if __name__ == "__main__":
    main()
