"""Verification pages: the moderator-assisted check, evidence, a counselor's results.

Moderators reach the check page from a queue item (the queue is moderation's); their
pages need the second factor, like the rest of moderation.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from counsel_dir.accounts.auth import current_user, login_required
from counsel_dir.credentials.models import Credential, VerificationOutcome
from counsel_dir.credentials.resident_id import mask
from counsel_dir.credentials.services import identity_vault, issuer_registry
from counsel_dir.credentials.vault import VaultError
from counsel_dir.db import session
from counsel_dir.directory.models import Counselor
from counsel_dir.moderation.second_factor import current_moderator, moderator_with_second_factor
from counsel_dir.verification import messages
from counsel_dir.verification.evidence import EvidenceRejected, evidence_path
from counsel_dir.verification.forms import ModeratorOutcomeForm
from counsel_dir.verification.services import is_verification_overdue, record_moderator_outcome

bp = Blueprint("verification", __name__, url_prefix="/verification")


@bp.app_template_global()
def verification_overdue(credential: Credential) -> bool:
    """Whether a credential card shows "verification overdue"."""
    return is_verification_overdue(credential)


@bp.app_template_filter()
def verification_outcome(outcome: VerificationOutcome) -> str:
    return _(messages.OUTCOME_NAMES[VerificationOutcome(outcome)])


@bp.app_template_filter()
def verification_field(field: str | None) -> str:
    """The name of a field a record differs in, as the owner's mail names it."""
    return _(messages.FIELD_NAMES[field]) if field in messages.FIELD_NAMES else (field or "")


@bp.app_template_filter()
def verification_method(method: object) -> str:
    return _(messages.METHOD_NAMES[str(getattr(method, "value", method))])


@bp.app_template_global()
def public_history(credential: Credential, limit: int = 10) -> list:
    """Definitive checks, newest first: dates and outcomes only."""
    return [
        r for r in credential.verifications if r.outcome is not VerificationOutcome.INCONCLUSIVE
    ][:limit]


def _moderated_credential(credential_id: int) -> Credential:
    credential = session.scalars(
        select(Credential)
        .where(Credential.id == credential_id)
        .options(selectinload(Credential.counselor), selectinload(Credential.verifications))
    ).first()
    if credential is None:
        abort(404)
    return credential


def _masked_resident_id(counselor: Counselor) -> str | None:
    if not counselor.resident_id_sealed:
        return None
    try:
        return mask(identity_vault().unseal(counselor.resident_id_sealed))
    except VaultError:
        return None


@bp.route("/credentials/<int:credential_id>", methods=["GET", "POST"])
@moderator_with_second_factor
def moderator_check(credential_id: int):
    credential = _moderated_credential(credential_id)
    form = ModeratorOutcomeForm()
    if form.validate_on_submit():
        try:
            record_moderator_outcome(
                credential,
                current_moderator(),
                VerificationOutcome(form.outcome.data),
                form.note.data,
                form.evidence.data or None,
            )
        except EvidenceRejected:
            form.evidence.errors.append(
                _("Evidence must be a PDF, PNG, JPEG or WebP file of at most 5 MB.")
            )
        else:
            session.commit()
            flash(_("The verification was recorded."), "success")
            return redirect(url_for("moderation.queue"))
    return render_template(
        "verification/check.html",
        credential=credential,
        counselor=credential.counselor,
        form=form,
        registry=issuer_registry(),
        hint=issuer_registry().channel_lookup_hint(credential.kind, credential.number),
        masked_resident_id=_masked_resident_id(credential.counselor),
    )


@bp.route("/evidence/<name>")
@moderator_with_second_factor
def evidence(name: str):
    path = evidence_path(name)
    if path is None:
        abort(404)
    return send_file(path, as_attachment=True, download_name=name)


@bp.route("/mine")
@login_required
def my_results():
    user = current_user()
    counselor = session.scalars(
        select(Counselor)
        .where(Counselor.owner_id == user.id)
        .options(selectinload(Counselor.credentials).selectinload(Credential.verifications))
    ).first()
    if counselor is None:
        abort(404)
    return render_template(
        "verification/mine.html", counselor=counselor, registry=issuer_registry()
    )
