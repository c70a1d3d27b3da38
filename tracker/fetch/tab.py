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

Every document of the tab carries ``tracker.fetch.settle.WATCH`` (what the page still has pending,
for ``settle``); ``Network`` counts its requests in flight.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from tracker.fetch.settle import WATCH, Network

__all__ = ["Tab", "TabKey"]

TabKey = tuple[object, ...]  # the host and every setting the context was made with
_WIPED_STORAGE = "local_storage,indexeddb,cache_storage,file_systems,websql,service_workers"


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
            await context.add_init_script(WATCH)  # before the pages' own scripts, in every document
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
