"""The end of a run's bookkeeping: its line in ``runs.jsonl`` and the delivery records it closes."""

from __future__ import annotations

import contextlib
from typing import Any

from tracker.check.outcome import CheckOutcome, CheckRun
from tracker.check.recover import record_delivery
from tracker.config import Config
from tracker.models import utc_now
from tracker.store import Store


def close_deliveries(config: Config, store: Store, run: CheckRun) -> None:
    """A ``done`` delivery record for each change no alert was sent for (none configured, or below
    ``alert_on``), so that the next run does not take it for an interrupted delivery.

    The records are group-committed (one ``Store.sync`` after the last) instead of each waiting for
    its own fsync: nothing goes out for these changes, so a record lost to a crash only makes the
    next run redo the feeds and close the delivery again (``tracker.check.recover``)."""
    policies_by_id = {p.id: p for p in config.policies}
    closed = False
    for change in run.changes():
        if str(change.snapshot_id) not in run.delivered:
            policy = policies_by_id.get(change.policy_id)
            has_urls = bool(config.settings.alerts or (policy.alerts if policy else ()))
            record_delivery(store, change, "done", "none" if not has_urls else "off", durable=False)
            closed = True
    if closed:
        store.sync()  # on disk before the heads that cover them are signed, and before the run returns


def log_run(
    config: Config,
    store: Store,
    started: str,
    finished_so_far: list[CheckOutcome],
    total: int,
    *,
    run: CheckRun | None = None,
    stopped: str | None = None,
) -> None:
    """Append the run's line to ``runs.jsonl``; for a run cut short (``stopped``: why), only as far
    as the disk allows: the stop itself is what gets reported."""
    outcomes = run.outcomes if run else finished_so_far
    finished = run.finished_at if run else utc_now()
    entry: dict[str, Any] = {
        "started_at": started,
        "finished_at": finished,
        "config": str(config.path),
        "counts": CheckRun(started, finished, outcomes).counts(),
        "policies": {o.policy_id: o.status for o in outcomes},
        "errors": {o.policy_id: o.error for o in outcomes if o.failed},
    }
    if stopped is None:
        store.append_run(entry)
        return
    entry.update({"interrupted": stopped == "interrupted", "stopped": stopped, "total": total})
    with contextlib.suppress(OSError):  # a full disk: the run's own error says so; the next run recovers
        store.append_run(entry)
