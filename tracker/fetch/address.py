"""Which machine a URL names, however it is spelled, and whether that machine is an internal one.

``127.0.0.1``, ``127.000.000.001``, ``0x7f.1``, ``2130706433``, ``127.1``, ``localhost`` and
``[::ffff:127.0.0.1]`` are one host: ``host_key`` gives them one key (address and port), so
per-host limits, delays and robots.txt are kept per machine, not per spelling. ``internal_address``
resolves a host and names the loopback, private, link-local or unspecified address it leads to,
which a redirect may not reach unless it stays on the configured URL's own origin.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from functools import lru_cache
from urllib.parse import urlsplit

from tracker.errors import FetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_DEFAULT_PORTS = {"http": 80, "https": 443}


@lru_cache(maxsize=4096)  # asked for every request and connection, of a few hosts
def literal_address(host: str) -> IPAddress | None:
    """The address a host spelled as an IP literal (in any form the C resolver accepts) or as
    ``localhost`` stands for; None for a real host name."""
    name = host.strip("[]").lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return ipaddress.IPv4Address("127.0.0.1")
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        try:  # inet_aton's legacy forms: 0x7f.1, 2130706433, 127.1, 127.000.000.001
            address = ipaddress.IPv4Address(socket.inet_aton(name))
        except (OSError, ValueError):
            return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def host_key(url: str) -> str:
    """``address:port`` (or ``name:port``) of the host a URL contacts: one key per machine and port."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme, 0)
    except ValueError:
        port = 0
    address = literal_address(host)
    return f"{address if address is not None else host.rstrip('.')}:{port}"


def origin_key(url: str) -> str:
    """``scheme://address:port``: the origin, with the host normalised as ``host_key`` does."""
    return f"{urlsplit(url).scheme.lower()}://{host_key(url)}"


def is_internal(address: IPAddress) -> bool:
    """Loopback, private, link-local, unspecified (or reserved/multicast): not the public internet."""
    return bool(
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_unspecified
        or address.is_reserved
        or address.is_multicast
    )


async def _system_resolve(host: str, port: int) -> list[IPAddress]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    found = (literal_address(str(info[4][0]).split("%")[0]) for info in infos)
    return list(dict.fromkeys(address for address in found if address is not None))


Resolver = Callable[[str, int], Awaitable[list[IPAddress]]]
_resolver: Resolver = _system_resolve


def set_resolver(resolver: Resolver | None) -> Resolver:
    """Make ``resolver`` the one every fetch resolves host names with (None: the system's);
    returns the previous one. Tests install a resolver they control."""
    global _resolver
    previous, _resolver = _resolver, resolver or _system_resolve
    return previous


async def resolve(host: str, port: int) -> list[IPAddress]:
    """The addresses ``host`` stands for (a literal or ``localhost`` without asking DNS); raises
    ``OSError`` when the name does not resolve."""
    literal = literal_address(host)
    if literal is not None:
        return [literal]
    return await _resolver(host, port)


async def internal_address(url: str) -> IPAddress | None:
    """The internal address ``url``'s host resolves to, if any (None: public, or unresolvable)."""
    parts = urlsplit(url)
    try:
        addresses = await resolve(parts.hostname or "", parts.port or _DEFAULT_PORTS.get(parts.scheme, 80))
    except OSError:
        return None  # the request itself will fail to connect and say so
    return next((address for address in addresses if is_internal(address)), None)


async def guard_redirect(url: str, target: str, status: int) -> None:
    """Refuse (``FetchError`` cause ``redirect_blocked``) a redirect from the configured ``url`` to
    an internal address outside ``url``'s own origin; the configured URL itself may be internal."""
    if origin_key(target) == origin_key(url):
        return
    internal = await internal_address(target)
    if internal is not None:
        raise FetchError(
            f"{url}: redirect to {target} blocked: it leads to the internal address {internal} "
            "outside the configured URL's origin",
            "redirect_blocked",
            status,
        )
