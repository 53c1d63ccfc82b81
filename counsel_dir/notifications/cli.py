"""``flask mail send``: deliver the outbox."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from counsel_dir.notifications.delivery import deliver_pending

mail_cli = AppGroup("mail", help="The outgoing mail queue.")


@mail_cli.command("send")
def send() -> None:
    """Deliver unsent mails through SMTP (MAIL_SMTP_HOST) or print them (MAIL_PRINT_TO_CONSOLE)."""
    config = current_app.config
    if not config.get("MAIL_SMTP_HOST") and not config.get("MAIL_PRINT_TO_CONSOLE"):
        raise click.ClickException(
            "no delivery configured: set MAIL_SMTP_HOST, or MAIL_PRINT_TO_CONSOLE in development"
        )
    report = deliver_pending(config)
    click.echo(f"sent {report.sent}, failed {report.failed}")
