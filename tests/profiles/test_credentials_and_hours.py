"""A counselor manages credentials and supervised hours; a supervisor attests them."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from counsel_dir.audit.models import AuditEntry
from counsel_dir.credentials.kinds import CredentialKind, CredentialStatus
from counsel_dir.credentials.models import AttestationState, Credential, SupervisedHours
from counsel_dir.directory.services import refresh_listing
from counsel_dir.moderation.models import ItemKind, ModerationItem
from counsel_dir.notifications.models import Notice


def _login_with_listing(auth, make_user, make_listing, **fields):
    user = make_user()
    counselor = make_listing(owner=user, **fields)
    auth.login(user)
    return user, counselor


def test_unrecognized_credential_is_explained_and_sent_to_moderators(
    client, auth, db_session, make_user, make_listing
):
    _user, counselor = _login_with_listing(auth, make_user, make_listing, tier=None)
    page = client.post(
        "/me/credentials/new?lang=en",
        data={
            "kind": "unrecognized",
            "number": "IFPC-2023-8888",
            "issuer_name": "国际心理咨询师联合会",
            "portal_url": "https://ifpc-cert.com/query?mobile=1",
        },
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "will not count for a tier" in page
    assert "not one of the bodies the directory recognizes" in page
    assert "asks for a phone number" in page
    credential = db_session.scalars(select(Credential)).one()
    assert credential.status is CredentialStatus.PENDING
    assert credential.next_check_due is None
    item = db_session.scalars(
        select(ModerationItem).where(ModerationItem.kind == ItemKind.UNRECOGNIZED_ISSUER)
    ).one()
    assert item.credential_id == credential.id
    assert counselor.tier is None


def test_recognized_kind_with_an_unofficial_portal_will_not_count(
    client, auth, db_session, make_user, make_listing
):
    _login_with_listing(auth, make_user, make_listing, tier=None)
    page = client.post(
        "/me/credentials/new?lang=en",
        data={
            "kind": "cps_registered_psychologist",
            "number": "X-2021-77",
            "portal_url": "http://chinacpb.org.cert-check.cn/",
        },
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "The query portal is not on the issuer" in page
    assert db_session.scalars(select(Credential)).one().next_check_due is None


def test_issuer_that_does_not_issue_the_kind_is_explained(
    client, auth, db_session, make_user, make_listing
):
    _login_with_listing(auth, make_user, make_listing, tier=None)
    page = client.post(
        "/me/credentials/new?lang=en",
        data={"kind": "mohrss_level3", "number": "99887766", "issuer_name": "中国心理学会"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "does not issue this kind of credential" in page


def test_credential_form_states_its_rules(client, auth, make_user, make_listing):
    from tests.profiles.conftest import ID_NUMBER

    _login_with_listing(auth, make_user, make_listing, tier=None)
    future = (date.today() + timedelta(days=3)).isoformat()
    page = client.post(
        "/me/credentials/new?lang=en",
        data={"kind": "unrecognized", "number": ID_NUMBER, "issued_on": future},
    ).get_data(as_text=True)
    assert "This looks like a resident ID number" in page
    assert ID_NUMBER not in page
    assert "Enter the name of the body that issued it." in page
    assert "The issue date cannot be in the future." in page


def test_editing_a_verified_credentials_number_sends_it_back_to_pending(
    client, auth, db_session, make_user, make_listing
):
    user, counselor = _login_with_listing(auth, make_user, make_listing, tier=2)
    credential = counselor.credentials[0]
    assert counselor.tier == 2
    form = client.get(f"/me/credentials/{credential.id}/edit").get_data(as_text=True)
    assert credential.number in form
    response = client.post(
        f"/me/credentials/{credential.id}/edit",
        data={"kind": "mohrss_level2", "number": "NEW-0001", "issuer_name": "人力资源和社会保障部"},
    )
    assert response.status_code == 302
    assert credential.status is CredentialStatus.PENDING
    assert credential.next_check_due is not None
    assert counselor.tier is None and not counselor.is_listed
    entry = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "credential.updated")
    ).one()
    assert entry.fields == ["number", "status"]
    assert entry.detail["from"] == "verified" and entry.detail["to"] == "pending"
    assert "NEW-0001" not in str(entry.detail)


def test_counselor_removes_a_credential(client, auth, db_session, make_user, make_listing):
    _user, counselor = _login_with_listing(auth, make_user, make_listing, tier=2)
    credential_id = counselor.credentials[0].id
    asked = client.get(f"/me/credentials/{credential_id}/remove?lang=en")
    assert "Remove the credential" in asked.get_data(as_text=True)
    assert db_session.get(Credential, credential_id) is not None
    assert client.post(f"/me/credentials/{credential_id}/remove").status_code == 302
    assert db_session.get(Credential, credential_id) is None
    assert counselor.tier is None


def test_hours_attested_by_a_supervisor_count_towards_tier_3(
    client, auth, db_session, make_user, make_listing, make_credential, make_supervisor
):
    supervisor_user, supervisor = make_supervisor("周督导")
    trainee_user = make_user()
    trainee = make_listing(owner=trainee_user, tier=None, display_name="赵学员")
    make_credential(trainee, CredentialKind.CAS_BASIC_TRAINING, issuer_name="中国科学院心理研究所")
    refresh_listing(trainee)
    assert trainee.tier is None

    auth.login(trainee_user)
    form = client.get("/me/hours/new").get_data(as_text=True)
    assert "周督导" in form and "赵学员" not in form
    response = client.post(
        "/me/hours/new",
        data={
            "period_start": (date.today() - timedelta(days=120)).isoformat(),
            "period_end": (date.today() - timedelta(days=5)).isoformat(),
            "hours": "55",
            "supervisor_id": str(supervisor.id),
            "description": "个案督导",
        },
    )
    assert response.status_code == 302
    entry = db_session.scalars(select(SupervisedHours)).one()
    assert entry.state is AttestationState.PENDING
    assert trainee.tier is None
    auth.logout()

    auth.login(supervisor_user)
    dashboard = client.get("/me?lang=en").get_data(as_text=True)
    assert "Hours waiting for your attestation" in dashboard and "赵学员" in dashboard
    response = client.post(f"/me/attestations/{entry.id}", data={"decision": "attest"})
    assert response.status_code == 302
    assert entry.state is AttestationState.ATTESTED
    db_session.refresh(trainee)
    assert trainee.tier == 3 and trainee.is_listed
    kinds = db_session.scalars(select(Notice.kind).where(Notice.user_id == trainee_user.id))
    assert "hours_decided" in kinds.all()


def test_declined_hours_do_not_count(
    client, auth, db_session, make_user, make_listing, make_credential, make_supervisor
):
    supervisor_user, supervisor = make_supervisor()
    trainee = make_listing(owner=make_user(), tier=None)
    make_credential(trainee, CredentialKind.CAS_BASIC_TRAINING, issuer_name="中国科学院心理研究所")
    entry = SupervisedHours(
        counselor=trainee,
        supervisor=supervisor,
        period_start=date.today() - timedelta(days=90),
        period_end=date.today() - timedelta(days=1),
        hours=80,
    )
    db_session.add(entry)
    db_session.flush()
    auth.login(supervisor_user)
    client.post(f"/me/attestations/{entry.id}", data={"decision": "decline"})
    assert entry.state is AttestationState.DECLINED
    refresh_listing(trainee)
    assert trainee.tier is None


def test_hours_form_accepts_only_registered_supervisors_and_sane_periods(
    client, auth, db_session, make_user, make_listing
):
    _user, _counselor = _login_with_listing(auth, make_user, make_listing, tier=None)
    plain = make_listing(owner=None, tier=1, display_name="普通注册心理师")
    page = client.post(
        "/me/hours/new?lang=en",
        data={
            "period_start": date.today().isoformat(),
            "period_end": (date.today() - timedelta(days=10)).isoformat(),
            "hours": "0",
            "supervisor_id": str(plain.id),
        },
    ).get_data(as_text=True)
    assert "The period cannot end before it starts." in page
    assert "Enter between 0.5 and 500 hours." in page
    assert "Not a valid choice" in page
    assert db_session.scalars(select(SupervisedHours)).all() == []


def test_counselor_withdraws_pending_hours(
    client, auth, db_session, make_user, make_listing, make_supervisor
):
    _supervisor_user, supervisor = make_supervisor()
    _user, counselor = _login_with_listing(auth, make_user, make_listing, tier=None)
    entry = SupervisedHours(
        counselor=counselor,
        supervisor=supervisor,
        period_start=date.today() - timedelta(days=9),
        period_end=date.today() - timedelta(days=1),
        hours=3,
    )
    db_session.add(entry)
    db_session.flush()
    entry_id = entry.id
    assert client.post(f"/me/hours/{entry_id}/withdraw").status_code == 302
    assert db_session.get(SupervisedHours, entry_id) is None
