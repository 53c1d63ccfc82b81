"""The claims work asks whether a person holds a credential."""

from __future__ import annotations

from counsel_dir.credentials.kinds import CredentialKind
from counsel_dir.verification.holder import HolderCheck
from counsel_dir.verification.services import check_holder
from tests.verification.conftest import HOLDER_ID, OTHER_ID


def test_holder_with_the_right_name_and_id_number_matches(
    db_session, make_listing, installed_clients
):
    credential = make_listing(CredentialKind.MOHRSS_LEVEL3, name="李强")
    assert check_holder(credential, "李强", HOLDER_ID) is HolderCheck.MATCH


def test_someone_else_does_not_match(db_session, make_listing, installed_clients):
    credential = make_listing(CredentialKind.CAS_BASIC_TRAINING, name="李强")
    assert check_holder(credential, "李强", OTHER_ID) is HolderCheck.MISMATCH
    registration = make_listing(CredentialKind.CPS_REGISTERED_PSYCHOLOGIST, name="王芳")
    assert check_holder(registration, "张三", HOLDER_ID) is HolderCheck.MISMATCH


def test_channel_down_or_missing_gives_unavailable(
    app, db_session, make_listing, installed_clients, sim
):
    credential = make_listing(CredentialKind.MOHRSS_LEVEL2, name="李强")
    sim.configure("mohrss", {"fault": "error"})
    assert check_holder(credential, "李强", HOLDER_ID) is HolderCheck.UNAVAILABLE
    unrecognized = make_listing(CredentialKind.UNRECOGNIZED, record=False)
    assert check_holder(unrecognized, "王芳", HOLDER_ID) is HolderCheck.UNAVAILABLE
    installed_clients.pop(next(i for i in installed_clients if i.value == "mohrss"))
    app.extensions["verification_channels"] = installed_clients
    assert check_holder(credential, "李强", HOLDER_ID) is HolderCheck.UNAVAILABLE
