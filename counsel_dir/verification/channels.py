"""The deployment's channel clients, built once per app from configuration.

``VERIFICATION_CHANNELS = {"cps": {"base_url": ..., "rps": ..., ...}, ...}``
configures a real integration per issuer. With ``VERIFICATION_SIMULATOR``
true (development, the demo), every issuer without a configured base URL is
served in-process by the simulator in seed/ through ``httpx.WSGITransport``.
An issuer with neither has no integration: its credentials go to the
moderator-assisted path.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx
from flask import Flask, current_app

from counsel_dir.credentials.kinds import Issuer
from counsel_dir.verification.clients import ChannelClient, ChannelSettings, build_client

log = logging.getLogger(__name__)

SIMULATOR_BASE_URL = "http://simulator.local"
_lock = threading.Lock()


def simulator_app(app: Flask) -> Flask | None:
    """The in-process simulator, loaded from the records file written by ``flask seed``.

    None while that file does not exist: an empty simulator would reject everything.
    """
    simulator = app.extensions.get("verification_simulator")
    if simulator is None:
        from seed.simulator import create_simulator, load_records

        path = Path(
            app.config.get("SIMULATOR_RECORDS_PATH")
            or Path(app.instance_path) / "simulator-records.json"
        )
        if not path.exists():
            log.warning("verification.simulator_records_missing path=%s", path)
            return None
        simulator = create_simulator(
            load_records(path), app.config.get("SIMULATOR_CHANNELS") or None
        )
        app.extensions["verification_simulator"] = simulator
    return simulator


def build_clients(app: Flask) -> dict[Issuer, ChannelClient]:
    """One client per issuer that has an integration (real or simulated)."""
    configured: Mapping[str, Mapping[str, Any]] = app.config.get("VERIFICATION_CHANNELS") or {}
    clients: dict[Issuer, ChannelClient] = {}
    for issuer in Issuer:
        values = dict(configured.get(issuer.value) or {})
        if values.get("base_url"):
            clients[issuer] = build_client(issuer, ChannelSettings.from_mapping(values))
        elif app.config.get("VERIFICATION_SIMULATOR") and simulator_app(app) is not None:
            values["base_url"] = SIMULATOR_BASE_URL
            transport = httpx.WSGITransport(app=simulator_app(app))
            clients[issuer] = build_client(issuer, ChannelSettings.from_mapping(values), transport)
    return clients


def channel_clients(app: Flask | None = None) -> dict[Issuer, ChannelClient]:
    """The app's clients (built on first use, shared by every thread)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    with _lock:
        clients = app.extensions.get("verification_channels")
        if clients is None:
            clients = build_clients(app)
            app.extensions["verification_channels"] = clients
    return clients


def use_clients(app: Flask, clients: Mapping[Issuer, ChannelClient]) -> None:
    """Replace the app's clients (tests, the benchmark)."""
    with _lock:
        app.extensions["verification_channels"] = dict(clients)
