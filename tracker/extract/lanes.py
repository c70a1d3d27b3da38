"""A check run's worker processes as lanes: one process each, a job to the least busy lane, and
the jobs that need the classifier always to the first lane.

One process pool would hand any job to any worker, and a change's diff work to each of them in
turn: every worker would then load the classifier (its lexicons, regexes and the language
model's mapped tables, ~80 MB of resident memory a process). With lanes only the first lane's
process ever loads it, while extraction still uses every lane.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future
from functools import partial
from typing import Any


class Lanes(Executor):
    """``workers`` one-process executors made by ``make`` on first use; ``submit`` goes to the
    lane with the fewest jobs not yet done (on a tie the last: the first is the pinned jobs'),
    ``submit_pinned`` always to the first."""

    def __init__(self, workers: int, make: Callable[[], Executor]) -> None:
        self._make = make
        self._lanes: list[Executor | None] = [None] * max(1, workers)
        self._pending = [0] * len(self._lanes)
        self._lock = threading.Lock()
        self._shut = False

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        """Run ``fn(*args, **kwargs)`` in the least busy lane."""
        return self._submit(None, fn, args, kwargs)

    def submit_pinned(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        """Run ``fn(*args, **kwargs)`` in the first lane, whose process alone loads what it needs."""
        return self._submit(0, fn, args, kwargs)

    def _submit(self, lane: int | None, fn: Callable[..., Any], args: Any, kwargs: Any) -> Future[Any]:
        with self._lock:
            if self._shut:
                raise RuntimeError("cannot schedule new futures after shutdown")
            if lane is None:
                lane = min(reversed(range(len(self._lanes))), key=self._pending.__getitem__)
            executor = self._lanes[lane]
            if executor is None:
                executor = self._lanes[lane] = self._make()
            self._pending[lane] += 1
        try:
            future = executor.submit(fn, *args, **kwargs)
        except BaseException:
            self._done(lane)
            raise
        future.add_done_callback(partial(self._finished, lane))
        return future

    def _finished(self, lane: int, _future: Future[Any]) -> None:
        self._done(lane)

    def _done(self, lane: int) -> None:
        with self._lock:
            self._pending[lane] -= 1

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Shut every lane's process down (see ``Executor.shutdown``)."""
        with self._lock:
            self._shut = True
            lanes = [e for e in self._lanes if e is not None]
        for executor in lanes:
            executor.shutdown(wait=wait, cancel_futures=cancel_futures)
