"""``flask seed`` loads the demo data; ``flask demo-accounts`` shows how to try it out.

The demo-accounts printout is the one place where a (fake, generated) resident ID
number is shown: on the developer's own terminal, through click, never through
logging.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import with_appcontext


def register(app: Flask) -> None:
    """Attach the demo-data commands to ``app``."""
    app.cli.add_command(seed_command)
    app.cli.add_command(demo_accounts_command)


@click.command("seed")
@click.option(
    "--count",
    default=2000,
    show_default=True,
    type=click.IntRange(min=20),
    help="How many counselor listings to generate.",
)
@click.option(
    "--seed",
    "seed_number",
    default=20261128,
    show_default=True,
    type=int,
    help="Seed number; the same seed gives the same data.",
)
@click.option("--force", is_flag=True, help="Wipe every table of a non-empty database first.")
@click.option("--yes", is_flag=True, help="Do not ask before wiping (with --force).")
@with_appcontext
def seed_command(count: int, seed_number: int, force: bool, yes: bool) -> None:
    """Load the demo data set and write the issuers' records for the simulator."""
    from seed.generator import generate
    from seed.loader import is_empty, load, wipe

    if not is_empty():
        if not force:
            raise click.ClickException(
                "the database already holds counselors or demo accounts; use --force to wipe it "
                "and load the demo data again"
            )
        if not yes:
            click.confirm(
                "This deletes EVERY counselor, account, credential and log entry in "
                f"{_database_name()}. Continue?",
                abort=True,
            )
        wipe()
        click.echo("database wiped")
    started = time.monotonic()
    data = generate(count, seed_number)
    click.echo(f"generated {len(data.counselors)} listings in {time.monotonic() - started:.1f}s")
    summary = load(data, progress=True)
    path = write_records(data.issuer_records, current_app.config["SIMULATOR_RECORDS_PATH"])
    click.echo(f"issuer records for the simulator: {len(data.issuer_records)} in {path}")
    tiers = ", ".join(f"tier {tier}: {summary.per_tier.get(tier, 0)}" for tier in (1, 2, 3))
    click.echo(
        f"loaded {summary.counselors} counselors ({tiers}; not listed: "
        f"{summary.per_tier.get(None, 0)}) in {time.monotonic() - started:.1f}s in all"
    )
    click.echo(
        f"listed: {summary.listed}, unclaimed: {summary.unclaimed}, "
        f"credentials: {summary.credentials}, supervised-hours entries: "
        f"{summary.supervised_hours}"
    )
    click.echo("next: `flask index rebuild` (make run does it); `flask demo-accounts` for logins")


def write_records(records: list[dict[str, Any]], target: str | os.PathLike[str]) -> Path:
    """Write the issuers' records as a JSON list (one record a line), readable by owner only."""
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ",\n".join(json.dumps(item, ensure_ascii=False, sort_keys=True) for item in records)
    temporary = path.with_name(path.name + ".tmp")
    temporary.unlink(missing_ok=True)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(f"[\n{lines}\n]\n")
    temporary.replace(path)
    return path


@click.command("demo-accounts")
@with_appcontext
def demo_accounts_command() -> None:
    """Print the demo logins, their password and the listing you can claim."""
    from seed.demo import demo_overview

    overview = demo_overview()
    if overview is None:
        raise click.ClickException("no demo data loaded: run `flask seed` first")
    click.echo(overview)


def _database_name() -> str:
    from sqlalchemy.engine import make_url

    return make_url(current_app.config["DATABASE_URL"]).render_as_string(hide_password=True)
