"""What a fetch asks for and how it reads an answer, without the HTTP client: the options, the
headers sent, the headers kept, retryable failures, ``Retry-After`` and the bounded decoder of
gzip/deflate bodies. Shared by ``tracker.fetch.http`` (httpx) and ``tracker.fetch.revalidate``
(the lean path), and by the browser, so that none of them needs the other."""

from __future__ import annotations

import time
import zlib
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass

from tracker import __version__
from tracker.config import DEFAULT_USER_AGENT, RequestSettings
from tracker.errors import FetchError

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
KEPT_HEADERS = (
    "content-type",
    "etag",
    "last-modified",
    "date",
    "content-length",
    "content-language",
    "cache-control",
)
_CHUNK = 64 * 1024
RedirectHook = Callable[[str], Awaitable[None]]
REDIRECTS = (301, 302, 303, 307, 308)  # the statuses a fetch follows (when they carry a Location)


@dataclass(frozen=True)
class Redirect:
    """A redirect answer already received (on the lean path): its status and ``Location`` as sent."""

    status: int
    location: str


def default_user_agent() -> str:
    """The default User-Agent: ``DEFAULT_USER_AGENT`` with this version filled in."""
    return DEFAULT_USER_AGENT.format(version=__version__)


@dataclass(frozen=True)
class FetchOptions:
    """How to fetch: limits, retries and backoff (defaults suit real sites; tests shrink them)."""

    user_agent: str | None = None
    timeout: float = 30.0
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = 10
    retries: int = 3
    backoff: float = 1.0  # first retry waits about this long, doubling each time (with jitter)
    max_backoff: float = 60.0
    max_retry_after: float = 120.0
    request: RequestSettings = RequestSettings()  # extra headers, cookies, language, proxy


def request_headers(options: FetchOptions, etag: str | None, last_modified: str | None) -> dict[str, str]:
    """The headers of every page request (through httpx or the lean revalidation path): the
    User-Agent, what is accepted, the configured headers (which may replace those), then the
    stored validators."""
    headers = {
        "User-Agent": options.user_agent or default_user_agent(),
        "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,*/*;q=0.5",
        "Accept-Encoding": "gzip, deflate",
    }
    headers.update(extra_headers(options.request))
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def extra_headers(request: RequestSettings) -> dict[str, str]:
    """The configured headers of a request: ``headers``, then ``Accept-Language`` and ``Cookie``."""
    headers = dict(request.headers)
    if request.accept_language:
        headers["Accept-Language"] = request.accept_language
    if request.cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in request.cookies)
    return headers


class RetryableFetchError(FetchError):
    """A failure worth retrying (connection trouble, 429, 5xx); may carry a Retry-After delay."""

    def __init__(self, message: str, cause: str, status: int | None = None, retry_after: float | None = None):
        super().__init__(message, cause, status)
        self.retry_after = retry_after


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        from email.utils import parsedate_to_datetime

        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class _Decoder:
    """Decompresses gzip/deflate in bounded steps so the decoded size can be checked as it grows."""

    def __init__(self, encoding: str, url: str) -> None:
        enc = encoding.strip().lower()
        if enc in ("", "identity"):
            self._z = None
        elif enc in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif enc == "deflate":
            self._z = zlib.decompressobj()
        else:
            raise FetchError(f"{url}: unsupported content encoding {encoding!r}", "decode")
        self._url = url

    def feed(self, data: bytes) -> Iterator[bytes]:
        """Decoded pieces of ``data``, at most 64 KiB each, produced lazily (the caller counts)."""
        if self._z is None:
            yield data
            return
        try:
            yield self._z.decompress(data, _CHUNK)
            while self._z.unconsumed_tail:
                yield self._z.decompress(self._z.unconsumed_tail, _CHUNK)
        except zlib.error as exc:
            raise FetchError(f"{self._url}: corrupt compressed body ({exc})", "decode") from None
