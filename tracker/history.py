"""A policy's history as one list: every snapshot stored, check made and review recorded, oldest first."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from tracker.errors import StoreError
from tracker.store import Store


@dataclass(frozen=True)
class HistoryEntry:
    """One line of history: a check (with its outcome) or a snapshot (a version stored)."""

    at: str
    kind: str  # "check", "snapshot", "extraction" or "review"
    status: str  # check status, or "stored" / "re-extracted", or the review's decision
    snapshot_id: str | None
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def policy_history(store: Store, policy_id: str) -> list[HistoryEntry]:
    """Every record of a policy's log turned into a readable entry; StoreError if none."""
    records = store.records(policy_id)
    if not records:
        raise StoreError(f"policy {policy_id!r}: no history in {store.root}")
    entries: list[HistoryEntry] = []
    for rec in records:
        kind = rec.get("type", "?")
        if kind == "snapshot":
            meta = rec.get("meta", {})
            updated = meta.get("last_updated")
            detail = f"{meta.get('source', 'live')} {meta.get('final_url', '')}"
            if updated:
                detail += f" (policy says last updated {updated})"
            entries.append(
                HistoryEntry(meta.get("fetched_at", rec.get("at", "")), kind, "stored", rec.get("snapshot_id"), detail)
            )
        elif kind == "check":
            status = rec.get("status", "?")
            detail = rec.get("summary") or rec.get("error") or ""
            if rec.get("materiality"):
                detail = f"[{rec['materiality']}] {detail}"
            entries.append(
                HistoryEntry(rec.get("checked_at", rec.get("at", "")), kind, status, rec.get("snapshot_id"), detail)
            )
        elif kind == "extraction":
            detail = f"re-extracted with extractor {rec.get('extractor_version')}"
            entries.append(HistoryEntry(rec.get("at", ""), kind, "re-extracted", rec.get("snapshot_id"), detail))
        elif kind == "review":
            detail = f"{rec.get('old_snapshot_id')}__{rec.get('new_snapshot_id')} by {rec.get('by')}"
            if rec.get("note"):
                detail += f": {rec['note']}"
            entries.append(
                HistoryEntry(rec.get("at", ""), kind, str(rec.get("decision")), rec.get("new_snapshot_id"), detail)
            )
    return entries
