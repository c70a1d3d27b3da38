"""Less memory kept by glibc's malloc over a check run (it changes where memory is taken from,
never what is computed; only with glibc, and never over the environment's own settings).

- ``limit_arenas`` caps the malloc arenas (``mallopt(M_ARENA_MAX)``) before the run's threads
  start: its threads (store writes, diff and classification of changes) each got an arena of
  their own, whose freed memory stays with it, so a long run's resident memory kept growing
  (about 27 MB of a changed run of 2,000 policies here).
- ``pin_thresholds`` fixes the sizes at which malloc serves a block from its own mapping and at
  which it gives the top of its heap back (``M_MMAP_THRESHOLD``, ``M_TRIM_THRESHOLD``, both at
  glibc's default of 128 KB). Left alone, glibc raises both up to 32 MB each time a large block
  is freed, after which a changed run's large short-lived blocks (page bodies, texts, JSON) come
  from the heap and the holes they leave are kept: 15 MB of a changed run of 2,000 here.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from typing import Any

ARENAS = 2
THRESHOLD = 128 * 1024  # bytes: glibc's own starting value for both
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD, _M_ARENA_MAX = -1, -3, -8  # glibc's <malloc.h>


def _libc_function(name: str) -> Any:
    """glibc's function ``name`` taking and returning ints, or None (not Linux, musl and others)."""
    if sys.platform != "linux":
        return None
    try:
        import ctypes

        function = getattr(ctypes.CDLL(None), name)
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_int] if name == "mallopt" else [ctypes.c_size_t]
    function.restype = ctypes.c_int
    return function


def _mallopt() -> Any:
    return _libc_function("mallopt")


def limit_arenas(arenas: int = ARENAS) -> int | None:
    """Cap this process's malloc arenas at ``arenas``; the cap applied, or None when none was
    (not glibc, or ``MALLOC_ARENA_MAX`` set in the environment)."""
    if os.environ.get("MALLOC_ARENA_MAX"):
        return None
    mallopt = _mallopt()
    return arenas if mallopt is not None and mallopt(_M_ARENA_MAX, arenas) == 1 else None


def pin_thresholds(size: int = THRESHOLD) -> int | None:
    """Fix malloc's mmap and trim thresholds at ``size``; the size applied, or None when not
    (not glibc, or either threshold set in the environment, directly or as a glibc tunable)."""
    tunables = os.environ.get("GLIBC_TUNABLES", "")
    if any(os.environ.get(f"MALLOC_{n}_THRESHOLD_") for n in ("MMAP", "TRIM")) or "_threshold" in tunables:
        return None
    mallopt = _mallopt()
    if mallopt is None:
        return None
    return size if mallopt(_M_MMAP_THRESHOLD, size) == 1 and mallopt(_M_TRIM_THRESHOLD, size) == 1 else None


TRIM_EVERY = 1.0  # seconds: at most this often
_last_trim = [0.0]
_trim_lock = threading.Lock()


def trim(every: float = TRIM_EVERY) -> bool:
    """Give the free pages inside malloc's heaps back to the system (``malloc_trim(0)``), at most
    once per ``every`` seconds of the process (a call takes a few ms); True when it ran. Called
    once a change's versions and diff are let go: their freed blocks leave holes between the
    blocks still in use, which only this returns."""
    now = time.monotonic()
    if now - _last_trim[0] < every or not _trim_lock.acquire(blocking=False):
        return False
    try:
        _last_trim[0] = now
        malloc_trim = _libc_function("malloc_trim")
        if malloc_trim is None:
            return False
        malloc_trim(0)  # 1 when memory was released, 0 when there was none to release
        return True
    finally:
        _trim_lock.release()
