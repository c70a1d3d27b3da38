"""A page read in the browser never reaches an internal address outside the configured URL's origin:
not by a redirect of the page (one hop or several), nor by its scripts, frames, or their redirects.

Two real servers on 127.0.0.1: the policy's site (the configured origin, which may be internal) and
an "internal" one on another port, standing for an intranet or a metadata service, whose request
log must stay empty. Chromium is Debian's, driven by Playwright."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.checks_helpers import FAST, SECTIONS, policy_page
from tests.conftest import LocalServer, Response
from tests.test_render_browser import HTML, needs_chromium, write_config
from tracker.check import run_check
from tracker.config import load_config
from tracker.errors import FetchError
from tracker.fetch.browser import BrowserPool, RenderRequest
from tracker.models import FetchResult
from tracker.store import Store

pytestmark = needs_chromium


@pytest.fixture
def internal() -> Iterator[LocalServer]:
    server = LocalServer().start()
    server.routes["/secret"] = Response("<html><body><p>internal admin data</p></body></html>", headers=HTML)
    yield server
    server.stop()


def render(url: str) -> FetchResult:
    async def go() -> FetchResult:
        pool = BrowserPool(contexts=1)
        try:
            request = RenderRequest(user_agent="policy-tracker-test", timeout=15, max_bytes=5_000_000)
            return await pool.render(url, request)
        finally:
            await pool.aclose()

    return asyncio.run(go())


def page_with(script: str) -> Response:
    return Response(f"<html><body>{policy_page()}<script>{script}</script></body></html>", headers=HTML)


def test_redirects_on_the_configured_origin_are_followed_and_recorded(http_server: LocalServer) -> None:
    http_server.routes["/old"] = Response("", 301, {"Location": "/moved"})
    http_server.routes["/moved"] = Response("", 302, {"Location": "/privacy"})
    http_server.routes["/privacy"] = Response(policy_page(), headers=HTML)
    result = render(http_server.url("/old"))
    assert result.final_url == http_server.url("/privacy")
    assert result.redirects == (http_server.url("/old"), http_server.url("/moved"))
    assert SECTIONS[0][0].encode() in result.content


def test_a_redirect_of_the_page_to_an_internal_address_is_refused(
    http_server: LocalServer, internal: LocalServer
) -> None:
    http_server.routes["/p"] = Response("", 302, {"Location": internal.url("/secret")})
    with pytest.raises(FetchError) as caught:
        render(http_server.url("/p"))
    assert caught.value.cause == "redirect_blocked"
    assert internal.url("/secret") in str(caught.value) and "internal address 127.0.0.1" in str(caught.value)
    assert internal.requests == []


def test_a_second_hop_to_an_internal_address_is_refused(http_server: LocalServer, internal: LocalServer) -> None:
    # Chromium follows redirects out of a route's sight: the second hop is where a naive check stops
    http_server.routes["/p"] = Response("", 302, {"Location": "/hop"})
    http_server.routes["/hop"] = Response("", 307, {"Location": f"http://localhost:{internal.port}/secret"})
    with pytest.raises(FetchError) as caught:
        render(http_server.url("/p"))
    assert caught.value.cause == "redirect_blocked"
    assert internal.requests == []


def test_scripts_frames_and_their_redirects_do_not_reach_internal_addresses(
    http_server: LocalServer, internal: LocalServer
) -> None:
    http_server.routes["/bounce"] = Response("", 302, {"Location": internal.url("/secret")})
    script = (
        f"fetch('{internal.url('/secret')}').catch(() => 0);"
        "fetch('/bounce').catch(() => 0);"
        f"const f = document.createElement('iframe'); f.src = '{internal.url('/secret')}';"
        "document.body.appendChild(f);"
        "const g = document.createElement('iframe'); g.src = '/bounce'; document.body.appendChild(g);"
        "document.body.insertAdjacentHTML('beforeend', '<p id=done>Scripts ran.</p>');"
    )
    http_server.routes["/p"] = page_with(script)
    result = render(http_server.url("/p"))
    assert b"Scripts ran." in result.content  # the page itself was read, its scripts ran
    assert internal.requests == []
    assert [path for _, path, _ in http_server.requests].count("/bounce") == 2  # both were asked, neither followed


def test_a_script_sending_the_page_to_an_internal_address_is_refused(
    http_server: LocalServer, internal: LocalServer
) -> None:
    http_server.routes["/p"] = page_with(f"location.href = '{internal.url('/secret')}';")
    with pytest.raises(FetchError) as caught:
        render(http_server.url("/p"))
    assert caught.value.cause == "redirect_blocked"
    assert internal.requests == []


def test_an_endless_redirect_chain_ends(http_server: LocalServer) -> None:
    for n in range(15):
        http_server.routes[f"/r{n}"] = Response("", 302, {"Location": f"/r{n + 1}"})
    with pytest.raises(FetchError) as caught:
        render(http_server.url("/r0"))
    assert caught.value.cause == "too_many_redirects"


def test_check_in_the_browser_records_the_blocked_redirect_and_stores_nothing(
    tmp_path: Path, http_server: LocalServer, internal: LocalServer
) -> None:
    http_server.routes["/robots.txt"] = Response("User-agent: *\nAllow: /\n", headers={"Content-Type": "text/plain"})
    http_server.routes["/p"] = Response("", 302, {"Location": internal.url("/secret")})
    policy = {"id": "acme", "name": "Acme", "url": http_server.url("/p"), "render": "browser"}
    config = load_config(write_config(tmp_path, [policy]))
    outcome = run_check(config, fetch_options=FAST, send_alerts=False).outcomes[0]
    assert (outcome.status, outcome.cause) == ("error", "redirect_blocked"), outcome.error
    assert Store(tmp_path / "snapshots").snapshots("acme") == []
    assert internal.requests == []
