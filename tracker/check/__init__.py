"""Step 7, check: the whole pipeline for every configured policy, one outcome each; alerts and feeds
listen to the finished run."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.lazy import lazy_exports

if TYPE_CHECKING:
    from tracker.check.alerts import alert_run, send_alert
    from tracker.check.dryrun import dry_run_check
    from tracker.check.listeners import RunListener, default_listeners
    from tracker.check.outcome import JSON_SCHEMA, CheckOutcome, CheckRun, OutcomeCallback
    from tracker.check.process import process_fetched
    from tracker.check.reextract import reextract, reextract_snapshot
    from tracker.check.run import run_check

# each public name and the module that defines it: imported on first use (PEP 562), so that a
# run needing one of them (e.g. the feeds) does not load every renderer and the diff with it
_WHERE = {
    "alert_run": "tracker.check.alerts",
    "send_alert": "tracker.check.alerts",
    "dry_run_check": "tracker.check.dryrun",
    "RunListener": "tracker.check.listeners",
    "default_listeners": "tracker.check.listeners",
    "JSON_SCHEMA": "tracker.check.outcome",
    "CheckOutcome": "tracker.check.outcome",
    "CheckRun": "tracker.check.outcome",
    "OutcomeCallback": "tracker.check.outcome",
    "process_fetched": "tracker.check.process",
    "reextract": "tracker.check.reextract",
    "reextract_snapshot": "tracker.check.reextract",
    "run_check": "tracker.check.run",
}


__getattr__ = lazy_exports(__name__, _WHERE)


__all__ = [
    "JSON_SCHEMA",
    "CheckOutcome",
    "CheckRun",
    "OutcomeCallback",
    "run_check",
    "dry_run_check",
    "process_fetched",
    "RunListener",
    "default_listeners",
    "alert_run",
    "send_alert",
    "reextract",
    "reextract_snapshot",
]
