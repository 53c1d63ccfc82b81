"""Which tier a counselor's credentials earn, and what would earn a better one.

Credentials arrive as any objects with ``kind``, ``status`` and ``valid_until``
(ORM rows included); nothing here touches the database.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Protocol

from counsel_dir.credentials.issuers import kind_info
from counsel_dir.credentials.kinds import CredentialKind, CredentialStatus, Tier
from counsel_dir.markers import N_

DEFAULT_MIN_SUPERVISED_HOURS = 50


class CredentialLike(Protocol):
    """What tier rules read from a credential."""

    @property
    def kind(self) -> CredentialKind: ...

    @property
    def status(self) -> CredentialStatus: ...

    @property
    def valid_until(self) -> date | None: ...


Hours = int | float | Decimal


def _kind(credential: CredentialLike) -> CredentialKind:
    try:
        return CredentialKind(credential.kind)
    except ValueError:
        return CredentialKind.UNRECOGNIZED


def _status(credential: CredentialLike) -> CredentialStatus | None:
    try:
        return CredentialStatus(credential.status)
    except ValueError:
        return None


def is_lapsed(credential: CredentialLike, today: date) -> bool:
    """Past its validity end date, or marked expired, whatever else the status says."""
    valid_until = credential.valid_until
    return _status(credential) is CredentialStatus.EXPIRED or (
        valid_until is not None and valid_until < today
    )


def is_in_force(credential: CredentialLike, today: date) -> bool:
    """Verified and not past its validity end date (the end date itself counts)."""
    return _status(credential) is CredentialStatus.VERIFIED and not is_lapsed(credential, today)


def compute_tier(
    credentials: Iterable[CredentialLike],
    attested_supervised_hours: Hours,
    today: date,
    min_supervised_hours: Hours = DEFAULT_MIN_SUPERVISED_HOURS,
) -> Tier | None:
    """The best tier the credentials in force earn; None means not listed.

    Tier 3 (a CAS basic training certificate) counts only with at least
    min_supervised_hours of attested supervised practice. Unrecognized
    credentials never count.
    """
    best: Tier | None = None
    for credential in credentials:
        if not is_in_force(credential, today):
            continue
        tier = kind_info(_kind(credential)).tier
        if tier is None:
            continue
        if tier is Tier.TRAINED and attested_supervised_hours < min_supervised_hours:
            continue
        if best is None or tier < best:
            best = tier
    return best


def is_listed(tier: Tier | None) -> bool:
    """Whether a counselor with this tier appears in the public directory."""
    return tier is not None


def is_registered_supervisor(credentials: Iterable[CredentialLike], today: date) -> bool:
    """Holds a verified, unexpired CPS registered-supervisor registration."""
    return any(
        kind_info(_kind(credential)).registered_supervisor and is_in_force(credential, today)
        for credential in credentials
    )


class RequirementCode(StrEnum):
    """Something standing between a counselor and a better tier."""

    RENEW_REGISTRATION = "renew_registration"
    CREDENTIAL_LAPSED = "credential_lapsed"
    AWAIT_VERIFICATION = "await_verification"
    VERIFICATION_REJECTED = "verification_rejected"
    CREDENTIAL_REVOKED = "credential_revoked"
    MORE_SUPERVISED_HOURS = "more_supervised_hours"
    ADD_CPS_REGISTRATION = "add_cps_registration"
    ADD_MOHRSS_CERTIFICATE = "add_mohrss_certificate"
    ADD_CAS_CERTIFICATE = "add_cas_certificate"
    UNRECOGNIZED_DOES_NOT_COUNT = "unrecognized_does_not_count"


_MESSAGES: Mapping[RequirementCode, str] = MappingProxyType(
    {
        RequirementCode.RENEW_REGISTRATION: N_(
            "Your %(credential)s registration expired on %(expired_on)s. Renew it with "
            "the issuer to regain tier %(tier)s."
        ),
        RequirementCode.CREDENTIAL_LAPSED: N_(
            "Your %(credential)s is no longer valid with the issuer. Renew it to "
            "regain tier %(tier)s."
        ),
        RequirementCode.AWAIT_VERIFICATION: N_(
            "Your %(credential)s is waiting for verification. Once verified it gives tier %(tier)s."
        ),
        RequirementCode.VERIFICATION_REJECTED: N_(
            "Your %(credential)s could not be verified with the official channel. "
            "Check the number and name you entered, or contact a moderator."
        ),
        RequirementCode.CREDENTIAL_REVOKED: N_(
            "Your %(credential)s was revoked by the issuer and no longer counts."
        ),
        RequirementCode.MORE_SUPERVISED_HOURS: N_(
            "%(missing)s more attested supervised hours needed for tier %(tier)s "
            "(%(attested)s of %(required)s attested)."
        ),
        RequirementCode.ADD_CPS_REGISTRATION: N_(
            "Register with the Chinese Psychological Society's registration system and "
            "add your registration to reach tier %(tier)s."
        ),
        RequirementCode.ADD_MOHRSS_CERTIFICATE: N_(
            "If you hold a level-2 or level-3 psychological counselor certificate, add "
            "it to reach tier %(tier)s."
        ),
        RequirementCode.ADD_CAS_CERTIFICATE: N_(
            "If you hold the basic training certificate of the Institute of "
            "Psychology, Chinese Academy of Sciences, add it; with enough supervised "
            "hours it gives tier %(tier)s."
        ),
        RequirementCode.UNRECOGNIZED_DOES_NOT_COUNT: N_(
            "Credentials not from a recognized issuer (%(count)s) do not count for any tier."
        ),
    }
)


@dataclass(frozen=True)
class Requirement:
    """One item of "what is missing" for the counselor dashboard.

    params holds the values of the message's placeholders: ``kind`` (a
    CredentialKind, shown as ``credential``), dates, numbers and the target
    ``tier``. Use :meth:`text` to render it.
    """

    code: RequirementCode
    params: Mapping[str, object] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """The untranslated msgid with %(name)s placeholders."""
        return _MESSAGES[self.code]

    def text(self, translate: Callable[[str], str] = lambda message: message) -> str:
        """Render the message, translating it and the credential's display name."""
        values = {
            name: value.isoformat() if isinstance(value, date) else value
            for name, value in self.params.items()
        }
        if "kind" in self.params:
            kind = CredentialKind(str(self.params["kind"]))
            values["credential"] = translate(kind_info(kind).name_en)
        tier = self.params.get("tier")
        if isinstance(tier, Tier):
            values["tier"] = int(tier)
        return translate(self.message) % values


def _hours(value: Hours) -> Hours:
    return int(value) if value == int(value) else value


def _missing_hours(required: Hours, attested: Hours) -> Hours:
    return _hours(Decimal(str(required)) - Decimal(str(attested)))


def _status_item(credential: CredentialLike, tier: Tier, today: date) -> Requirement | None:
    """Why a credential that could give a better tier does not count now."""
    status = _status(credential)
    params: dict[str, object] = {"kind": _kind(credential), "tier": tier}
    if status is CredentialStatus.REVOKED:
        return Requirement(RequirementCode.CREDENTIAL_REVOKED, params)
    if status is CredentialStatus.REJECTED:
        return Requirement(RequirementCode.VERIFICATION_REJECTED, params)
    if is_lapsed(credential, today):
        if credential.valid_until is None:
            return Requirement(RequirementCode.CREDENTIAL_LAPSED, params)
        params["expired_on"] = credential.valid_until
        return Requirement(RequirementCode.RENEW_REGISTRATION, params)
    if status is CredentialStatus.PENDING:
        return Requirement(RequirementCode.AWAIT_VERIFICATION, params)
    return None


_WAYS_IN = (
    (Tier.REGISTERED, RequirementCode.ADD_CPS_REGISTRATION),
    (Tier.CERTIFIED, RequirementCode.ADD_MOHRSS_CERTIFICATE),
    (Tier.TRAINED, RequirementCode.ADD_CAS_CERTIFICATE),
)


def requirements_for_better_tier(
    credentials: Iterable[CredentialLike],
    attested_supervised_hours: Hours,
    today: date,
    min_supervised_hours: Hours = DEFAULT_MIN_SUPERVISED_HOURS,
) -> list[Requirement]:
    """What stands between the counselor and a tier better than the current one.

    Items come best target tier first; an unrecognized-credentials note comes
    last. Empty for tier 1, the best there is.
    """
    credentials = list(credentials)
    hours = attested_supervised_hours
    current = compute_tier(credentials, hours, today, min_supervised_hours)
    if current is Tier.REGISTERED:
        return []
    items: list[tuple[int, Requirement]] = []
    held_tiers: set[Tier] = set()
    training_counts = False
    unrecognized = 0
    for credential in credentials:
        tier = kind_info(_kind(credential)).tier
        if tier is None:
            unrecognized += 1
            continue
        held_tiers.add(tier)
        if tier is Tier.TRAINED and not is_lapsed(credential, today):
            training_counts |= _status(credential) in (
                CredentialStatus.VERIFIED,
                CredentialStatus.PENDING,
            )
        item = _status_item(credential, tier, today)
        if item is not None and (current is None or tier < current):
            items.append((tier, item))
    missing = _missing_hours(min_supervised_hours, hours)
    if current is None and training_counts and missing > 0:
        params = {
            "missing": missing,
            "attested": _hours(hours),
            "required": _hours(min_supervised_hours),
            "tier": Tier.TRAINED,
        }
        item = Requirement(RequirementCode.MORE_SUPERVISED_HOURS, params)
        items.append((Tier.TRAINED, item))
    for tier, code in _WAYS_IN:
        if tier not in held_tiers and (current is None or tier < current):
            items.append((tier, Requirement(code, {"tier": tier})))
    items.sort(key=lambda pair: pair[0])
    if unrecognized:
        code = RequirementCode.UNRECOGNIZED_DOES_NOT_COUNT
        items.append((len(Tier) + 1, Requirement(code, {"count": unrecognized})))
    return [item for _, item in items]
