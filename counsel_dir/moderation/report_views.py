"""Public pages: report a problem on a profile or a credential, follow it by reference."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from counsel_dir.accounts.auth import current_user, public
from counsel_dir.credentials.models import Credential
from counsel_dir.db import session
from counsel_dir.directory.services import get_listed_by_slug
from counsel_dir.moderation.forms import ReferenceForm, ReportForm
from counsel_dir.moderation.models import ReportReason
from counsel_dir.moderation.reports import (
    TooManyReports,
    find_report,
    report_status,
    submit_report,
)
from counsel_dir.moderation.views import bp


def _report_page(slug: str, credential_id: int | None):
    counselor = get_listed_by_slug(slug)
    if counselor is None:
        abort(404)
    credential = None
    if credential_id is not None:
        credential = session.get(Credential, credential_id)
        if credential is None or credential.counselor_id != counselor.id:
            abort(404)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            report = submit_report(
                counselor,
                credential,
                ReportReason(form.reason.data),
                form.description.data,
                reporter=current_user(),
                client_address=request.remote_addr,
                honeypot=form.website.data or "",
            )
        except TooManyReports as error:
            session.rollback()
            form.description.errors = [*form.description.errors, _(error.message)]
            page = render_template(
                "moderation/report_form.html",
                form=form,
                counselor=counselor,
                credential=credential,
            )
            return page, 429
        session.commit()
        return redirect(url_for("moderation.report_received", reference=report.reference))
    status = 400 if form.is_submitted() else 200
    page = render_template(
        "moderation/report_form.html", form=form, counselor=counselor, credential=credential
    )
    return page, status


@bp.route("/counselors/<slug>/report", methods=["GET", "POST"])
@public
def report_profile(slug: str):
    return _report_page(slug, None)


@bp.route("/counselors/<slug>/credentials/<int:credential_id>/report", methods=["GET", "POST"])
@public
def report_credential(slug: str, credential_id: int):
    return _report_page(slug, credential_id)


@bp.route("/reports/<reference>/received")
@public
def report_received(reference: str):
    report = find_report(reference)
    if report is None:
        abort(404)
    return render_template("moderation/report_received.html", reference=report.reference)


@bp.route("/reports/")
@public
def report_lookup():
    form = ReferenceForm(request.args)
    if request.args and form.validate():
        report = find_report(form.reference.data)
        if report is not None:
            return redirect(url_for("moderation.report_status_page", reference=report.reference))
        form.reference.errors = [
            *form.reference.errors,
            _("No report has this reference number. Check it and try again."),
        ]
    return render_template("moderation/report_lookup.html", form=form)


@bp.route("/reports/<reference>")
@public
def report_status_page(reference: str):
    report = find_report(reference)
    if report is None:
        abort(404)
    return render_template("moderation/report_status.html", status=report_status(report))
