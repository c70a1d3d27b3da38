"""A check or a verify killed outright (SIGKILL) leaves no worker process behind: every pool the
package starts (extraction, verify, verify --deep's re-derivation) uses ``tracker.workers``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

EXTRACT_PARENT = textwrap.dedent(
    """
    import os, time
    from tracker.extract.pool import make_pool

    pool = make_pool(2)
    pids = {pool.submit(os.getpid).result() for _ in range(8)}
    print(" ".join(str(pid) for pid in sorted(pids)), flush=True)
    time.sleep(60)
    """
)


def _state(pid: int) -> str:
    """The ``State:`` line of ``pid``'s status, or why there is none (for failure messages)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError as exc:
        return f"no status: {exc}"
    return next((line for line in status.splitlines() if line.startswith("State:")), "no State line")


def _alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie nobody reaps counts as gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


# verify's pool runs the real ``verify`` over a store of two policies; only the per-policy check
# is replaced by one that reports its pid and then blocks, so the parent is killed mid-run.
VERIFY_PARENT = textwrap.dedent(
    """
    import importlib, os, tempfile, time
    from pathlib import Path
    from tracker.store import Store

    verify_module = importlib.import_module("tracker.evidence.verify")  # the package's ``verify`` is the function

    root = Path(tempfile.mkdtemp())
    for name in ("alpha", "beta"):
        (root / name / "snap").mkdir(parents=True)

    def blocked(store, pid, deep, workers=1):
        os.write(1, f"{os.getpid()}\\n".encode())  # one write: two workers' lines never interleave
        time.sleep(60)

    verify_module._verify_policy = blocked
    verify_module.verify(Store(root), workers=2)
    """
)

REDERIVE_PARENT = textwrap.dedent(
    """
    import os, time
    import tracker.evidence.rederive as rederive_module

    def blocked(index):
        os.write(1, f"{os.getpid()}\\n".encode())  # one write: two workers' lines never interleave
        time.sleep(60)

    rederive_module._rederive_at = blocked
    rederive_module.rederive_all((None, "alpha", [], [], None), [0, 1, 2, 3], 2)
    """
)


def _worker_pids(parent: subprocess.Popen[str], script: str) -> list[int]:
    """The pids the parent's workers print: all of them for the extraction script (one line), or
    one line per worker (two) for the verify scripts."""
    assert parent.stdout is not None and parent.stderr is not None
    lines = [parent.stdout.readline() for _ in range(1 if script is EXTRACT_PARENT else 2)]
    if not all(lines):
        parent.kill()
        raise AssertionError(f"the parent stopped before its workers started: {parent.stderr.read()}")
    return sorted({int(pid) for line in lines for pid in line.split()})


@pytest.mark.parametrize(
    "script", [EXTRACT_PARENT, VERIFY_PARENT, REDERIVE_PARENT], ids=["extract", "verify", "rederive"]
)
def test_workers_exit_when_their_parent_is_killed(script: str) -> None:
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    pids = _worker_pids(parent, script)
    assert pids and all(pid != parent.pid for pid in pids)
    assert all(_alive(pid) for pid in pids), {pid: _state(pid) for pid in pids}
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 15
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in pids if _alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, f"workers outlived their killed parent: {left}"
