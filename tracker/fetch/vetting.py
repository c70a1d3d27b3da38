"""Which addresses a connection may go to: one resolution per connection, vetted (no DNS rebinding).

``own_origin(url)`` marks, for the fetch running in the current task, which host may be internal
(the configured URL's: the user's choice); ``vetted_addresses`` resolves a host once and refuses
an internal answer anywhere else. Both HTTP paths connect only to what it returns: httpx through
``tracker.fetch.pinned.VettingBackend``, the lean conditional requests of
``tracker.fetch.revalidate`` directly. No HTTP client is imported here.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from tracker.errors import FetchError
from tracker.fetch.address import IPAddress, is_internal, literal_address, resolve

NEXT_ADDRESS_AFTER = 3.0  # seconds before the next resolved address is tried


@dataclass(frozen=True)
class _Allowance:
    url: str  # the configured URL, named in the error
    host: str  # its host:port as a connection names it


_OWN: contextvars.ContextVar[_Allowance | None] = contextvars.ContextVar("policy_tracker_own_origin", default=None)


def connection_key(host: str, port: int) -> str:
    """``address:port`` (or ``name:port``) of a connection, with the host as ``host_key`` folds it."""
    address = literal_address(host)
    return f"{address if address is not None else host.lower().rstrip('.')}:{port}"


def _url_key(url: str) -> str:
    parts = urlsplit(url)
    try:
        host, port = parts.hostname or "", parts.port
    except ValueError:
        host, port = "", None
    if not host or not host.isascii():  # an IDN (or an unusual URL): as httpx spells its host
        import httpx

        parsed = httpx.URL(url)
        host, port = parsed.host, parsed.port
    return connection_key(host, port or (443 if parts.scheme.lower() == "https" else 80))


@contextlib.contextmanager
def own_origin(url: str) -> Iterator[None]:
    """While the block runs (in this task), connections may reach an internal address only on
    ``url``'s own host and port; an enclosing fetch's allowance is kept."""
    if _OWN.get() is not None:
        yield
        return
    token = _OWN.set(_Allowance(url, _url_key(url)))
    try:
        yield
    finally:
        _OWN.reset(token)


async def vetted_addresses(host: str, port: int) -> list[IPAddress]:
    """The addresses a new connection to ``host:port`` may go to, resolved once: ``FetchError``
    (cause ``redirect_blocked``) when any answer is internal and the host is not the configured
    URL's own (``own_origin``); ``OSError`` when the name does not resolve. Every direct
    connection is made to these (``VettingBackend`` for httpx, ``tracker.fetch.revalidate``)."""
    addresses = await resolve(host, port)
    allowance = _OWN.get()
    if allowance is not None and connection_key(host, port) != allowance.host:
        internal = next((a for a in addresses if is_internal(a)), None)
        if internal is not None:
            raise FetchError(
                f"{allowance.url}: redirect to {host}:{port} blocked: it resolves to the internal address "
                f"{internal} when connecting, outside the configured URL's origin",
                "redirect_blocked",
            )
    return addresses
