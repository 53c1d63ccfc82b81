"""The simulator keeps the documented contract and injects faults on demand."""

from __future__ import annotations

import json

import pytest

from seed.simulator import Behaviour, create_simulator, load_records
from tests.verification.conftest import HOLDER_ID


@pytest.fixture
def web(simulator, sim):
    sim.add_record(
        {
            "issuer": "cps",
            "kind": "cps_registered_psychologist",
            "number": "CPS-2021-001",
            "name": "王芳",
            "resident_id": None,
            "issued_on": "2021-03-01",
            "valid_until": "2027-02-28",
            "issuing_authority": "中国心理学会",
            "supervision_hours": 150,
            "training_background": "北京师范大学",
            "status": "valid",
        }
    )
    return simulator.test_client()


def test_registry_lookup_returns_the_record(web):
    body = web.post("/cps/registry/lookup", json={"registration_number": "cps-2021-001"}).get_json()
    assert body["found"] is True
    assert body["records"][0]["valid_until"] == "2027-02-28"
    assert body["records"][0]["supervision_hours"] == 150


def test_unknown_number_is_not_found(web):
    body = web.post("/cps/registry/lookup", json={"registration_number": "nope"}).get_json()
    assert body == {"channel": "cps", "found": False, "records": []}


def test_requests_missing_their_fields_are_bad_requests(web):
    assert web.post("/cps/registry/lookup", json={}).status_code == 400
    assert web.post("/cps/registry/lookup", data="x").status_code == 400
    assert web.post("/mohrss/certificates/query", json={"name": "王芳"}).status_code == 400
    cas = web.post("/cas/certificates/query", json={"resident_id": HOLDER_ID})
    assert cas.status_code == 400


@pytest.mark.parametrize(
    ("query", "status"),
    [("fault=error", 503), ("fault=throttle&retry_after=7", 429), ("fault=malformed", 200)],
)
def test_faults_can_be_asked_for_by_query_parameter(web, query, status):
    response = web.post(f"/cps/registry/lookup?{query}", json={"registration_number": "x"})
    assert response.status_code == status
    if status == 429:
        assert response.headers["Retry-After"] == "7"
    if query == "fault=malformed":
        assert response.mimetype == "text/html"


def test_bad_fault_parameters_are_refused(web):
    assert web.post("/cps/registry/lookup?fault=fire", json={}).status_code == 400
    assert web.post("/cps/registry/lookup?latency_ms=-1", json={}).status_code == 400


def test_rate_limit_answers_429_with_retry_after(web, sim):
    sim.configure("cps", {"rate_limit": 1})
    payload = {"registration_number": "CPS-2021-001"}
    first = web.post("/cps/registry/lookup", json=payload)
    second = web.post("/cps/registry/lookup", json=payload)
    assert first.status_code == 200
    assert second.status_code == 429 and second.headers["Retry-After"] == "1"


def test_behaviour_comes_from_configuration_and_typos_are_refused():
    app = create_simulator([], {"cas": {"latency_ms": 5, "fault": "error", "fault_rate": 0.5}})
    assert app.extensions["simulator"].behaviours["cas"] == Behaviour(
        latency_ms=5, fault="error", fault_rate=0.5
    )
    with pytest.raises(ValueError, match="unknown simulator setting"):
        create_simulator([], {"cas": {"latncy": 5}})


def test_records_file_from_the_seed_is_loaded(tmp_path):
    target = tmp_path / "records.json"
    assert load_records(target) == []
    target.write_text(
        json.dumps([{"issuer": "cas", "number": "C1", "name": "李四", "resident_id": HOLDER_ID}]),
        encoding="utf-8",
    )
    app = create_simulator(load_records(target))
    response = app.test_client().post(
        "/cas/certificates/query", json={"certificate_number": "C1", "resident_id": HOLDER_ID}
    )
    assert response.get_json()["found"] is True
    assert app.test_client().get("/health").get_json()["channels"]["cas"] == 1
