"""The moderators' pages: the second factor, the queue, an item and its decisions.

Public reporting lives in ``report_views``, the counselor's side in ``me_views``; both
add their routes to this blueprint.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from counsel_dir.accounts.auth import roles_required
from counsel_dir.accounts.models import Role, User
from counsel_dir.credentials.models import Credential
from counsel_dir.credentials.services import issuer_registry
from counsel_dir.db import session
from counsel_dir.directory.models import Counselor
from counsel_dir.moderation import labels
from counsel_dir.moderation.claims import claim_evidence
from counsel_dir.moderation.decisions import allowed_decisions, decide
from counsel_dir.moderation.forms import ActionForm, CodeForm, DecisionForm, FlagForm
from counsel_dir.moderation.models import (
    Decision,
    InfoRequest,
    ItemKind,
    ModerationDecision,
    ModerationItem,
    Report,
    ReportReason,
)
from counsel_dir.moderation.queue import (
    AGE_CHOICES,
    QueueFilters,
    appeal_for,
    assign_to_self,
    may_see,
    queue_statement,
    release,
)
from counsel_dir.moderation.reports import flag_by_moderator
from counsel_dir.moderation.second_factor import (
    TooManyAttempts,
    current_moderator,
    has_second_factor,
    is_enrolled,
    moderator_with_second_factor,
    pending_secret,
    provisioning_uri,
    qr_code_data_uri,
    secret_for_display,
    verify_code,
)
from counsel_dir.moderation.services import ModerationError
from counsel_dir.pagination import page_number_from_request, paginate

bp = Blueprint("moderation", __name__)


@bp.app_context_processor
def _inject_labels() -> dict[str, object]:
    return {"moderation_labels": labels}


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("moderation.queue")


def _error_text(error: ModerationError) -> str:
    return _(error.message, **error.params)


@bp.route("/moderation/2fa", methods=["GET", "POST"])
@roles_required(Role.MODERATOR)
def second_factor():
    user = current_moderator()
    if has_second_factor():
        return redirect(_safe_next(request.args.get("next")))
    form = CodeForm()
    enrolling = not is_enrolled(user)
    secret = pending_secret(user) if enrolling else None
    if form.validate_on_submit():
        try:
            verify_code(user, form.code.data)
        except ModerationError as error:
            session.commit()
            form.code.errors.append(_error_text(error))
            status = 429 if isinstance(error, TooManyAttempts) else 200
            return _render_second_factor(form, user, secret), status
        session.commit()
        flash(_("Second factor confirmed."), "success")
        return redirect(_safe_next(request.args.get("next")))
    session.commit()
    return _render_second_factor(form, user, secret)


def _render_second_factor(form: CodeForm, user: User, secret: str | None) -> str:
    return render_template(
        "moderation/second_factor.html",
        form=form,
        enrolling=secret is not None,
        secret=secret_for_display(secret) if secret else None,
        uri=provisioning_uri(user, secret) if secret else None,
        qr_code=qr_code_data_uri(provisioning_uri(user, secret)) if secret else None,
    )


@bp.route("/moderation/")
@moderator_with_second_factor
def queue():
    filters = QueueFilters.from_args(request.args)
    page = paginate(
        queue_statement(filters, current_moderator()),
        page_number_from_request(),
        current_app.config["PER_PAGE"],
    )
    counselors = {
        c.id: c
        for c in session.scalars(
            select(Counselor).where(
                Counselor.id.in_({i.counselor_id for i in page.items if i.counselor_id})
            )
        )
    }
    assignees = {
        u.id: u
        for u in session.scalars(
            select(User).where(User.id.in_({i.assignee_id for i in page.items if i.assignee_id}))
        )
    }
    return render_template(
        "moderation/queue.html",
        page=page,
        filters=filters,
        counselors=counselors,
        assignees=assignees,
        kinds=list(ItemKind),
        reasons=list(ReportReason),
        ages=AGE_CHOICES,
        me=current_moderator(),
    )


def _item_or_404(item_id: int) -> ModerationItem:
    item = session.get(ModerationItem, item_id)
    if item is None or not may_see(item, current_moderator()):
        abort(404)
    return item


def _credential_choices(counselor: Counselor | None) -> list[tuple[str, str]]:
    if counselor is None:
        return []
    registry = issuer_registry()
    return [
        (str(c.id), f"{_(registry.kind_info(c.kind).name_en)} · {c.number}")
        for c in counselor.credentials
    ]


def _item_page(
    item: ModerationItem,
    decision_form: DecisionForm | None = None,
    flag_form: FlagForm | None = None,
    status: int = 200,
):
    counselor = session.get(Counselor, item.counselor_id) if item.counselor_id else None
    choices = _credential_choices(counselor)
    if decision_form is None:
        decision_form = DecisionForm(formdata=None, credential_id=str(item.credential_id or ""))
    decisions = allowed_decisions(item)
    decision_form.set_choices(decisions, choices)
    if flag_form is None:
        flag_form = FlagForm(formdata=None)
    flag_form.set_choices(choices)
    earlier = []
    if counselor is not None:
        earlier = session.scalars(
            select(Report)
            .where(
                Report.counselor_id == counselor.id,
                Report.honeypot_tripped.is_(False),
                (Report.item_id != item.id) | Report.item_id.is_(None),
            )
            .order_by(Report.created_at.desc())
        ).all()
    users = _users_by_id(
        {r.reporter_id for r in [*item.reports, *earlier] if r.reporter_id}
        | {item.assignee_id} - {None}
    )
    appeal = appeal_for(item)
    appeal_moderator = None
    if appeal is not None and appeal.decision.moderator_id is not None:
        appeal_moderator = session.get(User, appeal.decision.moderator_id)
    about_a_claim = item.kind in (
        ItemKind.CLAIM_REVIEW,
        ItemKind.CLAIM_DISPUTE,
        ItemKind.FAILED_CLAIMS,
    )
    page = render_template(
        "moderation/item.html",
        item=item,
        counselor=counselor,
        focus=session.get(Credential, item.credential_id) if item.credential_id else None,
        registry=issuer_registry(),
        earlier=earlier,
        users=users,
        appeal=appeal,
        appeal_moderator=appeal_moderator,
        evidence=claim_evidence(item.subject_id) if about_a_claim else None,
        requests=session.scalars(
            select(InfoRequest).where(InfoRequest.item_id == item.id).order_by(InfoRequest.id)
        ).all(),
        history=session.scalars(
            select(ModerationDecision)
            .where(ModerationDecision.item_id == item.id)
            .order_by(ModerationDecision.id)
        ).all(),
        decision_form=decision_form,
        checks_credentials=bool(
            {Decision.CONFIRM_CREDENTIAL, Decision.REVOKE_CREDENTIAL} & set(decisions)
        ),
        flag_form=flag_form,
        action_form=ActionForm(formdata=None),
        me=current_moderator(),
    )
    return page, status


def _users_by_id(ids: set[int | None]) -> dict[int, User]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {u.id: u for u in session.scalars(select(User).where(User.id.in_(wanted)))}


@bp.route("/moderation/items/<int:item_id>")
@moderator_with_second_factor
def item(item_id: int):
    return _item_page(_item_or_404(item_id))


@bp.route("/moderation/items/<int:item_id>/assign", methods=["POST"])
@moderator_with_second_factor
def assign(item_id: int):
    item = _item_or_404(item_id)
    try:
        assign_to_self(item, current_moderator())
    except ModerationError as error:
        session.rollback()
        flash(_error_text(error), "error")
        return redirect(url_for("moderation.item", item_id=item_id))
    session.commit()
    flash(_("The item is assigned to you."), "success")
    return redirect(url_for("moderation.item", item_id=item_id))


@bp.route("/moderation/items/<int:item_id>/release", methods=["POST"])
@moderator_with_second_factor
def release_item(item_id: int):
    item = _item_or_404(item_id)
    try:
        release(item, current_moderator())
    except ModerationError as error:
        session.rollback()
        flash(_error_text(error), "error")
        return redirect(url_for("moderation.item", item_id=item_id))
    session.commit()
    flash(_("The item is back in the queue."), "info")
    return redirect(url_for("moderation.queue"))


@bp.route("/moderation/items/<int:item_id>/decide", methods=["POST"])
@moderator_with_second_factor
def decide_item(item_id: int):
    item = _item_or_404(item_id)
    counselor = session.get(Counselor, item.counselor_id) if item.counselor_id else None
    form = DecisionForm()
    form.set_choices(allowed_decisions(item), _credential_choices(counselor))
    if not form.validate():
        return _item_page(item, decision_form=form, status=400)
    try:
        decide(
            item,
            current_moderator(),
            Decision(form.decision.data),
            form.reason.data,
            credential_id=int(form.credential_id.data) if form.credential_id.data else None,
            dispute_winner=form.dispute_winner.data or None,
            evidence=form.evidence.data or None,
        )
    except ModerationError as error:
        session.rollback()
        flash(_error_text(error), "error")
        return _item_page(_item_or_404(item_id), decision_form=form, status=400)
    session.commit()
    flash(_("Decision recorded."), "success")
    return redirect(url_for("moderation.item", item_id=item_id))


@bp.route("/moderation/items/<int:item_id>/flag", methods=["POST"])
@moderator_with_second_factor
def flag(item_id: int):
    item = _item_or_404(item_id)
    counselor = session.get(Counselor, item.counselor_id) if item.counselor_id else None
    if counselor is None:
        abort(404)
    form = FlagForm()
    form.set_choices(_credential_choices(counselor))
    if not form.validate():
        return _item_page(item, flag_form=form, status=400)
    credential = None
    if form.credential_id.data:
        credential = session.get(Credential, int(form.credential_id.data))
        if credential is None or credential.counselor_id != counselor.id:
            abort(404)
    report = flag_by_moderator(
        current_moderator(),
        counselor,
        credential,
        ReportReason(form.reason.data),
        form.description.data,
    )
    session.commit()
    flash(_("Flag recorded as its own queue item."), "success")
    return redirect(url_for("moderation.item", item_id=report.item_id))


from counsel_dir.moderation import me_views, report_views  # noqa: E402,F401
