"""The one initializer of every worker process the package starts (extraction, verify, re-derive)."""

from __future__ import annotations

import os
import signal
import threading
import time

PARENT_POLL_SECONDS = 0.5


def start_worker(parent_pid: int) -> None:
    """Worker initializer (pass ``initargs=(os.getpid(),)``). Ctrl-C is the parent's to handle:
    the terminal sends SIGINT to the whole process group, and a worker that took it would die with
    a traceback mid-job. And a worker never outlives its run: a parent killed outright (SIGKILL,
    the OOM killer) cannot shut its pool down, and its workers would wait on their queue for ever,
    so each worker watches its parent and exits once it is gone. Polling, not
    ``PR_SET_PDEATHSIG``: that signal fires when the spawning *thread* exits, not the process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_when_orphaned, args=(parent_pid,), name="parent-watch", daemon=True).start()


def _exit_when_orphaned(parent_pid: int) -> None:
    """Poll the parent's pid (a reparented worker sees another); exit at once when it changes."""
    while os.getppid() == parent_pid:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(0)
