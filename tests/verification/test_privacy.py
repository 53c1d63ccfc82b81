"""The resident ID number never reaches logs, stored responses or anything else we keep."""

from __future__ import annotations

import json
import logging
from datetime import date

import httpx
import pytest
from sqlalchemy import select

from counsel_dir.audit.models import AuditEntry
from counsel_dir.credentials.kinds import CredentialKind, Issuer
from counsel_dir.credentials.models import VerificationRecord
from counsel_dir.moderation.models import ModerationItem
from counsel_dir.notifications.models import Notice, OutboxMail
from counsel_dir.verification.answers import REDACTED, Claim, scrub
from counsel_dir.verification.clients import Lookup, MohrssClient
from counsel_dir.verification.services import verify_now
from tests.verification.conftest import HOLDER_ID, fast_settings


@pytest.mark.parametrize("fault", ["none", "error", "malformed", "throttle"])
def test_no_id_number_in_logs_or_anything_stored(
    caplog, db_session, make_listing, clients, sim, fault
):
    caplog.set_level(logging.DEBUG)
    credential = make_listing(CredentialKind.MOHRSS_LEVEL2, record={"name": "李四"})
    sim.configure("mohrss", {"fault": fault, "retry_after": 0})
    verify_now(credential, clients)

    assert HOLDER_ID not in caplog.text
    stored = [
        json.dumps(r.channel_response, ensure_ascii=False)
        + str(r.error_detail)
        + str(r.mismatch_field)
        for r in db_session.scalars(select(VerificationRecord))
    ]
    stored += [json.dumps(a.detail) + str(a.fields) for a in db_session.scalars(select(AuditEntry))]
    stored += [i.summary for i in db_session.scalars(select(ModerationItem))]
    stored += [json.dumps(n.params) for n in db_session.scalars(select(Notice))]
    stored += [m.body + m.subject for m in db_session.scalars(select(OutboxMail))]
    assert stored
    assert all(HOLDER_ID not in text for text in stored)


def test_a_channel_echoing_the_id_number_is_scrubbed_before_storing():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            json={
                "found": True,
                "records": [
                    {
                        "name": "李四",
                        "number": "M1",
                        "kind": "mohrss_level2",
                        "status": "valid",
                        "training_background": f"holder {HOLDER_ID}",
                        "holder_resident_id": HOLDER_ID,
                    }
                ],
            },
        )

    client = MohrssClient(fast_settings(), httpx.MockTransport(handler))
    answer = client.lookup(Lookup(Claim("mohrss_level2", "M1", "李四"), HOLDER_ID), date.today())
    assert answer.verdict.value == "match"
    assert HOLDER_ID not in json.dumps(answer.stored_response(), ensure_ascii=False)
    assert HOLDER_ID not in repr(Lookup(Claim("k", "n", "x"), HOLDER_ID))


def test_scrub_redacts_id_like_values_and_resident_keys():
    cleaned = scrub({"a": HOLDER_ID, "resident_id": "x", "list": [HOLDER_ID.lower()], "n": 3})
    assert cleaned == {"a": REDACTED, "resident_id": REDACTED, "list": [REDACTED], "n": 3}


def test_simulator_shows_only_a_masked_id_number(simulator, sim):
    sim.add_record({"issuer": "mohrss", "number": "M1", "name": "李四", "resident_id": HOLDER_ID})
    response = simulator.test_client().post(
        "/mohrss/certificates/query", json={"name": "李四", "resident_id": HOLDER_ID}
    )
    assert HOLDER_ID not in response.get_data(as_text=True)
    assert response.get_json()["records"][0]["holder_id_masked"].startswith("110***")


def test_the_id_number_travels_only_in_the_request_body(simulator, sim):
    seen = []

    def spy(request: httpx.Request) -> httpx.Response:
        seen.append((str(request.url), dict(request.headers)))
        return httpx.Response(200, json={"found": False, "records": []})

    client = MohrssClient(fast_settings(), httpx.MockTransport(spy))
    client.lookup(Lookup(Claim("mohrss_level2", "M1", "李四"), HOLDER_ID), date.today())
    assert seen and all(HOLDER_ID not in url + str(headers) for url, headers in seen)
    assert Issuer.MOHRSS is client.issuer
