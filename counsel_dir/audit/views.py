"""The admins' audit log viewer: filters, pages, and a CSV export of the same selection."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request
from sqlalchemy import select

from counsel_dir.accounts.auth import current_user, roles_required
from counsel_dir.accounts.models import Role, User
from counsel_dir.audit.services import AuditFilters, audit_query, export_csv, record
from counsel_dir.db import session, utcnow
from counsel_dir.pagination import page_number_from_request, paginate

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")


@bp.route("/")
@roles_required(Role.ADMIN)
def log():
    filters = AuditFilters.from_args(request.args)
    page = paginate(audit_query(filters), page_number_from_request(), 50)
    actor_ids = {entry.actor_id for entry in page.items if entry.actor_id}
    actors = (
        {u.id: u for u in session.scalars(select(User).where(User.id.in_(actor_ids)))}
        if actor_ids
        else {}
    )
    return render_template("audit/log.html", page=page, filters=filters, actors=actors)


@bp.route("/export.csv")
@roles_required(Role.ADMIN)
def export():
    filters = AuditFilters.from_args(request.args)
    body = "".join(export_csv(audit_query(filters)))
    record(
        "audit.exported",
        "audit_entry",
        None,
        actor=current_user(),
        detail={k: str(v) for k, v in vars(filters).items() if v not in ("", None)},
    )
    session.commit()
    current_app.logger.info("audit_exported by=%s", getattr(current_user(), "id", None))
    stamp = utcnow().strftime("%Y%m%d-%H%M%S")
    return Response(
        "\ufeff" + body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="audit-{stamp}.csv"'},
    )
