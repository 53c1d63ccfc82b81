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


def revoke_and_appeal(client, moderator_client, owner_browser, counselor, credential):
    """A report leads to a revocation, the owner appeals, a second moderator takes the appeal.

    Returns the second moderator's browser and the appeal's queue item.
    """
    from counsel_dir.moderation.models import ItemKind, ModerationDecision, ModerationItem

    filed = report(client, counselor, credential)
    first = moderator_client()
    take(first, filed.item_id)
    decide(
        first,
        filed.item_id,
        "revoke_credential",
        reason="The issuer has no such record.",
        credential_id=credential.id,
    )
    decision = session.scalars(select(ModerationDecision)).one()
    owner_browser.post(
        f"/me/appeals/{decision.id}",
        data={f"d{decision.id}-statement": "The issuer mistyped my number; please look again."},
    )
    appeal_item = session.scalars(
        select(ModerationItem).where(ModerationItem.kind == ItemKind.APPEAL)
    ).one()
    second = moderator_client()
    take(second, appeal_item.id)
    return second, appeal_item
