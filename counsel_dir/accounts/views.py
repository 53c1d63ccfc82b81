"""Signing up, confirming the address, logging in and out, and resetting a password."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from counsel_dir.accounts import services
from counsel_dir.accounts.auth import current_user, login_required, logout_user, public
from counsel_dir.accounts.erasure import delete_account
from counsel_dir.accounts.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    DeleteAccountForm,
    EmailOnlyForm,
    LoginForm,
    ResetPasswordForm,
    SignupForm,
)
from counsel_dir.accounts.tokens import InvalidToken
from counsel_dir.db import session

bp = Blueprint("accounts", __name__, url_prefix="/account")

DASHBOARD_PATH = "/me"
MODERATION_PATH = "/moderation/"


def _safe_next(target: str | None) -> str | None:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


def _landing_page() -> str:
    user = current_user()
    if user is not None and user.is_moderator:
        return MODERATION_PATH
    return DASHBOARD_PATH


def _token_failure(error: InvalidToken, template: str, **context: object):
    return render_template(template, expired=error.expired, invalid=True, **context), 400


@bp.route("/signup", methods=["GET", "POST"])
@public
def signup():
    if current_user() is not None:
        return redirect(_landing_page())
    form = SignupForm()
    if form.validate_on_submit():
        try:
            services.sign_up(form.email.data, form.password.data)
        except services.AccountError as error:
            form.password.errors.append(error.text())
        else:
            session.commit()
            return redirect(url_for("accounts.signup_sent"))
    return render_template("accounts/signup.html", form=form)


@bp.route("/signup/sent")
@public
def signup_sent():
    return render_template("accounts/signup_sent.html")


@bp.route("/confirm/<token>")
@public
def confirm_email(token: str):
    try:
        services.confirm_email(token)
    except InvalidToken as error:
        return _token_failure(error, "accounts/confirm_failed.html", form=EmailOnlyForm())
    session.commit()
    flash(_("Thank you, your email address is confirmed. Please log in."), "success")
    if current_user() is not None:
        return redirect(_landing_page())
    return redirect(url_for("accounts.login", next=DASHBOARD_PATH))


@bp.route("/confirm/resend", methods=["GET", "POST"])
@public
def resend_confirmation():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        services.resend_confirmation(form.email.data)
        session.commit()
        flash(
            _("If this address has an account waiting for confirmation, a new link is on its way."),
            "info",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/resend.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    next_page = _safe_next(request.args.get("next"))
    if current_user() is not None:
        return redirect(next_page or _landing_page())
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            services.log_in(form.email.data, form.password.data, request.remote_addr)
        except services.LoginLocked as error:
            form.password.errors.append(error.text())
            status = 429
        except services.AccountError as error:
            form.password.errors.append(error.text())
            unconfirmed = isinstance(error, services.EmailNotConfirmed)
            session.commit()
            return render_template("accounts/login.html", form=form, unconfirmed=unconfirmed)
        else:
            session.commit()
            return redirect(next_page or _landing_page())
    return render_template("accounts/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@public
def logout():
    logout_user()
    session.commit()
    flash(_("You are logged out."), "info")
    return redirect(url_for("directory.home"))


@bp.route("/reset", methods=["GET", "POST"])
@public
def request_reset():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        session.commit()
        return redirect(url_for("accounts.reset_sent"))
    return render_template("accounts/reset_request.html", form=form)


@bp.route("/reset/sent")
@public
def reset_sent():
    return render_template("accounts/reset_sent.html")


@bp.route("/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    try:
        services.user_for_reset_token(token)
    except InvalidToken as error:
        return _token_failure(error, "accounts/reset_failed.html")
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except services.AccountError as error:
            form.password.errors.append(error.text())
        else:
            logout_user()
            session.commit()
            flash(_("Your password is changed. Please log in with the new one."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


def _settings_page(email_form=None, password_form=None, status: int = 200):  # type: ignore[no-untyped-def]
    return (
        render_template(
            "accounts/settings.html",
            email_form=email_form or ChangeEmailForm(formdata=None),
            password_form=password_form or ChangePasswordForm(formdata=None),
        ),
        status,
    )


@bp.route("/settings")
@login_required
def settings():
    return _settings_page()


@bp.route("/settings/email", methods=["POST"])
@login_required
def change_email():
    form = ChangeEmailForm()
    if not form.validate_on_submit():
        return _settings_page(email_form=form)
    try:
        services.request_email_change(
            current_user(), form.new_email.data, form.email_password.data, request.remote_addr
        )
    except services.AccountError as error:
        session.commit()  # keep the failed-password count
        field = form.email_password if isinstance(error, services.WrongPassword) else form.new_email
        field.errors.append(error.text())
        status = 429 if isinstance(error, services.LoginLocked) else 200
        return _settings_page(email_form=form, status=status)
    session.commit()
    flash(_("We sent a link to the new address. Your email changes once you open it."), "info")
    return redirect(url_for("accounts.settings"))


@bp.route("/settings/password", methods=["POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        return _settings_page(password_form=form)
    try:
        services.change_password(
            current_user(),
            form.current_password.data,
            form.new_password.data,
            request.remote_addr,
        )
    except services.AccountError as error:
        session.commit()
        field = (
            form.new_password if isinstance(error, services.WeakPassword) else form.current_password
        )
        field.errors.append(error.text())
        status = 429 if isinstance(error, services.LoginLocked) else 200
        return _settings_page(password_form=form, status=status)
    session.commit()
    flash(_("Your password is changed. Every other session was logged out."), "success")
    return redirect(url_for("accounts.settings"))


@bp.route("/email/confirm/<token>")
@public
def confirm_email_change(token: str):
    try:
        services.confirm_email_change(token)
    except InvalidToken as error:
        return _token_failure(error, "accounts/change_email_failed.html")
    except services.EmailTaken as error:
        return render_template(
            "accounts/change_email_failed.html", taken=True, message=error.text()
        ), 409
    session.commit()
    flash(_("Your email address is changed."), "success")
    if current_user() is not None:
        return redirect(url_for("accounts.settings"))
    return redirect(url_for("accounts.login"))


@bp.route("/delete", methods=["GET", "POST"])
@login_required
def delete():
    form = DeleteAccountForm()
    status = 200
    if form.validate_on_submit():
        user = current_user()
        try:
            services.check_current_password(user, form.delete_password.data, request.remote_addr)
        except services.AccountError as error:
            session.commit()
            form.delete_password.errors.append(error.text())
            status = 429 if isinstance(error, services.LoginLocked) else 200
        else:
            delete_account(user)
            session.commit()
            flash(_("Your account and your listing are deleted."), "success")
            return redirect(url_for("directory.home"))
    return render_template("accounts/delete.html", form=form), status
