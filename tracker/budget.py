"""A time budget for one policy's work, so a runaway page becomes an anomaly, not a held lock.

``time_budget(seconds)`` sets a deadline for the code run inside it (in this thread, and in
threads started from it by ``asyncio.to_thread``, which copy the context); the long loops of the
diff and the classifier call ``spend()``, which raises ``OverBudget`` once the deadline has
passed. Outside a budget ``spend()`` costs one context-variable read.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from tracker.errors import TrackerError

_DEADLINE: ContextVar[tuple[float, float] | None] = ContextVar("policy_tracker_deadline", default=None)


class OverBudget(TrackerError):
    """The work inside ``time_budget`` took longer than its budget."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"took longer than the time budget of {seconds:g} s")
        self.seconds = seconds


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Run the body with a deadline ``seconds`` from now (None: no deadline)."""
    token = _DEADLINE.set(None if seconds is None else (time.monotonic() + seconds, seconds))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def spend() -> None:
    """Raise ``OverBudget`` when the current budget is used up; a no-op without one."""
    deadline = _DEADLINE.get()
    if deadline is not None and time.monotonic() > deadline[0]:
        raise OverBudget(deadline[1])
