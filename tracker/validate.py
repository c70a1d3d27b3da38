"""Checks of values a user writes (URLs, alert URLs, CSS selectors): each answers with why the
value cannot be used, as one phrase, or None. ``tracker.config`` runs them when a config loads;
``tracker.sources`` on URLs given on the command line.
"""

from __future__ import annotations

import ipaddress
import logging
import re
from urllib.parse import urlsplit

# an http(s) URL of plain parts: a host name of letters, digits and hyphens (or an IPv4 address,
# checked above), an optional port, and a path, query and fragment of URL characters only; httpx
# checks nothing more of such a URL than its length
_PLAIN_URL = re.compile(
    r"https?://[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.?(?::[0-9]{1,5})?"
    r"(?:/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*)?(?:\?[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*)?(?:#[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*)?",
    re.IGNORECASE,
)
_MAX_URL = 65536  # httpx's limit


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be fetched as given (one phrase), or None when it is a usable http(s) URL."""
    if any(c.isspace() or ord(c) < 32 for c in url):
        return "contains spaces or control characters (percent-encode them)"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as exc:
        return f"not a valid URL ({exc})"
    if parts.scheme not in ("http", "https"):
        return "must be an http(s) URL"
    host = parts.hostname
    if not host:
        return "has no host"
    if re.fullmatch(r"[0-9.]+", host):
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            return f"host {host!r} is not a valid IPv4 address (no leading zeros, four parts 0-255)"
    if _PLAIN_URL.fullmatch(url) and len(url) <= _MAX_URL:
        return None  # plain ASCII throughout: a URL httpx's parser accepts as it is (tests/test_config.py)
    import httpx  # the fetcher's own parser has the last word

    try:
        httpx.URL(url)
    except httpx.InvalidURL as exc:
        return f"not a valid URL ({exc})"
    return None


def redacted(url: str) -> str:
    """A URL with any password in it masked, fit for an error line."""
    return re.sub(r"(//[^/:@]*:)[^/@]*@", r"\1***@", url)


def alert_url_problem(urls: tuple[str, ...]) -> str | None:
    """Why one of ``urls`` cannot be used as an apprise alert URL (naming it, password masked)."""
    if not urls:
        return None
    import apprise  # only when alerts are configured: it takes a while to import

    logger = logging.getLogger("apprise")  # it logs its own error line (unmasked): ours says it once
    was_disabled, logger.disabled = logger.disabled, True
    try:
        for url in urls:
            if apprise.Apprise.instantiate(url, suppress_exceptions=True) is None:
                return f"apprise cannot use the alert URL {redacted(url)!r}"
    finally:
        logger.disabled = was_disabled
    return None


def selector_problem(selector: str) -> str | None:
    """Why ``selector`` is not a CSS selector soupsieve compiles (its message's first line)."""
    import soupsieve

    try:
        soupsieve.compile(selector)
    except Exception as exc:  # soupsieve raises SelectorSyntaxError and friends
        lines = str(exc).strip().splitlines()
        return f"invalid CSS selector {selector!r}: {lines[0] if lines else type(exc).__name__}"
    return None
