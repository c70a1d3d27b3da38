"""How a policy's requests look (headers, cookies, language, proxy) and how it is rendered: the
config's request settings, validated at load and merged over the global ones."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker.errors import ConfigError
from tracker.fields import pairs as _pairs
from tracker.fields import string as _str
from tracker.fields import where as _where

RENDER_MODES = ("static", "browser", "auto")


@dataclass(frozen=True, slots=True)
class RequestSettings:
    """How requests look (a person's browser): extra headers, cookies, language, proxy."""

    headers: tuple[tuple[str, str], ...] = ()
    cookies: tuple[tuple[str, str], ...] = ()
    accept_language: str | None = None
    proxy: str | None = None  # http(s) proxy URL; unset: HTTPS_PROXY/HTTP_PROXY/NO_PROXY from the environment


@dataclass(frozen=True, slots=True)
class PageConfig:
    """One page of a document spread over several (``urls``); None: the policy's own selectors."""

    url: str
    select: tuple[str, ...] | None = None
    remove: tuple[str, ...] | None = None


REQUEST_FIELDS = ("headers", "cookies", "accept_language", "proxy")


def parse_request(raw: dict[str, Any], path: Path, pid: str | None, base: RequestSettings) -> RequestSettings:
    """The request fields of a policy (over ``base``, the global ones) or of ``[settings]``."""
    prefix = "" if pid else "settings."
    headers = _pairs(raw.get("headers"), _where(path, pid, prefix + "headers"), "header")
    cookies = _pairs(raw.get("cookies"), _where(path, pid, prefix + "cookies"), "cookie")
    language = _str(raw.get("accept_language"), _where(path, pid, prefix + "accept_language"))
    if language is not None and any(c in language for c in "\r\n\0"):
        raise ConfigError(f"{_where(path, pid, prefix + 'accept_language')}: must be one line")
    proxy = _str(raw.get("proxy"), _where(path, pid, prefix + "proxy"))
    if proxy is not None and not re.match(r"^https?://[^\s/]+/?$", proxy):
        raise ConfigError(f"{_where(path, pid, prefix + 'proxy')}: must be an http(s) proxy URL, got {proxy!r}")
    own = {k.lower() for k, _ in headers}
    merged_headers = tuple(h for h in base.headers if h[0].lower() not in own) + headers
    merged_cookies = tuple(c for c in base.cookies if c[0] not in dict(cookies)) + cookies
    merged = RequestSettings(merged_headers, merged_cookies, language or base.accept_language, proxy or base.proxy)
    return base if merged == base else merged  # one shared instance for the many policies with no own request fields


def parse_render(raw: dict[str, Any], path: Path, pid: str | None) -> str | None:
    """``render`` of a policy or of ``[settings]`` (None: not set); ``ConfigError`` for another mode."""
    if raw.get("render") not in (None, *RENDER_MODES):
        where = _where(path, pid, "render" if pid else "settings.render")
        raise ConfigError(f"{where}: must be one of {', '.join(RENDER_MODES)}, got {raw['render']!r}")
    return raw.get("render")
