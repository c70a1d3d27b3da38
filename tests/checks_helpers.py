"""Helpers for the fetch/check tests: policy pages, config files, store fingerprints, raw faults,
a webhook receiver and an SMTP server on 127.0.0.1."""

from __future__ import annotations

import gzip
import hashlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from tracker.fetch.request import FetchOptions

FAST = FetchOptions(backoff=0.01, max_backoff=0.05, max_retry_after=5.0, timeout=5.0)

SECTIONS = [
    ("Information we collect", "We collect your name, email address and phone number when you register."),
    ("How we use information", "We use your information to provide the service and to improve it."),
    ("Sharing", "We shall not disclose your personal information to third parties except as required by law."),
    ("Retention", "We keep your data for 12 months after your account is closed."),
    ("Your rights", "You may ask us to access, correct or delete your personal data at any time."),
    ("Contact", "Write to privacy@example.com with any question about this policy."),
]


def policy_page(
    sections: list[tuple[str, str]] | None = None, *, token: str = "abc", banner: str = "We use cookies."
) -> str:
    """A realistic policy page: chrome (nav, cookie banner, CSRF form, footer) around the body."""
    body = "\n".join(f"<h2>{h}</h2>\n<p>{t} {t}</p>" for h, t in (sections or SECTIONS))
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>Privacy Policy</title>
<link rel="stylesheet" href="/site.css?v={token}"></head><body>
<nav><a href="/">Home</a> <a href="/about">About</a></nav>
<div class="cookie-banner" id="cookie-banner">{banner} <button>Accept</button></div>
<main><article><h1>Privacy Policy</h1><p>Last updated: 19 June 2024</p>
{body}
</article></main>
<form action="/subscribe"><input type="hidden" name="csrf" value="{token}"><button>Subscribe</button></form>
<footer>Copyright 2024 Example Ltd.</footer></body></html>"""


def write_config(tmp: Path, policies: list[dict[str, Any]], **settings: Any) -> Path:
    """Write a policies.toml with these policies and settings; returns its path."""
    lines = ["[settings]", 'store = "snapshots"']
    settings.setdefault("retries", 1)
    settings.setdefault("timeout", 5)
    for key, value in settings.items():
        lines.append(f"{key} = {json.dumps(value)}")
    for p in policies:
        lines.append("\n[[policy]]")
        for key, value in p.items():
            lines.append(f"{key} = {json.dumps(value)}")
    path = tmp / "policies.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def snapshot_fingerprint(store_root: Path) -> dict[str, str]:
    """Hash of every file under every policy's ``snap/`` folder (what must never change on failure)."""
    out = {}
    for path in sorted(store_root.glob("*/snap/**/*")):
        if path.is_file():
            out[str(path.relative_to(store_root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def gzip_bomb(decoded_size: int) -> bytes:
    """A gzip stream of ``decoded_size`` zero bytes (about 1000x smaller compressed)."""
    return gzip.compress(b"\0" * decoded_size, compresslevel=9)


# --------------------------------------------------------------------------- raw faults (handlers)


def stall(handler: BaseHTTPRequestHandler, seconds: float = 3.0) -> None:
    """Send headers and part of the body, then stall."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", "100000")
    handler.end_headers()
    handler.wfile.write(b"<html><body><p>start")
    handler.wfile.flush()
    time.sleep(seconds)
    handler.close_connection = True


def reset(handler: BaseHTTPRequestHandler) -> None:
    """Close the connection abruptly (RST) without answering."""
    sock = handler.connection
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    handler.close_connection = True
    sock.close()


def truncated(handler: BaseHTTPRequestHandler) -> None:
    """Promise 50,000 bytes, send 1,000, close."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", "50000")
    handler.end_headers()
    handler.wfile.write(b"<p>" + b"x" * 997)
    handler.wfile.flush()
    handler.close_connection = True


def huge(handler: BaseHTTPRequestHandler, size: int = 50 * 1024 * 1024, declare: bool = False) -> None:
    """Stream ``size`` bytes of HTML without (or with) a Content-Length, chunk by chunk."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    if declare:
        handler.send_header("Content-Length", str(size))
    handler.end_headers()
    chunk = b"<p>" + b"a" * 65533
    sent = 0
    try:
        while sent < size:
            handler.wfile.write(chunk)
            sent += len(chunk)
    except OSError:
        pass
    handler.close_connection = True


# --------------------------------------------------------------------------- alert receivers


class Webhook:
    """A local HTTP receiver recording every POSTed JSON body (what apprise's json:// sends)."""

    def __init__(self) -> None:
        self.posts: list[dict[str, Any]] = []
        owner = self

        class _H(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", "0"))
                data = self.rfile.read(length)
                owner.posts.append({"path": self.path, "json": json.loads(data or b"{}")})
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _H)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self) -> str:
        return f"json://127.0.0.1:{self.port}/hook"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@contextmanager
def smtp_server() -> Iterator[tuple[int, list[Any]]]:
    """An aiosmtpd server on 127.0.0.1 collecting messages; yields (port, messages)."""
    from aiosmtpd.controller import Controller

    messages: list[Any] = []

    class _Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            messages.append(envelope)
            return "250 OK"

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(_Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, messages
    finally:
        controller.stop()
