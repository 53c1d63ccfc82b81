"""``flask verify due`` and ``flask verify worker``."""

from __future__ import annotations

import signal
import threading

import click
from flask import current_app
from flask.cli import AppGroup

from counsel_dir.db import session, utcnow
from counsel_dir.verification import leases
from counsel_dir.verification.worker import Summary, Worker, run_forever

verify_cli = AppGroup("verify", help="Check credentials with the issuers' official channels.")


@verify_cli.command("due")
def verify_due() -> None:
    """Re-check every credential whose next check is due, then print a summary."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    total = leases.count_due(utcnow())
    session.remove()
    with click.progressbar(length=total, label="Checking credentials") as bar:
        summary = Worker(app).run_due(progress=bar.update)
    click.echo(format_summary(summary))


@verify_cli.command("worker")
@click.option("--poll", default=None, type=float, help="Seconds between runs when idle.")
def verify_worker(poll: float | None) -> None:
    """Run due checks continuously until interrupted."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    click.echo("verification worker running; Ctrl-C to stop")
    try:
        run_forever(app, stop, poll)
    except KeyboardInterrupt:
        stop.set()
    click.echo("verification worker stopped")


def format_summary(summary: Summary) -> str:
    """A few lines a person can read after a run."""
    lines = [f"recorded {summary.recorded} check(s)"]
    for outcome, count in sorted(summary.outcomes.items()):
        lines.append(f"  {outcome:<14} {count}")
    for route, count in sorted(summary.routed.items()):
        lines.append(f"  to moderators ({route}): {count}")
    for channel, stats in sorted(summary.channels.items()):
        if stats.checked:
            lines.append(
                f"  channel {channel:<7} {stats.checked} checked, {stats.per_second:.1f}/s"
            )
    if summary.lost_leases or summary.duplicates or summary.superseded:
        lines.append(
            f"  skipped: {summary.lost_leases} lost lease(s), {summary.duplicates} duplicate(s), "
            f"{summary.superseded} changed meanwhile"
        )
    return "\n".join(lines)
