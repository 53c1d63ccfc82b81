"""Admins read, filter and export the append-only audit log; nobody can rewrite it."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from counsel_dir.accounts.models import Role
from counsel_dir.audit.models import AuditEntry, AuditLogIsAppendOnly
from counsel_dir.audit.services import record
from counsel_dir.db import utcnow
from tests.moderation.conftest import login


@pytest.fixture
def admin_browser(app, db_session, make_user):
    admin = make_user(Role.ADMIN, email="admin@example.com")
    db_session.commit()
    return login(app.test_client(), admin, code=False)


@pytest.fixture
def entries(db_session, make_user):
    moderator = make_user(Role.MODERATOR, email="mod@example.com")
    revoked = record(
        "credential.status_changed",
        "credential",
        11,
        actor=moderator,
        fields=["status"],
        detail={"from": "verified", "to": "revoked"},
        reason="No such record at the issuer.",
    )
    old = AuditEntry(
        at=utcnow() - timedelta(days=40),
        action="moderation.decided",
        target_type="moderation_item",
        target_id=5,
        actor_id=moderator.id,
        actor_label="moderator",
        detail={"decision": "dismiss"},
        reason='=HYPERLINK("http://x")',
    )
    db_session.add(old)
    system = record("moderation.item_raised", "moderation_item", 6, detail={"kind": "report"})
    db_session.commit()
    return {"revoked": revoked, "old": old, "system": system, "moderator": moderator}


def test_admin_reads_the_audit_log_with_who_what_and_why(admin_browser, entries):
    page = admin_browser.get("/admin/audit/?lang=en").get_data(as_text=True)
    assert "credential.status_changed" in page
    assert "mod@example.com" in page
    assert "No such record at the issuer." in page
    assert "system" in page


def test_admin_filters_by_action_actor_record_and_date(admin_browser, entries):
    def rows(query: str) -> str:
        return admin_browser.get(f"/admin/audit/?{query}").get_data(as_text=True)

    assert "moderation.item_raised" not in rows("action=credential.")
    assert "credential.status_changed" in rows("action=credential.")
    assert "credential.status_changed" in rows("actor=mod@example.com")
    assert "moderation.item_raised" not in rows("actor=mod@example.com")
    assert "moderation.item_raised" in rows("actor=system")
    assert "credential.status_changed" not in rows("target_type=moderation_item")
    assert "No such record" in rows("target_type=credential&target_id=11")
    assert "No such record" not in rows("target_type=credential&target_id=12")
    today = utcnow().date().isoformat()
    assert "No such record" in rows(f"since={today}")
    assert "HYPERLINK" not in rows(f"since={today}")
    long_ago = (utcnow() - timedelta(days=30)).date().isoformat()
    assert "HYPERLINK" in rows(f"until={long_ago}")
    assert "No such record" not in rows(f"until={long_ago}")
    for junk in ("since=yesterday", "target_id=abc", "until=2026-13-45", "page=zz"):
        assert admin_browser.get(f"/admin/audit/?{junk}").status_code in (200, 404)


def test_admin_exports_the_selection_as_csv_safe_for_spreadsheets(
    admin_browser, db_session, entries
):
    response = admin_browser.get("/admin/audit/export.csv?actor=mod@example.com")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert {row["action"] for row in rows} == {"credential.status_changed", "moderation.decided"}
    dangerous = next(row for row in rows if row["action"] == "moderation.decided")
    assert dangerous["reason"].startswith("'=")
    assert db_session.scalars(select(AuditEntry).where(AuditEntry.action == "audit.exported")).one()


def test_only_admins_see_the_audit_log(app, db_session, make_user, client):
    assert "/account/login" in client.get("/admin/audit/").headers["Location"]
    for role in (Role.COUNSELOR, Role.MODERATOR):
        browser = login(app.test_client(), make_user(role), code=False)
        assert browser.get("/admin/audit/").status_code == 403
        assert browser.get("/admin/audit/export.csv").status_code == 403


def test_no_code_path_can_change_an_audit_entry(db_session, entries):
    entry = db_session.get(AuditEntry, entries["revoked"].id)
    entry.reason = "rewritten"
    with pytest.raises(AuditLogIsAppendOnly):
        db_session.flush()
    db_session.rollback()


def test_no_code_path_can_delete_an_audit_entry(db_session, entries):
    entry = db_session.get(AuditEntry, entries["revoked"].id)
    db_session.delete(entry)
    with pytest.raises(AuditLogIsAppendOnly):
        db_session.flush()
    db_session.rollback()


def test_postgresql_itself_refuses_to_rewrite_the_audit_log(backend, db_session, entries):
    if backend != "postgresql":
        pytest.skip("the database-level guard exists on PostgreSQL only")
    from sqlalchemy.exc import DBAPIError

    with pytest.raises(DBAPIError, match="append-only"):
        with db_session.begin_nested():
            db_session.execute(text("UPDATE audit_entry SET reason = 'x'"))
    with pytest.raises(DBAPIError, match="append-only"):
        with db_session.begin_nested():
            db_session.execute(text("DELETE FROM audit_entry"))
