"""One check as plain data: what to ask which channel, and asking it (no database).

A worker thread carries a :class:`CheckJob` to the channel; the resident ID number
travels sealed and is opened only for the call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from counsel_dir.credentials.kinds import Issuer
from counsel_dir.credentials.models import Credential
from counsel_dir.credentials.services import issuer_registry
from counsel_dir.credentials.vault import IdentityVault, VaultError
from counsel_dir.verification.answers import ChannelAnswer, Claim, Verdict
from counsel_dir.verification.clients import ChannelClient, Lookup


class Route(StrEnum):
    """Where a due credential goes."""

    CHANNEL = "channel"
    UNRECOGNIZED = "unrecognized"
    NO_INTEGRATION = "no_integration"
    NO_RESIDENT_ID = "no_resident_id"


@dataclass(frozen=True)
class CheckJob:
    """One claimed check, as plain data that a worker thread can carry to the channel."""

    credential_id: int
    issuer: Issuer | None
    claim: Claim
    due_at: datetime | None
    lease_owner: str | None = None
    sealed_resident_id: bytes | None = field(default=None, repr=False)


def job_for(credential: Credential, lease_owner: str | None = None) -> CheckJob:
    """The check of a credential as it stands now."""
    issuer = issuer_registry().issuer_for(credential.kind)
    return CheckJob(
        credential_id=credential.id,
        issuer=issuer.issuer if issuer else None,
        claim=Claim(
            kind=credential.kind.value,
            number=credential.number,
            name=credential.counselor.display_name,
        ),
        due_at=credential.next_check_due,
        lease_owner=lease_owner,
        sealed_resident_id=credential.counselor.resident_id_sealed,
    )


def route_for(job: CheckJob, clients: dict[Issuer, ChannelClient]) -> Route:
    """Unrecognized credentials never reach a channel; missing integrations go to people."""
    if job.issuer is None:
        return Route.UNRECOGNIZED
    client = clients.get(job.issuer)
    if client is None:
        return Route.NO_INTEGRATION
    if client.needs_resident_id and not job.sealed_resident_id:
        return Route.NO_RESIDENT_ID
    return Route.CHANNEL


def perform_check(
    job: CheckJob, client: ChannelClient, vault: IdentityVault, today: date
) -> ChannelAnswer:
    """Ask the channel (no database here). The ID number is unsealed only for the call."""
    if not client.needs_resident_id:
        return client.lookup(Lookup(job.claim), today)
    try:
        lookup = Lookup(job.claim, vault.unseal(job.sealed_resident_id or b""))
    except VaultError:
        return ChannelAnswer(Verdict.INCONCLUSIVE, reason="resident_id_unreadable", attempts=0)
    try:
        return client.lookup(lookup, today)
    finally:
        del lookup
