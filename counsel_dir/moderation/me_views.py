"""The counselor's side: the moderators' questions to answer, and appeals."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from counsel_dir.accounts.auth import current_user, login_required
from counsel_dir.accounts.models import User
from counsel_dir.db import session
from counsel_dir.directory.models import Counselor
from counsel_dir.moderation.counselor_side import (
    AlreadyAppealed,
    appealable_decisions,
    file_appeal,
    info_requests,
    own_counselor,
    reply_to_request,
)
from counsel_dir.moderation.forms import AppealForm, ReplyForm
from counsel_dir.moderation.models import InfoRequest, ModerationDecision
from counsel_dir.moderation.services import ModerationError
from counsel_dir.moderation.views import bp


def _me() -> tuple[User, Counselor]:
    user = current_user()
    counselor = own_counselor(user) if user is not None else None
    if user is None or counselor is None:
        abort(404)
    return user, counselor


def _requests_page(counselor: Counselor, forms: dict[int, ReplyForm] | None = None, status=200):
    requests = info_requests(counselor)
    forms = forms or {}
    for request in requests:
        if request.replied_at is None and request.id not in forms:
            forms[request.id] = ReplyForm(formdata=None, prefix=f"r{request.id}")
    page = render_template("moderation/me_requests.html", requests=requests, forms=forms)
    return page, status


@bp.route("/me/requests")
@login_required
def my_requests():
    _user, counselor = _me()
    return _requests_page(counselor)


@bp.route("/me/requests/<int:request_id>/reply", methods=["POST"])
@login_required
def reply(request_id: int):
    user, counselor = _me()
    info = session.get(InfoRequest, request_id)
    if info is None or info.counselor_id != counselor.id:
        abort(404)
    form = ReplyForm(prefix=f"r{info.id}")
    if not form.validate():
        return _requests_page(counselor, {info.id: form}, status=400)
    try:
        reply_to_request(info, user, form.reply.data)
    except ModerationError as error:
        session.rollback()
        flash(_(error.message), "error")
        return redirect(url_for("moderation.my_requests"))
    session.commit()
    flash(_("Thank you. Your answer was sent to the moderator."), "success")
    return redirect(url_for("moderation.my_requests"))


def _appeals_page(counselor: Counselor, forms: dict[int, AppealForm] | None = None, status=200):
    decisions = appealable_decisions(counselor)
    forms = forms or {}
    for entry in decisions:
        if entry.appeal is None and entry.decision.id not in forms:
            forms[entry.decision.id] = AppealForm(formdata=None, prefix=f"d{entry.decision.id}")
    page = render_template("moderation/me_appeals.html", decisions=decisions, forms=forms)
    return page, status


@bp.route("/me/appeals")
@login_required
def my_appeals():
    _user, counselor = _me()
    return _appeals_page(counselor)


@bp.route("/me/appeals/<int:decision_id>", methods=["POST"])
@login_required
def appeal(decision_id: int):
    user, counselor = _me()
    decision = session.get(ModerationDecision, decision_id)
    if decision is None or decision.counselor_id != counselor.id:
        abort(404)
    form = AppealForm(prefix=f"d{decision.id}")
    if not form.validate():
        return _appeals_page(counselor, {decision.id: form}, status=400)
    try:
        file_appeal(decision, user, form.statement.data)
        session.commit()
    except ModerationError as error:
        session.rollback()
        flash(_(error.message), "error")
        return redirect(url_for("moderation.my_appeals"))
    except IntegrityError:
        session.rollback()
        flash(_(AlreadyAppealed.message), "error")
        return redirect(url_for("moderation.my_appeals"))
    flash(_("Your appeal was sent. A different moderator will review it."), "success")
    return redirect(url_for("moderation.my_appeals"))
