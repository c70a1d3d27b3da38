"""Fetching one URL outside a check run (``diff URL``, ``normalize URL``): its own client, opened and closed."""

from __future__ import annotations

import asyncio

from tracker.fetch.http import DEFAULT_MAX_BYTES, FetchOptions, fetch_async, make_client
from tracker.models import FetchResult


def fetch(
    url: str,
    *,
    user_agent: str | None = None,
    timeout: float = 30.0,
    etag: str | None = None,
    last_modified: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    retries: int = 3,
) -> FetchResult:
    """Fetch one URL (synchronously): redirects followed and recorded, body size capped, retries."""
    opts = FetchOptions(user_agent=user_agent, timeout=timeout, max_bytes=max_bytes, retries=retries)
    return asyncio.run(_fetch_once(url, opts, etag, last_modified))


async def _fetch_once(url: str, opts: FetchOptions, etag: str | None, last_modified: str | None) -> FetchResult:
    async with make_client(concurrency=1) as client:
        return await fetch_async(client, url, options=opts, etag=etag, last_modified=last_modified)
