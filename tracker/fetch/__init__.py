"""Step 1, fetch: polite HTTP (limits per host, robots.txt, retries, conditional requests), reading a
page in a browser (Playwright + the system's Chromium) when its scripts build it, and the checks
that tell a page that is not the policy (challenge pages, script shells, vanished bodies)."""

from __future__ import annotations

from tracker.fetch.browser import INSTALL_HINT, BrowserPool, browser_missing, find_chromium
from tracker.fetch.challenge import challenge_reason, shrink_reason
from tracker.fetch.hosts import HostGate
from tracker.fetch.http import FetchOptions, default_user_agent, fetch, fetch_async, make_client
from tracker.fetch.options import fetch_options_for, render_mode, render_request_for
from tracker.fetch.pool import ClientPool
from tracker.fetch.render import RenderPlan, plan_for
from tracker.fetch.robots import RobotsCache
from tracker.fetch.shell import page_shape, script_shell_reason

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
