"""Serving the issuers' simulator on a loopback socket for the benchmarks."""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess  # noqa: S404 - the simulator runs as a child process
import sys
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import httpx
from werkzeug.serving import make_server

from seed.simulator import CHANNELS, create_simulator

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def start_simulator(
    records_path: Path, behaviour: Mapping[str, Any], mode: str = "gunicorn"
) -> tuple[str, Callable[[], None]]:
    """The simulator on 127.0.0.1: under gunicorn (its own process, keep-alive) or in a
    thread of this process (werkzeug). Returns its base URL and a function to stop it."""
    if mode == "gunicorn":
        return start_gunicorn(records_path, behaviour)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    records = json.loads(records_path.read_text(encoding="utf-8"))
    simulator = create_simulator(records, {channel: dict(behaviour) for channel in CHANNELS})
    server = make_server("127.0.0.1", 0, simulator, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server.shutdown


def start_gunicorn(
    records_path: Path, behaviour: Mapping[str, Any]
) -> tuple[str, Callable[[], None]]:
    """The simulator under gunicorn (one process, threads, keep-alive) on loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "SIMULATOR_RECORDS": str(records_path),
        "SIMULATOR_BEHAVIOUR": json.dumps(dict(behaviour)),
    }
    process = subprocess.Popen(  # noqa: S603 - our own simulator, loopback only
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--worker-class",
            "gthread",
            "--workers",
            "1",
            "--threads",
            "96",
            "--keep-alive",
            "10",
            "--log-level",
            "warning",
            "seed.simulator:from_environment()",
        ],
        cwd=PROJECT_ROOT,
        env=env,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{base_url}/health", timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.2)
    else:
        process.kill()
        raise RuntimeError("gunicorn did not start the simulator")

    def stop() -> None:
        process.terminate()
        process.wait(timeout=10)

    return base_url, stop
