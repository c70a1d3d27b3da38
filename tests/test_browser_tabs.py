"""Browser tabs reused for successive pages of one host: the second page sees nothing of the first.

Real Chromium (Debian's) reading pages served on 127.0.0.1. Page ``/write`` leaves every trace a
page can leave in its browser (cookies set by the server and by script, local and session
storage, IndexedDB, Cache Storage, ``window.name``, an HTTP-cacheable script, and local storage
written by a frame); page ``/look`` reports what it finds. (A frame of another site on 127.0.0.1
would be refused by ``tracker.fetch.browser_guard``: the frames are the site's own.) Read after
``/write`` in a reused tab, ``/look`` must report exactly what it reports in a fresh browser.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator

import pytest

from tests.conftest import LocalServer, Response
from tests.test_render_browser import chromium_children, needs_chromium
from tracker.errors import FetchError
from tracker.fetch.browser import READING_ARGS, BrowserPool, RenderRequest

HTML = {"Content-Type": "text/html; charset=utf-8"}

WRITE = """<!doctype html><html><head><title>Privacy Policy</title><script src="/cached.js"></script></head>
<body><h1>Privacy Policy</h1><p>We keep your data safe.</p>
<iframe src="%(frame)s/frame-write"></iframe>
<script>
document.cookie = 'script_cookie=1; max-age=3600; path=/';
localStorage.setItem('local', 'written');
sessionStorage.setItem('session', 'written');
window.name = 'written';
const idb = new Promise(ok => { const r = indexedDB.open('policy_db', 1);
  r.onupgradeneeded = () => r.result.createObjectStore('s');
  r.onsuccess = () => { const t = r.result.transaction('s', 'readwrite'); t.objectStore('s').put('x', 'k');
                        t.oncomplete = ok; }; });
const cache = caches.open('policy_cache').then(c => c.put('/stored', new Response('x')));
const frame = new Promise(ok => addEventListener('message', e => { if (e.data === 'frame stored') ok(); }));
Promise.all([idb, cache, frame]).then(() => {
  const done = document.createElement('p'); done.id = 'done'; done.textContent = 'stored'; document.body.append(done);
});
</script></body></html>"""

LOOK = """<!doctype html><html><head><title>Privacy Policy</title><script src="/cached.js"></script></head>
<body><h1>Privacy Policy</h1><p>What this page finds of earlier pages:</p><pre id="seen"></pre>
<iframe src="%(frame)s/frame-look"></iframe>
<script>
const frame = new Promise(ok => addEventListener("message", e => {
  if (e.data.frame !== undefined) ok(e.data.frame); }));
Promise.all([indexedDB.databases(), caches.keys(), frame]).then(([dbs, cacheNames, frameLocal]) => {
  const seen = {cookie: document.cookie, local: localStorage.length, session: sessionStorage.length,
    name: window.name, databases: dbs.map(d => d.name), caches: cacheNames, frameLocal: frameLocal,
    history: history.length, referrer: document.referrer, cachedRuns: window.cachedRuns};
  document.getElementById('seen').textContent = JSON.stringify(seen);
  const done = document.createElement('p'); done.id = 'done'; document.body.append(done);
});
</script></body></html>"""

FRAME_WRITE = """<!doctype html><script>try { localStorage.setItem('frame', 'written'); } catch (e) {}
parent.postMessage('frame stored', '*');</script>"""
FRAME_LOOK = """<!doctype html><script>let n; try { n = localStorage.length; } catch (e) { n = 'denied'; }
parent.postMessage({frame: n}, '*');</script>"""


@pytest.fixture
def other_server() -> Iterator[LocalServer]:
    """A second server: another host (port) than ``http_server``."""
    server = LocalServer().start()
    try:
        yield server
    finally:
        server.stop()


def serve(site: LocalServer) -> None:
    frame_base = ""  # the frames are the page's own site's (relative)
    site.routes["/write"] = Response(WRITE % {"frame": frame_base}, headers={**HTML, "Set-Cookie": "server_cookie=1"})
    site.routes["/look"] = Response(LOOK % {"frame": frame_base}, headers=HTML)
    site.routes["/cached.js"] = Response(
        "window.cachedRuns = (window.cachedRuns || 0) + 1;",
        headers={"Content-Type": "text/javascript", "Cache-Control": "public, max-age=3600", "ETag": '"v1"'},
    )
    site.routes["/frame-write"] = Response(FRAME_WRITE, headers=HTML)
    site.routes["/frame-look"] = Response(FRAME_LOOK, headers=HTML)


def request(wait_for: str | None = "#done", user_agent: str = "TestBrowser/1.0") -> RenderRequest:
    return RenderRequest(user_agent=user_agent, timeout=20, max_bytes=1_000_000, wait_for=wait_for)


def seen_in(html: bytes) -> dict[str, object]:
    found = re.search(r'<pre id="seen">(.*?)</pre>', html.decode("utf-8"), re.S)
    assert found, html[:500]
    return dict(json.loads(found.group(1).replace("&quot;", '"')))


async def read(pool: BrowserPool, *urls: str) -> list[bytes]:
    try:
        return [(await pool.render(url, request())).content for url in urls]
    finally:
        await pool.aclose()


@needs_chromium
def test_a_reused_tab_shows_the_next_page_nothing_of_the_last(http_server: LocalServer) -> None:
    serve(http_server)
    fresh = seen_in(asyncio.run(read(BrowserPool(contexts=1), http_server.url("/look")))[0])
    assert fresh["local"] == 0 and fresh["cachedRuns"] == 1, fresh  # what a page finds in a new browser

    pool = BrowserPool(contexts=1)
    written, after = asyncio.run(read(pool, http_server.url("/write"), http_server.url("/look")))
    assert b'id="done"' in written  # the first page did leave all its traces
    assert pool.tabs_opened == 1  # the second page was read in the first one's tab
    assert seen_in(after) == fresh
    requests = [(p, h) for _, p, h in http_server.requests if p in ("/look", "/write", "/cached.js")]
    paths = [p for p, _ in requests]
    assert paths == ["/look", "/cached.js", "/write", "/cached.js", "/look", "/cached.js"]  # never from a cache
    assert not [h for _, h in requests[-2:] if "cookie" in {k.lower() for k in h}]  # no cookie of /write sent
    assert chromium_children() == []


@needs_chromium
def test_tabs_are_per_host_bounded_and_a_failed_one_is_not_reused(
    http_server: LocalServer, other_server: LocalServer
) -> None:
    serve(http_server)
    other_server.routes["/look"] = http_server.routes["/look"]
    for path in ("/cached.js", "/frame-look"):  # another host serving the same page
        other_server.routes[path] = http_server.routes[path]

    async def run() -> tuple[int, int, int, int]:
        pool = BrowserPool(contexts=2)
        try:
            await pool.render(http_server.url("/look"), request())
            await pool.render(other_server.url("/look"), request())
            opened_per_host = pool.tabs_opened  # another host: another tab
            await pool.render(http_server.url("/look"), request())
            reused = pool.tabs_opened
            with pytest.raises(FetchError):
                await pool.render(http_server.url("/missing"), request(None))  # a 404: the tab is closed
            await pool.render(http_server.url("/look"), request())
            open_contexts = len(pool._browser.contexts)
            return opened_per_host, reused, pool.tabs_opened, open_contexts
        finally:
            await pool.aclose()

    opened_per_host, reused, after_failure, open_contexts = asyncio.run(run())
    assert (opened_per_host, reused, after_failure) == (2, 2, 3)
    assert open_contexts <= 2
    assert chromium_children() == []


def browser_command_lines() -> list[list[str]]:
    """The command lines of this test's live Chromium processes (``chromium_children``)."""
    lines = []
    for entry in chromium_children():
        try:
            with open(f"/proc/{entry.split()[0]}/cmdline", "rb") as f:
                lines.append(f.read().decode("utf-8", "replace").split("\0"))
        except OSError:
            continue
    return lines


@needs_chromium
def test_two_open_tabs_of_one_site_share_nothing_with_the_reading_flags(http_server: LocalServer) -> None:
    """The reading browser runs with ``READING_ARGS`` (RenderDocument and site-isolation trials
    off); a page read while another context of the same site still holds every trace
    ``/write`` left sees nothing of it."""
    serve(http_server)
    fresh = seen_in(asyncio.run(read(BrowserPool(contexts=1), http_server.url("/look")))[0])

    async def run() -> tuple[bytes, bytes, list[list[str]], int]:
        pool = BrowserPool(contexts=2)
        try:
            written = (await pool.render(http_server.url("/write"), request())).content
            # another User-Agent: another tab, while the first one stays open with its page and storage
            after = (await pool.render(http_server.url("/look"), request(user_agent="OtherBrowser/1.0"))).content
            return written, after, browser_command_lines(), len(pool._browser.contexts)
        finally:
            await pool.aclose()

    written, after, command_lines, open_contexts = asyncio.run(run())
    assert b'id="done"' in written and open_contexts == 2  # both tabs were open at once
    assert seen_in(after) == fresh
    main = [line for line in command_lines if not any(arg.startswith("--type=") for arg in line)]
    assert main and all(arg in main[0] for arg in READING_ARGS), main
    assert chromium_children() == []
