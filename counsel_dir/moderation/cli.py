"""``flask moderation ...``: the periodic scan and the demo moderator's second factor."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from counsel_dir.db import session

moderation_cli = AppGroup("moderation", help="The moderators' queue.")


@moderation_cli.command("scan")
def scan() -> None:
    """Raise queue items for unrecognized issuers and rejected, inconclusive or overdue checks."""
    from counsel_dir.moderation.scan import scan_credentials

    counts = scan_credentials()
    session.commit()
    for kind, count in sorted(counts.items()):
        click.echo(f"{kind}: {count} new")
    click.echo(f"{sum(counts.values())} new items")


@moderation_cli.command("reset-2fa")
@click.argument("email")
def reset_2fa(email: str) -> None:
    """Replace EMAIL's TOTP secret (lost phone) and print the new one."""
    from counsel_dir.accounts.services import find_user_by_email
    from counsel_dir.moderation.second_factor import (
        issue_secret,
        provisioning_uri,
        reset_second_factor,
    )

    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException("no such account")
    reset_second_factor(user)
    secret = issue_secret(user)
    session.commit()
    click.echo("second factor reset: open sessions must enter a code again")
    click.echo(f"  new secret (give it to {email} through another channel): {secret}")
    click.echo(f"  setup link: {provisioning_uri(user, secret)}")


@moderation_cli.command("enroll-demo")
def enroll_demo() -> None:
    """Give moderator@demo.counsel the documented dev TOTP secret (only with DEV_PAGES)."""
    from counsel_dir.accounts.services import find_user_by_email
    from counsel_dir.moderation.second_factor import (
        DEMO_MODERATOR_EMAIL,
        DEMO_TOTP_SECRET,
        enroll_demo_secret,
    )

    if not current_app.config.get("DEV_PAGES"):
        raise click.ClickException("refused: DEV_PAGES is off (this is for the demo only)")
    user = find_user_by_email(DEMO_MODERATOR_EMAIL)
    if user is None or not user.is_moderator:
        raise click.ClickException(f"no moderator account {DEMO_MODERATOR_EMAIL}; seed first")
    enroll_demo_secret(user)
    session.commit()
    click.echo(f"{DEMO_MODERATOR_EMAIL}: TOTP secret {DEMO_TOTP_SECRET} (demo only)")
