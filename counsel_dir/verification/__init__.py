"""Verification: channel clients, the worker that re-checks credentials, the moderator path."""

from __future__ import annotations

import threading

from flask import Flask

DEFAULTS = {
    "VERIFICATION_CHANNELS": {},
    "VERIFICATION_SIMULATOR": False,
    "VERIFICATION_BACKGROUND_WORKER": False,
    "VERIFICATION_BATCH_SIZE": 50,
    "VERIFICATION_LEASE_SECONDS": 300,
    "VERIFICATION_POLL_SECONDS": 5,
    "VERIFICATION_ESCALATE_AFTER": 3,
    "VERIFICATION_RETRY_MINUTES": 10,
    "VERIFICATION_RETRY_CAP_MINUTES": 360,
    "SIMULATOR_CHANNELS": {},
}


def init_app(app: Flask) -> None:
    """Register the pages, the template helpers and, if configured, the embedded worker."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    from counsel_dir.verification.clients import ChannelSettings
    from counsel_dir.verification.views import bp

    for code, values in app.config["VERIFICATION_CHANNELS"].items():
        if values.get("base_url"):
            ChannelSettings.from_mapping(values)  # a bad setting stops start-up, not a check
        elif code not in ("cps", "mohrss", "cas"):
            raise ValueError(f"VERIFICATION_CHANNELS: unknown issuer code {code!r}")
    app.register_blueprint(bp)
    if app.config["VERIFICATION_BACKGROUND_WORKER"] and not app.testing:
        lock = threading.Lock()

        @app.before_request
        def _start_worker_once() -> None:
            with lock:
                if "verification_worker" not in app.extensions:
                    from counsel_dir.verification.worker import start_background_worker

                    start_background_worker(app)
