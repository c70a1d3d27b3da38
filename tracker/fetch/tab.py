"""One browser page in its own context, reused for successive pages of one host and wiped between them.

A ``Tab`` is a Playwright browser context holding one page. ``BrowserPool`` reads one policy page
at a time in it; between two readings ``wipe`` leaves nothing of the first for the second to
see: the page goes to ``about:blank`` (its scripts, timers and requests end), its navigation
history is reset (no way back to the last page), ``window.name`` is emptied, every cookie of the
context is deleted and every storage of each origin the page's frames or requests used
(local and session storage, IndexedDB, Cache Storage, file systems, service workers) is
cleared. Nothing is cached over HTTP between readings: every request of the context is routed
to the reading's ``RequestGuard`` (``tracker.fetch.browser_guard``), which fetches it itself,
and Playwright turns the HTTP cache off for a routed context.
A tab whose wipe fails is closed, never reused.

``Network`` counts the page's requests in flight; ``settle`` waits until none has been in
flight for ``NETWORK_QUIET`` seconds and the DOM has not changed for ``DOM_QUIET`` (watched at
the same time).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any
from urllib.parse import urlsplit

__all__ = ["DOM_QUIET", "NETWORK_QUIET", "Network", "Tab", "TabKey", "settle"]

NETWORK_QUIET = 0.5  # seconds without a request in flight (as Playwright's networkidle) ...
DOM_QUIET = 0.2  # ... and without a change to the DOM: the page has settled
TabKey = tuple[object, ...]  # the host and every setting the context was made with

# resolves once the document has not changed for `quiet` ms (the observer starts with the call)
_DOM_QUIET = """quiet => new Promise(resolve => {
  let last = performance.now();
  const seen = new MutationObserver(() => { last = performance.now(); });
  seen.observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
  const look = () => {
    const still = performance.now() - last;
    if (still >= quiet) { seen.disconnect(); resolve(); } else { setTimeout(look, quiet - still + 5); }
  };
  setTimeout(look, quiet);
})"""
_WIPED_STORAGE = "local_storage,indexeddb,cache_storage,file_systems,websql,service_workers"


class Network:
    """The requests of one page in flight, and when the last one started or ended."""

    def __init__(self) -> None:
        self.in_flight = 0
        self.last = time.monotonic()
        self.origins: set[str] = set()  # every http(s) origin a request or a frame of the page used

    def reset(self) -> None:
        """Start counting afresh (a new reading in the same page)."""
        self.in_flight, self.last = 0, time.monotonic()

    def started(self, request: Any) -> None:
        self.in_flight += 1
        self.last = time.monotonic()
        self.saw(request.url)

    def ended(self, _request: Any) -> None:
        self.in_flight = max(0, self.in_flight - 1)
        self.last = time.monotonic()

    def saw(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc:
            self.origins.add(f"{parts.scheme}://{parts.netloc}")

    def quiet_for(self) -> float:
        """Seconds since the last request started or ended, 0 while one is in flight."""
        return 0.0 if self.in_flight else time.monotonic() - self.last


class Tab:
    """A context with one page, made for ``key`` (host and context settings) and reusable for it."""

    def __init__(self, key: TabKey, context: Any, page: Any, cdp: Any = None) -> None:
        self.key = key
        self.context = context
        self.page = page
        self.network = Network()
        self.guard: Any = None  # the route handler of the reading in progress (``RequestGuard``)
        self._cdp = cdp
        page.on("request", self.network.started)
        page.on("requestfinished", self.network.ended)
        page.on("requestfailed", self.network.ended)
        page.on("framenavigated", lambda frame: self.network.saw(frame.url))

    async def _session(self) -> Any:
        """The page's CDP session (opened on the first wipe: a tab never reused needs none)."""
        if self._cdp is None:
            self._cdp = await self.context.new_cdp_session(self.page)
        return self._cdp

    @classmethod
    async def open(cls, browser: Any, key: TabKey, **context_options: Any) -> Tab:
        """A new context (``context_options`` as Playwright's ``new_context`` takes them) and its page."""
        context = await browser.new_context(service_workers="block", **context_options)
        try:
            page = await context.new_page()
            tab = cls(key, context, page)
            await context.route("**/*", tab._route)
        except BaseException:
            await context.close()
            raise
        return tab

    async def _route(self, route: Any) -> None:
        """Every request of the context goes to the reading's guard (none between readings: refused)."""
        if self.guard is None:
            await route.abort()
        else:
            await self.guard.handle(route)

    async def wipe(self) -> None:
        """Leave nothing of the page just read for the next one (raises when that cannot be done)."""
        page = self.page

        async def clear_session(frame: Any) -> None:
            with contextlib.suppress(Exception):  # a frame that went away has nothing left
                await frame.evaluate("() => { try { sessionStorage.clear(); } catch (e) {} }")

        # session storage belongs to the page, not to the origin's storage: cleared in each frame
        await asyncio.gather(*(clear_session(frame) for frame in page.frames))
        await page.goto("about:blank")  # the page's scripts, timers and requests end here
        cdp = await self._session()
        clearing = [
            page.evaluate("() => { window.name = ''; }"),
            cdp.send("Page.resetNavigationHistory"),
            self.context.clear_cookies(),
        ]
        for origin in sorted(self.network.origins):
            clearing.append(cdp.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": _WIPED_STORAGE}))
        await asyncio.gather(*clearing)  # independent of each other: one round trip's time
        self.network.origins.clear()

    async def close(self) -> None:
        """Close the context (and its page); errors of a browser already gone are ignored."""
        with contextlib.suppress(Exception):
            await self.context.close()


async def settle(page: Any, network: Network, wait_for: str | float | None, left: float) -> None:
    """Wait for the page's text: the configured selector or delay, else (at most ``left`` seconds)
    until no request has been in flight for ``NETWORK_QUIET`` seconds and the DOM has not changed
    for ``DOM_QUIET`` seconds."""
    if isinstance(wait_for, str):
        await page.wait_for_selector(wait_for, state="attached")
        return
    if isinstance(wait_for, (int, float)):
        await page.wait_for_timeout(float(wait_for) * 1000)
        return
    from playwright.async_api import Error as PlaywrightError

    with contextlib.suppress(TimeoutError):  # a page that keeps polling is read as it is now
        async with asyncio.timeout(max(left, 0.1)):
            while True:
                # the DOM is watched while the network quiets down: together they cost the longer of the two
                dom = asyncio.ensure_future(page.evaluate(_DOM_QUIET, DOM_QUIET * 1000))
                try:
                    while network.quiet_for() < NETWORK_QUIET:
                        await asyncio.sleep(max(NETWORK_QUIET - network.quiet_for(), 0.02))
                    await dom
                except PlaywrightError:  # the document was replaced (a script navigated): watch the new one
                    await asyncio.sleep(0.05)
                    continue
                finally:
                    if not dom.done():
                        dom.cancel()
                if network.quiet_for() >= NETWORK_QUIET:
                    return
