"""Admins create staff accounts from the shell; the outbox is delivered by `flask mail send`."""

from __future__ import annotations

import smtplib

from counsel_dir.accounts.models import Role
from counsel_dir.accounts.services import find_user_by_email
from counsel_dir.audit.models import AuditEntry
from counsel_dir.moderation.second_factor import unseal_secret
from counsel_dir.notifications import delivery
from counsel_dir.notifications.services import queue_mail
from tests.accounts.conftest import STRONG_PASSWORD


def test_admin_creates_a_moderator_who_can_log_in(app, client, db_session, log_in):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create-moderator", "Mod@Example.com", "--password-stdin"],
        input=STRONG_PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert STRONG_PASSWORD not in result.output
    moderator = find_user_by_email("mod@example.com")
    assert moderator.role is Role.MODERATOR and moderator.email_confirmed_at is not None
    audit = db_session.query(AuditEntry).filter_by(action="account.staff_created").one()
    assert audit.detail == {"role": "moderator"} and audit.actor_label == "system"
    response = log_in("mod@example.com", STRONG_PASSWORD)
    assert response.headers["Location"] == "/moderation/"


def test_a_new_moderator_gets_the_second_factor_from_the_admin_not_by_self_enrolment(
    app, client, db_session, log_in
):
    result = app.test_cli_runner().invoke(
        args=["users", "create-moderator", "mod2@example.com", "--password-stdin"],
        input=STRONG_PASSWORD + "\n",
    )
    moderator = find_user_by_email("mod2@example.com")
    secret = unseal_secret(moderator.totp_secret_sealed)
    assert moderator.totp_confirmed_at is not None
    assert f"secret: {secret}" in result.output and "otpauth://" in result.output
    log_in("mod2@example.com", STRONG_PASSWORD)
    setup = client.get("/moderation/2fa?lang=en").get_data(as_text=True)
    assert secret not in setup


def test_create_admin_prompts_for_the_password_twice(app, db_session):
    result = app.test_cli_runner().invoke(
        args=["users", "create-admin", "boss@example.com"],
        input=f"{STRONG_PASSWORD}\n{STRONG_PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert find_user_by_email("boss@example.com").role is Role.ADMIN


def test_staff_accounts_follow_the_password_rules_and_unique_emails(fresh_app):
    shell = fresh_app()  # a real command line: no request around it
    runner = shell.test_cli_runner()
    weak = runner.invoke(
        args=["users", "create-moderator", "weak@example.com", "--password-stdin"],
        input="qwertyuiop\n",
    )
    assert weak.exit_code == 1
    assert "most common" in weak.output
    first = runner.invoke(
        args=["users", "create-moderator", "staff@example.com", "--password-stdin"],
        input=STRONG_PASSWORD + "\n",
    )
    assert first.exit_code == 0, first.output
    duplicate = runner.invoke(
        args=["users", "create-admin", "STAFF@example.com", "--password-stdin"],
        input=STRONG_PASSWORD + "\n",
    )
    assert duplicate.exit_code == 1
    assert "already exists" in duplicate.output
    with shell.app_context():
        assert find_user_by_email("weak@example.com") is None
        assert find_user_by_email("staff@example.com").role is Role.MODERATOR


def test_mail_send_prints_pending_mails_in_development(app, db_session, monkeypatch):
    mail = queue_mail("reader@example.com", "Hello", "Body with https://example.com/x")
    monkeypatch.setitem(app.config, "MAIL_PRINT_TO_CONSOLE", True)
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert "sent 1, failed 0" in result.output
    assert mail.sent_at is not None


def test_mail_send_without_any_delivery_configured_says_so(app, db_session):
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code != 0
    assert "MAIL_SMTP_HOST" in result.output


class FakeSMTP:
    delivered: list = []
    fail_for: set = set()

    def __init__(self, host, port, timeout):
        self.host, self.port = host, port

    def starttls(self):
        self.tls = True

    def login(self, user, password):
        self.user = user

    def send_message(self, message):
        if message["To"] in self.fail_for:
            raise smtplib.SMTPRecipientsRefused({message["To"]: (550, b"no")})
        FakeSMTP.delivered.append(message)

    def quit(self):
        pass


def test_mail_send_delivers_through_smtp_and_keeps_failures_for_retry(app, db_session, monkeypatch):
    monkeypatch.setattr(delivery.smtplib, "SMTP", FakeSMTP)
    monkeypatch.setattr(FakeSMTP, "delivered", [])
    monkeypatch.setattr(FakeSMTP, "fail_for", {"bounce@example.com"})
    monkeypatch.setitem(app.config, "MAIL_SMTP_HOST", "smtp.example.com")
    monkeypatch.setitem(app.config, "MAIL_SMTP_USERNAME", "site")
    good = queue_mail("good@example.com", "Subject", "Body")
    bad = queue_mail("bounce@example.com", "Subject", "Body")

    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert "sent 1, failed 1" in result.output
    assert [message["To"] for message in FakeSMTP.delivered] == ["good@example.com"]
    assert good.sent_at is not None
    assert bad.sent_at is None and bad.attempts == 1 and bad.last_error


def test_development_prints_mails_as_they_are_queued(app, db_session, monkeypatch, capsys):
    monkeypatch.setitem(app.config, "MAIL_PRINT_TO_CONSOLE", True)
    mail = queue_mail("dev@example.com", "Dev subject", "Dev body")
    assert "Dev subject" in capsys.readouterr().out
    assert mail.sent_at is not None
