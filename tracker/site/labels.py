"""How the site names a snapshot: by when it was fetched, in words a reader can use
("2026-03-05 09:00 UTC"), with the seconds only when another snapshot of the same policy was
fetched in the same minute, and a counter when even the second is the same."""

from __future__ import annotations

from collections import Counter

from tracker.models import SnapshotMeta


def _minute(ts: str) -> str:
    return f"{ts[:10]} {ts[11:16]} UTC"


def _second(ts: str) -> str:
    return f"{ts[:10]} {ts[11:19]} UTC"


def snapshot_labels(metas: list[SnapshotMeta]) -> dict[str, str]:
    """Snapshot id → a label that tells it apart from every other snapshot in ``metas``."""
    minutes = Counter(_minute(m.fetched_at) for m in metas)
    labels: dict[str, str] = {}
    for meta in metas:
        label = _minute(meta.fetched_at)
        if minutes[label] > 1:
            label = _second(meta.fetched_at)
        labels[meta.snapshot_id] = label
    seconds = Counter(labels.values())
    seen: Counter[str] = Counter()
    for meta in metas:
        label = labels[meta.snapshot_id]
        if seconds[label] > 1:
            seen[label] += 1
            labels[meta.snapshot_id] = f"{label} ({seen[label]})"
    return labels
