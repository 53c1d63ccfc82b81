"""The development-only outbox page: read the mails the site sent, links included."""

from __future__ import annotations

import os
import re

from flask import Blueprint, abort, current_app, render_template
from sqlalchemy import select

from counsel_dir.accounts.auth import public
from counsel_dir.db import session
from counsel_dir.notifications.models import OutboxMail

bp = Blueprint("notifications", __name__)

SHOWN = 50
_LINK = re.compile(r"https?://[^\s<>\"']+")


@bp.route("/dev/outbox")
@public
def dev_outbox():
    if not current_app.config.get("DEV_PAGES") or os.environ.get("COUNSEL_ENV") == "production":
        abort(404)
    mails = session.scalars(select(OutboxMail).order_by(OutboxMail.id.desc()).limit(SHOWN)).all()
    entries = [(mail, _LINK.findall(mail.body)) for mail in mails]
    return render_template("notifications/outbox.html", entries=entries)
