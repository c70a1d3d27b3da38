"""What a final answer's status means, whichever client read it: the ``FetchError`` of a
3xx/4xx/5xx (retryable for 429 and 5xx, with its ``Retry-After``; cause ``challenge`` for a bot
wall's interstitial, not retried) and how long to wait before the next attempt.

Shared by ``tracker.fetch.http`` (httpx) and ``tracker.fetch.revalidate`` (the lean path), so an
error answer to a revalidation is mapped from that one response exactly as httpx's path maps it,
without asking the server again.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

from tracker.errors import FetchError
from tracker.fetch.challenge import challenge_in
from tracker.fetch.request import FetchOptions, RetryableFetchError, parse_retry_after


def failing_status(url: str, status: int, headers: Mapping[str, str], head: bytes) -> FetchError | None:
    """The error a final answer with ``status`` means, or None for a 2xx (or a 304).

    ``headers`` are the answer's (lower-case names), ``head`` the first
    ``tracker.fetch.challenge.SCAN_BYTES`` of its decoded body (only read for a status >= 400)."""
    if status >= 400:
        reason = challenge_in(head)  # bot walls answer 403/429/503 with an interstitial: not retried
        if reason:
            return FetchError(f"{url}: HTTP {status}, {reason}", "challenge", status)
    if status == 429 or status >= 500:
        retry_after = parse_retry_after(headers.get("retry-after"))
        return RetryableFetchError(f"{url}: HTTP {status}", f"http_{status}", status, retry_after)
    if status >= 400:
        return FetchError(f"{url}: HTTP {status}", f"http_{status}", status)
    if status >= 300 and status != 304:
        return FetchError(f"{url}: HTTP {status} without a usable Location", f"http_{status}", status)
    return None


def retry_wait(opts: FetchOptions, attempt: int, exc: BaseException | None) -> float:
    """Seconds to wait after failed attempt number ``attempt`` (1 for the first): the answer's
    ``Retry-After`` (capped at ``max_retry_after``) when it gave one, else exponential backoff
    with jitter (``backoff`` × 2^(attempt-1) plus up to ``backoff``, capped at ``max_backoff``)."""
    if isinstance(exc, RetryableFetchError) and exc.retry_after is not None:
        return min(exc.retry_after, opts.max_retry_after)
    wait = opts.backoff * 2 ** (attempt - 1) + random.uniform(0, opts.backoff)
    return max(0.0, min(wait, opts.max_backoff))
