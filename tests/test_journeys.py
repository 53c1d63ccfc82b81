"""Whole journeys across features, as a new counselor and a client live them."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
import pytest
from sqlalchemy import select

from counsel_dir.accounts.services import find_user_by_email
from counsel_dir.credentials.kinds import CredentialStatus, Issuer
from counsel_dir.directory.models import Counselor
from counsel_dir.notifications.models import OutboxMail
from counsel_dir.search.runtime import store_for, sync_now
from counsel_dir.verification.channels import use_clients
from counsel_dir.verification.clients import ChannelSettings, build_client
from counsel_dir.verification.services import verify_now
from seed.simulator import create_simulator

PASSWORD = "a long and unusual passphrase"
REGISTRATION = "X-19-0815"


@pytest.fixture
def issuers_with_a_registration(app):
    """The issuers' channels (simulated) holding 林晓's CPS registration."""
    simulator = create_simulator(
        [
            {
                "issuer": "cps",
                "kind": "cps_registered_psychologist",
                "number": REGISTRATION,
                "name": "林晓",
                "resident_id": None,
                "issued_on": "2023-03-01",
                "valid_until": (date.today() + timedelta(days=400)).isoformat(),
                "issuing_authority": "中国心理学会",
                "supervision_hours": 150,
                "training_background": None,
                "status": "valid",
            }
        ]
    )
    settings = ChannelSettings(base_url="http://issuers.test", retries=0, rps=1000.0)
    clients = {
        issuer: build_client(issuer, settings, httpx.WSGITransport(app=simulator))
        for issuer in Issuer
    }
    previous = app.extensions.get("verification_channels")
    use_clients(app, clients)
    yield
    for client in clients.values():
        client.close()
    if previous is None:
        app.extensions.pop("verification_channels", None)
    else:
        use_clients(app, previous)


def _link(db_session, address: str, path: str) -> str:
    mail = db_session.scalars(
        select(OutboxMail).where(OutboxMail.to_address == address).order_by(OutboxMail.id.desc())
    ).first()
    start = mail.body.index(path)
    return mail.body[start:].split()[0]


def test_a_new_counselor_signs_up_and_is_found_by_clients_once_verified(
    app, client, db_session, issuers_with_a_registration
):
    client.post(
        "/account/signup",
        data={"email": "lin@example.com", "password": PASSWORD, "password_repeat": PASSWORD},
    )
    client.get(_link(db_session, "lin@example.com", "/account/confirm/"))
    client.post("/account/login", data={"email": "lin@example.com", "password": PASSWORD})
    assert client.get("/me").status_code == 200

    client.post(
        "/me/listing/new",
        data={
            "display_name": "林晓",
            "gender": "female",
            "city": "shanghai",
            "offers_online": "y",
            "issues": ["anxiety"],
            "approaches": ["cbt"],
            "languages": ["mandarin"],
            "fee_min": "400",
            "fee_max": "600",
            "accepting_new_clients": "y",
            "bio": "擅长焦虑与失眠。",
        },
    )
    client.post(
        "/me/credentials/new",
        data={"kind": "cps_registered_psychologist", "number": REGISTRATION},
    )
    user = find_user_by_email("lin@example.com")
    counselor = db_session.scalars(select(Counselor).where(Counselor.owner_id == user.id)).one()
    assert not counselor.is_listed
    assert client.get(f"/counselors/{counselor.slug}").status_code == 404

    verify_now(counselor.credentials[0])
    db_session.commit()

    assert counselor.credentials[0].status is CredentialStatus.VERIFIED
    assert counselor.tier == 1 and counselor.is_listed
    sync_now(store_for(app))
    found = client.get("/counselors/?q=焦虑&city=shanghai&lang=en").get_data(as_text=True)
    assert f'href="/counselors/{counselor.slug}"' in found
    profile = client.get(f"/counselors/{counselor.slug}?lang=en").get_data(as_text=True)
    assert "Verified" in profile and REGISTRATION in profile
    assert "Tier 1" in client.get("/me?lang=en").get_data(as_text=True)
