"""The lean path of conditional requests (``tracker.fetch.revalidate``) against real local servers:
what it sends, what it takes (304, 2xx, errors mapped from one answer) and what it gives back to
httpx (redirects, broken connections), its limits, and that its connections go only to vetted addresses."""

from __future__ import annotations

import asyncio
import gzip
import ipaddress
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from tests.checks_helpers import FAST, huge, stall
from tests.conftest import LocalServer, Response
from tests.corpus_data import corpus_pages, read_page
from tracker.errors import FetchError
from tracker.fetch import address
from tracker.fetch.address import IPAddress
from tracker.fetch.http import fetch_async, make_client
from tracker.fetch.request import KEPT_HEADERS, FetchOptions, Redirect, RetryableFetchError, default_user_agent
from tracker.fetch.revalidate import Revalidator, plain_304, request_head
from tracker.fetch.session import FetchSession
from tracker.fetch.vetting import own_origin
from tracker.models import FetchResult
from tracker.request_config import RequestSettings

HTML = {
    "Content-Type": "text/html; charset=ISO-8859-1",
    "ETag": '"v1"',
    "Last-Modified": "Tue, 14 Nov 2023 22:13:20 GMT",
}


def conditional(h: BaseHTTPRequestHandler) -> Response:
    if h.headers.get("If-None-Match") == '"v1"':
        return Response(b"", 304, {"ETag": '"v1"', "Cache-Control": "max-age=0"})
    return Response("<p>caf\xe9</p>".encode("latin-1"), headers=HTML)


def _lean(url: str, opts: FetchOptions = FAST, etag: str | None = '"v1"', last_modified: str | None = None):  # type: ignore[no-untyped-def]
    async def go():  # type: ignore[no-untyped-def]
        lean = Revalidator()
        try:
            return [await lean.fetch(u, opts, etag, last_modified) for u in ([url] if isinstance(url, str) else url)]
        finally:
            await lean.aclose()

    return asyncio.run(go())


def test_a_304_is_taken_on_one_kept_alive_connection_with_every_header_httpx_sends(http_server: LocalServer) -> None:
    http_server.routes["/p"] = conditional
    opts = FetchOptions(
        retries=0,
        request=RequestSettings(headers=(("X-Team", "legal"),), cookies=(("consent", "yes"),), accept_language="de"),
    )
    first, second = _lean([http_server.url("/p"), http_server.url("/p")], opts, last_modified="Tue, 14 Nov 2023")
    assert first is not None and second is not None
    assert first.not_modified and first.status == 304 and first.content == b"" and first.encoding is None
    assert first.headers["etag"] == '"v1"' and first.headers["cache-control"] == "max-age=0"
    assert set(first.headers) <= set(KEPT_HEADERS) and first.redirects == ()
    sent = http_server.requests[0][2]
    assert sent["If-None-Match"] == '"v1"' and sent["If-Modified-Since"] == "Tue, 14 Nov 2023"
    assert sent["User-Agent"] == default_user_agent() and sent["Accept-Encoding"] == "gzip, deflate"
    assert sent["X-Team"] == "legal" and sent["Cookie"] == "consent=yes" and sent["Accept-Language"] == "de"
    assert sent["Host"] == f"127.0.0.1:{http_server.port}"
    assert len(http_server.requests) == 2
    assert len(http_server.connections) == 1  # the second request reused the first one's connection


def test_a_configured_user_agent_replaces_the_default_once_as_on_the_httpx_path() -> None:
    heads: list[bytes] = []

    async def go() -> FetchResult | None:
        async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            heads.append(await reader.readuntil(b"\r\n\r\n"))  # the request head, as sent
            writer.write(b'HTTP/1.1 304 Not Modified\r\nETag: "v1"\r\nConnection: close\r\n\r\n')
            await writer.drain()
            writer.close()

        server = await asyncio.start_server(answer, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        opts = FetchOptions(retries=0, request=RequestSettings(headers=(("User-Agent", "legal-team-bot/1"),)))
        lean = Revalidator()
        try:
            return await lean.fetch(f"http://127.0.0.1:{port}/p", opts, '"v1"', None)
        finally:
            await lean.aclose()
            server.close()

    result = asyncio.run(go())
    assert result is not None and result.not_modified
    lines = heads[0].decode("ascii").lower().split("\r\n")
    assert [line for line in lines if line.startswith("user-agent:")] == ["user-agent: legal-team-bot/1"]


def test_a_changed_page_is_read_as_httpx_reads_it(http_server: LocalServer) -> None:
    body = "<html><body><p>caf\xe9 policy</p></body></html>".encode("latin-1") * 50
    http_server.routes["/g"] = Response(gzip.compress(body), headers={**HTML, "Content-Encoding": "gzip"})
    (lean,) = _lean(http_server.url("/g"), etag='"old"')

    async def full():  # type: ignore[no-untyped-def]
        async with make_client() as client:
            return await fetch_async(client, http_server.url("/g"), options=FAST, etag='"old"')

    reference = asyncio.run(full())
    assert lean is not None and lean.content == body == reference.content
    for field in ("status", "content_type", "encoding", "final_url", "redirects", "not_modified"):
        assert getattr(lean, field) == getattr(reference, field), field
    undated = {k: v for k, v in reference.headers.items() if k != "date"}  # the two answers may be a second apart
    assert {k: v for k, v in lean.headers.items() if k != "date"} == undated and "date" in lean.headers
    assert lean.encoding == "iso-8859-1"


def _session(url: str, opts: FetchOptions = FAST, etag: str | None = '"v1"') -> FetchResult:
    """``url`` fetched by a run's ``FetchSession`` (the lean path first, then httpx)."""

    async def go() -> FetchResult:
        session = FetchSession(2)
        try:
            return await session.fetch(url, "127.0.0.1", opts, etag=etag)
        finally:
            await session.aclose()

    return asyncio.run(go())


def _error(call: Callable[[], object]) -> FetchError:
    with pytest.raises(FetchError) as info:
        call()
    return info.value


def test_a_redirect_is_asked_once_and_the_session_follows_it_from_its_target(http_server: LocalServer) -> None:
    http_server.routes["/a"] = Response(b"moved", 301, {"Location": "/p"})
    http_server.routes["/p"] = conditional
    assert _lean(http_server.url("/a")) == [Redirect(301, "/p")]
    http_server.requests.clear()
    result = _session(http_server.url("/a"))
    assert result.not_modified and result.redirects == (http_server.url("/a"),)
    assert result.url == http_server.url("/a") and result.final_url == http_server.url("/p")
    assert [path for _, path, _ in http_server.requests] == ["/a", "/p"]  # each answer asked for once


def test_a_redirect_setting_a_cookie_is_given_back_for_httpx_to_carry_the_cookie(http_server: LocalServer) -> None:
    http_server.routes["/a"] = Response(b"", 302, {"Location": "/p", "Set-Cookie": "seen=1; Path=/"})
    http_server.routes["/p"] = Response(b"<p>policy</p>")
    assert _lean(http_server.url("/a"), etag=None) == [None]
    http_server.requests.clear()
    result = _session(http_server.url("/a"), etag=None)
    assert result.content == b"<p>policy</p>" and result.redirects == (http_server.url("/a"),)
    assert http_server.requests[-1][1] == "/p" and http_server.requests[-1][2].get("Cookie") == "seen=1"


def test_redirect_rules_hold_for_a_redirect_taken_on_the_lean_path(http_server: LocalServer) -> None:
    http_server.routes["/loop"] = Response(b"", 302, {"Location": "/loop2"})
    http_server.routes["/loop2"] = Response(b"", 302, {"Location": "/loop"})
    assert _error(lambda: _session(http_server.url("/loop"), etag=None)).cause == "redirect_loop"
    for k in range(4):
        http_server.routes[f"/r{k}"] = Response(b"", 307, {"Location": f"/r{k + 1}"})
    opts = FetchOptions(retries=0, max_redirects=2)
    assert _error(lambda: _session(http_server.url("/r0"), opts, etag=None)).cause == "too_many_redirects"


@pytest.mark.parametrize("page", corpus_pages()[:3], ids=lambda p: p.parent.parent.name)
def test_a_first_fetch_of_a_real_page_is_read_on_the_lean_path_as_httpx_reads_it(
    http_server: LocalServer, page: Path
) -> None:
    body = read_page(page)
    headers = {"Content-Type": "text/html; charset=utf-8", "ETag": '"e1"', "Last-Modified": HTML["Last-Modified"]}
    http_server.routes["/plain"] = Response(body, headers=headers)
    http_server.routes["/gzip"] = Response(gzip.compress(body), headers={**headers, "Content-Encoding": "gzip"})
    for path in ("/plain", "/gzip"):
        (lean,) = _lean(http_server.url(path), etag=None)

        async def full(path: str = path) -> FetchResult:
            async with make_client() as client:
                return await fetch_async(client, http_server.url(path), options=FAST)

        reference = asyncio.run(full())
        assert isinstance(lean, FetchResult) and lean.content == body == reference.content
        for field in ("url", "status", "content_type", "encoding", "final_url", "redirects", "not_modified"):
            assert getattr(lean, field) == getattr(reference, field), field
        undated = {k: v for k, v in reference.headers.items() if k != "date"}
        assert {k: v for k, v in lean.headers.items() if k != "date"} == undated
    sent = [h for _, path, h in http_server.requests if path == "/plain"]
    assert "If-None-Match" not in sent[0] and "If-Modified-Since" not in sent[0]  # unconditional, as httpx's


CHALLENGE = b"<html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>"


@pytest.mark.parametrize(
    ("status", "body"), [(403, b"no"), (404, b"gone"), (410, b""), (500, b"oops"), (503, CHALLENGE), (403, CHALLENGE)]
)
def test_an_error_answer_to_a_revalidation_is_mapped_from_that_one_request(
    http_server: LocalServer, status: int, body: bytes
) -> None:
    """The same FetchError as httpx's path (message, cause, status), and the server asked once."""
    http_server.routes["/e"] = Response(body, status, {"Content-Type": "text/html", "Retry-After": "7"})
    once = FetchOptions(retries=0, timeout=5.0)
    lean = _error(lambda: _lean(http_server.url("/e"), once))
    assert len(http_server.requests) == 1
    via_session = _error(lambda: _session(http_server.url("/e"), once))
    assert len(http_server.requests) == 2  # one more request for one more fetch, never a second ask
    reference = _error(lambda: _session(http_server.url("/e"), once, etag=None))  # no validators: httpx
    assert len(http_server.requests) == 3
    for error in (lean, via_session):
        assert (str(error), error.cause, error.status, type(error)) == (
            str(reference),
            reference.cause,
            reference.status,
            type(reference),
        )
        assert getattr(error, "retry_after", None) == getattr(reference, "retry_after", None)
    assert reference.cause == ("challenge" if body == CHALLENGE else f"http_{status}")


def test_a_challenge_answer_is_not_retried_and_a_5xx_is_retried_as_on_the_httpx_path(http_server: LocalServer) -> None:
    http_server.routes["/c"] = Response(CHALLENGE, 503, {"Content-Type": "text/html"})
    http_server.routes["/f"] = Response(b"down", 502, {"Content-Type": "text/plain"})
    assert _error(lambda: _session(http_server.url("/c"))).cause == "challenge"
    assert len(http_server.requests) == 1  # FAST has retries=3: a bot wall is not asked again
    for etag in ('"v1"', None):  # the lean path's answer is the first of the 4 attempts httpx's path makes
        before = len(http_server.requests)
        assert _error(lambda e=etag: _session(http_server.url("/f"), etag=e)).cause == "http_502"  # type: ignore[misc]
        assert len(http_server.requests) - before == 4


def test_a_429_with_retry_after_waits_it_out_before_the_one_retry(http_server: LocalServer) -> None:
    asked: list[float] = []

    def busy(h: BaseHTTPRequestHandler) -> Response:
        asked.append(time.monotonic())
        if len(asked) == 1:
            return Response(b"slow down", 429, {"Content-Type": "text/plain", "Retry-After": "1"})
        return conditional(h)

    http_server.routes["/r"] = busy
    result = _session(http_server.url("/r"), FetchOptions(retries=1, backoff=0.01, timeout=5.0))
    assert result.not_modified and len(asked) == 2
    assert asked[1] - asked[0] >= 0.9  # Retry-After: 1 s, honoured once, not asked again at once
    assert all(h.get("If-None-Match") == '"v1"' for _, _, h in http_server.requests)
    asked.clear()
    http_server.routes["/r"] = Response(b"slow down", 429, {"Content-Type": "text/plain", "Retry-After": "1"})
    error = _error(lambda: _lean(http_server.url("/r"), FetchOptions(retries=0)))
    assert error.cause == "http_429" and isinstance(error, RetryableFetchError) and error.retry_after == 1.0


def test_an_error_answer_read_to_its_end_keeps_its_connection(http_server: LocalServer) -> None:
    http_server.routes["/e"] = Response(b"gone", 404, {"Content-Type": "text/plain"})
    http_server.routes["/p"] = conditional

    async def go() -> FetchResult | None:
        lean = Revalidator()
        try:
            with pytest.raises(FetchError):
                await lean.fetch(http_server.url("/e"), FAST, '"v1"', None)
            return await lean.fetch(http_server.url("/p"), FAST, '"v1"', None)
        finally:
            await lean.aclose()

    result = asyncio.run(go())
    assert result is not None and result.not_modified
    assert len(http_server.requests) == 2 and len(http_server.connections) == 1


def test_a_connection_the_server_closed_is_replaced(http_server: LocalServer) -> None:
    def closing(h: BaseHTTPRequestHandler) -> Response:
        h.close_connection = True  # answers, then closes: the kept connection is dead
        return conditional(h)

    http_server.routes["/c"] = closing
    results = _lean([http_server.url("/c")] * 3)
    assert all(r is not None and r.not_modified for r in results)
    assert len(http_server.requests) == 3


def test_limits_hold_on_the_lean_path(http_server: LocalServer) -> None:
    http_server.routes["/big"] = lambda h: huge(h, 3 * 1024 * 1024)
    http_server.routes["/declared"] = lambda h: huge(h, 3 * 1024 * 1024, declare=True)
    http_server.routes["/stall"] = lambda h: stall(h, 3.0)
    small = FetchOptions(max_bytes=1024 * 1024, retries=0, timeout=0.5)
    for path in ("/big", "/declared"):
        with pytest.raises(FetchError) as info:
            _lean(http_server.url(path), small)
        assert info.value.cause == "too_large"
    with pytest.raises(FetchError) as info:
        _lean(http_server.url("/stall"), small)
    assert info.value.cause == "timeout"


@pytest.fixture
def names() -> Iterator[dict[str, list[IPAddress]]]:
    table: dict[str, list[IPAddress]] = {}
    asked: list[str] = []

    async def resolve(host: str, port: int) -> list[IPAddress]:
        asked.append(host)
        if host not in table:
            raise OSError(f"{host}: no such name (test resolver)")
        return table[host]

    previous = address.set_resolver(resolve)
    table["__asked__"] = asked  # type: ignore[assignment]
    try:
        yield table
    finally:
        address.set_resolver(previous)


def test_connections_resolve_once_and_go_to_the_vetted_address(
    http_server: LocalServer, names: dict[str, list[IPAddress]]
) -> None:
    names["policy.test"] = [ipaddress.IPv4Address("127.0.0.1")]  # only the test resolver knows this name
    http_server.routes["/p"] = conditional
    url = f"http://policy.test:{http_server.port}/p"
    results = _lean([url, url])
    assert all(r is not None and r.not_modified for r in results)
    assert names["__asked__"] == ["policy.test"]  # type: ignore[comparison-overlap]
    assert http_server.requests[0][2]["Host"] == f"policy.test:{http_server.port}"


def test_an_internal_answer_outside_the_configured_origin_is_refused(
    http_server: LocalServer, names: dict[str, list[IPAddress]]
) -> None:
    names["rebound.test"] = [ipaddress.IPv4Address("127.0.0.1")]
    http_server.routes["/p"] = conditional

    async def go() -> None:
        lean = Revalidator()
        try:
            with own_origin("https://public.example/policy"):  # the fetch of another URL's policy
                await lean.fetch(f"http://rebound.test:{http_server.port}/p", FAST, '"v1"', None)
        finally:
            await lean.aclose()

    with pytest.raises(FetchError) as info:
        asyncio.run(go())
    assert info.value.cause == "redirect_blocked"
    assert http_server.requests == []


def test_a_proxy_in_the_environment_turns_the_lean_path_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
    assert not FetchSession(2).lean
    monkeypatch.delenv("HTTPS_PROXY")
    monkeypatch.setenv("NO_PROXY", "localhost")
    assert FetchSession(2).lean


def test_a_304_that_closes_its_connection_is_not_reused(http_server: LocalServer) -> None:
    def closing_304(h: BaseHTTPRequestHandler) -> Response:
        h.close_connection = True
        return Response(b"", 304, {"ETag": '"v1"', "Connection": "close"})

    http_server.routes["/c"] = closing_304
    results = _lean([http_server.url("/c")] * 2)
    assert all(r is not None and r.not_modified for r in results)
    assert len(http_server.connections) == 2


def test_only_plain_heads_are_read_without_h11() -> None:
    ok = b'HTTP/1.1 304 Not Modified\r\nETag: "v1"\r\nConnection: keep-alive\r\n\r\n'
    assert plain_304(ok) == ([(b"etag", b'"v1"'), (b"connection", b"keep-alive")], True)
    assert (
        plain_304(ok.replace(b"keep-alive", b"close")) is not None
        and not plain_304(ok.replace(b"keep-alive", b"close"))[1]
    )  # type: ignore[index]
    assert plain_304(b"HTTP/1.0 304 Not Modified\r\n\r\n") == ([], False)
    for odd in (
        ok.replace(b"304", b"200"),  # not a 304
        b"HTTP/1.1 304 Not Modified\r\nETag: a\r\n  folded\r\n\r\n",  # an obsolete folded line
        b"HTTP/1.1 304 Not Modified\nETag: a\n\n",  # bare line feeds
        ok + b"HTTP/1.1 200 OK\r\n\r\n",  # more than one answer
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 304 Not Modified\r\n\r\n",
    ):
        assert plain_304(odd) is None, odd
    assert request_head("/p?a=1", [("Host", "h"), ("If-None-Match", '"v1"')]) == (
        b'GET /p?a=1 HTTP/1.1\r\nHost: h\r\nIf-None-Match: "v1"\r\n\r\n'
    )
    assert request_head("/p", [("X-Bad\r\nInjected", "1")]) is None
    assert request_head("/p", [("X-Team", "caf\xe9")]) is None  # not ASCII: httpx's rules apply
    assert request_head("/a b", [("Host", "h")]) is None
