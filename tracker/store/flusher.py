"""The group commit of records appended without their own fsync (``durable=False``).

``Flusher.wait`` (``Store.sync``) returns once every log such an append went to is on disk.

* On Linux 5.8 or later: one ``syncfs(2)`` per file system those logs are on, at ``wait``. It
  flushes every file of that file system, so every appended log with it, and since 5.8 it
  reports a failed write-back of any of them as ``fsync`` would (``OSError``). One call instead
  of one fsync per log: on ext4 each fsync is a journal commit, 2,000 of them for a run of
  2,000 304s (about 0.25 ms of CPU each, in threads that contend for the GIL with the run).
* Elsewhere (or where ``syncfs`` cannot be called): each append queues an fsync of its log on a
  few background threads at once, so that the disk works while the run goes on. A log already
  queued and not yet being flushed is not queued twice: the queued fsync comes after the new
  write too, so one fsync still covers every record a log got while it waited.
"""

from __future__ import annotations

import errno
import os
import re
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from tracker.store.files import fsync_path

THREADS = 4  # fsyncs in flight at once (an fsync releases the GIL; the file system commits them together)
# what syncfs answers where it cannot be used (a seccomp filter, a file system without it): fsync each log
_UNSUPPORTED = (errno.ENOSYS, errno.EPERM, errno.EINVAL, errno.EOPNOTSUPP)


def load_syncfs() -> Callable[[int], None] | None:
    """``syncfs(fd)`` of the C library, raising ``OSError`` on failure; None off Linux, before
    5.8 (whose syncfs does not report write-back errors) or when the C library has none."""
    found = re.match(r"(\d+)\.(\d+)", os.uname().release) if sys.platform == "linux" else None
    if found is None or (int(found[1]), int(found[2])) < (5, 8):
        return None
    try:
        import ctypes

        call = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    call.argtypes, call.restype = [ctypes.c_int], ctypes.c_int

    def syncfs(fd: int) -> None:
        if call(fd) != 0:
            code = ctypes.get_errno()
            raise OSError(code, f"syncfs: {os.strerror(code)}")

    return syncfs


class Flusher:
    """Group commit of appended logs; ``wait`` for them all (see the module)."""

    def __init__(self, threads: int = THREADS) -> None:
        self._threads = threads
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._queued: set[Path] = set()  # queued, not yet being flushed
        self._futures: list[Future[None]] = []
        self._syncfs: list[Callable[[int], None] | None] = []  # looked up on the first append
        # per file system (st_dev): an appended log to open for its syncfs, or None where the
        # first syncfs (made when its first log was appended) said it cannot be used there
        self._devices: dict[int, Path | None] = {}
        self._due: set[int] = set()  # file systems appended to since the last wait

    def __reduce__(self) -> tuple[type[Flusher], tuple[int]]:
        """A copy sent to another process (a store handed to a pool worker) starts empty: the
        fsyncs queued here are this process's to wait for."""
        return (Flusher, (self._threads,))

    def submit(self, path: Path, device: int | None = None) -> None:
        """Flush ``path`` (on the file system ``device``, its ``st_dev``) by the next ``wait``."""
        with self._lock:
            if device is not None and self._by_syncfs(path, device):
                self._due.add(device)
                return
            if path in self._queued:
                return
            self._queued.add(path)
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=self._threads, thread_name_prefix="fsync")
            self._futures.append(self._pool.submit(self._flush, path))

    def _by_syncfs(self, path: Path, device: int) -> bool:
        """Whether ``device``'s logs are flushed by syncfs; tried (once) on its first log."""
        if not self._syncfs:
            self._syncfs.append(load_syncfs())
        if self._syncfs[0] is None:
            return False
        if device not in self._devices:
            try:
                _syncfs_of(self._syncfs[0], path)  # also flushes this log: the append is covered
            except OSError as exc:
                if exc.errno not in _UNSUPPORTED:
                    raise
                self._devices[device] = None
        if device in self._devices and self._devices[device] is None:
            return False
        self._devices[device] = path  # the newest log appended there: the one opened for its syncfs
        return True

    def _flush(self, path: Path) -> None:
        with self._lock:
            self._queued.discard(path)  # a write from now on queues another fsync
        fsync_path(path)

    def wait(self) -> None:
        """Return once every appended log is on disk; the first failure raises its ``OSError``
        (after every flush finished)."""
        with self._lock:
            due, self._due = self._due, set()
            paths = [self._devices[d] for d in sorted(due)]
            futures, self._futures = self._futures, []
        failure: BaseException | None = None
        for path in paths:
            try:
                assert path is not None and self._syncfs[0] is not None
                _syncfs_of(self._syncfs[0], path)
            except OSError as exc:
                failure = failure or exc
        for future in futures:
            failure = failure or future.exception()
        if failure is not None:
            raise failure


def _syncfs_of(syncfs: Callable[[int], None], path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        syncfs(fd)
    finally:
        os.close(fd)
