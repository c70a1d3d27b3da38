"""Shared fixtures: a real HTTP server on 127.0.0.1, the compact test corpus, the seed policy."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.corpus_data import CORPUS, SEED
from tests.tsa_helpers import LocalTSA, Signing
from tracker.evidence.keys import generate_key

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Response:
    """What the test server answers for one path."""

    body: bytes | str = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})


Handler = Callable[[BaseHTTPRequestHandler], Response | None]


class LocalServer:
    """A threaded HTTP server on 127.0.0.1 whose routes tests set and change as they go.

    A route is a ``Response`` or a callable taking the request handler and returning one (or
    None when it wrote the answer itself, e.g. to stall or reset the connection). Every request
    is recorded in ``requests`` as (method, path, headers).
    """

    def __init__(self) -> None:
        self.routes: dict[str, Response | Handler] = {}
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.connections: set[tuple[str, int]] = set()  # the client address of every connection that asked
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802
                server.requests.append(("GET", self.path, dict(self.headers)))
                server.connections.add(self.client_address)
                route = server.routes.get(self.path) or server.routes.get(self.path.split("?")[0])
                if route is None:
                    resp: Response | None = Response(b"not found", 404, {"Content-Type": "text/plain"})
                elif callable(route):
                    resp = route(self)
                else:
                    resp = route
                if resp is None:
                    return
                body = resp.body.encode("utf-8") if isinstance(resp.body, str) else resp.body
                self.send_response(resp.status)
                for name, value in resp.headers.items():
                    self.send_header(name, value)
                if "content-length" not in {k.lower() for k in resp.headers}:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_HEAD(self) -> None:  # noqa: N802
                self.do_GET()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> LocalServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def http_server() -> Iterator[LocalServer]:
    """A fresh real HTTP server on 127.0.0.1 for one test."""
    server = LocalServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session", autouse=True)
def _cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The user cache folder (the decompressed language model) is the session's own, not ~/.cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The compact corpus of real policy pages in tests/data (read-only; pages via ``read_page``)."""
    return CORPUS


@pytest.fixture(scope="session")
def seed_markdown() -> str:
    """The IndiaMART seed policy (Markdown as captured from the page)."""
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def tsa() -> Iterator[LocalTSA]:
    """A real RFC 3161 TSA on 127.0.0.1 (``tests.tsa_helpers.LocalTSA``), one for the session."""
    server = LocalTSA()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(params=["unsigned", "signed"])
def signing(request: pytest.FixtureRequest, tmp_path: Path) -> Signing | None:
    """Run a test twice: unsigned, and with a signing key outside the store and the local TSA on."""
    if request.param == "unsigned":
        return None
    key = tmp_path / "keys" / "signing.pem"
    generate_key(key)
    return Signing(key, request.getfixturevalue("tsa"))
