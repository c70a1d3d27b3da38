"""When a rendered page's text is all there: the page has loaded, none of its requests is in
flight, no work it started (a ``fetch``, an XHR, a short timer) is pending, and its DOM has not
changed for a short while.

``WATCH`` is installed in every document of a tab before the page's own scripts run
(``context.add_init_script``). It counts the page's ``fetch`` calls (and the reading of their
bodies) and XHRs until they end, and its timers until they fire: a ``setTimeout`` of at most
``TIMER_WAIT`` seconds, and the first ``POLL_ROUNDS`` rounds of a ``setInterval`` that short or
of a chain of timers each set by the one before (a page that polls is not waited for past
those rounds). A ``MutationObserver`` notes the last change to the DOM; the end of any counted
work counts as a change, so whatever its callback schedules (a framework's render) is waited for
too. Playwright's request events (``Network``) count every request of the page, including
scripts and frames, which the page's own counts do not see.

``settle`` returns once no request has been in flight for ``NETWORK_QUIET`` seconds while the
page reports nothing pending and no change for ``DOM_QUIET`` seconds, at most ``left`` seconds
(a page that keeps working is read as it is then). A page that writes its text after a timer
(within ``TIMER_WAIT``) or after a chain of requests is read whole; one whose scripts do not run
(``execute_scripts = false``) has no watch and is read after ``DOM_QUIET`` without a change.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any
from urllib.parse import urlsplit

__all__ = ["DOM_QUIET", "NETWORK_QUIET", "POLL_ROUNDS", "TIMER_WAIT", "WATCH", "Network", "settle"]

NETWORK_QUIET = 0.15  # seconds without a request in flight ...
DOM_QUIET = 0.1  # ... while the page has nothing pending and its DOM has not changed: settled
TIMER_WAIT = 2.0  # seconds: a timer set for longer is not waited for
POLL_ROUNDS = 3  # rounds of an interval, or timers set by timers, waited for

WATCH = """(() => {
  const KEY = '__policyTrackerQuiet';
  if (Object.prototype.hasOwnProperty.call(window, KEY)) return;
  const now = () => performance.now();
  const LONGEST = @LONGEST@, ROUNDS = @ROUNDS@;
  const setT = window.setTimeout, clearT = window.clearTimeout;
  const setI = window.setInterval, clearI = window.clearInterval;
  let busy = 0, changed = now(), depth = 0;
  const timers = new Set();
  const ended = () => { changed = now(); };
  const finish = () => { setT.call(window, () => { busy -= 1; ended(); }, 0); };
  const track = p => { busy += 1; p.then(finish, finish); return p; };
  new MutationObserver(ended).observe(document,
    {subtree: true, childList: true, characterData: true, attributes: true});
  window.setTimeout = function (handler, ms, ...rest) {
    if (typeof handler !== 'function' || !((Number(ms) || 0) <= LONGEST)) return setT.apply(window, arguments);
    const level = depth + 1, counted = level <= ROUNDS;  // the timers a polling chain sets later are not
    const id = setT.call(window, function () {
      timers.delete(id);
      const outer = depth;
      depth = level;
      try { return handler.apply(this, arguments); } finally { depth = outer; if (counted) ended(); }
    }, ms, ...rest);
    if (counted) timers.add(id);
    return id;
  };
  window.clearTimeout = function (id) { timers.delete(id); return clearT.apply(window, arguments); };
  window.setInterval = function (handler, ms, ...rest) {
    if (typeof handler !== 'function' || !((Number(ms) || 0) <= LONGEST)) return setI.apply(window, arguments);
    let rounds = 0;
    const id = setI.call(window, function () {
      rounds += 1;
      if (rounds > ROUNDS) return handler.apply(this, arguments);
      if (rounds === ROUNDS) timers.delete(id);
      try { return handler.apply(this, arguments); } finally { ended(); }
    }, ms, ...rest);
    timers.add(id);
    return id;
  };
  window.clearInterval = function (id) { timers.delete(id); return clearI.apply(window, arguments); };
  if (window.fetch) {
    const fetch = window.fetch;
    window.fetch = function () { return track(fetch.apply(this, arguments)); };
  }
  if (window.Response) {
    for (const name of ['arrayBuffer', 'blob', 'formData', 'json', 'text']) {
      const read = Response.prototype[name];
      if (read) Response.prototype[name] = function () { return track(read.apply(this, arguments)); };
    }
  }
  if (window.XMLHttpRequest) {
    const send = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.send = function () {
      busy += 1;
      this.addEventListener('loadend', finish, {once: true});
      try { return send.apply(this, arguments); } catch (e) {
        this.removeEventListener('loadend', finish);
        busy -= 1;
        throw e;
      }
    };
  }
  const quiet = wait => new Promise(resolve => {
    const look = () => {
      const still = now() - changed;
      if (busy <= 0 && timers.size === 0 && still >= wait) resolve(true);
      else setT.call(window, look, Math.max(wait - still, 20));
    };
    look();
  });
  Object.defineProperty(window, KEY, {value: quiet});
})();""".replace("@LONGEST@", str(round(TIMER_WAIT * 1000))).replace("@ROUNDS@", str(POLL_ROUNDS))

# resolves once the page reports nothing pending and no change for `quiet` ms; a document without
# the watch (its scripts do not run) is watched from now on for a change
_QUIET = """quiet => window.__policyTrackerQuiet ? window.__policyTrackerQuiet(quiet) : new Promise(resolve => {
  let last = performance.now();
  const seen = new MutationObserver(() => { last = performance.now(); });
  seen.observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
  const look = () => {
    const still = performance.now() - last;
    if (still >= quiet) { seen.disconnect(); resolve(false); } else { setTimeout(look, quiet - still + 5); }
  };
  setTimeout(look, quiet);
})"""


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
        """A request of the page started (Playwright's ``request`` event)."""
        self.in_flight += 1
        self.last = time.monotonic()
        self.saw(request.url)

    def ended(self, _request: Any) -> None:
        """A request of the page finished or failed."""
        self.in_flight = max(0, self.in_flight - 1)
        self.last = time.monotonic()

    def saw(self, url: str) -> None:
        """Note the origin of ``url`` (a request's or a frame's): its storage is wiped later."""
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc:
            self.origins.add(f"{parts.scheme}://{parts.netloc}")

    def quiet_for(self) -> float:
        """Seconds since the last request started or ended, 0 while one is in flight."""
        return 0.0 if self.in_flight else time.monotonic() - self.last


async def settle(page: Any, network: Network, wait_for: str | float | None, left: float) -> None:
    """Wait for the page's text: the configured selector or delay, else (at most ``left`` seconds)
    until no request has been in flight for ``NETWORK_QUIET`` seconds while the page has had
    nothing pending and no DOM change for ``DOM_QUIET`` seconds."""
    if isinstance(wait_for, str):
        await page.wait_for_selector(wait_for, state="attached")
        return
    if isinstance(wait_for, (int, float)):
        await page.wait_for_timeout(float(wait_for) * 1000)
        return
    from playwright.async_api import Error as PlaywrightError

    with contextlib.suppress(TimeoutError):  # a page that keeps working is read as it is now
        async with asyncio.timeout(max(left, 0.1)):
            while True:
                # the page is watched while the network quiets down: together they cost the longer of the two
                page_quiet = asyncio.ensure_future(page.evaluate(_QUIET, DOM_QUIET * 1000))
                try:
                    while network.quiet_for() < NETWORK_QUIET:
                        await asyncio.sleep(max(NETWORK_QUIET - network.quiet_for(), 0.02))
                    await page_quiet
                except PlaywrightError:  # the document was replaced (a script navigated): watch the new one
                    await asyncio.sleep(0.05)
                    continue
                finally:
                    if not page_quiet.done():
                        page_quiet.cancel()
                if network.quiet_for() >= NETWORK_QUIET:
                    return
