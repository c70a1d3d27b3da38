"""Helpers for the site tests: stores built through ``Store``'s public API from the seed policy."""

from __future__ import annotations

from pathlib import Path

from tracker.extract.document import EXTRACTOR_VERSION, extract
from tracker.models import CheckRecord, FetchResult, SnapshotMeta
from tracker.store import Store

SHARING_EDIT = (
    "We do not control the practices of third parties",
    "We may share your personal information with advertising partners and data brokers. "
    "We do not control the practices of third parties",
)
EDITORIAL_EDIT = ("in order to use or continue", "in order to use, or continue")
MALICIOUS = (
    "<script>window.pwnedFlag = 1; alert('pwned')</script> "
    "<img src=x onerror=\"window.pwnedFlag = 2; alert('pwned')\"> We sell your data."
)


def add_version(
    store: Store, policy_id: str, markdown: str, fetched_at: str, *, raw: bytes | None = None, check: bool = True
) -> SnapshotMeta:
    """Store ``markdown`` as a snapshot of ``policy_id`` fetched at ``fetched_at`` (and log a check)."""
    document = extract(markdown.encode("utf-8"), "text/markdown")
    previous = store.snapshots(policy_id)
    fetched = FetchResult(
        url=f"https://policies.example/{policy_id}",
        final_url=f"https://policies.example/{policy_id}",
        status=200,
        headers={"content-type": "text/html"},
        content=raw if raw is not None else markdown.encode("utf-8"),
        content_type="text/html; charset=utf-8",
        encoding="utf-8",
        fetched_at=fetched_at,
    )
    meta = store.save_snapshot(policy_id, fetched, document, EXTRACTOR_VERSION)
    if check:
        status = "changed" if previous else "new"
        store.record_check(
            CheckRecord(
                policy_id=policy_id,
                checked_at=fetched_at,
                status=status,
                snapshot_id=meta.snapshot_id,
                previous_snapshot_id=previous[-1].snapshot_id if previous else None,
                summary="the policy changed" if previous else None,
            )
        )
    return meta


def seed_store(root: Path, seed: str) -> Store:
    """A store with two policies: ``acme`` (seed → material sharing edit → editorial edit) and
    ``globex`` (the seed, checked again unchanged, then an anomaly)."""
    store = Store(root)
    shared = seed.replace(*SHARING_EDIT)
    add_version(store, "acme", seed, "2026-01-05T09:00:00Z")
    add_version(store, "acme", shared, "2026-02-05T09:00:00Z")
    add_version(store, "acme", shared.replace(*EDITORIAL_EDIT), "2026-03-05T09:00:00Z")
    globex = add_version(store, "globex", seed, "2026-01-06T09:00:00Z")
    store.record_check(CheckRecord("globex", "2026-02-06T09:00:00Z", "unchanged", snapshot_id=globex.snapshot_id))
    store.record_check(CheckRecord("globex", "2026-03-06T09:00:00Z", "anomaly", error="bot-challenge page (challenge)"))
    return store
