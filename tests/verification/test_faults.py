"""Channel faults: bounded retries, and an inconclusive answer never changes a status."""

from __future__ import annotations

import socket
import time
from datetime import date, timedelta

import httpx
import pytest
from sqlalchemy import select

from counsel_dir.credentials.kinds import CredentialKind, CredentialStatus, Issuer
from counsel_dir.credentials.models import VerificationOutcome
from counsel_dir.db import utcnow
from counsel_dir.moderation.models import ItemKind, ModerationItem
from counsel_dir.verification.answers import Claim
from counsel_dir.verification.clients import CpsClient, Lookup
from counsel_dir.verification.services import verify_now
from tests.verification.conftest import fast_settings


@pytest.mark.parametrize(("fault", "reason"), [("error", "http_503"), ("malformed", "malformed")])
def test_faulty_channel_is_retried_a_bounded_number_of_times_and_changes_nothing(
    db_session, make_listing, clients, sim, fault, reason
):
    credential = make_listing(status=CredentialStatus.VERIFIED)
    sim.configure("cps", {"fault": fault})
    before = utcnow()
    record = verify_now(credential, clients)
    assert record.outcome is VerificationOutcome.INCONCLUSIVE
    assert record.error_detail == reason
    assert len(sim.logs["cps"].arrivals) == 3
    assert credential.status is CredentialStatus.VERIFIED
    assert credential.consecutive_inconclusive == 1
    retry_in = credential.next_check_due - before
    assert timedelta(minutes=7) < retry_in < timedelta(minutes=13)
    assert credential.counselor.tier == 1


def test_pending_credential_stays_pending_while_the_channel_is_down(
    db_session, make_listing, clients, sim
):
    credential = make_listing()
    sim.configure("cps", {"fault": "error"})
    verify_now(credential, clients)
    assert credential.status is CredentialStatus.PENDING


def test_a_failure_then_a_success_within_the_retries_is_a_definitive_answer(
    db_session, make_listing, clients, sim
):
    credential = make_listing()
    sim.configure("cps", {"fault": "error", "fail_first": 2})
    record = verify_now(credential, clients)
    assert record.outcome is VerificationOutcome.MATCH
    assert record.channel_response["attempts"] == 3


def test_throttled_client_honours_retry_after_before_trying_again(make_clients, sim):
    sim.add_record(
        {"issuer": "cps", "kind": "cps_registered_psychologist", "number": "R1", "name": "王芳"}
    )
    sim.configure("cps", {"fault": "throttle", "fail_first": 1, "retry_after": 0.3})
    client = make_clients()[Issuer.CPS]
    started = time.monotonic()
    answer = client.lookup(Lookup(Claim("cps_registered_psychologist", "R1", "王芳")), date.today())
    assert answer.verdict.value == "match"
    assert time.monotonic() - started >= 0.3
    assert sim.logs["cps"].statuses == [429, 200]


def test_channel_that_keeps_throttling_gives_up_within_its_deadline(make_clients, sim):
    sim.configure("cps", {"fault": "throttle", "retry_after": 0.2})
    client = make_clients(deadline=0.5, retries=5)[Issuer.CPS]
    started = time.monotonic()
    answer = client.lookup(Lookup(Claim("cps_registered_psychologist", "R1", "王芳")), date.today())
    assert answer.reason == "throttled"
    assert time.monotonic() - started < 1.0
    assert len(sim.logs["cps"].arrivals) <= 3


def test_hanging_channel_times_out_on_a_real_socket(served_simulator, sim):
    sim.configure("cps", {"fault": "timeout", "hang_seconds": 1.5})
    client = CpsClient(fast_settings(base_url=served_simulator, read_timeout=0.2, retries=1))
    started = time.monotonic()
    answer = client.lookup(Lookup(Claim("cps_registered_psychologist", "R1", "王芳")), date.today())
    elapsed = time.monotonic() - started
    client.close()
    assert answer.reason == "timeout"
    assert answer.attempts == 2
    assert elapsed < 1.2


def test_overall_deadline_bounds_a_check_on_a_real_socket(served_simulator, sim):
    sim.configure("cps", {"latency_ms": 400})
    client = CpsClient(
        fast_settings(base_url=served_simulator, read_timeout=5, deadline=0.25, retries=3)
    )
    started = time.monotonic()
    answer = client.lookup(Lookup(Claim("cps_registered_psychologist", "R1", "王芳")), date.today())
    client.close()
    assert not answer.definitive
    assert time.monotonic() - started < 0.6


def test_refused_connection_is_inconclusive_after_bounded_retries():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = CpsClient(fast_settings(base_url=f"http://127.0.0.1:{port}", retries=2))
    answer = client.lookup(Lookup(Claim("cps_registered_psychologist", "R1", "王芳")), date.today())
    client.close()
    assert answer.reason == "connection"
    assert answer.attempts == 3


def test_circuit_breaker_stops_calling_a_failing_channel_then_tries_again(simulator, sim):
    now = [0.0]
    sim.configure("cps", {"fault": "error"})
    client = CpsClient(
        fast_settings(retries=0, breaker_threshold=2, breaker_reset=30),
        httpx.WSGITransport(app=simulator),
        clock=lambda: now[0],
        sleep=lambda seconds: None,
    )
    lookup = Lookup(Claim("cps_registered_psychologist", "R1", "王芳"))
    assert client.lookup(lookup, date.today()).reason == "http_503"
    assert client.lookup(lookup, date.today()).reason == "http_503"
    assert client.breaker.is_open()
    assert client.lookup(lookup, date.today()).reason == "circuit_open"
    assert len(sim.logs["cps"].arrivals) == 2

    now[0] = 31.0
    sim.configure("cps", {})
    sim.add_record({"issuer": "cps", "number": "R1", "name": "王芳"})
    assert client.lookup(lookup, date.today()).verdict.value == "match"
    assert not client.breaker.is_open()
    assert len(sim.logs["cps"].arrivals) == 3


def test_repeated_inconclusive_checks_go_to_the_moderators_and_show_overdue(
    client, db_session, make_listing, clients, sim
):
    credential = make_listing(status=CredentialStatus.VERIFIED)
    sim.configure("cps", {"fault": "error"})
    for _ in range(3):
        verify_now(credential, clients)
    assert credential.consecutive_inconclusive == 3
    assert credential.status is CredentialStatus.VERIFIED
    kinds = {item.kind for item in db_session.scalars(select(ModerationItem))}
    assert ItemKind.VERIFICATION_INCONCLUSIVE in kinds
    page = client.get(f"/counselors/{credential.counselor.slug}?lang=en").get_data(as_text=True)
    assert "verification overdue" in page


def test_check_twice_its_interval_late_goes_to_the_moderators_as_overdue(
    db_session, make_listing, clients, sim
):
    credential = make_listing(
        status=CredentialStatus.VERIFIED, last_verified_at=utcnow() - timedelta(days=95)
    )
    sim.configure("cps", {"fault": "error"})
    verify_now(credential, clients)
    kinds = {item.kind for item in db_session.scalars(select(ModerationItem))}
    assert kinds == {ItemKind.VERIFICATION_OVERDUE}


def test_a_definitive_answer_resets_the_inconclusive_count(db_session, make_listing, clients, sim):
    credential = make_listing(CredentialKind.CPS_REGISTERED_PSYCHOLOGIST)
    sim.configure("cps", {"fault": "error"})
    verify_now(credential, clients)
    sim.configure("cps", {})
    verify_now(credential, clients)
    assert credential.consecutive_inconclusive == 0
    assert credential.status is CredentialStatus.VERIFIED
