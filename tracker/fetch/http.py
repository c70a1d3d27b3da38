"""Fetching one policy page politely: conditional requests, redirects, retries, size limits.

``fetch`` is the synchronous entry point; ``fetch_async`` does the work on a shared
``httpx.AsyncClient`` (see ``make_client``) so ``check`` can run many fetches at once with
connection reuse and HTTP/2. Failures raise ``FetchError`` with a one-line message naming the
URL and a short ``cause``: ``http_<code>``, ``timeout``, ``connect``, ``truncated``,
``too_large``, ``redirect_loop``, ``too_many_redirects``, ``redirect_blocked``, ``decode``, ``challenge`` (an error
status whose body is a bot-challenge interstitial; not retried).

Retries (connection errors, truncated bodies, 429 and 5xx) go through tenacity with
exponential backoff and jitter; a ``Retry-After`` header (seconds or HTTP date) is honoured,
capped at ``FetchOptions.max_retry_after``. The body is streamed and its *decoded* size is
checked as it arrives, decompressing gzip/deflate ourselves with a bounded output per step, so
neither a huge body nor a gzip bomb can exhaust memory.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from urllib.parse import urljoin, urlsplit

import httpx
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

from tracker.errors import FetchError
from tracker.fetch.address import guard_redirect
from tracker.fetch.challenge import SCAN_BYTES
from tracker.fetch.pinned import own_origin, pin_connections
from tracker.fetch.request import (
    _CHUNK,
    DEFAULT_MAX_BYTES,
    KEPT_HEADERS,
    REDIRECTS,
    FetchOptions,
    Redirect,
    RedirectHook,
    RetryableFetchError,
    _Decoder,
    default_user_agent,
    extra_headers,
    parse_retry_after,
    request_headers,
)
from tracker.fetch.status import failing_status, retry_wait
from tracker.models import FetchResult, utc_now

__all__ = [
    "DEFAULT_MAX_BYTES",
    "KEPT_HEADERS",
    "FetchOptions",
    "RetryableFetchError",
    "default_user_agent",
    "extra_headers",
    "fetch_async",
    "make_client",
    "parse_retry_after",
]


def make_client(
    *,
    concurrency: int = 8,
    http2: bool = True,
    ssl_context: ssl.SSLContext | None = None,
    proxy: str | None = None,
) -> httpx.AsyncClient:
    """A shared async client: pooled connections (reused across fetches), HTTP/2 when offered.

    ``ssl_context`` lets many clients share one context (building one loads the CA bundle).
    httpx's own timeouts are off: ``fetch_async`` bounds each attempt as a whole. ``proxy``
    sends every request through that proxy; without it the standard environment variables
    (``HTTPS_PROXY``, ``HTTP_PROXY``, ``ALL_PROXY``, ``NO_PROXY``) apply.
    """
    limits = httpx.Limits(max_connections=max(concurrency, 1), max_keepalive_connections=max(concurrency, 1))
    client = httpx.AsyncClient(
        http2=http2,
        limits=limits,
        follow_redirects=False,
        trust_env=True,  # proxies from the environment, as a person's browser has them
        proxy=proxy,
        verify=ssl_context if ssl_context is not None else True,
        timeout=httpx.Timeout(None),
    )
    return pin_connections(client)  # direct connections go to the address vetted (tracker.fetch.pinned)


def _check_target(url: str) -> None:
    if urlsplit(url).scheme not in ("http", "https"):
        raise FetchError(f"{url}: not an http(s) URL", "bad_url")
    try:
        httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise FetchError(f"{url}: not a usable URL ({exc})", "bad_url") from None


async def _fetch_once(
    client: httpx.AsyncClient,
    url: str,
    opts: FetchOptions,
    etag: str | None,
    last_modified: str | None,
    on_redirect: RedirectHook | None = None,
    first: Redirect | None = None,
) -> FetchResult:
    headers = request_headers(opts, etag, last_modified)
    started = time.monotonic()
    fetched_at = utc_now()
    redirects: list[str] = []
    seen = {url}
    current = url
    if first is not None:  # ``url``'s own answer, already received: followed from its target on
        current = await _follow(url, current, first, redirects, seen, opts, on_redirect)
    while True:
        _check_target(current)
        request = client.build_request("GET", current, headers=headers)
        response = await client.send(request, stream=True)
        try:
            if response.status_code in REDIRECTS and "location" in response.headers:
                answer = Redirect(response.status_code, response.headers["location"])
                current = await _follow(url, current, answer, redirects, seen, opts, on_redirect)
                continue
            return await _read_response(response, url, current, opts, fetched_at, redirects, started)
        finally:
            await response.aclose()


async def _follow(
    url: str,
    current: str,
    answer: Redirect,
    redirects: list[str],
    seen: set[str],
    opts: FetchOptions,
    on_redirect: RedirectHook | None,
) -> str:
    """The URL ``current``'s redirect ``answer`` leads to, once it may be followed (no loop, within
    ``max_redirects``, allowed by ``guard_redirect`` and ``on_redirect``); notes the hop."""
    target = urljoin(current, answer.location)
    redirects.append(current)
    if target in seen:
        raise FetchError(f"{url}: redirect loop at {target}", "redirect_loop", answer.status)
    if len(redirects) > opts.max_redirects:
        raise FetchError(f"{url}: more than {opts.max_redirects} redirects", "too_many_redirects", answer.status)
    await guard_redirect(url, target, answer.status)
    if on_redirect is not None:
        await on_redirect(target)
    seen.add(target)
    return target


async def _read_response(
    response: httpx.Response,
    url: str,
    final_url: str,
    opts: FetchOptions,
    fetched_at: str,
    redirects: list[str],
    started: float,
) -> FetchResult:
    """The ``FetchResult`` of a final (non-redirect) response; ``FetchError`` for a failing status."""
    status = response.status_code
    if status == 304:
        await response.aread()  # (empty) read to the end so the connection goes back to the pool
        content, encoding = b"", None
    else:
        await _refuse_failing_status(response, url, status)
        content, encoding = await _read_body(response, url, opts.max_bytes), response.charset_encoding
    return FetchResult(
        url=url,
        final_url=final_url,
        status=status,
        headers={k: response.headers[k] for k in KEPT_HEADERS if k in response.headers},
        content=content,
        content_type=response.headers.get("content-type", ""),
        encoding=encoding,
        fetched_at=fetched_at,
        redirects=tuple(redirects),
        elapsed_ms=(time.monotonic() - started) * 1000,
        not_modified=status == 304,
    )


async def _refuse_failing_status(response: httpx.Response, url: str, status: int) -> None:
    """Raise the ``FetchError`` a 3xx/4xx/5xx answer means (``tracker.fetch.status.failing_status``:
    retryable for 429 and 5xx, not for a bot wall's interstitial); return for a 2xx."""
    head = await _read_head(response, url) if status >= 400 else b""
    error = failing_status(url, status, response.headers, head)
    if error is not None:
        raise error


async def _read_body(response: httpx.Response, url: str, max_bytes: int) -> bytes:
    """The decoded body, refused (``too_large``) as soon as it, or its declared length, passes ``max_bytes``."""
    declared = response.headers.get("content-length", "")
    encoding = response.headers.get("content-encoding", "")
    if declared.isdigit() and not encoding and int(declared) > max_bytes:
        raise FetchError(f"{url}: body of {int(declared)} bytes exceeds the {max_bytes}-byte limit", "too_large")
    decoder = _Decoder(encoding, url)
    parts: list[bytes] = []
    size = 0
    async for raw in response.aiter_raw(_CHUNK):
        for piece in decoder.feed(raw):
            size += len(piece)
            if size > max_bytes:
                raise FetchError(f"{url}: body exceeds the {max_bytes}-byte limit", "too_large")
            parts.append(piece)
    return b"".join(parts)


async def _read_head(response: httpx.Response, url: str) -> bytes:
    """The first ``SCAN_BYTES`` (decoded) of an error response's body; what a broken one gives."""
    parts: list[bytes] = []
    size = 0
    try:
        decoder = _Decoder(response.headers.get("content-encoding", ""), url)
        async for raw in response.aiter_raw(_CHUNK):
            for piece in decoder.feed(raw):
                parts.append(piece)
                size += len(piece)
                if size >= SCAN_BYTES:
                    return b"".join(parts)
    except (httpx.HTTPError, FetchError):
        pass
    return b"".join(parts)


def _translate(exc: Exception, url: str, timeout: float) -> FetchError:
    """Map transport exceptions to ``FetchError`` (retryable where a retry may help)."""
    if isinstance(exc, FetchError):
        return exc
    if isinstance(exc, (TimeoutError, httpx.TimeoutException)):
        return FetchError(f"{url}: timed out after {timeout:g} s", "timeout")
    if isinstance(exc, httpx.RemoteProtocolError) and "complete message" in str(exc):
        return RetryableFetchError(f"{url}: truncated body (connection closed early)", "truncated")
    if isinstance(exc, httpx.ConnectError):
        return RetryableFetchError(f"{url}: cannot connect ({exc or type(exc).__name__})", "connect")
    if isinstance(exc, (httpx.TransportError, OSError)):
        detail = str(exc) or type(exc).__name__
        return RetryableFetchError(f"{url}: connection failed ({detail})", "connect")
    if isinstance(exc, httpx.HTTPError):
        return FetchError(f"{url}: {exc}", "http")
    if isinstance(exc, (httpx.InvalidURL, ValueError)):  # e.g. a redirect to an unparsable Location
        return FetchError(f"{url}: not a valid URL ({exc})", "invalid_url")
    raise exc


def _wait_strategy(opts: FetchOptions) -> object:
    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        return retry_wait(opts, state.attempt_number, exc)

    return wait


async def fetch_async(
    client: httpx.AsyncClient,
    url: str,
    *,
    options: FetchOptions | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    on_redirect: RedirectHook | None = None,
    first: Redirect | None = None,
) -> FetchResult:
    """Fetch ``url`` on ``client`` with retries; returns a ``FetchResult`` or raises ``FetchError``.
    ``first``: ``url``'s answer, a redirect already received (on the lean path); each attempt
    follows it from its target on instead of asking ``url`` again.

    A redirect to another origin that leads to an internal address fails with cause
    ``redirect_blocked`` (``tracker.fetch.address``, and again when connecting:
    ``tracker.fetch.pinned``); ``on_redirect(target)`` is awaited before each redirect is
    followed (``check`` applies the target host's robots.txt and delay there).

    Each attempt is bounded by ``options.timeout`` seconds overall (a stalled server times out
    rather than hanging). 304 answers to the conditional headers come back with
    ``not_modified=True`` and an empty body.
    """
    opts = options or FetchOptions()

    async def attempt() -> FetchResult:
        try:
            with own_origin(url):  # only the configured URL's own host may be internal
                async with asyncio.timeout(opts.timeout):
                    return await _fetch_once(client, url, opts, etag, last_modified, on_redirect, first)
        except Exception as exc:  # transport errors become FetchError with a cause
            raise _translate(exc, url, opts.timeout) from None

    retrying = AsyncRetrying(
        stop=stop_after_attempt(opts.retries + 1),
        wait=_wait_strategy(opts),  # type: ignore[arg-type]
        retry=retry_if_exception(lambda e: isinstance(e, RetryableFetchError)),
        reraise=True,
    )
    result: FetchResult | None = None
    async for trial in retrying:
        with trial:
            result = await attempt()
    assert result is not None
    return result
