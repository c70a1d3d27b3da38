"""Keeping a rendered page off internal addresses: every request the browser makes, and every
redirect hop, is checked before it is sent.

A page read in the browser runs its scripts: it may fetch, frame or navigate to any address,
and any of its requests may be redirected. Chromium follows redirects itself, out of Playwright's
sight (a route sees only a request's first URL), so ``RequestGuard`` takes the redirects out of
Chromium's hands: it fetches each request without following redirects, checks every ``Location``
with the rule the static fetch applies (``tracker.fetch.address``: an internal address is allowed
only on the configured URL's own origin), fetches the next hop itself and hands the browser the
final answer. A redirect of the page itself is not answered that way, since the page must load at
its final address for its relative links and scripts to work: the guard aborts it and leaves the
target in ``main_redirect`` for the reader to ``goto`` after the same check.
"""

from __future__ import annotations

import contextlib
from typing import Any
from urllib.parse import urljoin, urlsplit

from tracker.errors import FetchError
from tracker.fetch.address import internal_address, origin_key

MAX_REDIRECTS = 10
# never policy text: images, media and fonts carry none, and a page's text is read from its DOM,
# which no stylesheet changes (the static reading applies none either)
SKIPPED_RESOURCES = frozenset({"image", "media", "font", "stylesheet"})
_LOCAL_SCHEMES = frozenset({"data", "blob", "about"})  # served by the browser itself, no request leaves
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class RequestGuard:
    """The route handler of one rendered page (``context.route("**/*", guard.handle)``)."""

    def __init__(self, configured_url: str, context: Any, timeout: float) -> None:
        self.configured_url = configured_url
        self._context = context
        self._timeout_ms = timeout * 1000
        self.blocked: FetchError | None = None  # why the page itself was stopped, if it was
        self.main_redirect: tuple[str, int] | None = None  # the page's own redirect (target, status), not yet followed
        self.main_failure: str | None = None  # why fetching the page itself failed, if it did
        self.blocked_requests: list[str] = []  # the URLs refused, the page's own or its resources'

    async def refusal(self, url: str) -> str | None:
        """Why a request to ``url`` may not be sent (None: it may)."""
        scheme = urlsplit(url).scheme.lower()
        if scheme in _LOCAL_SCHEMES:
            return None
        if scheme not in ("http", "https"):
            return f"the {scheme}: scheme is not fetched"
        if origin_key(url) == origin_key(self.configured_url):
            return None  # the configured URL's own origin may be internal (a local test site, an intranet)
        internal = await internal_address(url)
        return f"it leads to the internal address {internal} outside the configured URL's origin" if internal else None

    async def check_redirect(self, target: str, status: int) -> None:
        """Raise ``FetchError`` (``redirect_blocked``) when the page's own redirect may not be followed."""
        reason = await self.refusal(target)
        if reason:
            message = f"{self.configured_url}: redirect to {target} blocked: {reason}"
            raise FetchError(message, "redirect_blocked", status)

    async def handle(self, route: Any) -> None:
        """Answer one request: abort it, or fetch it (following its redirects after checking each)."""
        request = route.request
        if request.resource_type in SKIPPED_RESOURCES:
            await route.abort()
            return
        main = _is_main_frame_navigation(request)
        reason = await self.refusal(request.url)
        if reason:
            self._refuse(request.url, reason, main)
            await route.abort("blockedbyclient")
            return
        if urlsplit(request.url).scheme.lower() in _LOCAL_SCHEMES:
            await route.continue_()
            return
        try:
            await self._answer(route, request, main)
        except Exception as exc:  # Playwright's Error: the connection failed, the page closed meanwhile
            if main and self.main_failure is None:
                self.main_failure = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            with contextlib.suppress(Exception):
                await route.abort("failed")

    async def _answer(self, route: Any, request: Any, main: bool) -> None:
        response = await route.fetch(max_redirects=0, timeout=self._timeout_ms)
        url = request.url
        for _ in range(MAX_REDIRECTS):
            location = response.headers.get("location")
            if response.status not in _REDIRECT_STATUSES or not location:
                await route.fulfill(response=response)
                return
            target = urljoin(url, location)
            if main:  # the reader follows it with goto, after checking it, so the page loads at its address
                self.main_redirect = (target, response.status)
                await route.abort("aborted")
                return
            reason = await self.refusal(target)
            if reason:
                self._refuse(target, reason, main)
                await route.abort("blockedbyclient")
                return
            keep_method = response.status in (307, 308)
            response = await self._context.request.fetch(
                target,
                method=request.method if keep_method else "GET",
                data=request.post_data_buffer if keep_method else None,
                max_redirects=0,
                timeout=self._timeout_ms,
            )
            url = target
        await route.abort("failed")  # a redirect chain longer than MAX_REDIRECTS

    def _refuse(self, url: str, reason: str, main: bool) -> None:
        self.blocked_requests.append(url)
        if main and self.blocked is None:
            self.blocked = FetchError(f"{self.configured_url}: request to {url} blocked: {reason}", "redirect_blocked")


def _is_main_frame_navigation(request: Any) -> bool:
    if not request.is_navigation_request():
        return False
    try:
        return request.frame.parent_frame is None
    except Exception:  # a request without a frame (a worker's): not the page itself
        return False
