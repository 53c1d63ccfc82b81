"""``flask profiles ...``: scheduled jobs of the counselor's side."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from counsel_dir.db import session
from counsel_dir.profiles.listings import enforce_reconfirmation

profiles_cli = AppGroup("profiles", help="Counselor profiles: scheduled jobs.")


@profiles_cli.command("reconfirmation")
def reconfirmation() -> None:
    """Remind at day 53 and switch off "accepting new clients" after 60 days (idempotent)."""
    run = enforce_reconfirmation()
    session.commit()
    click.echo(f"reminded {run.reminded}, switched off {run.turned_off}")
