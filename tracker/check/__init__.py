"""Step 7, check: the whole pipeline for every configured policy, one outcome each; alerts and feeds
listen to the finished run."""

from __future__ import annotations

from tracker.check.alerts import alert_run, send_alert
from tracker.check.dryrun import dry_run_check
from tracker.check.listeners import RunListener, default_listeners
from tracker.check.outcome import JSON_SCHEMA, CheckOutcome, CheckRun, OutcomeCallback
from tracker.check.process import process_fetched
from tracker.check.reextract import reextract, reextract_snapshot
from tracker.check.run import run_check

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
