"""Step 1, fetch: polite HTTP (limits per host, robots.txt, retries, conditional requests) and the checks
that tell a page that is not the policy (challenge pages, vanished bodies)."""

from __future__ import annotations

from tracker.fetch.challenge import challenge_reason, shrink_reason
from tracker.fetch.hosts import HostGate
from tracker.fetch.http import FetchOptions, default_user_agent, fetch, fetch_async, make_client
from tracker.fetch.options import fetch_options_for
from tracker.fetch.pool import ClientPool
from tracker.fetch.robots import RobotsCache

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
]
