"""Each policy's effective fetch options (static and browser): its own settings, else the config's, else
the defaults."""

from __future__ import annotations

from urllib.parse import urlsplit

from tracker.config import Config, PolicyConfig
from tracker.fetch.browser import RenderRequest
from tracker.fetch.request import FetchOptions, default_user_agent


def fetch_options_for(config: Config, policy: PolicyConfig, base: FetchOptions | None = None) -> FetchOptions:
    """How to fetch ``policy``: its own User-Agent and timeout, else the config's settings (and
    the config's retries); limits and backoff from ``base`` (default ``FetchOptions()``); the
    policy's request settings (already merged over the config's by ``tracker.config``)."""
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
        request=policy.request,
    )


def render_mode(config: Config, policy: PolicyConfig) -> str:
    """``static``, ``browser`` or ``auto``: the policy's ``render``, else the config's."""
    return policy.render or config.settings.render


def proxy_for(url: str, explicit: str | None) -> str | None:
    """The proxy a request to ``url`` goes through: ``explicit``, else the environment's
    (``HTTPS_PROXY``/``HTTP_PROXY``/``ALL_PROXY``, unless ``NO_PROXY`` exempts the host)."""
    if explicit:
        return explicit
    scheme, host = urlsplit(url).scheme, urlsplit(url).hostname or ""
    from urllib.request import getproxies, proxy_bypass  # (http.client, email): only for a browser reading

    proxies = getproxies()
    if not proxies or proxy_bypass(host):
        return None
    return proxies.get(scheme) or proxies.get("all")


def render_request_for(
    config: Config, policy: PolicyConfig, options: FetchOptions, url: str | None = None
) -> RenderRequest:
    """How the browser reads ``policy`` (its page ``url``, default its ``url``): the same
    User-Agent, headers, cookies, timeout, size limit and proxy as its static fetch, with its
    ``wait_for`` and ``execute_scripts``."""
    return RenderRequest(
        user_agent=options.user_agent or default_user_agent(),
        timeout=options.timeout,
        max_bytes=options.max_bytes,
        request=options.request,
        proxy=proxy_for(url or policy.url, options.request.proxy),
        wait_for=policy.wait_for,
        execute_scripts=policy.execute_scripts,
    )
