"""The loopback page server of ``benchmarks/peers.py`` (a separate process, started and stopped by PID).

Usage::

    python -m benchmarks.peer_server --corpus ../shared/corpus --n 2000 --ports 1 --ready FILE

Serves ``/p<i>`` (i < N) with the bytes of corpus page ``i % len(pages)`` (the real pages of
``<corpus>/*/snapshots/*.html``, sorted by path), with an ``ETag`` (MD5 of the bytes) and a
``Last-Modified``, answering ``304 Not Modified`` to a matching ``If-None-Match`` (or, without
one, to an ``If-Modified-Since`` not older than ``Last-Modified``). HTTP/1.1 with keep-alive,
``Connection: close`` honoured.

With ``--ports K`` > 1 it listens on K ports of 127.0.0.1 and policy ``i`` belongs on port
``ports[i % K]`` (any port serves any page): many hosts, as the tools key their per-host limits
and connection pools by host:port. The ports go to ``--ready FILE`` as JSON once every page is built.

Admin URLs (any port): ``/__admin/flip`` switches a fixed 10% of the policies (seeded) to a
version with one sentence inserted into a paragraph in the middle of the page's text, with a new
ETag and ``Last-Modified`` = the time of the flip; ``/__admin/reset`` switches them back (and
gives the originals a ``Last-Modified`` of now, so that no stale validator matches);
every admin URL returns the request counters (200s, 304s, 404s) since the last admin call and
zeroes them. Binds 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import email.utils
import hashlib
import html
import json
import os
import random
import re
import time
from pathlib import Path

SENTENCE = (
    b" We may also share your personal information with our new advertising partners"
    b" for the purposes described in this section."
)
BASE_TIME = 1_700_000_000  # Last-Modified of the original pages: 2023-11-14


def corpus_pages(corpus: Path) -> list[Path]:
    return sorted(corpus.glob("*/snapshots/*.html"))


def _words(text: bytes) -> list[str]:
    return re.findall(r"\w+", html.unescape(text.decode("utf-8", "replace")).lower())


def reference_texts(corpus: Path) -> dict[Path, bytes]:
    """Each snapshot's reference text: the Open Terms Archive version it extracts to (MANIFEST.json)."""
    refs: dict[Path, bytes] = {}
    try:
        manifest = json.loads((corpus / "MANIFEST.json").read_text())
    except (OSError, ValueError):
        return refs
    for doc in manifest.get("documents", []):
        for f in doc.get("files", []):
            for md in f.get("expected_markdown") or []:
                path = corpus / doc["folder"] / md
                if path.is_file():
                    refs[corpus / doc["folder"] / f["file"]] = path.read_bytes()
    return refs


def with_sentence(data: bytes, reference: bytes | None = None) -> bytes:
    """The page with ``SENTENCE`` appended to its longest run of policy text.

    A run of text is the character data between two tags, outside scripts and styles; it is
    policy text when most of its 6-word shingles are in ``reference`` (the archive's extracted
    text of the page, from ``MANIFEST.json``; without one every run counts). So the change is in
    the body for any tool that reads the text, whichever extractor it uses."""
    hidden = [m.span() for m in re.finditer(rb"<(script|style|noscript|template)\b.*?</\1\s*>", data, re.I | re.S)]
    ref_words = _words(reference) if reference else []
    shingles = {tuple(ref_words[i : i + 6]) for i in range(len(ref_words) - 5)}
    best, at, k = 0, -1, 0
    for m in re.finditer(rb">([^<]{40,})<", data):
        while k < len(hidden) and hidden[k][1] <= m.start():
            k += 1
        if k < len(hidden) and hidden[k][0] <= m.start():
            continue  # inside a script or style element
        size = len(m.group(1).strip())
        if size <= best:
            continue
        if shingles:
            words = _words(m.group(1))
            runs = [tuple(words[i : i + 6]) for i in range(len(words) - 5)]
            if not runs or sum(r in shingles for r in runs) < len(runs) / 2:
                continue
        best, at = size, m.end(1)
    if at < 0:
        return with_sentence(data) if reference else data.replace(b"</body", SENTENCE + b"</body", 1)
    return data[:at] + SENTENCE + data[at:]


def flipped_ids(n: int) -> set[int]:
    """The 10% of the policies that ``/__admin/flip`` changes (seeded, the same in every run)."""
    ids = list(range(n))
    random.Random(20).shuffle(ids)
    return set(ids[: max(1, n // 10)])


class Pages:
    def __init__(self, corpus: Path, n: int) -> None:
        self.n = n
        paths = corpus_pages(corpus)
        refs = reference_texts(corpus)
        self.originals = [p.read_bytes() for p in paths]
        self.versions: dict[tuple[int, bool], tuple[bytes, str, str]] = {}
        self.flipped = flipped_ids(n)
        self.flip = False
        self.base_modified = BASE_TIME
        self.flip_modified = BASE_TIME
        self.counts = {"200": 0, "304": 0, "404": 0}
        for k, (path, data) in enumerate(zip(paths, self.originals, strict=True)):
            self._store(k, False, data)
            self._store(k, True, with_sentence(data, refs.get(path)))

    def _store(self, k: int, changed: bool, data: bytes) -> None:
        try:
            data.decode("utf-8")
            ctype = "text/html; charset=utf-8"
        except UnicodeDecodeError:
            ctype = "text/html"
        self.versions[(k, changed)] = (data, '"' + hashlib.md5(data).hexdigest() + '"', ctype)

    def get(self, i: int) -> tuple[bytes, str, str, int]:
        changed = self.flip and i in self.flipped
        data, etag, ctype = self.versions[(i % len(self.originals), changed)]
        return data, etag, ctype, self.flip_modified if changed else self.base_modified


def _not_modified(headers: dict[str, str], etag: str, modified: int) -> bool:
    if "if-none-match" in headers:
        return etag in [t.strip() for t in headers["if-none-match"].split(",")]
    since = headers.get("if-modified-since")
    if since:
        try:
            return email.utils.parsedate_to_datetime(since).timestamp() >= modified
        except (TypeError, ValueError):
            return False
    return False


def make_handler(pages: Pages):  # type: ignore[no-untyped-def]
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            for _ in range(100_000):  # requests per connection, bounded
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                parts = lines[0].split(" ")
                path = parts[1].split("?", 1)[0] if len(parts) > 1 else "/"
                headers = {}
                for ln in lines[1:]:
                    if ":" in ln:
                        key, value = ln.split(":", 1)
                        headers[key.strip().lower()] = value.strip()
                if "content-length" in headers:  # a POST body: read and ignore it
                    await reader.readexactly(int(headers["content-length"]))
                status, body, extra = "404 Not Found", b"not found", "Content-Type: text/plain\r\n"
                if path.startswith("/__admin/"):
                    action = path[len("/__admin/") :]
                    if action == "flip":
                        pages.flip, pages.flip_modified = True, int(time.time())
                    elif action == "reset":
                        pages.flip, pages.base_modified = False, int(time.time())
                    status, body = "200 OK", json.dumps(pages.counts).encode()
                    pages.counts = dict.fromkeys(pages.counts, 0)  # every admin call starts them afresh
                elif path.startswith("/p") and path[2:].isdigit() and int(path[2:]) < pages.n:
                    data, etag, ctype, modified = pages.get(int(path[2:]))
                    validators = f"ETag: {etag}\r\nLast-Modified: {email.utils.formatdate(modified, usegmt=True)}\r\n"
                    if _not_modified(headers, etag, modified):
                        status, body, extra = "304 Not Modified", b"", validators
                    else:
                        status, body, extra = "200 OK", data, validators + f"Content-Type: {ctype}\r\n"
                if not path.startswith("/__admin/"):
                    pages.counts[status[:3]] = pages.counts.get(status[:3], 0) + 1
                close = headers.get("connection", "").lower() == "close"
                writer.write(
                    (
                        f"HTTP/1.1 {status}\r\nContent-Length: {len(body)}\r\n{extra}"
                        f"Connection: {'close' if close else 'keep-alive'}\r\n\r\n"
                    ).encode("ascii")
                )
                if parts[0] != "HEAD" and body:
                    writer.write(body)
                await writer.drain()
                if close:
                    break
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, ValueError, IndexError):
            pass
        finally:
            writer.close()

    return handle


async def serve(pages: Pages, ports: int, ready: Path) -> None:
    handle = make_handler(pages)
    servers = [await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024) for _ in range(ports)]
    numbers = [s.sockets[0].getsockname()[1] for s in servers]
    tmp = ready.with_suffix(".tmp")
    tmp.write_text(json.dumps({"pid": os.getpid(), "ports": numbers, "pages": len(pages.originals)}))
    tmp.replace(ready)
    await asyncio.gather(*(s.serve_forever() for s in servers))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--ports", type=int, default=1)
    parser.add_argument("--ready", type=Path, required=True)
    parser.add_argument("--max-seconds", type=float, default=6 * 3600, help="exit by itself after this long")
    args = parser.parse_args()
    pages = Pages(args.corpus, args.n)

    async def bounded() -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(serve(pages, args.ports, args.ready), args.max_seconds)

    asyncio.run(bounded())


if __name__ == "__main__":
    main()
