"""The issuer registry: look-ups over the issuer facts, plus configuration overrides.

The facts themselves are data in :mod:`counsel_dir.credentials.issuer_facts`.
"""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from types import MappingProxyType
from typing import TypeVar

from counsel_dir.credentials import resident_id
from counsel_dir.credentials.hosts import is_under_any, portal_host
from counsel_dir.credentials.issuer_facts import (
    FIELD_HINTS,
    ISSUERS,
    KINDS,
    NUMBER_FIELDS,
    OFFICIAL_CHANNEL_NOTE,
    IssuerInfo,
    KindInfo,
)
from counsel_dir.credentials.kinds import CredentialKind, Issuer, QueryField

_V = TypeVar("_V")

__all__ = [
    "DEFAULT_REGISTRY",
    "FIELD_HINTS",
    "OFFICIAL_CHANNEL_NOTE",
    "IssuerInfo",
    "IssuerRegistry",
    "KindInfo",
    "LookupEntry",
    "LookupHint",
    "channel_lookup_hint",
    "issuer_for",
    "kind_info",
    "recognized_kinds",
    "with_overrides",
]


@dataclass(frozen=True)
class LookupEntry:
    """One field to fill in on an official channel; value None: the holder types it."""

    field: QueryField
    value: str | None
    hint: str


@dataclass(frozen=True)
class LookupHint:
    """How to check one credential on its official channel by hand."""

    kind: CredentialKind
    issuer: Issuer
    channel_url: str
    entries: tuple[LookupEntry, ...]
    instructions: str
    note: str = OFFICIAL_CHANNEL_NOTE


@dataclass(frozen=True)
class IssuerRegistry:
    """The issuers and kinds in force, defaults plus configuration overrides."""

    issuers: Mapping[Issuer, IssuerInfo]
    kinds: Mapping[CredentialKind, KindInfo]

    def issuer(self, issuer: Issuer) -> IssuerInfo:
        """Return the facts about one issuer."""
        return self.issuers[Issuer(issuer)]

    def kind_info(self, kind: CredentialKind) -> KindInfo:
        """Return the facts about one credential kind."""
        return self.kinds[CredentialKind(kind)]

    def issuer_for(self, kind: CredentialKind) -> IssuerInfo | None:
        """Return the issuer of a kind; None for an unrecognized credential."""
        issuer = self.kind_info(kind).issuer
        return self.issuers[issuer] if issuer else None

    def recognized_kinds(self) -> tuple[CredentialKind, ...]:
        """Kinds that can earn a tier, best tier first."""
        recognized = [info for info in self.kinds.values() if info.tier is not None]
        return tuple(info.kind for info in sorted(recognized, key=lambda info: info.tier or 0))

    def reverify_interval(self, kind: CredentialKind) -> timedelta:
        """Re-verification interval of a kind; ValueError for an unrecognized one."""
        issuer = self.issuer_for(kind)
        if issuer is None:
            raise ValueError("an unrecognized credential has no official channel to re-check")
        return issuer.reverify_interval

    def with_overrides(
        self,
        channel_urls: Mapping[str, str] | None = None,
        intervals: Mapping[str, int] | None = None,
        official_domains: Mapping[str, str | tuple[str, ...] | list[str]] | None = None,
    ) -> "IssuerRegistry":
        """Return a registry with configured facts replacing the defaults.

        Every mapping is keyed by issuer code ("cps", "mohrss", "cas"); unknown
        codes raise ValueError so that a typo in configuration is not ignored.
        official_domains replaces an issuer's domains (a list, or one string
        separated by commas or spaces). channel_urls sets the active channel
        of an issuer; every active channel must lie under its issuer's
        official domains. Intervals are whole days greater than zero.
        """
        issuers = dict(self.issuers)
        for code, domains in _checked(official_domains).items():
            if isinstance(domains, str):
                domains = domains.replace(",", " ").split()
            cleaned = tuple(d.strip().lower().strip(".") for d in domains if d.strip())
            if not cleaned:
                raise ValueError(f"official domains for {code!r} must not be empty")
            issuers[code] = replace(issuers[code], official_domains=cleaned)
        for code, days in _checked(intervals).items():
            if isinstance(days, bool) or not isinstance(days, int) or days <= 0:
                raise ValueError(f"interval for {code!r} must be a positive number of days")
            issuers[code] = replace(issuers[code], reverify_interval_days=days)
        for code, url in _checked(channel_urls).items():
            url = url.strip()
            info = issuers[code]
            known = info.channel_urls if url in info.channel_urls else (*info.channel_urls, url)
            issuers[code] = replace(info, active_channel_url=url, channel_urls=known)
        for info in issuers.values():
            host = portal_host(info.active_channel_url)
            if host is None or not is_under_any(host, info.official_domains):
                raise ValueError(
                    f"channel URL for {info.issuer.value!r} is not under its official domains"
                )
        return IssuerRegistry(issuers=MappingProxyType(issuers), kinds=self.kinds)

    def channel_lookup_hint(self, kind: CredentialKind, number: str | None) -> LookupHint | None:
        """What to enter on the official channel to check this credential by hand.

        The credential's own number is filled in; the name and the resident ID
        number are left for the holder to type. A number that looks like a
        resident ID number is never echoed. None for an unrecognized credential.
        """
        info = self.kind_info(kind)
        issuer = self.issuer_for(kind)
        if issuer is None:
            return None
        shown = (number or "").strip()
        if not shown or resident_id.resembles(shown):
            shown = ""
        option = _pick_option(issuer.query_options, info.number_field if shown else None)
        entries = tuple(
            LookupEntry(
                field=field,
                value=shown if field is info.number_field and shown else None,
                hint=FIELD_HINTS[field],
            )
            for field in option
        )
        return LookupHint(
            kind=info.kind,
            issuer=issuer.issuer,
            channel_url=issuer.active_channel_url,
            entries=entries,
            instructions=issuer.query_instructions,
        )


def _checked(overrides: Mapping[str, _V] | None) -> dict[Issuer, _V]:
    result: dict[Issuer, _V] = {}
    for code, value in (overrides or {}).items():
        try:
            result[Issuer(str(code).strip().lower())] = value
        except ValueError:
            raise ValueError(f"unknown issuer code {code!r}") from None
    return result


def _pick_option(
    options: tuple[tuple[QueryField, ...], ...], number_field: QueryField | None
) -> tuple[QueryField, ...]:
    if number_field is not None:
        for option in options:
            if number_field in option:
                return option
    for option in options:
        if not any(field in NUMBER_FIELDS for field in option):
            return option
    return options[0]


DEFAULT_REGISTRY = IssuerRegistry(
    issuers=MappingProxyType({info.issuer: info for info in ISSUERS}),
    kinds=MappingProxyType({info.kind: info for info in KINDS}),
)


def issuer_for(kind: CredentialKind) -> IssuerInfo | None:
    """Issuer of a kind in the default registry; None for an unrecognized credential."""
    return DEFAULT_REGISTRY.issuer_for(kind)


def kind_info(kind: CredentialKind) -> KindInfo:
    """Facts about a kind in the default registry."""
    return DEFAULT_REGISTRY.kind_info(kind)


def recognized_kinds() -> tuple[CredentialKind, ...]:
    """Kinds that can earn a tier, best tier first."""
    return DEFAULT_REGISTRY.recognized_kinds()


def with_overrides(
    channel_urls: Mapping[str, str] | None = None,
    intervals: Mapping[str, int] | None = None,
    official_domains: Mapping[str, str | tuple[str, ...] | list[str]] | None = None,
) -> IssuerRegistry:
    """The default registry with configured facts; see IssuerRegistry.with_overrides."""
    return DEFAULT_REGISTRY.with_overrides(channel_urls, intervals, official_domains)


def channel_lookup_hint(kind: CredentialKind, number: str | None) -> LookupHint | None:
    """What to enter on a credential's official channel, per the default registry."""
    return DEFAULT_REGISTRY.channel_lookup_hint(kind, number)
