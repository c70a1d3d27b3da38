"""Connections go to the address that was vetted, so a DNS answer cannot change in between.

A redirect's target is checked (``tracker.fetch.address.guard_redirect``) before it is
requested, but a name can answer a public address to that check and ``127.0.0.1`` to the
connection made a moment later (DNS rebinding). ``VettingBackend`` closes that window: it is the
network backend of every direct (non-proxy) connection a client makes, and it resolves the host
*once*, refuses the connection (``FetchError`` cause ``redirect_blocked``) when any answer is an
internal address and the host is not the configured URL's own (``own_origin``), and otherwise
connects to the addresses it vetted, in the resolver's order (each but the last given at most
``NEXT_ADDRESS_AFTER`` seconds), never resolving again. The URL, the ``Host`` header and the
TLS server name (SNI, certificate check) keep the host name: only the socket is pinned.

``own_origin(url)`` marks, for the fetch running in the current task, which host may be internal
(the configured URL's: the user's choice). It is kept by the fetches nested in that one (the
robots.txt of a redirect's target is fetched with the allowance of the policy that redirected).
Outside any fetch nothing is refused. Through a proxy the proxy resolves the target, so only the
check before the request applies there.
"""

from __future__ import annotations

import typing

import httpcore
import httpx

from tracker.fetch.vetting import NEXT_ADDRESS_AFTER, connection_key, own_origin, vetted_addresses

__all__ = [
    "NEXT_ADDRESS_AFTER",
    "VettingBackend",
    "connection_key",
    "own_origin",
    "pin_connections",
    "vetted_addresses",
]


class VettingBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend with one resolution per connection, vetted, then pinned."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[typing.Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Resolve ``host`` once, refuse an internal answer off the configured host, connect to
        the first vetted address that answers."""
        try:
            addresses = await vetted_addresses(host, port)
        except OSError as exc:
            raise httpcore.ConnectError(f"cannot resolve {host} ({exc})") from None
        failure: Exception = httpcore.ConnectError(f"no address for {host}")
        for k, address in enumerate(addresses):
            last = k == len(addresses) - 1
            # an address that does not answer (a broken IPv6 route) must not use up the whole
            # fetch: while others remain, each gets at most NEXT_ADDRESS_AFTER seconds
            wait = timeout if last else min(timeout or NEXT_ADDRESS_AFTER, NEXT_ADDRESS_AFTER)
            try:
                return await self._inner.connect_tcp(
                    str(address), port, timeout=wait, local_address=local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        raise failure

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: typing.Iterable[typing.Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        """Unix sockets are not vetted (no address): passed to the inner backend."""
        return await self._inner.connect_unix_socket(path, timeout=timeout, socket_options=socket_options)

    async def sleep(self, seconds: float) -> None:
        """As the inner backend sleeps."""
        await self._inner.sleep(seconds)


def pin_connections(client: httpx.AsyncClient) -> httpx.AsyncClient:
    """Give ``client``'s direct transport the ``VettingBackend`` (proxy transports keep theirs).

    httpx offers no parameter for an httpcore network backend without giving up the proxies it
    reads from the environment, so the backend is set on the direct transport's connection pool
    (``tests/test_fetch_rebinding.py`` fails if a new httpx stops honouring it)."""
    pool = getattr(client._transport, "_pool", None)  # noqa: SLF001 - see the docstring
    if not isinstance(pool, httpcore.AsyncConnectionPool):
        raise TypeError(f"unexpected httpx transport {type(client._transport).__name__}")  # noqa: SLF001
    pool._network_backend = VettingBackend(pool._network_backend)  # noqa: SLF001
    return client
