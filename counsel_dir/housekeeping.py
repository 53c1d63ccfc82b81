"""Periodic housekeeping: what a deployment runs from cron (``flask housekeeping``) and
the embedded default runs in a background thread of the web process.

- "accepting new clients" reconfirmation (reminder at day 53, switch-off after day 60);
- the moderators' scan for unrecognized issuers and rejected, inconclusive or overdue checks;
- delivery of the mail outbox.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from counsel_dir.db import session

log = logging.getLogger(__name__)


@dataclass
class HousekeepingRun:
    reminded: int = 0
    switched_off: int = 0
    new_items: dict[str, int] = field(default_factory=dict)
    mails_sent: int = 0


def run_housekeeping(now: datetime | None = None) -> HousekeepingRun:
    """Run every periodic job once, committing after each; safe to run again at any time."""
    from counsel_dir.moderation.scan import scan_credentials
    from counsel_dir.notifications.delivery import deliver_pending
    from counsel_dir.profiles.listings import enforce_reconfirmation

    run = HousekeepingRun()
    reconfirmation = enforce_reconfirmation(now)
    session.commit()
    run.reminded, run.switched_off = reconfirmation.reminded, reconfirmation.turned_off
    run.new_items = {str(kind): count for kind, count in scan_credentials(now).items()}
    session.commit()
    run.mails_sent = deliver_pending(current_app.config).sent
    return run


def _loop(app: Flask, stop: threading.Event) -> None:
    interval = float(app.config["HOUSEKEEPING_INTERVAL_SECONDS"])
    while not stop.is_set():
        with app.app_context():
            try:
                run_housekeeping()
            except Exception:
                log.exception("housekeeping.run_failed")
                session.rollback()
        stop.wait(interval)


def init_app(app: Flask) -> None:
    """Start the housekeeping thread with the first request, when configured (development)."""
    app.config.setdefault("HOUSEKEEPING_BACKGROUND", False)
    app.config.setdefault("HOUSEKEEPING_INTERVAL_SECONDS", 3600)
    if not app.config["HOUSEKEEPING_BACKGROUND"] or app.testing:
        return
    lock = threading.Lock()

    @app.before_request
    def _start_once() -> None:
        with lock:
            if "housekeeping" not in app.extensions:
                stop = threading.Event()
                thread = threading.Thread(
                    target=_loop, args=(app, stop), name="housekeeping", daemon=True
                )
                app.extensions["housekeeping"] = (thread, stop)
                thread.start()


housekeeping_cli = AppGroup("housekeeping", help="Periodic jobs (run hourly from cron).")


@housekeeping_cli.command("run")
def run_command() -> None:
    """Reconfirmation reminders, the moderators' scan and the mail outbox, once."""
    run = run_housekeeping()
    click.echo(
        f"reminded {run.reminded}, switched off {run.switched_off}, "
        f"new queue items {sum(run.new_items.values())}, mails sent {run.mails_sent}"
    )
