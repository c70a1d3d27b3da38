"""The lean path of a plain ``GET``: one request (with ``If-None-Match`` / ``If-Modified-Since``
when the policy has validators) on a pooled HTTP/1.1 keep-alive connection (asyncio streams,
framed by h11).

Most answers of a weekly check are 304s; a first check reads each page once. Through httpx a
304 costs about 1 ms of CPU here (request and response models, httpcore's pool bookkeeping,
anyio), this way a tenth of that; a 160 KB page ~2.5 ms more than this way. ``Revalidator.fetch``
takes only the simple cases and says ``None`` for the rest, which the caller then fetches through
httpx (``tracker.fetch.http.fetch_async``, with its retries and redirect handling):

* taken: a direct (no proxy) ``http``/``https`` URL on an ASCII host, answered with 304, or with
  a 2xx whose body is read as httpx reads it (decoded size bounded by ``max_bytes``, gzip and
  deflate decoded in bounded steps by the same decoder);
* a 4xx or 5xx: mapped from that one answer (its status, ``Retry-After`` and the first
  ``SCAN_BYTES`` of its body for the challenge check) to the ``FetchError`` httpx's path raises
  (``tracker.fetch.status.failing_status``), so the server is never asked twice for one answer;
* a redirect (301, 302, 303, 307, 308 with a ``Location``) that sets no cookie: returned as a
  ``Redirect``, which httpx's path follows from its target on (the hop checked and paced as
  any other), so that answer is not asked for twice either;
* given back (``None``, the connection closed): a redirect that sets a cookie (an httpx client
  would send it on to the target), a connection that cannot be made or breaks (a keep-alive
  connection the server had closed is retried once on a new one first), a malformed answer.

The safety rules are the same as httpx's: each new connection resolves its host once and goes
only to the vetted addresses (``tracker.fetch.vetting.vetted_addresses``, under the caller's
``own_origin``), each but the last tried for at most ``NEXT_ADDRESS_AFTER`` s; TLS verifies the
host name with the run's context; the whole attempt is bounded by ``options.timeout``
(``FetchError`` cause ``timeout``). Per-host limits, delays and robots.txt are the caller's, as
for any request. Unlike an httpx client it keeps no cookie jar: only the configured cookies are sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import ssl
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from tracker.errors import FetchError
from tracker.fetch.challenge import SCAN_BYTES
from tracker.fetch.request import _CHUNK, KEPT_HEADERS, REDIRECTS, FetchOptions, Redirect, _Decoder, request_headers
from tracker.fetch.status import failing_status
from tracker.fetch.vetting import NEXT_ADDRESS_AFTER, own_origin, vetted_addresses
from tracker.models import FetchResult, utc_now

if TYPE_CHECKING:  # h11 loads for the first answer that is not a plain 304
    import h11

MAX_IDLE = 64  # keep-alive connections kept open across all hosts; the oldest is closed first
_MAX_HEAD = 64 * 1024  # status line and headers


class _GiveBack(Exception):
    """This answer is not for the lean path: the caller fetches the URL through httpx."""


_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")  # a header name (RFC 9110)
_VALUE = re.compile(r"[\t\x20-\x7e]*")  # a header value of visible ASCII and blanks


def request_head(target: str, headers: list[tuple[str, str]]) -> bytes | None:
    """The request's head as sent (``GET target HTTP/1.1`` and its headers), or None when a
    name, value or the target is not plain enough to send without httpx's own checks."""
    if not _VALUE.fullmatch(target) or " " in target or "\t" in target:
        return None
    if not all(_TOKEN.fullmatch(name) and _VALUE.fullmatch(value) for name, value in headers):
        return None
    lines = [f"GET {target} HTTP/1.1", *(f"{name}: {value}" for name, value in headers)]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii")


def plain_304(head: bytes) -> tuple[list[tuple[bytes, bytes]], bool] | None:
    """``(headers, keep_alive)`` when ``head`` is exactly one plain ``HTTP/1.x 304`` answer's
    head (CRLF lines, ``name: value`` headers, nothing after it); None for anything else, which
    h11 then reads."""
    if not head.endswith(b"\r\n\r\n") or head.count(b"\r\n\r\n") != 1:
        return None
    lines = head[:-4].split(b"\r\n")
    status = lines[0].split(b" ", 2)
    if len(status) < 2 or status[0] not in (b"HTTP/1.1", b"HTTP/1.0") or status[1] != b"304":
        return None
    raw: list[tuple[bytes, bytes]] = []
    for line in lines[1:]:
        name, colon, value = line.partition(b":")
        if not colon or not _TOKEN.fullmatch(name.decode("latin-1")) or b"\n" in line:
            return None  # a folded or malformed line: h11 decides
        raw.append((name.lower(), value.strip(b" \t")))
    connection = b",".join(v for n, v in raw if n == b"connection").lower()
    keep = b"close" not in connection if status[0] == b"HTTP/1.1" else b"keep-alive" in connection
    return raw, keep


@dataclass
class _Connection:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    reusable: bool = False  # the last answer was read to its end and the server keeps the connection

    def usable(self) -> bool:
        return not (self.writer.is_closing() or self.reader.at_eof())

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.writer.close()


def charset_of(content_type: str) -> str | None:
    """The ``charset`` parameter of a Content-Type, parsed as httpx parses it."""
    import email.message

    msg = email.message.Message()
    msg["content-type"] = content_type
    return msg.get_content_charset(failobj=None)


def header_dict(raw: Sequence[tuple[bytes, bytes]]) -> dict[str, str]:
    """Response headers as httpx reads them: names lower-cased, repeated ones joined with ", ",
    values decoded as ASCII, else UTF-8, else Latin-1 (one encoding for them all)."""
    encoding = "ascii"
    if not all(name.isascii() and value.isascii() for name, value in raw):
        try:
            for name, value in raw:
                name.decode("utf-8"), value.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = "iso-8859-1"
    kept: dict[str, str] = {}
    for name, value in raw:
        key, text = name.decode(encoding).lower(), value.decode(encoding)
        kept[key] = f"{kept[key]}, {text}" if key in kept else text
    return kept


class Revalidator:
    """Pooled HTTP/1.1 connections per origin for conditional requests (see the module)."""

    def __init__(self, ssl_context: ssl.SSLContext | None = None) -> None:
        self._ssl = ssl_context
        self._idle: OrderedDict[int, tuple[tuple[str, str, int], _Connection]] = OrderedDict()

    def _context(self) -> ssl.SSLContext:
        if self._ssl is None:
            import certifi  # the CA bundle httpx verifies with

            self._ssl = ssl.create_default_context(cafile=certifi.where())
            self._ssl.set_alpn_protocols(["http/1.1"])
        return self._ssl

    async def fetch(
        self, url: str, options: FetchOptions, etag: str | None, last_modified: str | None
    ) -> FetchResult | Redirect | None:
        """``url`` asked (with its validators, if any): the 304 (or 2xx) as a ``FetchResult``, a
        ``Redirect`` for httpx's path to follow, or None when the answer is for httpx to fetch;
        ``FetchError`` (cause ``timeout``) past ``options.timeout``, or a ``too_large``/``decode``
        body as httpx would raise it."""
        parts = urlsplit(url)
        try:
            host, port = parts.hostname or "", parts.port
        except ValueError:
            return None
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not host or not url.isascii() or parts.username or parts.password:
            return None
        port = port or (443 if scheme == "https" else 80)
        default_port = port == (443 if scheme == "https" else 80)
        authority = (f"[{host}]" if ":" in host else host) + ("" if default_port else f":{port}")
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = [("Host", authority), ("Connection", "keep-alive")]
        headers += request_headers(options, etag, last_modified).items()
        started, fetched_at = time.monotonic(), utc_now()
        try:
            with own_origin(url):
                async with asyncio.timeout(options.timeout):
                    status, kept, content = await self._exchange((scheme, host, port), target, headers, options, url)
        except TimeoutError:
            raise FetchError(f"{url}: timed out after {options.timeout:g} s", "timeout") from None
        except _GiveBack:
            return None
        if status in REDIRECTS:
            return Redirect(status, kept["location"])
        error = failing_status(url, status, kept, content) if status >= 400 else None
        if error is not None:
            raise error  # as httpx's path raises it (the session retries 429/5xx as httpx would)
        content_type = kept.get("content-type", "")
        return FetchResult(
            url=url,
            final_url=url,
            status=status,
            headers={k: kept[k] for k in KEPT_HEADERS if k in kept},
            content=content,
            content_type=content_type,
            encoding=None if status == 304 or "content-type" not in kept else charset_of(content_type),
            fetched_at=fetched_at,
            redirects=(),
            elapsed_ms=(time.monotonic() - started) * 1000,
            not_modified=status == 304,
        )

    async def _exchange(
        self, origin: tuple[str, str, int], target: str, headers: list[tuple[str, str]], opts: FetchOptions, url: str
    ) -> tuple[int, dict[str, str], bytes]:
        """Send the request and read the answer; a reused connection that turns out closed is
        replaced once by a new one."""
        head = request_head(target, headers)
        if head is None:
            raise _GiveBack
        for reused in (True, False):
            conn = self._take(origin) if reused else None
            if reused and conn is None:
                continue
            if conn is None:
                conn = await self._open(origin)
            try:
                answer = await self._roundtrip(conn, head, target, headers, opts, url)
            except _Stale:
                conn.close()
                if reused:
                    continue
                raise _GiveBack from None
            except BaseException:
                conn.close()
                raise
            self._keep(origin, conn)
            return answer
        raise _GiveBack

    async def _roundtrip(
        self,
        conn: _Connection,
        head: bytes,
        target: str,
        headers: list[tuple[str, str]],
        opts: FetchOptions,
        url: str,
    ) -> tuple[int, dict[str, str], bytes]:
        """One request on ``conn``: a plain 304 is read here; any other answer by h11, from its start."""
        conn.reusable = False
        try:
            conn.writer.write(head)
            answer = await self._read_head(conn)
        except OSError:
            raise _Stale from None
        quick = plain_304(answer)
        if quick is not None:
            conn.reusable = quick[1]
            return 304, header_dict(quick[0]), b""
        import h11

        machine = h11.Connection(h11.CLIENT, max_incomplete_event_size=_MAX_HEAD)
        machine.send(h11.Request(method="GET", target=target, headers=headers))  # what was sent, for h11's state
        machine.send(h11.EndOfMessage())
        machine.receive_data(answer)
        try:
            event = await self._next(conn, machine)
            while isinstance(event, h11.InformationalResponse):
                event = await self._next(conn, machine)
            if not isinstance(event, h11.Response):
                raise _GiveBack
            kept = header_dict(event.headers)
            if 300 <= event.status_code < 400 and event.status_code != 304:
                if event.status_code not in REDIRECTS or "location" not in kept or "set-cookie" in kept:
                    raise _GiveBack  # httpx asks again and reads it (and keeps the cookie for the next hop)
                await self._error_head(conn, machine, kept, url)  # the (short) body read, so the connection may stay
                content = b""
            elif event.status_code == 304:  # no body, whatever its Content-Length says
                if not isinstance(await self._next(conn, machine), h11.EndOfMessage):
                    raise EOFError
                content = b""
            elif event.status_code >= 400:  # mapped from this answer by the caller, never asked again
                content = await self._error_head(conn, machine, kept, url)
            else:
                content = await self._body(conn, machine, kept, opts.max_bytes, url)
        except (OSError, h11.ProtocolError, EOFError):
            raise _GiveBack from None  # cut short or malformed: httpx (and its retries) take it
        conn.reusable = machine.our_state is h11.DONE and machine.their_state is h11.DONE
        return event.status_code, kept, content

    async def _read_head(self, conn: _Connection) -> bytes:
        """What the server sent up to the end of its first head (and whatever came with it)."""
        data = b""
        while b"\r\n\r\n" not in data and b"\n\n" not in data:
            chunk = await conn.reader.read(_CHUNK)
            if not chunk:
                if not data:
                    raise _Stale  # closed before any answer: a stale keep-alive connection
                raise _GiveBack
            data += chunk
            if len(data) > _MAX_HEAD:
                raise _GiveBack
        return data

    async def _body(
        self, conn: _Connection, machine: h11.Connection, kept: dict[str, str], max_bytes: int, url: str
    ) -> bytes:
        import h11

        declared = kept.get("content-length", "")
        encoding = kept.get("content-encoding", "")
        if declared.isdigit() and not encoding and int(declared) > max_bytes:
            raise FetchError(f"{url}: body of {int(declared)} bytes exceeds the {max_bytes}-byte limit", "too_large")
        decoder = _Decoder(encoding, url)
        parts: list[bytes] = []
        size = 0
        while True:
            event = await self._next(conn, machine)
            if isinstance(event, h11.EndOfMessage):
                return b"".join(parts)
            if not isinstance(event, h11.Data):
                raise EOFError
            for piece in decoder.feed(bytes(event.data)):
                size += len(piece)
                if size > max_bytes:
                    raise FetchError(f"{url}: body exceeds the {max_bytes}-byte limit", "too_large")
                parts.append(piece)

    async def _error_head(self, conn: _Connection, machine: h11.Connection, kept: dict[str, str], url: str) -> bytes:
        """The first ``SCAN_BYTES`` (decoded) of an error answer's body, read as httpx's path reads
        them (for the challenge check): what a broken or oddly encoded body gives, never an error."""
        import h11

        parts: list[bytes] = []
        size = 0
        try:
            decoder = _Decoder(kept.get("content-encoding", ""), url)
            while size < SCAN_BYTES:
                event = await self._next(conn, machine)
                if not isinstance(event, h11.Data):
                    break  # the end of the message (the connection may then be kept)
                for piece in decoder.feed(bytes(event.data)):
                    parts.append(piece)
                    size += len(piece)
                    if size >= SCAN_BYTES:
                        break
        except (OSError, h11.ProtocolError, EOFError, FetchError):
            pass
        return b"".join(parts)

    async def _next(self, conn: _Connection, machine: h11.Connection) -> object:
        import h11

        while True:
            event = machine.next_event()
            if event is not h11.NEED_DATA:
                if isinstance(event, h11.ConnectionClosed):
                    raise EOFError
                return event
            machine.receive_data(await conn.reader.read(_CHUNK))

    def _take(self, origin: tuple[str, str, int]) -> _Connection | None:
        for key, (where, conn) in reversed(self._idle.items()):
            if where == origin:
                del self._idle[key]
                if conn.usable():
                    return conn
                conn.close()
        return None

    def _keep(self, origin: tuple[str, str, int], conn: _Connection) -> None:
        if not conn.reusable or not conn.usable():
            conn.close()
            return
        self._idle[id(conn)] = (origin, conn)
        while len(self._idle) > MAX_IDLE:
            _, (_, oldest) = self._idle.popitem(last=False)
            oldest.close()

    async def _open(self, origin: tuple[str, str, int]) -> _Connection:
        scheme, host, port = origin
        try:
            addresses = await vetted_addresses(host, port)
        except OSError:
            raise _GiveBack from None  # httpx reports the resolution failure
        tls = self._context() if scheme == "https" else None
        for k, address in enumerate(addresses):
            last = k == len(addresses) - 1
            try:
                opening = asyncio.open_connection(
                    str(address), port, ssl=tls, server_hostname=host if tls else None, limit=_MAX_HEAD
                )
                reader, writer = await (opening if last else asyncio.wait_for(opening, NEXT_ADDRESS_AFTER))
            except (OSError, TimeoutError, ssl.SSLError):
                continue
            return _Connection(reader, writer)
        raise _GiveBack

    async def aclose(self) -> None:
        """Close every idle connection."""
        for _, conn in self._idle.values():
            conn.close()
        self._idle.clear()


class _Stale(Exception):
    """The connection broke before an answer: a reused one is replaced, a new one given back."""
