"""The counselor's side: dashboard, listing, profile editing with preview, photo, export."""

from __future__ import annotations

import json
from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import select

from counsel_dir.accounts.auth import current_user, login_required, public, roles_required
from counsel_dir.accounts.models import Role, User
from counsel_dir.credentials.services import issuer_registry
from counsel_dir.credentials.tiers import requirements_for_better_tier
from counsel_dir.db import session
from counsel_dir.directory.models import Counselor
from counsel_dir.directory.services import attested_hours
from counsel_dir.notifications.models import Notice
from counsel_dir.profiles import identity, listings, photos, practice
from counsel_dir.profiles.errors import ProfileError
from counsel_dir.profiles.export import export_user_data
from counsel_dir.profiles.forms import ConfirmForm, PhotoForm, ProfileForm
from counsel_dir.profiles.services import claims_of

bp = Blueprint("profiles", __name__)


def me() -> User:
    user = current_user()
    if user is None:
        abort(404)
    return user


def my_listing() -> Counselor:
    """The logged-in user's listing; 404 when they have none."""
    counselor = me().counselor
    if counselor is None:
        abort(404)
    return counselor


def error_text(error: ProfileError, **params: object) -> str:
    """A domain error's message, translated."""
    params = {**getattr(error, "__dict__", {}), **params}
    return _(str(error), **params)


@bp.route("/me")
@login_required
def dashboard():
    user = me()
    counselor = user.counselor
    notices = session.scalars(
        select(Notice).where(Notice.user_id == user.id).order_by(Notice.created_at.desc()).limit(20)
    ).all()
    context: dict[str, object] = {
        "user": user,
        "counselor": counselor,
        "notices": notices,
        "claims": claims_of(user),
        "confirm_form": ConfirmForm(),
        "registry": issuer_registry(),
    }
    if counselor is not None:
        hours = attested_hours(counselor.id)
        context.update(
            requirements=[
                item.text(_)
                for item in requirements_for_better_tier(
                    counselor.credentials,
                    hours,
                    date.today(),
                    current_app.config["MIN_SUPERVISED_HOURS"],
                )
            ],
            attested=hours,
            reconfirm_by=listings.reconfirmation_due_at(counselor),
            is_supervisor=practice.is_supervisor(counselor),
            to_attest=practice.hours_to_attest(counselor),
            photo_form=PhotoForm(),
            masked_resident_id=identity.masked_resident_id(counselor),
            needs_resident_id=identity.needs_resident_id(counselor),
        )
    return render_template("profiles/dashboard.html", **context)


@bp.route("/me/listing/new", methods=["GET", "POST"])
@roles_required(Role.COUNSELOR)
def create_listing():
    user = me()
    if user.counselor is not None:
        return redirect(url_for("profiles.dashboard"))
    form = ProfileForm()
    if form.validate_on_submit():
        listings.create_listing(user, form.values())
        session.commit()
        flash(
            _("Your listing is created. Add your credentials so that it can be verified."), "info"
        )
        return redirect(url_for("profiles.dashboard"))
    return render_template("profiles/profile_form.html", form=form, creating=True)


@bp.route("/me/profile/edit", methods=["GET"])
@login_required
def edit_profile():
    counselor = my_listing()
    values = listings.profile_values(counselor)
    values["gender"] = values["gender"].value
    values["district"] = values["district"] or ""
    form = ProfileForm(data=values)
    return render_template("profiles/profile_form.html", form=form, creating=False)


@bp.route("/me/profile/preview", methods=["POST"])
@login_required
def preview_profile():
    counselor = my_listing()
    form = ProfileForm()
    if not form.validate_on_submit():
        return render_template("profiles/profile_form.html", form=form, creating=False), 400
    return render_template(
        "profiles/preview.html",
        form=form,
        preview=_preview_of(counselor, form),
        counselor=counselor,
        registry=issuer_registry(),
    )


def _preview_of(counselor: Counselor, form: ProfileForm) -> dict[str, object]:
    values = form.values()
    values.update(
        tier=counselor.tier,
        photo_filename=counselor.photo_filename,
        is_claimed=True,
        accepting_confirmed_at=counselor.accepting_confirmed_at,
    )
    return values


@bp.route("/me/profile/publish", methods=["POST"])
@login_required
def publish_profile():
    counselor = my_listing()
    form = ProfileForm()
    if not form.validate_on_submit():
        return render_template("profiles/profile_form.html", form=form, creating=False), 400
    if request.form.get("action") == "back":
        return render_template("profiles/profile_form.html", form=form, creating=False)
    changed = listings.update_profile(counselor, me(), form.values())
    session.commit()
    flash(_("Your profile is published.") if changed else _("Nothing was changed."), "info")
    return redirect(url_for("profiles.dashboard"))


@bp.route("/me/accepting/confirm", methods=["POST"])
@login_required
def confirm_accepting():
    counselor = my_listing()
    if ConfirmForm().validate_on_submit():
        listings.reconfirm_accepting(counselor, me())
        session.commit()
        flash(_("Thank you: your listing shows you are accepting new clients."), "info")
    return redirect(url_for("profiles.dashboard"))


@bp.route("/me/photo", methods=["POST"])
@login_required
def upload_photo():
    counselor = my_listing()
    form = PhotoForm()
    if form.validate_on_submit():
        try:
            photos.store_photo(counselor, me(), form.photo.data.stream)
        except photos.PhotoRejected as error:
            flash(error_text(error, megabytes=getattr(error, "megabytes", "")), "error")
            return redirect(url_for("profiles.dashboard"))
        session.commit()
        flash(_("Your photo is saved."), "info")
    else:
        for message in form.photo.errors:
            flash(message, "error")
    return redirect(url_for("profiles.dashboard"))


@bp.route("/me/photo/remove", methods=["GET", "POST"])
@login_required
def remove_photo():
    counselor = my_listing()
    if counselor.photo_filename is None:
        return redirect(url_for("profiles.dashboard"))
    if request.method == "GET":
        return render_template(
            "profiles/confirm.html",
            form=ConfirmForm(),
            question=_("Remove your photo from your listing?"),
            action=_("Remove photo"),
        )
    if ConfirmForm().validate_on_submit():
        photos.remove_photo(counselor, me())
        session.commit()
        flash(_("Your photo is removed."), "info")
    return redirect(url_for("profiles.dashboard"))


@bp.route("/photos/<name>")
@public
def photo(name: str):
    path = photos.photo_path(name)
    if path is None:
        abort(404)
    counselor = session.scalars(select(Counselor).where(Counselor.photo_filename == name)).first()
    user = current_user()
    own = counselor is not None and user is not None and counselor.owner_id == user.id
    if counselor is None or not (counselor.is_listed or own) or not path.is_file():
        abort(404)
    response = Response(path.read_bytes(), mimetype="image/jpeg")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = "inline"
    response.headers["Cache-Control"] = (
        "public, max-age=3600" if counselor.is_listed else "private, no-store"
    )
    return response


@bp.route("/me/export.json")
@login_required
def export():
    data = export_user_data(me())
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={
            "Content-Disposition": 'attachment; filename="counsel-directory-my-data.json"',
            "Cache-Control": "no-store",
        },
    )


from counsel_dir.profiles import views_claims, views_identity, views_practice  # noqa: E402, F401
