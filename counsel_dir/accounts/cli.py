"""``flask users create-moderator`` and ``create-admin``: staff accounts from the shell."""

from __future__ import annotations

import sys
from typing import Any

import click
from flask.cli import AppGroup

from counsel_dir.accounts.models import Role
from counsel_dir.accounts.services import AccountError, create_staff
from counsel_dir.db import session
from counsel_dir.moderation.second_factor import issue_secret, provisioning_uri

users_cli = AppGroup("users", help="Staff accounts.")


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _create(email: str, role: Role, password_stdin: bool) -> None:
    password = _read_password(password_stdin)
    try:
        user = create_staff(email, password, role)
    except AccountError as error:
        session.rollback()
        raise click.ClickException(error.plain()) from None
    secret = issue_secret(user)
    session.commit()
    click.echo(f"created {role.value} account #{user.id}")
    _print_second_factor(user, secret)


def _print_second_factor(user: Any, secret: str) -> None:
    click.echo(
        "second factor (TOTP): give this secret to the account holder through another "
        "channel; it is shown only once"
    )
    click.echo(f"  secret: {secret}")
    click.echo(f"  setup link: {provisioning_uri(user, secret)}")


@users_cli.command("create-moderator")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_moderator(email: str, password_stdin: bool) -> None:
    """Create a confirmed moderator account for EMAIL."""
    _create(email, Role.MODERATOR, password_stdin)


@users_cli.command("create-admin")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_admin(email: str, password_stdin: bool) -> None:
    """Create a confirmed admin account for EMAIL."""
    _create(email, Role.ADMIN, password_stdin)
