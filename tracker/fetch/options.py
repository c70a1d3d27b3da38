"""Each policy's effective fetch options: its own settings, else the config's, else the defaults."""

from __future__ import annotations

from tracker.config import Config, PolicyConfig
from tracker.fetch.http import FetchOptions, default_user_agent


def fetch_options_for(config: Config, policy: PolicyConfig, base: FetchOptions | None = None) -> FetchOptions:
    """How to fetch ``policy``: its own User-Agent and timeout, else the config's settings (and
    the config's retries); limits and backoff from ``base`` (default ``FetchOptions()``)."""
    s = config.settings
    proto = base or FetchOptions()
    return FetchOptions(
        user_agent=policy.user_agent or s.user_agent or proto.user_agent or default_user_agent(),
        timeout=policy.timeout or s.timeout,
        max_bytes=proto.max_bytes,
        max_redirects=proto.max_redirects,
        retries=s.retries,
        backoff=proto.backoff,
        max_backoff=proto.max_backoff,
        max_retry_after=proto.max_retry_after,
    )
