"""A counselor deletes the account: the listing disappears at once and personal data is erased."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from counsel_dir.accounts.models import Role, UserSession
from counsel_dir.audit.models import AuditEntry
from counsel_dir.credentials.models import AttestationState, Credential, SupervisedHours
from counsel_dir.credentials.services import identity_vault
from counsel_dir.db import utcnow
from counsel_dir.directory.models import ProfileStatus
from counsel_dir.notifications.models import Notice
from counsel_dir.notifications.services import notify
from counsel_dir.search.runtime import store_for, sync_now
from tests.accounts.conftest import replay, session_cookie
from tests.factories import TEST_PASSWORD

RESIDENT_ID = "11010519491231002X"


def _owned_listing(app, db_session, make_user, make_counselor):
    user = make_user(email="leaving@example.com")
    vault = identity_vault()
    photos = Path(app.config["UPLOAD_DIR"]) / "photos"
    photos.mkdir(parents=True, exist_ok=True)
    photo = photos / "leaving.jpg"
    photo.write_bytes(b"\xff\xd8 fake jpeg")
    counselor = make_counselor(
        tier=1,
        display_name="林晓",
        slug="lin-xiao",
        owner=user,
        bio="我专注于焦虑与抑郁。",
        public_contact="wechat: linxiao",
        district="徐汇区",
        photo_filename=photo.name,
        resident_id_sealed=vault.seal(RESIDENT_ID),
        resident_id_hash=vault.match_hash(RESIDENT_ID),
    )
    supervisor = make_counselor(tier=1)
    db_session.add(
        SupervisedHours(
            counselor=counselor,
            supervisor=supervisor,
            period_start=date.today() - timedelta(days=90),
            period_end=date.today() - timedelta(days=5),
            hours=12,
            description="来访者A，焦虑，12次",
            state=AttestationState.ATTESTED,
            decided_at=utcnow(),
        )
    )
    notify(user.id, "test", "hello")
    db_session.flush()
    return user, counselor, photo


def test_counselor_deletes_the_account_and_everything_personal_is_erased(
    app, client, auth, db_session, make_user, make_counselor
):
    user, counselor, photo = _owned_listing(app, db_session, make_user, make_counselor)
    assert client.get(f"/counselors/{counselor.slug}").status_code == 200
    auth.login(user)
    old_cookie = session_cookie(client)
    sync_now(store_for(app))
    assert 'href="/counselors/lin-xiao"' in client.get("/counselors/?q=林晓").get_data(as_text=True)

    confirm_page = client.get("/account/delete?lang=en").get_data(as_text=True)
    assert "cannot be undone" in confirm_page
    response = client.post("/account/delete", data={"delete_password": TEST_PASSWORD})
    assert response.status_code == 302

    assert client.get("/counselors/lin-xiao").status_code == 404
    assert "林晓" not in client.get("/counselors/").get_data(as_text=True)
    assert counselor.status is ProfileStatus.DELETED and counselor.is_listed is False
    assert counselor.tier is None
    sync_now(store_for(app))
    found = client.get("/counselors/?q=林晓").get_data(as_text=True)
    assert 'href="/counselors/lin-xiao"' not in found

    assert counselor.resident_id_sealed is None and counselor.resident_id_hash is None
    assert counselor.bio == "" and counselor.public_contact == "" and counselor.district is None
    assert counselor.display_name != "林晓" and "lin" not in counselor.slug
    assert counselor.photo_filename is None and not photo.exists()
    assert (
        db_session.scalars(select(Credential).where(Credential.counselor_id == counselor.id)).all()
        == []
    )
    hours = db_session.scalars(
        select(SupervisedHours).where(SupervisedHours.counselor_id == counselor.id)
    ).all()
    assert [entry.description for entry in hours] == [""]

    assert user.deleted_at is not None and user.is_active is False
    assert "leaving" not in user.email
    assert db_session.scalars(select(Notice).where(Notice.user_id == user.id)).all() == []
    assert all(
        login.revoked_at is not None
        for login in db_session.scalars(select(UserSession).where(UserSession.user_id == user.id))
    )

    entry = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "account.deleted")
    ).one()
    assert entry.target_id == user.id
    stored = repr((entry.fields, entry.detail, entry.reason, entry.actor_label))
    for personal in ("leaving@example.com", "林晓", "lin-xiao", RESIDENT_ID, "linxiao"):
        assert personal not in stored

    replay(client, old_cookie)
    assert client.get("/account/settings").status_code == 302
    again = client.post(
        "/account/login", data={"email": "leaving@example.com", "password": TEST_PASSWORD}
    )
    assert again.status_code == 200


def test_deletion_needs_the_password(client, auth, make_user):
    user = make_user()
    auth.login(user)
    page = client.post(
        "/account/delete?lang=en", data={"delete_password": "not-the-password"}
    ).get_data(as_text=True)
    assert "The password is not correct." in page
    assert user.deleted_at is None
    assert client.get("/account/settings").status_code == 200


def test_account_without_a_listing_can_be_deleted_and_the_address_reused(
    client, auth, make_user, sign_up, outbox
):
    user = make_user(email="again@example.com")
    auth.login(user)
    assert client.post("/account/delete", data={"delete_password": TEST_PASSWORD}).status_code == (
        302
    )
    assert outbox.to("again@example.com") == []
    assert sign_up("again@example.com").status_code == 302
    assert "/account/confirm/" in outbox.last_to("again@example.com").body


def test_deleting_needs_login(client):
    response = client.post("/account/delete", data={"delete_password": TEST_PASSWORD})
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


def test_an_account_can_be_erased_by_code_outside_its_own_session(client, auth, make_user):
    from counsel_dir.accounts.erasure import delete_account

    admin = make_user(role=Role.ADMIN)
    target = make_user()
    auth.login(admin)
    with client.application.test_request_context():
        delete_account(target)
    assert target.deleted_at is not None
    assert client.get("/account/settings").status_code == 200
