"""The issuers' records follow the contract the simulator reads (SEED_CONTRACT)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

from counsel_dir.credentials import resident_id
from counsel_dir.credentials.issuers import kind_info
from counsel_dir.credentials.kinds import CredentialKind
from seed.cli import write_records
from seed.data import Disagreement
from tests.seed.conftest import DAY

FIELDS = {
    "issuer",
    "kind",
    "number",
    "name",
    "resident_id",
    "issued_on",
    "valid_until",
    "issuing_authority",
    "supervision_hours",
    "training_background",
    "status",
}


def by_number(demo):
    return {(record["issuer"], record["number"]): record for record in demo.issuer_records}


def test_every_record_has_exactly_the_contract_fields(demo):
    for record in demo.issuer_records:
        assert set(record) == FIELDS
        assert record["issuer"] in {"cps", "mohrss", "cas"}
        assert kind_info(CredentialKind(record["kind"])).issuer == record["issuer"]
        assert record["status"] in {"valid", "revoked"}
        assert record["name"] and all("\u4e00" <= char <= "\u9fff" for char in record["name"])
        assert date.fromisoformat(record["issued_on"]) <= DAY
        assert record["issuing_authority"]


def test_mohrss_and_cas_records_carry_a_valid_id_number_cps_none(demo):
    for record in demo.issuer_records:
        if record["issuer"] == "cps":
            assert record["resident_id"] is None
            assert date.fromisoformat(record["valid_until"])
            hours = record["supervision_hours"]
            assert hours is None or (isinstance(hours, int) and hours > 0)
        else:
            assert resident_id.is_valid(record["resident_id"], today=DAY)
            assert record["valid_until"] is None
            assert record["supervision_hours"] is None


def test_numbers_are_unique_within_each_issuer(demo):
    counts = Counter((record["issuer"], record["number"]) for record in demo.issuer_records)
    assert max(counts.values()) == 1


def test_each_agreeing_credential_has_its_record(demo):
    records = by_number(demo)
    for counselor in demo.counselors:
        for credential in counselor.credentials:
            issuer = kind_info(credential.kind).issuer
            if issuer is None or credential.disagreement is not None:
                continue
            record = records[(issuer.value, credential.number)]
            assert record["kind"] == credential.kind.value
            assert record["name"] == counselor.display_name
            assert record["status"] == "valid"
            assert record["issued_on"] == credential.issued_on.isoformat()
            if issuer.value != "cps":
                assert record["resident_id"] == counselor.resident_id
            else:
                assert record["valid_until"] == credential.valid_until.isoformat()


def test_disagreements_show_as_missing_renamed_or_revoked_records(demo):
    records = by_number(demo)
    seen = Counter()
    for counselor in demo.counselors:
        for credential in counselor.credentials:
            if credential.disagreement is None:
                continue
            seen[credential.disagreement] += 1
            key = (kind_info(credential.kind).issuer.value, credential.number)
            if credential.disagreement is Disagreement.NOT_FOUND:
                assert key not in records
            elif credential.disagreement is Disagreement.NAME_MISMATCH:
                assert records[key]["name"] != counselor.display_name
            else:
                assert records[key]["status"] == "revoked"
                assert records[key]["name"] == counselor.display_name
    assert all(seen[kind] >= 10 for kind in Disagreement)


def test_unrecognized_credentials_have_no_record(demo):
    numbers = {record["number"] for record in demo.issuer_records}
    for counselor in demo.counselors:
        for credential in counselor.credentials:
            if credential.kind is CredentialKind.UNRECOGNIZED:
                assert credential.number not in numbers


def test_the_records_file_is_a_json_list_only_its_owner_reads(demo, tmp_path):
    path = write_records(demo.issuer_records[:50], tmp_path / "instance" / "records.json")
    assert json.loads(path.read_text(encoding="utf-8")) == demo.issuer_records[:50]
    assert path.stat().st_mode & 0o077 == 0
