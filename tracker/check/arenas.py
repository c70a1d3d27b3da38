"""Fewer malloc arenas for a check run: its threads (store writes, diff and classification of
changes) each got a glibc arena of their own, whose freed memory stays with it, so a long run's
resident memory kept growing (about 27 MB of a changed run of 2,000 policies here).

``limit_arenas`` caps them (``mallopt(M_ARENA_MAX)``) before the run's threads start; it changes
where memory is taken from, never what is computed. Only with glibc, and never over a
``MALLOC_ARENA_MAX`` the environment already sets.
"""

from __future__ import annotations

import os
import sys

ARENAS = 2
_M_ARENA_MAX = -8  # glibc's <malloc.h>


def limit_arenas(arenas: int = ARENAS) -> int | None:
    """Cap this process's malloc arenas at ``arenas``; the cap applied, or None when none was
    (not glibc, or ``MALLOC_ARENA_MAX`` set in the environment)."""
    if sys.platform != "linux" or os.environ.get("MALLOC_ARENA_MAX"):
        return None
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # musl and others: no mallopt
        return None
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return arenas if mallopt(_M_ARENA_MAX, arenas) == 1 else None
