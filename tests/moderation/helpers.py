"""Steps the moderation stories share: report, take an item, decide on it."""

from __future__ import annotations

import re

from sqlalchemy import select

from counsel_dir.db import session
from counsel_dir.moderation.models import Report


def report(client, counselor, credential=None, reason="fake_or_borrowed", text=None) -> Report:
    """File a report through the public form and return the stored report."""
    url = f"/counselors/{counselor.slug}/report"
    if credential is not None:
        url = f"/counselors/{counselor.slug}/credentials/{credential.id}/report"
    response = client.post(
        url,
        data={"reason": reason, "description": text or "This certificate does not look real."},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    reference = re.search(r"/reports/(R[A-Z0-9]{10})", response.headers["Location"]).group(1)
    return session.scalars(select(Report).where(Report.reference == reference)).one()


def take(browser, item_id: int):
    """Assign the item to the moderator of this browser."""
    return browser.post(f"/moderation/items/{item_id}/assign")


def decide(
    browser, item_id: int, decision: str, reason: str = "Checked on the official channel.", **fields
):
    """Post a decision on an item."""
    data = {"decision": decision, "reason": reason}
    data.update({name: str(value) for name, value in fields.items()})
    return browser.post(f"/moderation/items/{item_id}/decide?lang=en", data=data)
