"""A counselor's own credentials and supervised hours, and the supervisor's attestation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from counsel_dir.accounts.models import User
from counsel_dir.audit.services import record
from counsel_dir.credentials.kinds import CredentialKind, CredentialStatus
from counsel_dir.credentials.models import AttestationState, Credential, SupervisedHours
from counsel_dir.credentials.recognition import assess_issuer, explain
from counsel_dir.credentials.services import issuer_registry
from counsel_dir.credentials.tiers import is_registered_supervisor
from counsel_dir.db import session, utcnow
from counsel_dir.directory.models import Counselor, ProfileStatus
from counsel_dir.directory.services import refresh_listing
from counsel_dir.i18n import N_
from counsel_dir.moderation.models import ItemKind
from counsel_dir.moderation.services import raise_item
from counsel_dir.notifications.services import notify
from counsel_dir.profiles.errors import AttestationNotAllowed, SupervisorNotEligible

CREDENTIAL_FIELDS = ("kind", "number", "issuer_name", "portal_url", "issued_on", "valid_until")

WRONG_ISSUER_FOR_KIND = N_(
    "The issuer you entered does not issue this kind of credential, so it cannot be "
    "verified as such. Check the kind and the issuer."
)
UNRECOGNIZED_KIND = N_(
    'You chose "other credential": only the three recognized issuers\' credentials count '
    "for a tier. A moderator will look at it, but it will not change your tier."
)


@dataclass(frozen=True)
class Assessment:
    """Whether a credential can count for a tier, and if not, why (msgids)."""

    counts: bool
    reasons: tuple[str, ...] = field(default_factory=tuple)


def assess_credential(kind: CredentialKind, issuer_name: str, portal_url: str | None) -> Assessment:
    """Recognition of a credential as entered, explained for the counselor."""
    registry = issuer_registry()
    recognition = assess_issuer(issuer_name, portal_url, registry)
    reasons = [explain(problem) for problem in recognition.reasons]
    if kind is CredentialKind.UNRECOGNIZED:
        return Assessment(False, (UNRECOGNIZED_KIND, *reasons))
    expected = registry.issuer_for(kind)
    if recognition.issuer is not None and expected is not None:
        if recognition.issuer is not expected.issuer:
            reasons.insert(0, WRONG_ISSUER_FOR_KIND)
    return Assessment(recognition.recognized and not reasons, tuple(reasons))


def default_issuer_name(kind: CredentialKind) -> str:
    """The issuer's Chinese name for a recognized kind ("" for an unrecognized one)."""
    issuer = issuer_registry().issuer_for(kind)
    return issuer.name_zh if issuer else ""


def _schedule(credential: Credential, assessment: Assessment) -> None:
    credential.status = CredentialStatus.PENDING
    credential.status_changed_at = utcnow()
    credential.consecutive_inconclusive = 0
    credential.lease_owner = None
    credential.lease_expires_at = None
    if assessment.counts:
        credential.next_check_due = utcnow()
    else:
        credential.next_check_due = None
        raise_item(
            ItemKind.UNRECOGNIZED_ISSUER,
            counselor_id=credential.counselor_id,
            credential_id=credential.id,
            summary="credential issuer not recognized",
        )


def add_credential(
    counselor: Counselor, user: User, values: dict[str, Any]
) -> tuple[Credential, Assessment]:
    """Add a credential, pending verification (or a moderator, if unrecognized)."""
    values = dict(values)
    values["issuer_name"] = values.get("issuer_name") or default_issuer_name(values["kind"])
    assessment = assess_credential(values["kind"], values["issuer_name"], values.get("portal_url"))
    credential = Credential(counselor_id=counselor.id, **values)
    session.add(credential)
    session.flush()
    _schedule(credential, assessment)
    record(
        "credential.added",
        "credential",
        credential.id,
        actor=user,
        fields=list(values),
        detail={"counselor_id": counselor.id, "counts": assessment.counts},
    )
    session.expire(counselor, ["credentials"])
    refresh_listing(counselor)
    return credential, assessment


def update_credential(
    credential: Credential, user: User, values: dict[str, Any]
) -> tuple[list[str], Assessment | None]:
    """Apply an edit; any change sends the credential back to pending verification."""
    values = dict(values)
    values["issuer_name"] = values.get("issuer_name") or default_issuer_name(values["kind"])
    changed = [name for name in CREDENTIAL_FIELDS if getattr(credential, name) != values[name]]
    if not changed:
        return [], None
    previous = credential.status
    for name in changed:
        setattr(credential, name, values[name])
    assessment = assess_credential(credential.kind, credential.issuer_name, credential.portal_url)
    _schedule(credential, assessment)
    record(
        "credential.updated",
        "credential",
        credential.id,
        actor=user,
        fields=[*changed, "status"],
        detail={"from": previous.value, "to": credential.status.value, "counts": assessment.counts},
    )
    refresh_listing(credential.counselor)
    return changed, assessment


def remove_credential(credential: Credential, user: User) -> None:
    """Delete a credential and its verification history from the listing."""
    counselor = credential.counselor
    record(
        "credential.removed",
        "credential",
        credential.id,
        actor=user,
        detail={"counselor_id": counselor.id, "kind": credential.kind.value},
    )
    session.delete(credential)
    session.flush()
    session.expire(counselor, ["credentials"])
    refresh_listing(counselor)


def eligible_supervisors(exclude: Counselor | None = None) -> list[Counselor]:
    """Active counselors holding a verified, unexpired registered-supervisor registration."""
    candidates = session.scalars(
        select(Counselor)
        .join(Credential, Credential.counselor_id == Counselor.id)
        .where(
            Credential.kind == CredentialKind.CPS_REGISTERED_SUPERVISOR,
            Credential.status == CredentialStatus.VERIFIED,
            Counselor.status == ProfileStatus.ACTIVE,
        )
        .order_by(Counselor.display_name, Counselor.id)
    ).unique()
    today = date.today()
    return [
        counselor
        for counselor in candidates
        if (exclude is None or counselor.id != exclude.id)
        and is_registered_supervisor(counselor.credentials, today)
    ]


def is_supervisor(counselor: Counselor | None) -> bool:
    """Whether this listing may attest other counselors' supervised hours."""
    return counselor is not None and is_registered_supervisor(counselor.credentials, date.today())


def log_hours(counselor: Counselor, user: User, values: dict[str, Any]) -> SupervisedHours:
    """Record supervised hours, pending the chosen supervisor's attestation."""
    supervisor = session.get(Counselor, values["supervisor_id"])
    if supervisor is None or supervisor not in eligible_supervisors(exclude=counselor):
        raise SupervisorNotEligible(
            N_("Choose a supervisor who is a verified registered supervisor in the directory.")
        )
    entry = SupervisedHours(
        counselor_id=counselor.id,
        supervisor_id=supervisor.id,
        period_start=values["period_start"],
        period_end=values["period_end"],
        hours=values["hours"],
        description=values.get("description") or "",
    )
    session.add(entry)
    session.flush()
    record(
        "hours.logged",
        "supervised_hours",
        entry.id,
        actor=user,
        fields=["period_start", "period_end", "hours", "supervisor_id", "description"],
    )
    if supervisor.owner_id is not None:
        notify(
            supervisor.owner_id,
            "hours_to_attest",
            N_("%(name)s asks you to attest %(hours)s supervised hours."),
            name=counselor.display_name,
            hours=entry.hours,
        )
    return entry


def withdraw_hours(entry: SupervisedHours, user: User) -> None:
    """Withdraw an entry the supervisor has not decided yet."""
    if entry.state is not AttestationState.PENDING:
        raise AttestationNotAllowed(
            N_("Only hours still waiting for the supervisor can be withdrawn.")
        )
    record("hours.withdrawn", "supervised_hours", entry.id, actor=user)
    session.delete(entry)
    session.flush()


def hours_to_attest(supervisor: Counselor) -> list[SupervisedHours]:
    """Entries waiting for this supervisor's decision, oldest first."""
    return list(
        session.scalars(
            select(SupervisedHours)
            .where(
                SupervisedHours.supervisor_id == supervisor.id,
                SupervisedHours.state == AttestationState.PENDING,
            )
            .order_by(SupervisedHours.created_at, SupervisedHours.id)
        )
    )


def decide_hours(
    entry: SupervisedHours, supervisor: Counselor, user: User, *, attest: bool
) -> None:
    """The supervisor attests or declines an entry; attested hours count for tier 3."""
    if entry.supervisor_id != supervisor.id or entry.state is not AttestationState.PENDING:
        raise AttestationNotAllowed(N_("This entry is not waiting for your decision."))
    if not is_supervisor(supervisor):
        raise AttestationNotAllowed(
            N_("Only a verified registered supervisor can attest supervised hours.")
        )
    entry.state = AttestationState.ATTESTED if attest else AttestationState.DECLINED
    entry.decided_at = utcnow()
    record(
        "hours.attested" if attest else "hours.declined",
        "supervised_hours",
        entry.id,
        actor=user,
        fields=["state"],
        detail={"counselor_id": entry.counselor_id},
    )
    trainee = entry.counselor
    if trainee.owner_id is not None:
        notify(
            trainee.owner_id,
            "hours_decided",
            N_("%(supervisor)s attested %(hours)s of your supervised hours.")
            if attest
            else N_("%(supervisor)s declined to attest %(hours)s of your supervised hours."),
            supervisor=supervisor.display_name,
            hours=entry.hours,
        )
    refresh_listing(trainee)
