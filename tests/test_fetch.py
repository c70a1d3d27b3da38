"""Fetch-level behaviour against a real local server: faults, limits, retries, redirects."""

from __future__ import annotations

import asyncio
import time
import tracemalloc
from http.server import BaseHTTPRequestHandler

import pytest

from tests.checks_helpers import FAST, gzip_bomb, huge, reset, stall, truncated
from tests.conftest import LocalServer, Response
from tracker.errors import FetchError
from tracker.fetch.http import FetchOptions, default_user_agent, fetch_async, make_client, parse_retry_after
from tracker.fetch.once import fetch

HTML = {"Content-Type": "text/html; charset=utf-8"}


def _fetch(url: str, opts: FetchOptions = FAST, **kw: object):  # type: ignore[no-untyped-def]
    async def go():  # type: ignore[no-untyped-def]
        async with make_client() as client:
            return await fetch_async(client, url, options=opts, **kw)  # type: ignore[arg-type]

    return asyncio.run(go())


def test_plain_fetch_records_headers_and_user_agent(http_server: LocalServer) -> None:
    http_server.routes["/p"] = Response("<p>hello</p>", headers={**HTML, "ETag": '"v1"'})
    result = fetch(http_server.url("/p"))
    assert result.status == 200 and result.content == b"<p>hello</p>"
    assert result.headers["etag"] == '"v1"'
    assert result.encoding == "utf-8"
    assert http_server.requests[0][2]["User-Agent"] == default_user_agent()
    assert "policy-tracker/" in default_user_agent()


def test_conditional_request_gives_not_modified(http_server: LocalServer) -> None:
    def route(h: BaseHTTPRequestHandler) -> Response:
        if h.headers.get("If-None-Match") == '"v1"':
            return Response(b"", 304, {"ETag": '"v1"'})
        return Response("<p>x</p>", headers={**HTML, "ETag": '"v1"'})

    http_server.routes["/p"] = route
    result = _fetch(http_server.url("/p"), etag='"v1"')
    assert result.not_modified and result.status == 304 and result.content == b""


def test_redirects_followed_and_recorded(http_server: LocalServer) -> None:
    http_server.routes["/a"] = Response(b"", 301, {"Location": "/b"})
    http_server.routes["/b"] = Response(b"", 302, {"Location": http_server.url("/c")})
    http_server.routes["/c"] = Response("<p>c</p>", headers=HTML)
    result = _fetch(http_server.url("/a"))
    assert result.final_url == http_server.url("/c")
    assert result.redirects == (http_server.url("/a"), http_server.url("/b"))


def test_redirect_loop_is_an_error(http_server: LocalServer) -> None:
    http_server.routes["/a"] = Response(b"", 302, {"Location": "/b"})
    http_server.routes["/b"] = Response(b"", 302, {"Location": "/a"})
    with pytest.raises(FetchError) as info:
        _fetch(http_server.url("/a"))
    assert info.value.cause == "redirect_loop"
    assert "/a" in str(info.value)


def test_stall_times_out(http_server: LocalServer) -> None:
    http_server.routes["/s"] = lambda h: stall(h, 3.0)
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        _fetch(http_server.url("/s"), FetchOptions(timeout=0.5, retries=0))
    assert info.value.cause == "timeout"
    assert time.monotonic() - started < 2.5


def test_reset_is_retried_then_reported(http_server: LocalServer) -> None:
    http_server.routes["/r"] = reset
    with pytest.raises(FetchError) as info:
        _fetch(http_server.url("/r"), FetchOptions(retries=2, backoff=0.01))
    assert info.value.cause in {"connect", "truncated"}
    assert sum(1 for r in http_server.requests if r[1] == "/r") == 3  # first try + 2 retries


def test_truncated_body_is_an_error(http_server: LocalServer) -> None:
    http_server.routes["/t"] = truncated
    with pytest.raises(FetchError) as info:
        _fetch(http_server.url("/t"), FetchOptions(retries=0))
    assert info.value.cause == "truncated"


def test_503_then_200_succeeds_after_retry(http_server: LocalServer) -> None:
    calls = []

    def route(h: BaseHTTPRequestHandler) -> Response:
        calls.append(1)
        return Response("busy", 503, HTML) if len(calls) == 1 else Response("<p>ok</p>", headers=HTML)

    http_server.routes["/x"] = route
    assert _fetch(http_server.url("/x")).content == b"<p>ok</p>"
    assert len(calls) == 2


def test_429_honours_retry_after(http_server: LocalServer) -> None:
    times: list[float] = []

    def route(h: BaseHTTPRequestHandler) -> Response:
        times.append(time.monotonic())
        if len(times) == 1:
            return Response("slow down", 429, {"Content-Type": "text/plain", "Retry-After": "1"})
        return Response("<p>ok</p>", headers=HTML)

    http_server.routes["/x"] = route
    assert _fetch(http_server.url("/x")).status == 200
    assert times[1] - times[0] >= 0.9  # waited as told, not the 0.01 s backoff


def test_persistent_500_is_reported_with_status(http_server: LocalServer) -> None:
    http_server.routes["/x"] = Response("oops", 500, HTML)
    with pytest.raises(FetchError) as info:
        _fetch(http_server.url("/x"), FetchOptions(retries=1, backoff=0.01))
    assert info.value.status == 500 and info.value.cause == "http_500"
    assert len(http_server.requests) == 2


def test_404_not_retried(http_server: LocalServer) -> None:
    with pytest.raises(FetchError) as info:
        _fetch(http_server.url("/missing"))
    assert info.value.cause == "http_404"
    assert len(http_server.requests) == 1


def test_50mb_body_stopped_at_limit(http_server: LocalServer) -> None:
    http_server.routes["/big"] = huge
    http_server.routes["/big-declared"] = lambda h: huge(h, declare=True)
    for path in ("/big", "/big-declared"):
        with pytest.raises(FetchError) as info:
            _fetch(http_server.url(path), FetchOptions(retries=0))
        assert info.value.cause == "too_large"


def test_gzip_bomb_does_not_blow_memory(http_server: LocalServer) -> None:
    bomb = gzip_bomb(200 * 1024 * 1024)
    assert len(bomb) < 400_000
    http_server.routes["/bomb"] = Response(bomb, headers={**HTML, "Content-Encoding": "gzip"})
    tracemalloc.start()
    try:
        with pytest.raises(FetchError) as info:
            _fetch(http_server.url("/bomb"), FetchOptions(retries=0, max_bytes=10 * 1024 * 1024))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.value.cause == "too_large"
    assert peak < 40 * 1024 * 1024  # never decoded 200 MB


def test_gzip_body_decoded(http_server: LocalServer) -> None:
    import gzip

    http_server.routes["/z"] = Response(gzip.compress(b"<p>zipped</p>"), headers={**HTML, "Content-Encoding": "gzip"})
    assert _fetch(http_server.url("/z")).content == b"<p>zipped</p>"


def test_parse_retry_after() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert parse_retry_after("soon") is None


def test_challenge_behind_an_error_status_is_named_and_not_retried(http_server: LocalServer) -> None:
    wall = "<html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>"
    http_server.routes["/x"] = Response(wall, 503, {**HTML, "Retry-After": "0"})
    with pytest.raises(FetchError) as info:
        _fetch(http_server.url("/x"), FetchOptions(retries=2, backoff=0.01))
    assert info.value.cause == "challenge" and info.value.status == 503
    assert "bot-challenge" in str(info.value) and len(http_server.requests) == 1
    http_server.routes["/y"] = Response("<p>Service temporarily unavailable</p>", 503, HTML)
    with pytest.raises(FetchError) as plain:
        _fetch(http_server.url("/y"), FetchOptions(retries=2, backoff=0.01))
    assert plain.value.cause == "http_503" and len(http_server.requests) == 4  # a plain 503 is retried
