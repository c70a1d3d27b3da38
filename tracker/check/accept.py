"""``accept``: a person looked at a body held as an anomaly and says it is the policy after all
(a genuine large rewrite, say); it becomes the new version.

The latest anomaly of the policy (or the one named) is extracted as ``check`` would, stored as a
snapshot with ``source: accepted``, an ``accept`` record names who accepted it and when, and the
change against the previous version gets its report, diff and notices and a ``changed`` check
record (``new`` when nothing was stored before). Its feed entry and alert are delivered by the
next ``check`` run, like any change (``tracker.check.recover``).
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.check.outcome import CheckOutcome
from tracker.check.recover import complete_snapshot
from tracker.config import Config
from tracker.errors import StoreError
from tracker.extract import EXTRACTOR_VERSION, extract
from tracker.models import sha256_hex, utc_now
from tracker.report.feed import write_feeds
from tracker.store import Store


@dataclass(frozen=True)
class Accepted:
    """What ``accept`` did: the anomaly taken, the snapshot made, and the change's outcome."""

    policy_id: str
    anomaly_id: str
    snapshot_id: str
    by: str
    at: str
    outcome: CheckOutcome


def latest_anomaly(store: Store, policy_id: str) -> str:
    """The id of the newest anomaly body kept for the policy; ``StoreError`` when there is none."""
    for rec in reversed(store.records(policy_id)):
        if rec.get("type") == "check" and rec.get("status") == "anomaly":
            kept = (rec.get("details") or {}).get("anomaly")
            if kept:
                return str(kept["id"])
    raise StoreError(f"policy {policy_id!r}: no anomaly body kept to accept")


def accept(config: Config, store: Store, policy_id: str, *, by: str, anomaly_id: str | None = None) -> Accepted:
    """Take the latest (or the named) anomaly body of ``policy_id`` as its new version, recording
    that ``by`` accepted it; raises ``StoreError``/``ExtractionError`` with a one-line cause."""
    policy = config.policy(policy_id)
    if not by.strip():
        raise StoreError("accept: say who accepts it (--by NAME)")
    with store.lock():
        chosen = anomaly_id or latest_anomaly(store, policy.id)
        fetched = store.load_anomaly(policy.id, chosen)
        metas = store.snapshots(policy.id)
        if metas and fetched.fetched_at < metas[-1].fetched_at:
            raise StoreError(f"policy {policy.id!r}: anomaly {chosen} is older than the latest version")
        document = extract(
            fetched.content, fetched.content_type, url=fetched.final_url,
            select=policy.select, remove=policy.remove, name=policy.name,
        )  # fmt: skip
        if metas and sha256_hex(document.to_markdown()) == metas[-1].normalized_sha256:
            raise StoreError(f"policy {policy.id!r}: anomaly {chosen} reads as the current version already")
        meta = store.save_snapshot(policy.id, fetched, document, EXTRACTOR_VERSION, source="accepted")
        at = utc_now()
        store.append_record(
            policy.id, {"type": "accept", "anomaly_id": chosen, "snapshot_id": meta.snapshot_id, "by": by, "at": at}
        )
        outcome = complete_snapshot(config, store, policy, meta)
        write_feeds(store, changed=[policy.id])
    return Accepted(policy.id, chosen, meta.snapshot_id, by, at, outcome)
