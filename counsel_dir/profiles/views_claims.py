"""Claiming a listing: find it by number, then prove "this is me"."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from counsel_dir.accounts.auth import roles_required
from counsel_dir.accounts.models import Role
from counsel_dir.db import session
from counsel_dir.directory.models import Counselor, ProfileStatus
from counsel_dir.profiles.errors import ClaimMismatch, ProfileError
from counsel_dir.profiles.forms import ClaimForm, ClaimSearchForm
from counsel_dir.profiles.services import check_can_claim, find_claimable_by_number, submit_claim
from counsel_dir.profiles.views import bp, error_text, me


@bp.route("/claim", methods=["GET", "POST"])
@roles_required(Role.COUNSELOR)
def find_listing():
    form = ClaimSearchForm()
    results: list[Counselor] | None = None
    if form.validate_on_submit():
        results = [
            c
            for c in find_claimable_by_number(form.number.data)
            if c.status is ProfileStatus.ACTIVE
        ]
    return render_template("profiles/claim_search.html", form=form, results=results)


@bp.route("/claim/<slug>", methods=["GET", "POST"])
@roles_required(Role.COUNSELOR)
def claim(slug: str):
    counselor = session.scalars(
        select(Counselor).where(Counselor.slug == slug, Counselor.status == ProfileStatus.ACTIVE)
    ).first()
    if counselor is None:
        abort(404)
    user = me()
    form = ClaimForm()
    blocked: str | None = None
    try:
        check_can_claim(user, counselor)
    except ProfileError as error:
        blocked = error_text(error)
    if blocked is None and form.validate_on_submit():
        try:
            claim = submit_claim(
                counselor,
                user,
                number=form.number.data,
                name=form.name.data,
                id_number=form.resident_id.data,
            )
        except ClaimMismatch as error:
            session.commit()
            form.form_errors.append(error_text(error))
        except ProfileError as error:
            session.commit()
            blocked = error_text(error)
        else:
            session.commit()
            if claim.is_dispute:
                flash(
                    _(
                        "This listing is already claimed, so a moderator will look into both "
                        "claims. We will tell you the outcome on your dashboard."
                    ),
                    "info",
                )
            else:
                flash(
                    _(
                        "Your details match this listing. A moderator will confirm your claim "
                        "shortly; we will tell you on your dashboard."
                    ),
                    "info",
                )
            return redirect(url_for("profiles.dashboard"))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "profiles/claim.html", form=form, counselor=counselor, blocked=blocked
    ), status
