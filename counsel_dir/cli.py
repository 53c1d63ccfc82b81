"""Command-line entry points: ``flask db ...`` plus each feature's commands."""

from __future__ import annotations

import click
from alembic import command
from flask import Flask
from flask.cli import AppGroup

from counsel_dir.accounts.cli import users_cli
from counsel_dir.db import get_engine
from counsel_dir.migrate import alembic_config
from counsel_dir.notifications.cli import mail_cli
from counsel_dir.profiles.commands import profiles_cli

db_cli = AppGroup("db", help="Database schema migrations.")


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    command.upgrade(alembic_config(), revision)
    click.echo(f"database at {revision}")


@db_cli.command("current")
def db_current() -> None:
    """Show the revision the database is at."""
    command.current(alembic_config())


@db_cli.command("revision")
@click.option("-m", "--message", required=True)
def db_revision(message: str) -> None:
    """Create a new migration by comparing the models with the database."""
    command.revision(alembic_config(), message=message, autogenerate=True)


@db_cli.command("is-empty")
def db_is_empty() -> None:
    """Exit 0 when no counselor is stored yet (used by ``make run`` to seed once)."""
    from sqlalchemy import func, select

    from counsel_dir.directory.models import Counselor

    with get_engine_from_context().connect() as connection:
        count = connection.scalar(select(func.count()).select_from(Counselor))
    raise SystemExit(0 if not count else 1)


def get_engine_from_context():  # type: ignore[no-untyped-def]
    from flask import current_app

    return get_engine(current_app)


def register(app: Flask) -> None:
    """Attach every CLI group to ``app``."""
    from counsel_dir.housekeeping import housekeeping_cli
    from counsel_dir.moderation.cli import moderation_cli
    from counsel_dir.search.cli import index_cli
    from counsel_dir.verification.cli import verify_cli
    from seed.cli import register as register_seed

    app.cli.add_command(db_cli)
    app.cli.add_command(index_cli)
    app.cli.add_command(moderation_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(profiles_cli)
    app.cli.add_command(verify_cli)
    app.cli.add_command(housekeeping_cli)
    register_seed(app)
