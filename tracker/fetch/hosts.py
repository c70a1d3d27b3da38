"""Per-host politeness for a check run: at most N requests in flight and a delay between them.

Hosts are keyed by ``tracker.fetch.address.host_key`` (the machine, however its name is spelled).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class HostGate:
    """Limits requests per host (``per_host`` at once) and spaces their starts by ``delay`` s."""

    def __init__(self, per_host: int) -> None:
        self.per_host = max(1, per_host)
        self._sems: dict[str, asyncio.Semaphore] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._next_start: dict[str, float] = {}

    @asynccontextmanager
    async def slot(self, host: str, delay: float = 0.0) -> AsyncIterator[None]:
        """Hold one of the host's slots, waiting out the host's delay first."""
        sem = self._sems.setdefault(host, asyncio.Semaphore(self.per_host))
        async with sem:
            await self.pace(host, delay)
            yield

    async def pace(self, host: str, delay: float) -> None:
        """Wait out the host's delay since its last request start (a redirect hop to it, too)."""
        if delay > 0:
            async with self._locks.setdefault(host, asyncio.Lock()):
                wait = self._next_start.get(host, 0.0) - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                self._next_start[host] = time.monotonic() + delay
