"""What ``flask demo-accounts`` prints: the demo logins and the listing to claim."""

from __future__ import annotations

from sqlalchemy import select

from counsel_dir.accounts.models import User
from counsel_dir.audit.models import AuditEntry
from counsel_dir.credentials.services import identity_vault
from counsel_dir.db import session
from counsel_dir.directory.models import Counselor
from counsel_dir.moderation.second_factor import DEMO_MODERATOR_EMAIL, DEMO_TOTP_SECRET
from seed.data import DEMO_PASSWORD
from seed.generator import demo_accounts
from seed.loader import SEEDED_ACTION


def demo_overview() -> str | None:
    """The printout, or None when no demo data was loaded.

    It holds the fake resident ID number of the "claim me" listing, unsealed from
    the database: print it to the developer's terminal only, never log it.
    """
    seeded = session.scalars(
        select(AuditEntry).where(AuditEntry.action == SEEDED_ACTION).order_by(AuditEntry.id.desc())
    ).first()
    if seeded is None:
        return None
    lines = [f"Demo accounts (password for all: {DEMO_PASSWORD})"]
    for account in demo_accounts():
        user = session.scalars(select(User).where(User.email == account.email)).first()
        if user is None:
            lines.append(f"  {account.email:<28} (missing)")
            continue
        owned = ""
        if user.counselor is not None:
            tier = user.counselor.tier
            owned = f"  /counselors/{user.counselor.slug} (tier {tier or '-'})"
        lines.append(f"  {account.email:<28} {account.role:<10} {account.description}{owned}")
    lines.extend(_second_factor())
    lines.extend(_claim_me(seeded.detail.get("claim_me")))
    return "\n".join(lines)


def _second_factor() -> list[str]:
    moderator = session.scalars(select(User).where(User.email == DEMO_MODERATOR_EMAIL)).first()
    if moderator is None or moderator.totp_secret_sealed is None:
        return []
    return [
        "",
        f"Moderator second factor: add the TOTP secret {DEMO_TOTP_SECRET} to an authenticator",
        "  app, or print the current code with: .venv/bin/python -c "
        f"\"import pyotp; print(pyotp.TOTP('{DEMO_TOTP_SECRET}').now())\"",
    ]


def _claim_me(slug: str | None) -> list[str]:
    counselor = session.scalars(select(Counselor).where(Counselor.slug == slug)).first()
    if counselor is None or not counselor.credentials:
        return []
    credential = counselor.credentials[0]
    lines = [
        "",
        f"Claim me: /counselors/{counselor.slug}  {counselor.display_name}",
        f"  {credential.kind.value} number: {credential.number}",
    ]
    if counselor.is_claimed:
        lines.append("  (already claimed)")
    elif counselor.resident_id_sealed is not None:
        resident = identity_vault().unseal(counselor.resident_id_sealed)
        lines.append(f"  resident ID number (fake, demo only): {resident}")
    return lines
