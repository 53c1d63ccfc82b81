"""Which host a portal URL really points at, read the way a browser reads it.

Counselors paste query-portal addresses; fake portals hide behind look-alike
URLs (``chinacpb.org.example.com``, ``chinacpb.org@example.com``,
``example.com\\@chinacpb.org``, full-width dots, homoglyphs). Every domain
decision in the credentials feature goes through :func:`portal_host`.
"""

import re
import unicodedata
from urllib.parse import SplitResult, unquote, urlsplit

_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):(?!\d+(?:[/?#]|$))(/*)", re.IGNORECASE)
_CONTROL = re.compile(r"[\t\n\r]")
_HOST_CHARACTERS = re.compile(r"[^\W_]+(?:[.-][^\W_]+|-+[^\W_]+)*\.?", re.UNICODE)
_IDNA_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})


def split_portal_url(url: str) -> SplitResult | None:
    """Parse a pasted URL as a browser would; None if it has no usable http(s) host.

    Full-width characters are folded, tabs and newlines dropped, backslashes
    read as slashes, and a missing scheme is taken as https ("host:8080" is a
    host and port, "mailto:x@host" is not a web address).
    """
    text = unicodedata.normalize("NFKC", url).translate(_IDNA_DOTS)
    text = _CONTROL.sub("", text).strip().replace("\\", "/")
    if not text:
        return None
    scheme = _SCHEME.match(text)
    if scheme is None:
        text = "https://" + text.lstrip("/")
    elif scheme.group(1).lower() in ("http", "https"):
        text = f"{scheme.group(1)}://{text[scheme.end() :]}"
    else:
        return None
    try:
        parts = urlsplit(text)
        _ = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return parts


def portal_host(url: str) -> str | None:
    """Return the lower-case ASCII (punycode) host a browser would contact, or None."""
    parts = split_portal_url(url)
    if parts is None or parts.hostname is None:
        return None
    host = unicodedata.normalize("NFKC", unquote(parts.hostname)).translate(_IDNA_DOTS)
    if not _HOST_CHARACTERS.fullmatch(host):
        return None
    host = host.rstrip(".").lower()
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    return ascii_host.lower() or None


def is_under(host: str, domain: str) -> bool:
    """Tell whether host is domain itself or one of its subdomains."""
    domain = domain.lower().strip(".")
    return host == domain or host.endswith("." + domain)


def is_under_any(host: str, domains: tuple[str, ...]) -> bool:
    """Tell whether host is under any of the given domains."""
    return any(is_under(host, domain) for domain in domains)
