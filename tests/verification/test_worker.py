"""The worker against a committed database: leases, parallel workers, crashes, the clock."""

from __future__ import annotations

import json
import os
import subprocess  # noqa: S404 - running a worker process to kill it
import sys
import threading
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import time_machine
from sqlalchemy import func, select, update

from counsel_dir.accounts.services import create_user
from counsel_dir.credentials.kinds import CredentialKind, CredentialStatus
from counsel_dir.credentials.models import Credential, VerificationRecord
from counsel_dir.db import session, utcnow
from counsel_dir.directory.models import Counselor
from counsel_dir.notifications.models import Notice, OutboxMail
from counsel_dir.verification import leases
from counsel_dir.verification.answers import ChannelAnswer, Verdict
from counsel_dir.verification.checks import job_for
from counsel_dir.verification.worker import Worker
from tests.verification.conftest import KINDS, seed_due_credentials


def _seed(app, sim, count, due=None, valid_until=None, kinds=KINDS):
    return seed_due_credentials(app, sim.add_record, count, due, valid_until, kinds)


def _records(app):
    with app.app_context():
        rows = session.execute(
            select(VerificationRecord.credential_id, func.count()).group_by(
                VerificationRecord.credential_id
            )
        ).all()
        session.remove()
    return dict(rows)


def test_two_workers_in_parallel_never_check_the_same_credential(worker_app, sim, make_clients):
    worker_app = worker_app()
    numbers = _seed(worker_app, sim, 60)
    sim.configure("cps", {"latency_ms": 5})
    summaries = []

    def run(name):
        worker = Worker(worker_app, make_clients(), worker_id=name, batch_size=7)
        summaries.append(worker.run_due())

    threads = [threading.Thread(target=run, args=(f"w{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    asked = Counter(n for log in sim.logs.values() for n in log.numbers)
    by_number = [n for i, n in enumerate(numbers) if KINDS[i % 3] is not KINDS[1]]
    assert sorted(asked) == sorted(by_number)
    assert set(asked.values()) == {1}
    assert sum(len(log.arrivals) for log in sim.logs.values()) == 60
    assert sum(s.recorded for s in summaries) == 60
    assert all(s.recorded for s in summaries), "both workers took a share"
    assert set(_records(worker_app).values()) == {1}
    with worker_app.app_context():
        statuses = set(session.scalars(select(Credential.status)))
        leased = session.scalar(select(func.count()).where(Credential.lease_owner.is_not(None)))
        session.remove()
    assert statuses == {CredentialStatus.VERIFIED}
    assert leased == 0


def test_killed_workers_claims_expire_and_are_taken_over(worker_app, sim, make_clients):
    worker_app = worker_app()
    _seed(worker_app, sim, 6)
    with worker_app.app_context():
        owner = leases.new_owner("dead")
        claimed = leases.claim(owner, utcnow(), 4, timedelta(minutes=5))
        stale_jobs = [job_for(session.get(Credential, i), owner) for i in claimed]
        session.remove()
    assert len(claimed) == 4

    first = Worker(worker_app, make_clients()).run_due()
    assert first.recorded == 2, "leased credentials are left alone while the lease lasts"

    later = lambda: utcnow() + timedelta(minutes=6)  # noqa: E731
    takeover = Worker(worker_app, make_clients(), now=later).run_due()
    assert takeover.recorded == 4

    dead = Worker(worker_app, make_clients())
    with worker_app.app_context():
        from counsel_dir.verification.worker import Summary

        summary = Summary()
        for job in stale_jobs:
            dead._record(job, ChannelAnswer(Verdict.NOT_FOUND), summary)
        session.commit()
        session.remove()
    assert summary.lost_leases == 4 and summary.recorded == 0
    assert set(_records(worker_app).values()) == {1}


def test_running_the_job_twice_records_one_result_per_due_check(worker_app, sim, make_clients):
    worker_app = worker_app()
    _seed(worker_app, sim, 3, due=datetime(2026, 1, 1, tzinfo=UTC))
    assert Worker(worker_app, make_clients()).run_due().recorded == 3
    assert Worker(worker_app, make_clients()).run_due().recorded == 0

    with worker_app.app_context():
        session.execute(update(Credential).values(next_check_due=datetime(2026, 1, 1, tzinfo=UTC)))
        session.commit()
        session.remove()
    again = Worker(worker_app, make_clients()).run_due()
    assert again.recorded == 0
    assert again.duplicates == 3
    assert set(_records(worker_app).values()) == {1}


def test_registration_expires_on_the_day_after_its_validity_end(worker_app, sim, make_clients):
    worker_app = worker_app()
    end = date(2027, 3, 10)
    with time_machine.travel(datetime(2027, 3, 1, 2, 0, tzinfo=UTC), tick=False):
        _seed(worker_app, sim, 1, valid_until=end, kinds=(KINDS[0],))
        Worker(worker_app, make_clients()).run_due()
    with worker_app.app_context():
        credential = session.scalars(select(Credential)).one()
        assert credential.status is CredentialStatus.VERIFIED
        assert credential.next_check_due == datetime(2027, 3, 10, tzinfo=UTC)
        session.remove()

    with time_machine.travel(datetime(2027, 3, 10, 0, 30, tzinfo=UTC), tick=False):
        Worker(worker_app, make_clients()).run_due()
    with worker_app.app_context():
        credential = session.scalars(select(Credential)).one()
        assert credential.status is CredentialStatus.VERIFIED, "still valid on its last day"
        assert credential.next_check_due == datetime(2027, 3, 11, tzinfo=UTC)
        session.remove()

    with time_machine.travel(datetime(2027, 3, 11, 0, 30, tzinfo=UTC), tick=False):
        Worker(worker_app, make_clients()).run_due()
        with worker_app.app_context():
            credential = session.scalars(select(Credential)).one()
            assert credential.status is CredentialStatus.EXPIRED
            assert credential.counselor.tier is None
            session.remove()


def test_unrecognized_and_unintegrated_credentials_are_routed_by_the_worker(
    worker_app, sim, make_clients
):
    worker_app = worker_app()
    _seed(worker_app, sim, 2, kinds=(CredentialKind.UNRECOGNIZED, CredentialKind.MOHRSS_LEVEL3))
    clients = {k: v for k, v in make_clients().items() if k.value != "mohrss"}
    summary = Worker(worker_app, clients).run_due()
    assert summary.routed == Counter({"unrecognized": 1, "no_integration": 1})
    assert all(not log.arrivals for log in sim.logs.values())


def test_worker_thread_tells_the_owner_by_notice_and_mail(worker_app, sim, make_clients):
    worker_app = worker_app()
    _seed(worker_app, sim, 1)
    with worker_app.app_context():
        owner = create_user("owner@example.com", "correct horse battery staple")
        session.scalars(select(Counselor)).one().owner_id = owner.id
        session.commit()
        session.remove()
    sim.configure("cps", {})
    sim.by_number["cps"]["W000000"]["name"] = "别人"

    summary = Worker(worker_app, make_clients()).run_due()

    assert summary.outcomes == Counter({"mismatch": 1})
    with worker_app.app_context():
        mail = session.scalars(select(OutboxMail)).one()
        notice = session.scalars(select(Notice)).one()
        session.remove()
    assert mail.to_address == "owner@example.com"
    assert "W000000" in mail.body
    assert notice.params == {"number": "W000000", "field": "name"}


def test_worker_process_killed_mid_run_leaves_work_that_is_taken_over(
    worker_app, sim, make_clients, served_simulator, tmp_path
):
    app = worker_app()
    numbers = _seed(app, sim, 24, kinds=(KINDS[0],))
    sim.configure("cps", {"latency_ms": 150})
    env = {
        **os.environ,
        "COUNSEL_DATABASE_URL": app.config["DATABASE_URL"],
        "COUNSEL_SECRET_KEY": "test",
        "COUNSEL_RESIDENT_ID_SECRET": app.config["RESIDENT_ID_SECRET"],
        "COUNSEL_SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "COUNSEL_VERIFICATION_BATCH_SIZE": "4",
        "COUNSEL_VERIFICATION_CHANNELS": json.dumps(
            {"cps": {"base_url": served_simulator, "rps": 20, "concurrency": 2}}
        ),
    }
    process = subprocess.Popen(  # noqa: S603 - the project's own CLI
        [sys.executable, "-m", "flask", "--app", "app", "verify", "due"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(_records(app)) < 6:
        time.sleep(0.05)
    process.kill()
    process.wait(timeout=10)
    done_by_the_dead = len(_records(app))
    assert 6 <= done_by_the_dead < 24, "killed mid-run"

    later = lambda: utcnow() + timedelta(minutes=6)  # noqa: E731
    takeover = Worker(app, make_clients(), now=later).run_due()

    assert takeover.recorded == 24 - done_by_the_dead
    assert set(_records(app).values()) == {1}
    assert len(_records(app)) == len(numbers)
