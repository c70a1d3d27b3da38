"""HTTP/2 where the server offers it: a real TLS server on 127.0.0.1 that speaks only h2."""

from __future__ import annotations

import asyncio
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import h2.config
import h2.connection
import h2.events
import pytest

from tests.checks_helpers import FAST
from tracker.fetch.http import fetch_async
from tracker.fetch.pool import ClientPool

BODY = b"<html><body><h1>Privacy Policy</h1><p>We collect your email address.</p></body></html>"


def _self_signed(tmp: Path) -> tuple[Path, Path]:
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-keyout", str(key),
         "-out", str(cert), "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def _serve_h2(listener: socket.socket, context: ssl.SSLContext, seen: list[tuple[str, str]]) -> None:
    """Accept TLS connections that negotiate h2 and answer every GET with BODY."""
    while True:
        try:
            raw, _ = listener.accept()
        except OSError:
            return
        try:
            tls = context.wrap_socket(raw, server_side=True)
        except (OSError, ssl.SSLError):
            raw.close()
            continue
        with tls:
            if tls.selected_alpn_protocol() != "h2":
                continue
            conn = h2.connection.H2Connection(config=h2.config.H2Configuration(client_side=False))
            conn.initiate_connection()
            tls.sendall(conn.data_to_send())
            while data := tls.recv(65535):
                for event in conn.receive_data(data):
                    if isinstance(event, h2.events.RequestReceived):
                        headers = {k.decode() if isinstance(k, bytes) else k: v for k, v in event.headers}
                        path = headers[":path"]
                        seen.append(("h2", path.decode() if isinstance(path, bytes) else path))
                        conn.send_headers(
                            event.stream_id,
                            [(":status", "200"), ("content-type", "text/html; charset=utf-8"),
                             ("content-length", str(len(BODY))), ("etag", '"v1"')],
                        )  # fmt: skip
                        conn.send_data(event.stream_id, BODY, end_stream=True)
                tls.sendall(conn.data_to_send())


@pytest.fixture
def h2_server(tmp_path: Path) -> Iterator[tuple[int, ssl.SSLContext, list[tuple[str, str]]]]:
    cert, key = _self_signed(tmp_path)
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    server_context.set_alpn_protocols(["h2"])
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    seen: list[tuple[str, str]] = []
    threading.Thread(target=_serve_h2, args=(listener, server_context, seen), daemon=True).start()
    client_context = ssl.create_default_context(cafile=str(cert))
    try:
        yield listener.getsockname()[1], client_context, seen
    finally:
        listener.close()


def test_check_clients_speak_http2_when_the_server_offers_it(
    h2_server: tuple[int, ssl.SSLContext, list[tuple[str, str]]],
) -> None:
    port, client_context, seen = h2_server
    url = f"https://127.0.0.1:{port}/privacy"

    async def fetch_twice() -> list[bytes]:
        pool = ClientPool(per_host=2, ssl_context=client_context)
        try:
            bodies = []
            for _ in range(2):
                async with pool.lease(f"127.0.0.1:{port}") as client:
                    bodies.append((await fetch_async(client, url, options=FAST)).content)
            return bodies
        finally:
            await pool.aclose()

    assert asyncio.run(fetch_twice()) == [BODY, BODY]
    assert seen == [("h2", "/privacy"), ("h2", "/privacy")]  # the server only answers over h2
