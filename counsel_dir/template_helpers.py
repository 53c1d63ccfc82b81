"""Jinja filters and globals used across features' templates."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from flask import Flask, request
from flask_babel import format_date as babel_format_date
from flask_babel import get_locale, gettext, to_user_timezone

from counsel_dir.credentials.kinds import CredentialStatus, Tier
from counsel_dir.i18n import N_

TIER_NAMES = {
    Tier.REGISTERED: N_("Registered"),
    Tier.CERTIFIED: N_("Certified"),
    Tier.TRAINED: N_("Trained"),
}


STATUS_NAMES = {
    CredentialStatus.PENDING: N_("Pending verification"),
    CredentialStatus.VERIFIED: N_("Verified"),
    CredentialStatus.REJECTED: N_("Rejected"),
    CredentialStatus.EXPIRED: N_("Expired"),
    CredentialStatus.REVOKED: N_("Revoked"),
}


def credential_status(status: CredentialStatus) -> str:
    """The translated name of a credential status."""
    return gettext(STATUS_NAMES[CredentialStatus(status)])


def format_date(value: date | datetime | None) -> str:
    """A date in the visitor's locale; datetimes are shown in the site's time zone."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_user_timezone(value).date()
    return babel_format_date(value, "medium")


def tier_name(tier: int | None) -> str:
    """The translated name of a tier number (1 best)."""
    if tier is None:
        return gettext("Not listed")
    return gettext(TIER_NAMES[Tier(tier)])


def taxonomy_label(code: str) -> str:
    """The label of a city, issue, approach or language code in the current locale."""
    from counsel_dir.directory import taxonomy

    return taxonomy.label(code, current_locale())


def place(counselor: Any) -> str:
    """City and district of a listing in the current locale, e.g. "上海 · 徐汇区"."""
    from counsel_dir.directory import taxonomy

    locale = current_locale()
    parts = [taxonomy.label(counselor.city, locale)]
    if counselor.district:
        parts.append(taxonomy.district_label(counselor.city, counselor.district, locale))
    return " · ".join(parts)


def localized_name(info: Any) -> str:
    """``name_zh`` in Chinese, the translated ``name_en`` otherwise (issuers, kinds)."""
    if current_locale() == "zh_CN":
        return info.name_zh
    return gettext(info.name_en)


def current_locale() -> str:
    """The visitor's language as the site names it: ``zh_CN`` or ``en``."""
    locale = get_locale()
    return "zh_CN" if locale is None or locale.language == "zh" else "en"


def url_with(**changes: Any) -> str:
    """The current URL with some query parameters changed (None removes one)."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = [str(value)]
    query = urlencode(args, doseq=True)
    return f"{request.path}?{query}" if query else request.path


def init_app(app: Flask) -> None:
    """Register the helpers with Jinja."""
    app.jinja_env.filters["tier_name"] = tier_name
    app.jinja_env.filters["label"] = taxonomy_label
    app.jinja_env.filters["localized_name"] = localized_name
    app.jinja_env.filters["place"] = place
    app.jinja_env.filters["credential_status"] = credential_status
    app.jinja_env.filters["format_date"] = format_date
    app.jinja_env.globals["url_with"] = url_with
    app.jinja_env.globals["current_locale"] = current_locale
