"""The group commit of records appended without their own fsync (``durable=False``).

Each such append queues an fsync of its log on a few background threads at once, so that the
disk works while the run goes on; ``Flusher.wait`` (``Store.sync``) returns once every log
appended to has been flushed after its last such append. A log already queued and not yet being
flushed is not queued twice: the queued fsync comes after the new write too, so one fsync still
covers every record a log got while it waited.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from tracker.store.files import fsync_path

THREADS = 4  # fsyncs in flight at once (an fsync releases the GIL; the file system commits them together)


class Flusher:
    """Background fsyncs of appended logs; ``wait`` for them all (see the module)."""

    def __init__(self, threads: int = THREADS) -> None:
        self._threads = threads
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._queued: set[Path] = set()  # queued, not yet being flushed
        self._futures: list[Future[None]] = []

    def __reduce__(self) -> tuple[type[Flusher], tuple[int]]:
        """A copy sent to another process (a store handed to a pool worker) starts empty: the
        fsyncs queued here are this process's to wait for."""
        return (Flusher, (self._threads,))

    def submit(self, path: Path) -> None:
        """Flush ``path`` soon (after the write just made to it)."""
        with self._lock:
            if path in self._queued:
                return
            self._queued.add(path)
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=self._threads, thread_name_prefix="fsync")
            self._futures.append(self._pool.submit(self._flush, path))

    def _flush(self, path: Path) -> None:
        with self._lock:
            self._queued.discard(path)  # a write from now on queues another fsync
        fsync_path(path)

    def wait(self) -> None:
        """Return once every queued fsync is done; the first one that failed raises its ``OSError``
        (after all of them finished)."""
        with self._lock:
            futures, self._futures = self._futures, []
        failure: BaseException | None = None
        for future in futures:
            exc = future.exception()
            failure = failure or exc
        if failure is not None:
            raise failure
