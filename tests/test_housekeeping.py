"""The periodic jobs run together, from cron or the embedded background thread."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from counsel_dir.credentials.kinds import CredentialKind, CredentialStatus
from counsel_dir.db import utcnow
from counsel_dir.housekeeping import run_housekeeping
from counsel_dir.moderation.models import ItemKind, ModerationItem
from counsel_dir.notifications.models import OutboxMail
from counsel_dir.notifications.services import queue_mail


def test_one_run_reminds_switches_off_raises_items_and_sends_mail(
    app, db_session, make_counselor, make_credential, monkeypatch, capsys
):
    stale = make_counselor(tier=1, accepting_confirmed_at=utcnow() - timedelta(days=61))
    make_credential(
        stale,
        CredentialKind.UNRECOGNIZED,
        issuer_name="国际心理咨询师联合会",
        status=CredentialStatus.PENDING,
        next_check_due=None,
    )
    queue_mail("someone@example.com", "Hello", "A pending mail.")
    monkeypatch.setitem(app.config, "MAIL_PRINT_TO_CONSOLE", True)

    run = run_housekeeping()

    assert run.reminded + run.switched_off >= 1
    assert run.new_items.get(str(ItemKind.UNRECOGNIZED_ISSUER)) == 1
    assert run.mails_sent >= 1
    assert "A pending mail." in capsys.readouterr().out
    assert db_session.scalars(
        select(ModerationItem).where(ModerationItem.kind == ItemKind.UNRECOGNIZED_ISSUER)
    ).one()
    assert all(mail.sent_at for mail in db_session.scalars(select(OutboxMail)))


def test_running_twice_changes_nothing_more(app, db_session, make_counselor):
    make_counselor(tier=2, accepting_confirmed_at=utcnow() - timedelta(days=61))
    run_housekeeping()
    again = run_housekeeping()
    assert (again.reminded, again.switched_off, sum(again.new_items.values())) == (0, 0, 0)


def test_the_command_prints_a_summary(app, db_session):
    result = app.test_cli_runner().invoke(args=["housekeeping", "run"])
    assert result.exit_code == 0, result.output
    assert "mails sent" in result.output
