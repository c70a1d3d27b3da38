"""Step 1, fetch: polite HTTP (limits per host, robots.txt, retries, conditional requests), reading a
page in a browser (Playwright + the system's Chromium) when its scripts build it, and the checks
that tell a page that is not the policy (challenge pages, script shells, vanished bodies)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.lazy import lazy_exports

if TYPE_CHECKING:
    from tracker.fetch.browser import INSTALL_HINT, BrowserPool, browser_missing, find_chromium
    from tracker.fetch.challenge import challenge_reason, shrink_reason
    from tracker.fetch.hosts import HostGate
    from tracker.fetch.http import FetchOptions, default_user_agent, fetch_async, make_client
    from tracker.fetch.once import fetch
    from tracker.fetch.options import fetch_options_for, render_mode, render_request_for
    from tracker.fetch.pool import ClientPool
    from tracker.fetch.render import RenderPlan, plan_for
    from tracker.fetch.robots import RobotsCache
    from tracker.fetch.shell import page_shape, script_shell_reason

# each public name and the module that defines it, imported on first use (PEP 562): a run whose
# answers are all 304s loads neither the HTTP client's whole stack nor the extractors
_WHERE = {
    "INSTALL_HINT": "tracker.fetch.browser",
    "BrowserPool": "tracker.fetch.browser",
    "browser_missing": "tracker.fetch.browser",
    "find_chromium": "tracker.fetch.browser",
    "challenge_reason": "tracker.fetch.challenge",
    "shrink_reason": "tracker.fetch.challenge",
    "HostGate": "tracker.fetch.hosts",
    "FetchOptions": "tracker.fetch.http",
    "default_user_agent": "tracker.fetch.http",
    "fetch_async": "tracker.fetch.http",
    "make_client": "tracker.fetch.http",
    "fetch": "tracker.fetch.once",
    "fetch_options_for": "tracker.fetch.options",
    "render_mode": "tracker.fetch.options",
    "render_request_for": "tracker.fetch.options",
    "ClientPool": "tracker.fetch.pool",
    "RenderPlan": "tracker.fetch.render",
    "plan_for": "tracker.fetch.render",
    "RobotsCache": "tracker.fetch.robots",
    "page_shape": "tracker.fetch.shell",
    "script_shell_reason": "tracker.fetch.shell",
}
__getattr__ = lazy_exports(__name__, _WHERE)

__all__ = [
    "FetchOptions",
    "default_user_agent",
    "fetch",
    "fetch_async",
    "make_client",
    "fetch_options_for",
    "challenge_reason",
    "shrink_reason",
    "ClientPool",
    "HostGate",
    "RobotsCache",
    "BrowserPool",
    "INSTALL_HINT",
    "browser_missing",
    "find_chromium",
    "render_mode",
    "render_request_for",
    "RenderPlan",
    "plan_for",
    "page_shape",
    "script_shell_reason",
]
