"""The verification worker: claims due checks, asks the channels, records the answers.

One coordinating thread owns the database session: it claims work in batches,
hands each check to its issuer's thread pool (as many threads as the channel's
concurrency cap, so one slow channel never starves another), and records the
answers as they come back, committing per batch. Checks of an issuer whose
circuit breaker is open are not claimed until it half-opens.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from counsel_dir.credentials.kinds import CredentialKind, Issuer
from counsel_dir.credentials.models import Credential
from counsel_dir.credentials.services import identity_vault, issuer_registry
from counsel_dir.db import session, utcnow
from counsel_dir.directory.models import Counselor
from counsel_dir.verification import leases
from counsel_dir.verification.answers import ChannelAnswer, inconclusive
from counsel_dir.verification.channels import channel_clients
from counsel_dir.verification.checks import CheckJob, Route, job_for, perform_check, route_for
from counsel_dir.verification.clients import ChannelClient
from counsel_dir.verification.services import apply_answer, route_to_moderators

log = logging.getLogger(__name__)


@dataclass
class ChannelStats:
    """Throughput of one channel during a run."""

    checked: int = 0
    first_started: float | None = None
    last_finished: float | None = None

    @property
    def per_second(self) -> float:
        if not self.checked or self.first_started is None or self.last_finished is None:
            return 0.0
        return self.checked / max(self.last_finished - self.first_started, 1e-9)


@dataclass
class Summary:
    """What one run did."""

    outcomes: Counter[str] = field(default_factory=Counter)
    routed: Counter[str] = field(default_factory=Counter)
    lost_leases: int = 0
    duplicates: int = 0
    superseded: int = 0
    channels: dict[str, ChannelStats] = field(default_factory=dict)

    @property
    def recorded(self) -> int:
        return sum(self.outcomes.values())


def default_worker_id() -> str:
    return f"{socket.gethostname()[:24]}-{os.getpid()}-{threading.get_ident() % 100000}"


class Worker:
    """Runs due checks for one app; ``now`` may be faked in tests."""

    def __init__(
        self,
        app: Flask,
        clients: dict[Issuer, ChannelClient] | None = None,
        *,
        worker_id: str | None = None,
        batch_size: int | None = None,
        lease_seconds: float | None = None,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self.app = app
        self.clients = clients
        self.worker_id = worker_id or default_worker_id()
        self.batch_size = batch_size or int(app.config.get("VERIFICATION_BATCH_SIZE", 50))
        self.lease = timedelta(
            seconds=lease_seconds or float(app.config.get("VERIFICATION_LEASE_SECONDS", 300))
        )
        self.now = now
        self._held: dict[int, Credential] = {}

    def run_due(
        self,
        progress: Callable[[int], None] | None = None,
        stop: threading.Event | None = None,
    ) -> Summary:
        """Check everything due at the start of the run; return the summary."""
        with self.app.app_context():
            try:
                return self._run(progress, stop)
            finally:
                session.remove()

    def _run(self, progress: Callable[[int], None] | None, stop: threading.Event | None) -> Summary:
        clients = self.clients if self.clients is not None else channel_clients(self.app)
        vault = identity_vault()
        started = self.now()
        summary = Summary(channels={issuer.value: ChannelStats() for issuer in clients})
        pools = {
            issuer: ThreadPoolExecutor(
                max_workers=client.settings.concurrency, thread_name_prefix=f"verify-{issuer.value}"
            )
            for issuer, client in clients.items()
        }
        in_flight: dict[Future[tuple[ChannelAnswer, float, float]], CheckJob] = {}
        exhausted = False
        try:
            while True:
                if stop is not None and stop.is_set():
                    exhausted = True
                if not exhausted and len(in_flight) < 2 * self.batch_size:
                    jobs = self._claim(started, clients, summary, progress)
                    if jobs is None:
                        exhausted = True
                    for job in jobs or []:
                        client = clients[job.issuer]  # type: ignore[index]
                        future = pools[job.issuer].submit(  # type: ignore[index]
                            _timed, perform_check, job, client, vault, self.now().date()
                        )
                        in_flight[future] = job
                if not in_flight:
                    if exhausted:
                        break
                    continue
                done, _ = wait(in_flight, timeout=0.2, return_when=FIRST_COMPLETED)
                for future in done:
                    job = in_flight.pop(future)
                    try:
                        answer, began, ended = future.result()
                    except Exception:  # a bug in a client must not kill the run
                        log.exception("verification.check_failed credential=%s", job.credential_id)
                        answer, began, ended = inconclusive("client_error"), 0.0, 0.0
                    stats = summary.channels[job.issuer.value]  # type: ignore[union-attr]
                    stats.checked += 1
                    stats.first_started = min(stats.first_started or began, began)
                    stats.last_finished = max(stats.last_finished or ended, ended)
                    self._record(job, answer, summary)
                    if progress:
                        progress(1)
                if done:
                    session.commit()
        finally:
            session.rollback()
            self._held.clear()
            for pool in pools.values():
                pool.shutdown(wait=True, cancel_futures=True)
        log.info(
            "verification.run_finished worker=%s recorded=%d lost=%d duplicates=%d",
            self.worker_id,
            summary.recorded,
            summary.lost_leases,
            summary.duplicates,
        )
        return summary

    def _claim(
        self,
        started: datetime,
        clients: dict[Issuer, ChannelClient],
        summary: Summary,
        progress: Callable[[int], None] | None,
    ) -> list[CheckJob] | None:
        """Claim a batch; route what needs no channel at once; None when nothing is due."""
        owner = leases.new_owner(self.worker_id)
        ids = leases.claim(
            owner,
            self.now(),
            self.batch_size,
            self.lease,
            self._skipped_kinds(clients),
            due_before=started,
        )
        if not ids:
            return None
        for credential_id in ids:  # a row seen earlier in this session may have changed since
            seen = session.identity_map.get(session.identity_key(Credential, credential_id))
            if seen is not None and credential_id not in self._held:
                session.expire(seen)
        credentials = session.scalars(
            select(Credential)
            .where(Credential.id.in_(ids))
            .options(
                selectinload(Credential.counselor).options(
                    selectinload(Counselor.credentials), selectinload(Counselor.owner)
                )
            )
            .order_by(Credential.next_check_due, Credential.id)
        ).all()
        jobs = []
        for credential in credentials:
            job = job_for(credential, owner)
            route = route_for(job, clients)
            if route is Route.CHANNEL:
                # The session's identity map holds objects weakly: keep them until recorded.
                self._held[credential.id] = credential
                jobs.append(job)
                continue
            if leases.release(credential.id, owner):
                route_to_moderators(credential, route, self.now())
                summary.routed[route.value] += 1
                if progress:
                    progress(1)
        session.commit()
        return jobs

    def _skipped_kinds(self, clients: dict[Issuer, ChannelClient]) -> list[CredentialKind]:
        registry = issuer_registry()
        open_issuers = {issuer for issuer, client in clients.items() if client.breaker.is_open()}
        return [
            kind
            for kind, info in registry.kinds.items()
            if info.issuer is not None and info.issuer in open_issuers
        ]

    def _record(self, job: CheckJob, answer: ChannelAnswer, summary: Summary) -> None:
        """Write one answer if this worker still holds the lease and the check is still due."""
        credential = self._held.pop(job.credential_id, None)
        savepoint = session.begin_nested()
        try:
            owner = job.lease_owner or ""
            if not leases.release(job.credential_id, owner, due_at=job.due_at):
                # Lease lost to another worker, or the credential changed while checked.
                if leases.release(job.credential_id, owner):
                    summary.superseded += 1
                    savepoint.commit()
                else:
                    summary.lost_leases += 1
                    savepoint.rollback()
                return
            credential = credential or session.get(Credential, job.credential_id)
            if credential is None:
                savepoint.commit()
                return
            apply_answer(credential, answer, due_at=job.due_at, now=self.now())
            savepoint.commit()
            summary.outcomes[answer.verdict.value] += 1
        except IntegrityError:
            savepoint.rollback()
            summary.duplicates += 1


def _timed(
    function: Callable[..., ChannelAnswer], *args: object
) -> tuple[ChannelAnswer, float, float]:
    began = time.monotonic()
    answer = function(*args)
    return answer, began, time.monotonic()


def run_forever(app: Flask, stop: threading.Event, poll_seconds: float | None = None) -> None:
    """Run due checks again and again until ``stop`` is set (``flask verify worker``)."""
    poll = poll_seconds or float(app.config.get("VERIFICATION_POLL_SECONDS", 5))
    worker = Worker(app)
    while not stop.is_set():
        try:
            worker.run_due(stop=stop)
        except Exception:
            log.exception("verification.worker_run_failed worker=%s", worker.worker_id)
        stop.wait(poll)


def start_background_worker(app: Flask) -> threading.Thread:
    """The embedded worker thread of the web process (development, the demo)."""
    stop = threading.Event()
    thread = threading.Thread(
        target=run_forever, args=(app, stop), name="verification-worker", daemon=True
    )
    app.extensions["verification_worker"] = (thread, stop)
    thread.start()
    return thread
