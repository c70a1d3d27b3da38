"""Review and sign-off: a reviewer's decision on one change, kept in the policy's hash-chained log.

A change is a pair of stored snapshots, old → new, named by its key ``<old>__<new>`` (the folder
name of its report) or by a snapshot reference (id, ``latest``, a date, ``~N``) meaning the change
that brought that snapshot in (its predecessor → it). A review is a ``review`` record appended to
``log.jsonl`` with ``Store.append_record``, so it is chained and hashed like every other record::

    {"type": "review", "old_snapshot_id": ..., "new_snapshot_id": ..., "decision": "material",
     "note": "...", "by": "A. Lawyer", "at": "2026-12-01T10:00:00Z", "seq": ..., "prev": ..., "hash": ...}

A change may be reviewed more than once; the latest review wins. ``review_problems`` says what is
wrong with a log's review records (``verify`` reports it), beyond the chain's own hashes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tracker.errors import StoreError, TrackerError
from tracker.store import SNAPSHOT_ID_RE, Store, change_key

DECISIONS = ("material", "not-material", "needs-action")
REVIEW_TYPE = "review"
MAX_NOTE = 4000


@dataclass(frozen=True)
class Review:
    """One recorded decision on the change old → new."""

    old_snapshot_id: str
    new_snapshot_id: str
    decision: str
    note: str
    by: str
    at: str
    seq: int = 0

    @property
    def key(self) -> str:
        """``<old>__<new>``: the change this review is about."""
        return change_key(self.old_snapshot_id, self.new_snapshot_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "change": self.key,
            "old_snapshot_id": self.old_snapshot_id,
            "new_snapshot_id": self.new_snapshot_id,
            "decision": self.decision,
            "note": self.note,
            "by": self.by,
            "at": self.at,
            "seq": self.seq,
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Review:
        return cls(
            old_snapshot_id=str(record.get("old_snapshot_id", "")),
            new_snapshot_id=str(record.get("new_snapshot_id", "")),
            decision=str(record.get("decision", "")),
            note=str(record.get("note", "")),
            by=str(record.get("by", "")),
            at=str(record.get("at", "")),
            seq=int(record.get("seq", 0) or 0),
        )


def resolve_change(store: Store, policy_id: str, change: str) -> tuple[str, str]:
    """The (old, new) snapshot ids a change reference names: ``OLD__NEW`` or a snapshot reference
    (the change that brought that snapshot in). ``StoreError`` when it names no stored change."""
    ids = [m.snapshot_id for m in store.snapshots(policy_id)]
    if "__" in change:
        old_ref, _, new_ref = change.partition("__")
        old_id, new_id = store.resolve(policy_id, old_ref).snapshot_id, store.resolve(policy_id, new_ref).snapshot_id
        if ids.index(old_id) >= ids.index(new_id):
            raise StoreError(f"policy {policy_id!r}: change {change!r}: {old_id} is not older than {new_id}")
        return old_id, new_id
    new_id = store.resolve(policy_id, change).snapshot_id
    position = ids.index(new_id)
    if position == 0:
        raise StoreError(f"policy {policy_id!r}: {new_id} is the first snapshot, no change brought it in")
    return ids[position - 1], new_id


def record_review(store: Store, policy_id: str, change: str, *, decision: str, note: str, by: str) -> Review:
    """Append a reviewer's decision on a change to the policy's log; returns it as recorded.

    ``decision`` is one of ``DECISIONS``; ``by`` names the reviewer. ``TrackerError`` on a bad
    decision, an empty name, a note too long, or a change that is not stored."""
    if decision not in DECISIONS:
        raise TrackerError(f"policy {policy_id!r}: decision {decision!r} is not one of {', '.join(DECISIONS)}")
    if not by.strip():
        raise TrackerError(f"policy {policy_id!r}: a review needs the reviewer's name (--by)")
    if len(note) > MAX_NOTE:
        raise TrackerError(f"policy {policy_id!r}: note is {len(note)} characters, at most {MAX_NOTE}")
    old_id, new_id = resolve_change(store, policy_id, change)
    with store.lock(timeout=10):
        record = store.append_record(
            policy_id,
            {
                "type": REVIEW_TYPE,
                "old_snapshot_id": old_id,
                "new_snapshot_id": new_id,
                "decision": decision,
                "note": note.strip(),
                "by": by.strip(),
            },
        )
    return Review.from_record(record)


def reviews_by_change(store: Store, policy_id: str) -> dict[str, list[Review]]:
    """Every review of a policy, grouped by change key, oldest first (the last one is in force)."""
    out: dict[str, list[Review]] = {}
    for record in store.records(policy_id):
        if record.get("type") == REVIEW_TYPE:
            review = Review.from_record(record)
            out.setdefault(review.key, []).append(review)
    return out


def latest_review(store: Store, policy_id: str, old_id: str, new_id: str) -> Review | None:
    """The review in force for the change old → new (the latest recorded), if any."""
    reviews = reviews_by_change(store, policy_id).get(change_key(old_id, new_id))
    return reviews[-1] if reviews else None


@dataclass(frozen=True)
class PendingChange:
    """A stored change nobody has reviewed yet."""

    policy_id: str
    old_snapshot_id: str
    new_snapshot_id: str
    at: str  # when the new version was fetched
    materiality: str | None  # as the check that found it classified it, when it said
    summary: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "policy_id": self.policy_id,
            "change": change_key(self.old_snapshot_id, self.new_snapshot_id),
            "old_snapshot_id": self.old_snapshot_id,
            "new_snapshot_id": self.new_snapshot_id,
            "at": self.at,
            "materiality": self.materiality,
            "summary": self.summary,
        }


def awaiting_review(store: Store, policy_ids: list[str] | None = None) -> list[PendingChange]:
    """Every change (consecutive pair of snapshots) of the given policies (default: all in the
    store) with no review yet, oldest first within each policy; ``StoreError`` for a policy
    with no log."""
    pending: list[PendingChange] = []
    for pid in policy_ids if policy_ids is not None else store.policy_ids():
        if not store.log_path(pid).is_file():
            raise StoreError(f"policy {pid!r}: no history in {store.root}")
        metas = store.snapshots(pid)
        reviewed = reviews_by_change(store, pid)
        checks = {(c.previous_snapshot_id, c.snapshot_id): c for c in store.checks(pid) if c.status == "changed"}
        for old, new in zip(metas, metas[1:], strict=False):
            if change_key(old.snapshot_id, new.snapshot_id) in reviewed:
                continue
            check = checks.get((old.snapshot_id, new.snapshot_id))
            pending.append(
                PendingChange(
                    pid, old.snapshot_id, new.snapshot_id, new.fetched_at,
                    check.materiality if check else None, check.summary if check else None,
                )
            )  # fmt: skip
    return pending


def review_problems(records: list[dict[str, Any]]) -> list[tuple[int, str]]:
    """What is wrong with the review records of one log, as (index into ``records``, why): a
    decision not among ``DECISIONS``, no reviewer, or a change whose snapshots were not recorded
    before the review. (An edited record fails the chain's own hash check as well.)"""
    problems: list[tuple[int, str]] = []
    seen: list[str] = []
    for index, record in enumerate(records):
        if record.get("type") == "snapshot":
            seen.append(str(record.get("snapshot_id")))
        if record.get("type") != REVIEW_TYPE:
            continue
        seq = record.get("seq")
        old, new = str(record.get("old_snapshot_id", "")), str(record.get("new_snapshot_id", ""))
        if record.get("decision") not in DECISIONS:
            problems.append((index, f"review seq {seq}: decision {record.get('decision')!r} is not a decision"))
        if not str(record.get("by", "")).strip():
            problems.append((index, f"review seq {seq}: no reviewer named"))
        if not (SNAPSHOT_ID_RE.match(old) and SNAPSHOT_ID_RE.match(new)) or old not in seen or new not in seen:
            problems.append((index, f"review seq {seq}: change {old}__{new} names snapshots not recorded before it"))
    return problems
