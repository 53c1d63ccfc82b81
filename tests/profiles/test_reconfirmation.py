""" "Accepting new clients" must be reconfirmed every 60 days or it turns off."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from counsel_dir.audit.models import AuditEntry
from counsel_dir.db import utcnow
from counsel_dir.notifications.models import Notice, OutboxMail
from counsel_dir.profiles.listings import enforce_reconfirmation


def _mails_to(db_session, user):
    return db_session.scalars(select(OutboxMail).where(OutboxMail.to_address == user.email)).all()


def test_counselor_is_reminded_once_at_day_53(db_session, make_user, make_listing):
    user = make_user()
    counselor = make_listing(owner=user, accepting_confirmed_at=utcnow() - timedelta(days=54))
    first = enforce_reconfirmation()
    second = enforce_reconfirmation()
    assert (first.reminded, second.reminded) == (1, 0)
    assert len(_mails_to(db_session, user)) == 1
    assert counselor.accepting_new_clients
    kinds = db_session.scalars(select(Notice.kind).where(Notice.user_id == user.id)).all()
    assert kinds == ["accepting_reminder"]


def test_no_reminder_before_day_53(db_session, make_user, make_listing):
    user = make_user()
    make_listing(owner=user, accepting_confirmed_at=utcnow() - timedelta(days=40))
    assert enforce_reconfirmation().reminded == 0
    assert _mails_to(db_session, user) == []


def test_accepting_turns_off_after_60_days_without_reconfirmation(
    client, db_session, make_user, make_listing
):
    user = make_user()
    counselor = make_listing(
        owner=user, tier=1, accepting_confirmed_at=utcnow() - timedelta(days=54)
    )
    assert enforce_reconfirmation().reminded == 1
    assert enforce_reconfirmation(utcnow() + timedelta(days=5)).turned_off == 0
    run = enforce_reconfirmation(utcnow() + timedelta(days=7))
    assert run.turned_off == 1
    assert not counselor.accepting_new_clients
    assert enforce_reconfirmation(utcnow() + timedelta(days=8)).turned_off == 0
    entry = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "profile.accepting_expired")
    ).one()
    assert entry.fields == ["accepting_new_clients"]
    kinds = db_session.scalars(select(Notice.kind).where(Notice.user_id == user.id)).all()
    assert "accepting_expired" in kinds
    page = client.get(f"/counselors/{counselor.slug}?lang=en").get_data(as_text=True)
    assert "Not accepting new clients" in page


def test_unclaimed_imported_listing_also_stops_accepting_after_60_days(db_session, make_listing):
    counselor = make_listing(owner=None, accepting_confirmed_at=utcnow() - timedelta(days=70))
    assert enforce_reconfirmation().turned_off == 1
    assert not counselor.accepting_new_clients


def test_reconfirming_on_the_dashboard_restarts_the_60_days(
    client, auth, db_session, make_user, make_listing
):
    user = make_user()
    counselor = make_listing(owner=user, accepting_confirmed_at=utcnow() - timedelta(days=58))
    auth.login(user)
    assert "Confirm it by" in client.get("/me?lang=en").get_data(as_text=True)
    assert client.post("/me/accepting/confirm").status_code == 302
    assert utcnow() - counselor.accepting_confirmed_at < timedelta(minutes=1)
    run = enforce_reconfirmation(utcnow() + timedelta(days=59))
    assert run.turned_off == 0


def test_reminder_after_a_reconfirmation_is_sent_again_next_cycle(
    db_session, make_user, make_listing
):
    user = make_user()
    counselor = make_listing(owner=user, accepting_confirmed_at=utcnow() - timedelta(days=54))
    enforce_reconfirmation()
    counselor.accepting_confirmed_at = utcnow()
    assert enforce_reconfirmation(utcnow() + timedelta(days=54)).reminded == 1


def test_a_late_job_still_reminds_before_switching_off(db_session, make_user, make_listing):
    user = make_user()
    counselor = make_listing(owner=user, accepting_confirmed_at=utcnow() - timedelta(days=90))
    run = enforce_reconfirmation()
    assert (run.reminded, run.turned_off) == (1, 0)
    assert counselor.accepting_new_clients
    assert len(_mails_to(db_session, user)) == 1
    assert enforce_reconfirmation(utcnow() + timedelta(days=7)).turned_off == 1


def test_reconfirmation_command_runs_the_job(app, db_session, make_user, make_listing):
    make_listing(owner=None, accepting_confirmed_at=utcnow() - timedelta(days=61))
    make_listing(owner=make_user(), accepting_confirmed_at=utcnow() - timedelta(days=55))
    result = app.test_cli_runner().invoke(args=["profiles", "reconfirmation"])
    assert result.exit_code == 0, result.output
    assert "reminded 1, switched off 1" in result.output
