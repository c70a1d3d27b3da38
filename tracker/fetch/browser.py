"""Reading a page in a real browser: Playwright driving an installed Chromium (never a downloaded one).

The ``browser`` extra (``pip install 'policy-tracker[browser]'``) brings Playwright's Python
package; the browser is the system's Chromium (``apt-get install chromium``), started through
``executable_path`` with ``READING_ARGS``. ``BrowserPool`` starts one browser lazily for a run,
keeps at most ``contexts`` browser contexts open (each holding one page, ``tracker.fetch.tab``)
and reads one policy page at a time in each. A tab that read a page of a host is kept, and
wiped when the next page of the same host read the same way takes it (that skips starting a
new renderer process); pages of other hosts get a new tab. ``aclose``
stops the browser; the caller closes it in a ``finally``, so no browser process outlives a run.
Images, media, fonts and stylesheets are not loaded (they never carry policy text, and the
text is read from the DOM, which no stylesheet changes), and no request or
redirect reaches an internal address outside the configured URL's origin
(``tracker.fetch.browser_guard``). Without ``wait_for``, a page is read once it has settled: no
request in flight, nothing its scripts started (a fetch, an XHR, a short timer) pending and no
change to its DOM for a short while (``tracker.fetch.settle``; at most ``NETWORK_IDLE_WAIT``).
Failures raise ``FetchError``: ``needs_browser`` (no Playwright or no Chromium, with
``INSTALL_HINT``), ``browser`` (the browser failed), ``timeout``, ``http_<code>``, ``too_large``,
``redirect_blocked``, ``too_many_redirects``.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import time
from dataclasses import dataclass
from typing import Any

from tracker.config import RequestSettings
from tracker.errors import FetchError
from tracker.fetch.address import host_key
from tracker.fetch.browser_guard import MAX_REDIRECTS, RequestGuard
from tracker.fetch.request import KEPT_HEADERS, extra_headers
from tracker.fetch.settle import settle
from tracker.fetch.tab import Tab, TabKey
from tracker.models import FetchResult, utc_now

LAUNCH_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
# for reading pages only (``BrowserPool``): each cuts the browser's CPU per navigation, together a
# quarter (docs/benchmarks.md, h16d). RenderDocument gives every new document a new frame host
# (a reused tab navigates twice per page: to about:blank, then to the page); site-isolation
# trials put a page's cross-site frames in processes of their own. Contexts still never share
# a renderer, and no page reaches an internal address (``tracker.fetch.browser_guard``).
READING_ARGS = (*LAUNCH_ARGS, "--disable-features=RenderDocument", "--disable-site-isolation-trials")
INSTALL_HINT = "pip install 'policy-tracker[browser]' and apt-get install chromium"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# validators of the served HTML say nothing about what its scripts load: not kept for a rendered page
_RENDERED_HEADERS = tuple(h for h in KEPT_HEADERS if h not in ("etag", "last-modified", "content-length"))
NETWORK_IDLE_WAIT = 5.0  # seconds, at most, for the page's requests to settle when no wait_for is set


@dataclass(frozen=True)
class RenderRequest:
    """How to read one page in the browser."""

    user_agent: str
    timeout: float
    max_bytes: int
    request: RequestSettings = RequestSettings()
    proxy: str | None = None  # the proxy for this URL (explicit or from the environment)
    wait_for: str | float | None = None  # a CSS selector, or seconds to wait after load
    execute_scripts: bool = True


def find_chromium(configured: str | None = None) -> str | None:
    """The Chromium executable: ``configured`` (a path or a name on PATH), else the first of
    ``CHROMIUM_NAMES`` on PATH; None when there is none."""
    for name in (configured,) if configured else CHROMIUM_NAMES:
        found = shutil.which(name) if name else None
        if found:
            return found
        if name and os.path.isfile(name) and os.access(name, os.X_OK):
            return name
    return None


def browser_missing(configured: str | None = None) -> str | None:
    """Why pages cannot be read in a browser here (with the install hint), or None when they can."""
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        return f"reading this page needs a browser, and Playwright is not installed ({INSTALL_HINT})"
    if find_chromium(configured) is None:
        where = repr(configured) if configured else "chromium on PATH"
        return f"reading this page needs a browser, and {where} was not found ({INSTALL_HINT})"
    return None


class BrowserPool:
    """One lazily started Chromium for a run, at most ``contexts`` contexts (tabs) open, one page read
    in each at a time; a tab is reused, wiped, for the next page of its host read the same way."""

    def __init__(self, executable: str | None = None, contexts: int = 4) -> None:
        self.executable = executable
        self.contexts = max(1, contexts)
        self._slots = asyncio.Semaphore(self.contexts)
        self._lock = asyncio.Lock()
        self._playwright: Any = None
        self._browser: Any = None
        self._idle: list[Tab] = []  # wiped tabs waiting for a page of their host, oldest first
        self._busy = 0  # tabs reading a page now
        self.started = False
        self.tabs_opened = 0  # contexts made so far (what reuse saves shows here)

    async def _ensure(self) -> Any:
        async with self._lock:
            if self._browser is None:
                missing = browser_missing(self.executable)
                if missing:
                    raise FetchError(missing, "needs_browser")
                from playwright.async_api import async_playwright

                self._playwright = await async_playwright().start()
                self.started = True
                try:
                    self._browser = await self._playwright.chromium.launch(
                        executable_path=find_chromium(self.executable), headless=True, args=list(READING_ARGS)
                    )
                except Exception as exc:  # Playwright's Error: a broken or wrong executable
                    await self.aclose()
                    raise FetchError(f"cannot start Chromium: {str(exc).splitlines()[0]}", "browser") from None
            return self._browser

    async def render(self, url: str, req: RenderRequest) -> FetchResult:
        """The page at ``url`` as the browser shows it after its scripts ran (``content`` is the
        serialised DOM, UTF-8 HTML); raises ``FetchError``. ``req.timeout`` bounds loading the
        page and any ``wait_for``; the wait for the page to settle uses what is left."""
        async with self._slots:
            browser = await self._ensure()  # starting the browser is not the page's time
            started, fetched_at = time.monotonic(), utc_now()
            self._busy += 1
            try:
                tab: Tab | None = None
                try:
                    async with asyncio.timeout(req.timeout + NETWORK_IDLE_WAIT + 5):  # backstop to Playwright's
                        tab = await self._take(browser, url, req)
                        result = await self._read(tab, url, req, started, fetched_at)
                except BaseException:
                    if tab is not None:  # a tab whose reading failed is not reused
                        await tab.close()
                    raise
                await self._give_back(tab)
                return result
            except TimeoutError:
                raise FetchError(f"{url}: timed out after {req.timeout:g} s in the browser", "timeout") from None
            finally:
                self._busy -= 1

    async def _take(self, browser: Any, url: str, req: RenderRequest) -> Tab:
        """An idle tab made for this host and these settings, wiped, else a new one (closing the
        oldest idle tab when ``contexts`` are open)."""
        key = _tab_key(url, req)
        tab = await self._reuse(key)
        if tab is None:
            while self._idle and len(self._idle) + self._busy > self.contexts:
                await self._idle.pop(0).close()  # never wiped: nothing will read in it again
            tab = await Tab.open(
                browser,
                key,
                user_agent=req.user_agent,
                extra_http_headers={k: v for k, v in extra_headers(req.request).items() if k.lower() != "cookie"},
                java_script_enabled=req.execute_scripts,
                proxy={"server": req.proxy} if req.proxy else None,
            )
            self.tabs_opened += 1
        if req.request.cookies:
            try:
                await tab.context.add_cookies([{"name": n, "value": v, "url": url} for n, v in req.request.cookies])
            except BaseException:
                await tab.close()
                raise
        return tab

    async def _reuse(self, key: TabKey) -> Tab | None:
        """The idle tab made for ``key``, wiped (None when there is none, or its wipe failed)."""
        for n, tab in enumerate(self._idle):
            if tab.key == key:
                del self._idle[n]
                break
        else:
            return None
        try:  # wiped only now: a tab that is closed unused costs no wipe
            await tab.wipe()
        except BaseException as exc:  # a tab that cannot be wiped is never reused
            await tab.close()
            if not isinstance(exc, Exception):
                raise  # cancelled: the run is stopping
            return None
        return tab

    async def _give_back(self, tab: Tab) -> None:
        """Keep ``tab`` for the next page of its host (wiped when it is taken)."""
        if self._browser is None:  # closed meanwhile
            await tab.close()
            return
        self._idle.append(tab)

    async def _read(self, tab: Tab, url: str, req: RenderRequest, started: float, fetched_at: str) -> FetchResult:
        from playwright.async_api import Error as PlaywrightError
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        page = tab.page
        page.set_default_timeout(req.timeout * 1000)
        tab.network.reset()
        try:
            guard = tab.guard = RequestGuard(url, tab.context, req.timeout)
            response, final_url, redirects = await _open(page, url, guard)
            left = req.timeout - (time.monotonic() - started)
            await settle(page, tab.network, req.wait_for, min(NETWORK_IDLE_WAIT, left))
            if guard.blocked is not None:  # a script sent the page to an internal address
                raise guard.blocked
            html = await page.content()
        except PlaywrightTimeout:
            raise FetchError(f"{url}: timed out after {req.timeout:g} s in the browser", "timeout") from None
        except PlaywrightError as exc:
            raise FetchError(f"{url}: browser: {str(exc).splitlines()[0]}", "browser") from None
        return _result(url, final_url, response, html, req, started, fetched_at, redirects)

    async def aclose(self) -> None:
        """Stop the browser and Playwright's driver (safe to call twice, or when never started)."""
        browser, playwright = self._browser, self._playwright
        self._browser = self._playwright = None
        idle, self._idle = self._idle, []
        try:
            for tab in idle:
                await tab.close()
            if browser is not None:
                await browser.close()
        finally:
            if playwright is not None:
                await playwright.stop()


def _tab_key(url: str, req: RenderRequest) -> TabKey:
    """What a tab is made for: the host, and every setting its context was made with."""
    headers = tuple(sorted(extra_headers(req.request).items()))
    return (host_key(url), req.user_agent, headers, req.execute_scripts, req.proxy)


async def _open(page: Any, url: str, guard: RequestGuard) -> tuple[Any, str, list[str]]:
    """Load ``url`` in ``page``, following the page's own redirects one ``goto`` at a time (each
    checked by ``guard``); returns the final response, its URL and the URLs redirected from."""
    from playwright.async_api import Error as PlaywrightError

    redirects: list[str] = []
    target = url
    for _ in range(MAX_REDIRECTS + 1):
        guard.main_redirect = guard.main_failure = None
        try:
            response = await page.goto(target, wait_until="load")
        except PlaywrightError:
            if guard.blocked is not None:
                raise guard.blocked from None
            if guard.main_failure is not None:
                raise FetchError(f"{url}: browser: {guard.main_failure}", "browser") from None
            if guard.main_redirect is None:
                raise
            response = None
        if guard.blocked is not None:
            raise guard.blocked
        if guard.main_redirect is None:
            return response, page.url, redirects
        next_url, status = guard.main_redirect
        await guard.check_redirect(next_url, status)
        redirects.append(target)
        target = next_url
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects in the browser", "too_many_redirects")


def _result(
    url: str,
    final_url: str,
    response: Any,
    html: str,
    req: RenderRequest,
    started: float,
    fetched_at: str,
    redirects: list[str],
) -> FetchResult:
    status = response.status if response is not None else 200
    if status >= 400:
        raise FetchError(f"{url}: HTTP {status} (in the browser)", f"http_{status}", status)
    content = html.encode("utf-8")
    if len(content) > req.max_bytes:
        raise FetchError(f"{url}: rendered page exceeds the {req.max_bytes}-byte limit", "too_large")
    headers = response.headers if response is not None else {}
    kept = {k: headers[k] for k in _RENDERED_HEADERS if k in headers}
    kept["content-type"] = "text/html; charset=utf-8"
    return FetchResult(
        url=url,
        final_url=final_url,
        status=status,
        headers=kept,
        content=content,
        content_type="text/html; charset=utf-8",
        encoding="utf-8",
        fetched_at=fetched_at,
        redirects=tuple(redirects),
        elapsed_ms=(time.monotonic() - started) * 1000,
        rendered_by="browser",
    )
