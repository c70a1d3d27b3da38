"""When a rendered page has settled: text written after a timer, after a chain of slow requests
or from an XHR is read whole; a page that keeps polling is read without waiting out the cap.

Real Chromium (Debian's) reading pages served on 127.0.0.1, without ``wait_for``: only
``tracker.fetch.settle`` decides when the page is read.
"""

from __future__ import annotations

import asyncio
import json
import time
from http.server import BaseHTTPRequestHandler

from tests.conftest import LocalServer, Response
from tests.test_render_browser import chromium_children, needs_chromium
from tracker.fetch.browser import NETWORK_IDLE_WAIT, BrowserPool, RenderRequest
from tracker.fetch.settle import TIMER_WAIT

HTML = {"Content-Type": "text/html; charset=utf-8"}
TEXT = "We keep your personal data for twelve months after your last order."

PAGE = """<!doctype html><html><head><title>Privacy Policy</title></head>
<body><h1>Privacy Policy</h1><main id="root"><p>Loading...</p></main>
<script>
const write = text => { const p = document.createElement('p'); p.textContent = text;
  document.getElementById('root').appendChild(p); };
%s
</script></body></html>"""

# the text arrives after a timer longer than any quiet window the page is watched for
AFTER_TIMER = f"setTimeout(() => write({TEXT!r}), 1200);"
# a timer, then a slow request, then reading its body, then another timer, then the text
AFTER_CHAIN = """setTimeout(() => fetch('/slow.json').then(r => r.json())
  .then(data => setTimeout(() => write(data.text), 400)), 300);"""
AFTER_XHR = """const x = new XMLHttpRequest(); x.open('GET', '/slow.json');
x.onload = () => write(JSON.parse(x.responseText).text); x.send();"""
# the text is there at once; the page then polls for ever (an interval, a chain of timers) and
# writes a marker only after the longest timer waited for: read before it, long before the cap
POLLING = f"""write({TEXT!r});
setInterval(() => {{ window.ticks = (window.ticks || 0) + 1; }}, 50);
const poll = () => {{ window.polls = (window.polls || 0) + 1; setTimeout(poll, 30); }}; poll();
setTimeout(() => write(['marker', 'written', 'late'].join(' ')), {round((TIMER_WAIT + 2.3) * 1000)});"""


def written(html: str) -> bool:
    """Whether the page wrote ``TEXT`` into its DOM (the scripts after it may spell it out too)."""
    return TEXT in html.split("<script>")[0]


def slow_json(_handler: BaseHTTPRequestHandler) -> Response:
    time.sleep(0.6)
    return Response(json.dumps({"text": TEXT}), headers={"Content-Type": "application/json"})


def request() -> RenderRequest:
    return RenderRequest(user_agent="TestBrowser/1.0", timeout=20, max_bytes=1_000_000)


async def read(pool: BrowserPool, *urls: str) -> list[tuple[str, float]]:
    """Each page's rendered HTML and the seconds its reading took."""
    try:
        results = [await pool.render(url, request()) for url in urls]
        return [(r.content.decode("utf-8"), r.elapsed_ms / 1000) for r in results]
    finally:
        await pool.aclose()


@needs_chromium
def test_text_written_after_timers_and_slow_requests_is_read_whole(http_server: LocalServer) -> None:
    for path, script in (("/timer", AFTER_TIMER), ("/chain", AFTER_CHAIN), ("/xhr", AFTER_XHR)):
        http_server.routes[path] = Response(PAGE % script, headers=HTML)
    http_server.routes["/slow.json"] = slow_json
    pool = BrowserPool(contexts=1)
    pages = asyncio.run(read(pool, *(http_server.url(p) for p in ("/timer", "/chain", "/xhr"))))
    assert pool.tabs_opened == 1  # the later pages were read in a reused tab, and its watch too
    for html, _ in pages:
        assert written(html), html[-600:]
    assert chromium_children() == []


@needs_chromium
def test_stylesheets_images_and_fonts_are_never_fetched_and_the_text_is_read(http_server: LocalServer) -> None:
    styled = """<link rel="stylesheet" href="/site.css"><style>@import url('/imported.css');
@font-face { font-family: F; src: url('/font.woff2'); } body { font-family: F; }</style>"""
    page = (PAGE % AFTER_TIMER).replace("</head>", styled + "</head>").replace("<h1>", '<img src="/logo.png"><h1>')
    http_server.routes["/styled"] = Response(page, headers=HTML)
    for path, kind in (("/site.css", "text/css"), ("/imported.css", "text/css"), ("/logo.png", "image/png")):
        http_server.routes[path] = Response("body { color: black }", headers={"Content-Type": kind})
    [(html, _)] = asyncio.run(read(BrowserPool(contexts=1), http_server.url("/styled")))
    assert written(html) and 'href="/site.css"' in html  # the DOM keeps the link; only its fetch is skipped
    assert [p for _, p, _ in http_server.requests] == ["/styled"]
    assert chromium_children() == []


@needs_chromium
def test_a_page_that_keeps_polling_is_read_without_waiting_for_the_cap(http_server: LocalServer) -> None:
    http_server.routes["/polling"] = Response(PAGE % POLLING, headers=HTML)
    [(html, seconds)] = asyncio.run(read(BrowserPool(contexts=1), http_server.url("/polling")))
    assert written(html)
    assert "marker written late" not in html, f"read only after {seconds:.1f} s"
    assert TIMER_WAIT + 2.3 < NETWORK_IDLE_WAIT  # waiting out the cap would have shown the marker
    assert chromium_children() == []


@needs_chromium
def test_with_scripts_off_the_served_text_is_read_without_the_watch(http_server: LocalServer) -> None:
    page = (PAGE % "write(['script', 'ran'].join(' '));").replace("<p>Loading...</p>", f"<p>{TEXT}</p>")
    http_server.routes["/plain"] = Response(page, headers=HTML)

    async def go() -> str:
        pool = BrowserPool(contexts=1)
        try:
            req = RenderRequest(user_agent="TestBrowser/1.0", timeout=20, max_bytes=1_000_000, execute_scripts=False)
            return (await pool.render(http_server.url("/plain"), req)).content.decode("utf-8")
        finally:
            await pool.aclose()

    html = asyncio.run(go())
    assert written(html) and "script ran" not in html
    assert chromium_children() == []
