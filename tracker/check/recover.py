"""Finishing what an interrupted run left undone, before a policy is checked anew.

A change passes these durable points, each an append to the policy's log:

1. the ``snapshot`` record (the new version is stored);
2. the ``check`` record with status ``changed`` (report, diff and notices are written before it)
   carrying ``details.deliver``;
3. a ``delivery`` record with ``step: sending`` just before its alert goes out (only when the
   policy has alert URLs), then one with ``step: done`` once the feeds are rewritten and the alert
   is sent (or there was none to send).

A run killed (or out of disk) between two of them leaves the log ending early. The next run,
under the same lock, finds a live or accepted snapshot without its check record and completes
it (diff, classification, report, notices, check record: made again from the stored snapshots,
so byte for byte what the interrupted run would have written), and finds a changed check record
without its ``done`` delivery and hands it to this run's feed and alert listeners. The only
window left is between an alert being accepted by its receiver and the ``done`` record being
appended: a kill there sends that alert once more (at least once, never lost).
"""

from __future__ import annotations

from typing import Any

from tracker.check.outcome import CheckOutcome
from tracker.check.process import record_outcome
from tracker.config import Config, PolicyConfig
from tracker.models import CheckRecord, SnapshotMeta, utc_now
from tracker.store import Store

# snapshots a check (or ``accept``) stores and must follow with a check record; backfilled
# ``wayback`` snapshots are history and have none
_RECORDED_SOURCES = ("live", "accepted")


def nothing_pending(store: Store, policy_id: str) -> bool:
    """True when the log's last record shows nothing can be pending (the common case, read cheaply)."""
    return settled(store.last_record(policy_id))


def settled(last: dict[str, Any] | None) -> bool:
    """True when a log whose last record is ``last`` can have nothing pending."""
    if last is None:
        return True
    if last.get("type") == "delivery":
        return last.get("step") == "done"
    if last.get("type") == "check":
        return not (last.get("status") == "changed" and (last.get("details") or {}).get("deliver"))
    return False


def pending(store: Store, policy_id: str) -> tuple[list[SnapshotMeta], list[CheckRecord]]:
    """What an interrupted run left: snapshots without their check record, and changed check
    records whose delivery (feed, alert) is not recorded as done."""
    if nothing_pending(store, policy_id):
        return [], []
    records = store.records(policy_id)
    recorded = {
        r.get("snapshot_id") for r in records if r.get("type") == "check" and r.get("status") in ("new", "changed")
    }
    done = {r.get("snapshot_id") for r in records if r.get("type") == "delivery" and r.get("step") == "done"}
    orphans = [m for m in store.snapshots(policy_id) if m.source in _RECORDED_SOURCES and m.snapshot_id not in recorded]
    undelivered = [
        CheckRecord.from_dict(r)
        for r in records
        if r.get("type") == "check"
        and r.get("status") == "changed"
        and (r.get("details") or {}).get("deliver")
        and r.get("snapshot_id") not in done
    ]
    return orphans, undelivered


def _acceptance(store: Store, policy_id: str, snapshot_id: str) -> dict[str, Any]:
    """The ``accept`` record that an accepted snapshot came from (who and when), if any."""
    for rec in reversed(store.records(policy_id)):
        if rec.get("type") == "accept" and rec.get("snapshot_id") == snapshot_id:
            return {"accepted_by": rec.get("by"), "accepted_at": rec.get("at"), "anomaly_id": rec.get("anomaly_id")}
    return {}


def complete_snapshot(config: Config, store: Store, policy: PolicyConfig, meta: SnapshotMeta) -> CheckOutcome:
    """Write what follows a stored snapshot: the change against the snapshot before it (report,
    diff, notices) and the check record; returns the outcome (``new`` or ``changed``)."""
    metas = store.snapshots(policy.id)
    position = [m.snapshot_id for m in metas].index(meta.snapshot_id)
    document = store.load(policy.id, meta.snapshot_id).document
    outcome = CheckOutcome(policy_id=policy.id, name=policy.name, status="new", url=policy.url)
    outcome.checked_at, outcome.snapshot_id = meta.fetched_at, meta.snapshot_id
    outcome.final_url, outcome.redirects, outcome.http_status = meta.final_url, tuple(meta.redirects), meta.status
    outcome.add_details({"recovered_at": utc_now()})
    if meta.source == "accepted":
        outcome.add_details(_acceptance(store, policy.id, meta.snapshot_id))
    if position == 0:
        outcome.summary = f"first snapshot: {len(document.sections)} sections, {document.word_count} words"
    else:
        old = store.load(policy.id, metas[position - 1].snapshot_id)
        from tracker.check.change import complete_change  # diff, classify, render: only when needed

        complete_change(config, store, policy, old, meta, document, outcome)
    record_outcome(store, policy, outcome, store.state(policy.id), None)
    return outcome


def outcome_of(policy: PolicyConfig, record: CheckRecord) -> CheckOutcome:
    """A changed check record as the outcome its run would have handed to the listeners."""
    details = record.details or {}
    return CheckOutcome(
        policy_id=policy.id,
        name=policy.name,
        status=record.status,
        url=policy.url,
        snapshot_id=record.snapshot_id,
        previous_snapshot_id=record.previous_snapshot_id,
        summary=record.summary,
        materiality=record.materiality,
        report_path=details.get("report"),
        notice_paths=dict(details.get("notices") or {}),
        changed_sections=tuple(details.get("changed_sections") or ()),
        final_url=details.get("final_url"),
        redirects=tuple(details.get("redirects") or ()),
        http_status=details.get("http_status"),
        checked_at=record.checked_at,
        recovered=True,
    )


def recover_policy(config: Config, store: Store, policy: PolicyConfig) -> list[CheckOutcome]:
    """Complete the policy's unfinished snapshots and return its changes still to deliver
    (each marked ``recovered``); nothing pending (the usual case) costs one read of the log's tail."""
    if nothing_pending(store, policy.id):
        return []
    orphans, _ = pending(store, policy.id)
    for meta in orphans:
        complete_snapshot(config, store, policy, meta)
    if not orphans and nothing_pending(store, policy.id):
        return []
    _, undelivered = pending(store, policy.id)
    return [outcome_of(policy, record) for record in undelivered]


def record_delivery(store: Store, outcome: CheckOutcome, step: str, alert: str, *, durable: bool = True) -> None:
    """Append a ``delivery`` record for a change: ``step`` is ``sending`` (its alert is about to go
    out) or ``done``; ``alert`` is ``sent``, ``failed``, ``none`` (no alert URL) or ``off``.
    ``durable=False``: on disk at the next ``Store.sync`` (a group commit), not before it returns."""
    store.append_record(
        outcome.policy_id,
        {
            "type": "delivery",
            "step": step,
            "snapshot_id": outcome.snapshot_id,
            "previous_snapshot_id": outcome.previous_snapshot_id,
            "alert": alert,
            "at": utc_now(),
        },
        durable=durable,
    )
