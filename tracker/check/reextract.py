"""Re-extraction: rebuild stored snapshots' normalised text from their raw bodies.

When the extractor improves, yesterday's snapshot and today's fetch would otherwise be read by
different extractors, and the improvement would show up as a policy change. ``reextract`` runs
the current extractor over every stored raw body and records the result with
``Store.add_extraction`` (a new ``x<N>/`` beside the original files, which are never rewritten),
tagged with ``EXTRACTOR_VERSION``. A snapshot whose text and extractor version are already
current gets no new record, so running it twice changes nothing the second time. A snapshot that
no longer extracts keeps its stored text and is reported as an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from tracker.config import Config
from tracker.errors import StoreError, TrackerError
from tracker.extract.document import EXTRACTOR_VERSION, extract
from tracker.models import SnapshotMeta, sha256_hex
from tracker.store import Store


@dataclass(frozen=True)
class ReextractOutcome:
    """What happened to one snapshot: ``updated``, ``unchanged`` or ``error``."""

    policy_id: str
    snapshot_id: str
    status: str
    extractor_version: str  # the version the snapshot's text now comes from
    text_changed: bool = False  # the normalised Markdown differs from the previous extraction's
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The ``reextract --json`` record."""
        return asdict(self)


def reextract_policy(store: Store, policy_id: str, config: Config | None = None) -> list[ReextractOutcome]:
    """Re-extract every stored snapshot of one policy with the current extractor.

    Selectors and the document name come from ``config`` when it lists the policy, else the
    snapshot is extracted with automatic body detection.
    """
    policy = next((p for p in config.policies if p.id == policy_id), None) if config else None
    select = policy.select if policy else ()
    remove = policy.remove if policy else ()
    name = policy.name if policy else None
    metas = store.snapshots(policy_id)
    if not metas:
        raise StoreError(f"policy {policy_id!r}: no snapshots in {store.root}")
    return [reextract_snapshot(store, policy_id, meta, select=select, remove=remove, name=name) for meta in metas]


def reextract_snapshot(
    store: Store,
    policy_id: str,
    meta: SnapshotMeta,
    *,
    select: tuple[str, ...] = (),
    remove: tuple[str, ...] = (),
    name: str | None = None,
) -> ReextractOutcome:
    """Re-extract one stored snapshot's raw body with the current extractor, recording a new
    extraction only when its text or extractor version is not current. Failures are outcomes."""
    try:
        raw = store.raw_bytes(policy_id, meta.snapshot_id)
        document = extract(raw, meta.content_type, url=meta.final_url, select=select, remove=remove, name=name)
    except (TrackerError, OSError) as exc:
        message = f"policy {policy_id!r}: snapshot {meta.snapshot_id}: {exc}"
        return ReextractOutcome(policy_id, meta.snapshot_id, "error", meta.extractor_version, error=message)
    changed = sha256_hex(document.to_markdown()) != meta.normalized_sha256
    if not changed and meta.extractor_version == EXTRACTOR_VERSION:
        return ReextractOutcome(policy_id, meta.snapshot_id, "unchanged", EXTRACTOR_VERSION)
    store.add_extraction(policy_id, meta.snapshot_id, document, EXTRACTOR_VERSION)
    return ReextractOutcome(policy_id, meta.snapshot_id, "updated", EXTRACTOR_VERSION, changed)


def reextract(
    store: Store, policy_ids: Iterable[str] | None = None, config: Config | None = None
) -> list[ReextractOutcome]:
    """Re-extract the stored snapshots of ``policy_ids`` (default: every policy in the store).

    Holds the store's lock, so it never runs alongside a ``check``. Raises ``StoreError`` for a
    policy with no snapshots; per-snapshot extraction failures are outcomes, not exceptions.
    """
    ids = list(policy_ids) if policy_ids else store.policy_ids()
    with store.lock():
        return [outcome for policy_id in ids for outcome in reextract_policy(store, policy_id, config)]
