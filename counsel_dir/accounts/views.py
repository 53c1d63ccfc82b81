"""Logging in and out."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from counsel_dir.accounts.auth import current_user, login_user, logout_user, public
from counsel_dir.accounts.forms import LoginForm
from counsel_dir.accounts.services import authenticate
from counsel_dir.db import session

bp = Blueprint("accounts", __name__, url_prefix="/account")


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("directory.home")


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user() is not None:
        return redirect(_safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("Email or password is wrong."))
        else:
            login_user(user)
            session.commit()
            return redirect(_safe_next(request.args.get("next")))
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@public
def logout():
    logout_user()
    session.commit()
    flash(_("You are logged out."), "info")
    return redirect(url_for("directory.home"))
