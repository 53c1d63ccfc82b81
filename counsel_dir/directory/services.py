"""Listing rules applied to stored profiles: tier, visibility, lookups for the public pages."""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from counsel_dir.credentials.models import AttestationState, SupervisedHours
from counsel_dir.credentials.tiers import compute_tier
from counsel_dir.db import session
from counsel_dir.directory.models import Counselor, ProfileStatus
from counsel_dir.search.queue import enqueue_reindex


def attested_hours(counselor_id: int) -> float:
    """Supervised hours of this counselor that a supervisor has attested."""
    total = session.scalar(
        select(func.coalesce(func.sum(SupervisedHours.hours), 0)).where(
            SupervisedHours.counselor_id == counselor_id,
            SupervisedHours.state == AttestationState.ATTESTED,
        )
    )
    return float(total or 0)


def refresh_listing(counselor: Counselor, today: date | None = None) -> bool:
    """Recompute tier and visibility and queue the search document; return whether listed.

    Call it after any change to a profile, its credentials or its supervised hours.
    """
    today = today or date.today()
    session.flush()
    tier = compute_tier(
        counselor.credentials,
        attested_supervised_hours=attested_hours(counselor.id),
        today=today,
        min_supervised_hours=current_app.config["MIN_SUPERVISED_HOURS"],
    )
    counselor.tier = int(tier) if tier is not None else None
    counselor.is_listed = tier is not None and counselor.status is ProfileStatus.ACTIVE
    enqueue_reindex(counselor.id)
    session.flush()
    return counselor.is_listed


def listed_counselors() -> Select[tuple[Counselor]]:
    """Publicly listed counselors, best tier first."""
    return (
        select(Counselor)
        .where(Counselor.is_listed.is_(True))
        .order_by(Counselor.tier, Counselor.display_name, Counselor.id)
    )


def get_listed_by_slug(slug: str) -> Counselor | None:
    """A listed counselor with their credentials and verification history loaded."""
    return session.scalars(
        select(Counselor)
        .where(Counselor.slug == slug, Counselor.is_listed.is_(True))
        .options(selectinload(Counselor.credentials))
    ).first()
