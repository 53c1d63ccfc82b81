"""Credentials and supervised hours as the counselor manages them; the supervisor's side."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from counsel_dir.accounts.auth import login_required
from counsel_dir.credentials.models import Credential, SupervisedHours
from counsel_dir.db import session
from counsel_dir.profiles import practice
from counsel_dir.profiles.errors import ProfileError
from counsel_dir.profiles.forms import ConfirmForm, CredentialForm, HoursForm
from counsel_dir.profiles.views import bp, error_text, me, my_listing


def _my_credential(credential_id: int) -> Credential:
    counselor = my_listing()
    credential = session.get(Credential, credential_id)
    if credential is None or credential.counselor_id != counselor.id:
        abort(404)
    return credential


def _flash_assessment(assessment: practice.Assessment | None) -> None:
    if assessment is None:
        flash(_("Nothing was changed."), "info")
        return
    if assessment.counts:
        flash(_("Saved. The credential is pending until its issuer's channel confirms it."), "info")
        return
    flash(_("Saved, but this credential will not count for a tier:"), "error")
    for reason in assessment.reasons:
        flash(_(reason), "error")


@bp.route("/me/credentials/new", methods=["GET", "POST"])
@login_required
def add_credential():
    counselor = my_listing()
    form = CredentialForm()
    if form.validate_on_submit():
        _credential, assessment = practice.add_credential(counselor, me(), form.values())
        session.commit()
        _flash_assessment(assessment)
        return redirect(url_for("profiles.dashboard"))
    return render_template("profiles/credential_form.html", form=form, credential=None)


@bp.route("/me/credentials/<int:credential_id>/edit", methods=["GET", "POST"])
@login_required
def edit_credential(credential_id: int):
    credential = _my_credential(credential_id)
    if request.method == "GET":
        form = CredentialForm(
            data={
                "kind": credential.kind.value,
                "number": credential.number,
                "issuer_name": credential.issuer_name,
                "portal_url": credential.portal_url or "",
                "issued_on": credential.issued_on,
                "valid_until": credential.valid_until,
            }
        )
    else:
        form = CredentialForm()
        if form.validate_on_submit():
            _changed, assessment = practice.update_credential(credential, me(), form.values())
            session.commit()
            _flash_assessment(assessment)
            return redirect(url_for("profiles.dashboard"))
    return render_template("profiles/credential_form.html", form=form, credential=credential)


@bp.route("/me/credentials/<int:credential_id>/remove", methods=["GET", "POST"])
@login_required
def remove_credential(credential_id: int):
    credential = _my_credential(credential_id)
    if request.method == "GET":
        return render_template(
            "profiles/confirm.html",
            form=ConfirmForm(),
            question=_(
                "Remove the credential %(number)s from your listing? Its verification history "
                "is removed too, and your tier is computed again without it.",
                number=credential.number,
            ),
            action=_("Remove the credential"),
        )
    if ConfirmForm().validate_on_submit():
        practice.remove_credential(credential, me())
        session.commit()
        flash(_("The credential is removed from your listing."), "info")
    return redirect(url_for("profiles.dashboard"))


@bp.route("/me/hours/new", methods=["GET", "POST"])
@login_required
def log_hours():
    counselor = my_listing()
    form = HoursForm()
    supervisors = practice.eligible_supervisors(exclude=counselor)
    form.supervisor_id.choices = [(s.id, s.display_name) for s in supervisors]
    if form.validate_on_submit():
        try:
            practice.log_hours(counselor, me(), form.values())
        except ProfileError as error:
            form.supervisor_id.errors = [error_text(error)]
        else:
            session.commit()
            flash(_("Your hours are logged and wait for your supervisor's attestation."), "info")
            return redirect(url_for("profiles.dashboard"))
    return render_template("profiles/hours_form.html", form=form, supervisors=supervisors)


def _my_hours(hours_id: int) -> SupervisedHours:
    counselor = my_listing()
    entry = session.get(SupervisedHours, hours_id)
    if entry is None or entry.counselor_id != counselor.id:
        abort(404)
    return entry


@bp.route("/me/hours/<int:hours_id>/withdraw", methods=["POST"])
@login_required
def withdraw_hours(hours_id: int):
    entry = _my_hours(hours_id)
    if ConfirmForm().validate_on_submit():
        try:
            practice.withdraw_hours(entry, me())
        except ProfileError as error:
            flash(error_text(error), "error")
        else:
            session.commit()
            flash(_("The entry is withdrawn."), "info")
    return redirect(url_for("profiles.dashboard"))


@bp.route("/me/attestations/<int:hours_id>", methods=["POST"])
@login_required
def decide_hours(hours_id: int):
    supervisor = my_listing()
    entry = session.get(SupervisedHours, hours_id)
    if entry is None or entry.supervisor_id != supervisor.id:
        abort(404)
    decision = request.form.get("decision")
    if decision not in ("attest", "decline"):
        abort(400)
    if ConfirmForm().validate_on_submit():
        try:
            practice.decide_hours(entry, supervisor, me(), attest=decision == "attest")
        except ProfileError as error:
            flash(error_text(error), "error")
        else:
            session.commit()
            flash(_("Hours attested.") if decision == "attest" else _("Hours declined."), "info")
    return redirect(url_for("profiles.dashboard"))
