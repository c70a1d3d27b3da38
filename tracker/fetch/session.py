"""The HTTP side of one check run: which client carries each request, each made on first use.

A page request, with validators (ETag, Last-Modified) or without, goes first through the lean
path of ``tracker.fetch.revalidate``, which maps a 4xx/5xx answer itself (a 429 or 5xx counts as
the first of ``retries + 1`` attempts: the rest, after the same wait, go through httpx) and hands
a redirect to httpx to follow from its target; whatever that path does not take (a redirect
setting a cookie, a broken connection, a proxy) goes through httpx
(``tracker.fetch.pool.ClientPool`` and ``tracker.fetch.http.fetch_async``, retries and redirects
included). httpx, the robots.txt client and the TLS context are made only when first needed, so
a run whose answers are all 304s (or errors) never loads httpx at all.
"""

from __future__ import annotations

import asyncio
import os
import ssl
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from tracker.fetch.request import FetchOptions, Redirect, RedirectHook, RetryableFetchError
from tracker.fetch.revalidate import Revalidator
from tracker.fetch.status import retry_wait
from tracker.models import FetchResult

if TYPE_CHECKING:
    from tracker.fetch.pool import ClientPool
    from tracker.fetch.robots import RobotsCache


def environment_proxies() -> list[str]:
    """The proxy variables set in the environment (``HTTPS_PROXY``, ``http_proxy``, ``ALL_PROXY``
    ...: any ``*_PROXY`` but ``NO_PROXY``, in either case), as ``urllib.request.getproxies``
    reads them on this platform; httpx's clients use them (``trust_env``)."""
    return [k for k, v in os.environ.items() if v and k.lower().endswith("_proxy") and k.lower() != "no_proxy"]


class FetchSession:
    """Clients of one run: ``fetch`` a page, ``robots`` for robots.txt, then ``aclose``."""

    def __init__(self, per_host: int, *, robots_concurrency: int = 4, lean: bool = True) -> None:
        self.per_host = per_host
        self.robots_concurrency = robots_concurrency
        # the lean path is direct: with a proxy in the environment every request goes through httpx
        self.lean = lean and not environment_proxies()
        self._revalidator: Revalidator | None = None
        self._clients: ClientPool | None = None
        self._robots: RobotsCache | None = None
        self._robots_client: Any = None
        self._ssl: ssl.SSLContext | None = None

    def _context(self) -> ssl.SSLContext:
        if self._ssl is None:
            import httpx  # the context httpx's clients verify with (certifi's CA bundle)

            self._ssl = httpx.create_ssl_context(trust_env=False)
        return self._ssl

    def robots(self, options: FetchOptions) -> RobotsCache:
        """The run's robots.txt cache (made with ``options`` the first time it is asked for)."""
        if self._robots is None:
            from tracker.fetch.http import make_client
            from tracker.fetch.robots import RobotsCache

            self._robots_client = make_client(concurrency=self.robots_concurrency)
            self._robots = RobotsCache(self._robots_client, options)
        return self._robots

    async def fetch(
        self,
        url: str,
        host: str,
        options: FetchOptions,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        on_redirect: RedirectHook | None = None,
        revalidate: bool = True,
    ) -> FetchResult:
        """Fetch ``url`` (whose ``host_key`` is ``host``) as ``fetch_async`` does; with
        ``revalidate``, on the lean path when it takes the answer."""
        first: Redirect | None = None
        if revalidate and self.lean and options.request.proxy is None:
            if self._revalidator is None:
                self._revalidator = Revalidator()
            try:
                result = await self._revalidator.fetch(url, options, etag, last_modified)
            except RetryableFetchError as exc:  # that answer was the first attempt: httpx makes the retries
                if options.retries < 1:
                    raise
                await asyncio.sleep(retry_wait(options, 1, exc))
                options = replace(options, retries=options.retries - 1)
            else:
                if isinstance(result, Redirect):
                    first = result  # httpx follows it from its target (the hop checked and paced there)
                elif result is not None:
                    return result
        from tracker.fetch.http import fetch_async

        if self._clients is None:
            from tracker.fetch.pool import ClientPool

            self._clients = ClientPool(self.per_host, ssl_context=self._context())
        async with self._clients.lease(host, options.request.proxy) as client:
            return await fetch_async(
                client,
                url,
                options=options,
                etag=etag,
                last_modified=last_modified,
                on_redirect=on_redirect,
                first=first,
            )

    async def aclose(self) -> None:
        """Close every client and pooled connection of the run."""
        try:
            if self._revalidator is not None:
                await self._revalidator.aclose()
            if self._clients is not None:
                await self._clients.aclose()
        finally:
            if self._robots_client is not None:
                await self._robots_client.aclose()
