"""The app's view of the issuer registry and the identity vault (configured per deployment)."""

from __future__ import annotations

from flask import current_app

from counsel_dir.credentials.issuers import DEFAULT_REGISTRY, IssuerRegistry
from counsel_dir.credentials.vault import IdentityVault


def issuer_registry() -> IssuerRegistry:
    """The issuer registry with this deployment's channel URLs and intervals applied."""
    registry = current_app.extensions.get("issuer_registry")
    if registry is None:
        registry = DEFAULT_REGISTRY.with_overrides(
            channel_urls=current_app.config["ISSUER_CHANNEL_URLS"] or None,
            intervals=current_app.config["RECHECK_INTERVAL_DAYS"] or None,
        )
        current_app.extensions["issuer_registry"] = registry
    return registry


def identity_vault() -> IdentityVault:
    """The vault that seals resident ID numbers with this deployment's secret."""
    vault = current_app.extensions.get("identity_vault")
    if vault is None:
        vault = IdentityVault.from_secret(current_app.config["RESIDENT_ID_SECRET"])
        current_app.extensions["identity_vault"] = vault
    return vault
