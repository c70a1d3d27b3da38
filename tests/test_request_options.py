"""Requests as a person's browser makes them: configured headers, cookies, Accept-Language and a proxy
(the ``proxy`` setting or the standard environment variables), seen by real servers on 127.0.0.1."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import tomli_w

from tests.checks_helpers import FAST, policy_page
from tests.conftest import LocalServer, Response
from tracker.check import run_check
from tracker.config import load_config
from tracker.errors import ConfigError
from tracker.fetch.options import proxy_for

HTML = {"Content-Type": "text/html; charset=utf-8"}


class RecordingProxy:
    """A forward HTTP proxy on 127.0.0.1 that records each request line and its headers."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, dict[str, str]]] = []
        proxy = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                proxy.seen.append((self.path, dict(self.headers)))
                target = urlsplit(self.path)  # a proxy is asked for the absolute URL
                conn = http.client.HTTPConnection(target.hostname or "", target.port or 80, timeout=10)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("proxy-connection", "host")}
                conn.request("GET", target.path + (f"?{target.query}" if target.query else ""), headers=headers)
                upstream = conn.getresponse()
                body = upstream.read()
                self.send_response(upstream.status)
                for name, value in upstream.getheaders():
                    if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                conn.close()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def proxy() -> Iterator[RecordingProxy]:
    server = RecordingProxy()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def no_env_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)


def write_config(tmp: Path, policies: list[dict[str, Any]], **settings: Any) -> Path:
    path = tmp / "policies.toml"
    data = {"settings": {"store": "snapshots", "retries": 0, "render": "static", **settings}, "policy": policies}
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def check(cfg: Path):  # type: ignore[no-untyped-def]
    return run_check(load_config(cfg), fetch_options=FAST, send_alerts=False)


def test_headers_cookies_and_language_global_and_per_policy(tmp_path: Path, http_server: LocalServer) -> None:
    http_server.routes["/a"] = Response(policy_page(), headers=HTML)
    http_server.routes["/b"] = Response(policy_page(), headers=HTML)
    policies = [
        {"id": "a", "name": "A", "url": http_server.url("/a")},
        {
            "id": "b",
            "name": "B",
            "url": http_server.url("/b"),
            "headers": {"X-Team": "legal", "Referer": "https://example.org/"},
            "cookies": {"consent": "all", "region": "eu"},
            "accept_language": "fr-FR,fr;q=0.9",
        },
    ]
    settings = {"headers": {"X-Team": "privacy", "DNT": "1"}, "cookies": {"consent": "none"}, "accept_language": "en"}
    run = check(write_config(tmp_path, policies, **settings))
    assert [o.status for o in run.outcomes] == ["new", "new"]
    seen = {p: {k.lower(): v for k, v in h.items()} for _, p, h in http_server.requests if p in ("/a", "/b")}
    assert seen["/a"]["x-team"] == "privacy" and seen["/a"]["dnt"] == "1"
    assert seen["/a"]["cookie"] == "consent=none" and seen["/a"]["accept-language"] == "en"
    # the policy's own values win field by field; global ones it does not set still apply
    assert seen["/b"]["x-team"] == "legal" and seen["/b"]["dnt"] == "1" and seen["/b"]["referer"]
    assert seen["/b"]["cookie"] == "region=eu; consent=all" or seen["/b"]["cookie"] == "consent=all; region=eu"
    assert "consent=none" not in seen["/b"]["cookie"]
    assert seen["/b"]["accept-language"] == "fr-FR,fr;q=0.9"


def test_proxy_setting_routes_requests_through_the_proxy(
    tmp_path: Path, http_server: LocalServer, proxy: RecordingProxy
) -> None:
    http_server.routes["/p"] = Response(policy_page(), headers=HTML)
    cfg = write_config(
        tmp_path, [{"id": "p", "name": "P", "url": http_server.url("/p"), "proxy": proxy.url}], respect_robots=False
    )
    out = check(cfg).outcomes[0]
    assert out.status == "new", out.error
    assert [path for path, _ in proxy.seen] == [http_server.url("/p")]
    assert any(p == "/p" for _, p, _ in http_server.requests)  # and the proxy really forwarded it


def test_environment_proxy_and_no_proxy(
    tmp_path: Path, http_server: LocalServer, proxy: RecordingProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    http_server.routes["/p"] = Response(policy_page(), headers=HTML)
    cfg = write_config(tmp_path, [{"id": "p", "name": "P", "url": http_server.url("/p")}])
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    assert check(cfg).outcomes[0].status == "new"
    assert http_server.url("/p") in [path for path, _ in proxy.seen]
    assert http_server.url("/robots.txt") in [path for path, _ in proxy.seen]  # robots.txt goes the same way
    assert proxy_for(http_server.url("/p"), None) == proxy.url
    before = len(proxy.seen)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    assert check(cfg).outcomes[0].status == "unchanged"
    assert len(proxy.seen) == before  # exempted hosts are fetched directly
    assert proxy_for(http_server.url("/p"), None) is None
    assert proxy_for(http_server.url("/p"), "http://other:3128") == "http://other:3128"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"headers": {"Bad Name": "x"}}, "field 'headers': 'Bad Name' is not a valid header name"),
        ({"headers": {"X-A": "one\r\ntwo"}}, "field 'headers': header 'X-A' must be a one-line string"),
        ({"headers": ["X-A"]}, "field 'headers': must be a table"),
        ({"cookies": {"consent": "a;b"}}, "field 'cookies': cookie 'consent' must be a one-line string"),
        ({"proxy": "socks5://127.0.0.1:1080"}, "field 'proxy': must be an http(s) proxy URL"),
        ({"accept_language": 5}, "field 'accept_language': must be a non-empty string"),
        ({"render": "chrome"}, "field 'render': must be one of static, browser, auto"),
        ({"wait_for": "div[["}, "field 'wait_for': invalid CSS selector"),
        ({"wait_for": "500 s"}, "field 'wait_for': must be between 0.0 and 120"),
        ({"execute_scripts": "yes"}, "field 'execute_scripts': must be true or false"),
    ],
)
def test_request_and_render_fields_are_validated_at_load(tmp_path: Path, fields: dict[str, Any], message: str) -> None:
    cfg = write_config(tmp_path, [{"id": "p", "name": "P", "url": "https://example.org/p", **fields}])
    with pytest.raises(ConfigError) as info:
        load_config(cfg)
    assert message in str(info.value) and "policy 'p'" in str(info.value)
    assert "\n" not in str(info.value)


def test_wait_for_delays_and_global_fields_parse(tmp_path: Path) -> None:
    policies = [
        {"id": "a", "name": "A", "url": "https://example.org/a", "wait_for": "1.5s"},
        {"id": "b", "name": "B", "url": "https://example.org/b", "wait_for": "250ms", "render": "browser"},
        {"id": "c", "name": "C", "url": "https://example.org/c", "wait_for": "#policy h2"},
    ]
    config = load_config(write_config(tmp_path, policies, proxy="http://proxy.example:3128", browser_contexts=2))
    a, b, c = config.policies
    assert (a.wait_for, b.wait_for, c.wait_for) == (1.5, 0.25, "#policy h2")
    assert b.render == "browser" and a.render is None and config.settings.render == "static"
    assert a.request.proxy == "http://proxy.example:3128" and config.settings.browser_contexts == 2
    with pytest.raises(ConfigError, match="settings.proxy"):
        load_config(write_config(tmp_path, [], proxy="ftp://x"))


def test_revalidations_send_the_configured_headers_and_cookies_and_go_through_the_proxy(
    tmp_path: Path, http_server: LocalServer, proxy: RecordingProxy
) -> None:
    """A revalidation (the lean path of 304s) is never made without the policy's request settings:
    its headers, cookies and language are sent, and a policy with a proxy is revalidated through it."""

    def conditional(h: BaseHTTPRequestHandler) -> Response:
        if h.headers.get("If-None-Match") == '"v1"':
            return Response(b"", 304, {"ETag": '"v1"'})
        return Response(policy_page(), headers={**HTML, "ETag": '"v1"'})

    http_server.routes["/c"] = conditional
    http_server.routes["/x"] = conditional
    policies = [
        {"id": "c", "name": "C", "url": http_server.url("/c"), "cookies": {"consent": "all"}, "headers": {"DNT": "1"}},
        {"id": "x", "name": "X", "url": http_server.url("/x"), "proxy": proxy.url, "accept_language": "de"},
    ]
    cfg = write_config(tmp_path, policies, respect_robots=False)
    assert [o.status for o in check(cfg).outcomes] == ["new", "new"]
    asked = len(http_server.requests)
    assert [o.status for o in check(cfg).outcomes] == ["not_modified", "not_modified"]
    again = {p: {k.lower(): v for k, v in h.items()} for _, p, h in http_server.requests[asked:]}
    assert again["/c"]["if-none-match"] == '"v1"' and again["/c"]["cookie"] == "consent=all"
    assert again["/c"]["dnt"] == "1"
    assert [path for path, _ in proxy.seen] == [http_server.url("/x")] * 2  # both checks through the proxy
    assert proxy.seen[1][1].get("If-None-Match") == '"v1"' and proxy.seen[1][1].get("Accept-Language") == "de"


def test_policies_without_request_fields_share_the_global_request_settings(tmp_path: Path) -> None:
    """20,000 policies are 20,000 config objects for a whole run: no per-instance ``__dict__``, and
    one shared ``RequestSettings`` for the policies that set none of their own."""
    policies = [
        {"id": "a", "name": "A", "url": "https://example.org/a"},
        {"id": "b", "name": "B", "url": "https://example.org/b", "accept_language": "fr"},
    ]
    config = load_config(write_config(tmp_path, policies, proxy="http://proxy.example:3128"))
    a, b = config.policies
    assert a.request is config.settings.request
    assert b.request is not config.settings.request
    assert (b.request.accept_language, b.request.proxy) == ("fr", "http://proxy.example:3128")
    for value in (a, a.request, a.notice):
        assert not hasattr(value, "__dict__"), type(value).__name__
