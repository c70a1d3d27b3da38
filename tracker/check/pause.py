"""Named step boundaries of a check, where a test can stop the process (to kill it, or to fill
its disk) without a debugger.

``POLICY_TRACKER_PAUSE_AT=<step>`` makes ``pause_at(step)`` print ``paused at <step>`` to stderr
and stop the process with SIGSTOP; whoever started it then SIGKILLs it, or fills the disk and
sends SIGCONT. Unset (always, outside tests), ``pause_at`` does nothing.
"""

from __future__ import annotations

import os
import signal
import sys

PAUSE_ENV = "POLICY_TRACKER_PAUSE_AT"
# In the order a changed policy passes them:
STEPS = (
    "snapshot",  # the new snapshot is stored and recorded; no report, no check record yet
    "report",  # report.html, diff.json and notice drafts are written; no check record yet
    "record",  # every check record of the run is written; no feed, no alert yet
    "feed",  # the Atom feeds are rewritten; no alert sent yet
    "alert",  # the alerts are sent and their delivery recorded
)


def pause_at(step: str) -> None:
    """Stop here when ``POLICY_TRACKER_PAUSE_AT`` names ``step`` (see the module docstring)."""
    if os.environ.get(PAUSE_ENV) != step:
        return
    sys.stderr.write(f"paused at {step}\n")
    sys.stderr.flush()
    os.kill(os.getpid(), signal.SIGSTOP)
