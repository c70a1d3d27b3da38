"""robots.txt, fetched once per origin per run and read with protego.

An origin whose robots.txt answers 4xx (none published) or cannot be fetched is treated as
allowing everything, as most crawlers do for a missing file; a ``Crawl-delay`` is reported so
the caller can space its requests to that host.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

import httpx
from protego import Protego

from tracker.errors import FetchError
from tracker.fetch.address import origin_key
from tracker.fetch.http import FetchOptions, fetch_async

ROBOTS_MAX_BYTES = 512 * 1024


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of a URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class RobotsCache:
    """Per-run cache of parsed robots.txt files, one fetch per origin even under concurrency."""

    def __init__(self, client: httpx.AsyncClient, options: FetchOptions) -> None:
        self._client = client
        self._options = FetchOptions(
            user_agent=options.user_agent,
            timeout=min(options.timeout, 15.0),
            max_bytes=ROBOTS_MAX_BYTES,
            retries=0,
        )
        self._parsed: dict[str, Protego | None] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def _rules(self, origin: str) -> Protego | None:
        key = origin_key(origin)  # one robots.txt per machine, however the URLs spell its name
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            if key not in self._parsed:
                try:
                    fetched = await fetch_async(self._client, origin + "/robots.txt", options=self._options)
                    text = fetched.content.decode("utf-8", errors="replace")
                    self._parsed[key] = Protego.parse(text)
                except FetchError:
                    self._parsed[key] = None  # no robots.txt (or unreachable): everything allowed
            return self._parsed[key]

    async def allowed(self, url: str, user_agent: str) -> bool:
        """True when robots.txt lets ``user_agent`` fetch ``url``."""
        rules = await self._rules(origin_of(url))
        return True if rules is None else bool(rules.can_fetch(url, user_agent))

    async def crawl_delay(self, url: str, user_agent: str) -> float:
        """The origin's Crawl-delay for ``user_agent`` in seconds (0 when none)."""
        rules = await self._rules(origin_of(url))
        delay = rules.crawl_delay(user_agent) if rules is not None else None
        return float(delay or 0.0)
