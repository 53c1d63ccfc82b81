"""The counselor's resident ID number for the official checks: give it, replace it, erase it."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from counsel_dir.accounts.auth import login_required
from counsel_dir.db import session
from counsel_dir.profiles import identity
from counsel_dir.profiles.forms import ConfirmForm, ResidentIdForm
from counsel_dir.profiles.views import bp, error_text, me, my_listing


@bp.route("/me/resident-id", methods=["GET", "POST"])
@login_required
def resident_id():
    counselor = my_listing()
    form = ResidentIdForm()
    if form.validate_on_submit():
        try:
            identity.store_resident_id(counselor, me(), form.resident_id.data)
        except identity.ResidentIdHeldElsewhere as error:
            session.commit()
            form.form_errors.append(error_text(error))
        else:
            session.commit()
            flash(
                _(
                    "Your resident ID number is stored encrypted. Your credentials from the "
                    "Ministry of Human Resources and Social Security and the Chinese Academy of "
                    "Sciences will now be checked with their official channels."
                ),
                "info",
            )
            return redirect(url_for("profiles.dashboard"))
    status = 400 if request.method == "POST" else 200
    return (
        render_template(
            "profiles/resident_id.html",
            form=form,
            masked=identity.masked_resident_id(counselor),
        ),
        status,
    )


@bp.route("/me/resident-id/delete", methods=["GET", "POST"])
@login_required
def delete_resident_id():
    counselor = my_listing()
    if counselor.resident_id_sealed is None and counselor.resident_id_hash is None:
        return redirect(url_for("profiles.dashboard"))
    if request.method == "GET":
        return render_template(
            "profiles/confirm.html",
            form=ConfirmForm(),
            question=_(
                "Delete your resident ID number? Your credentials from the Ministry of Human "
                "Resources and Social Security and the Chinese Academy of Sciences can then only "
                "be checked by a moderator by hand."
            ),
            action=_("Delete my resident ID number"),
        )
    if ConfirmForm().validate_on_submit():
        if identity.erase_resident_id(counselor, me()):
            session.commit()
            flash(
                _(
                    "Your resident ID number is deleted. Credentials from the Ministry of Human "
                    "Resources and Social Security and the Chinese Academy of Sciences can now "
                    "only be checked by a moderator by hand, which takes longer."
                ),
                "info",
            )
    return redirect(url_for("profiles.dashboard"))
