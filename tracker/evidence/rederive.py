"""``verify --deep``: derive a change's ``diff.json`` again from its two stored snapshots and
compare it with the file, so a classification edited *and* re-hashed into a re-chained log is
still caught.

The diff is made as ``check`` made it: both texts as they stood when the check was recorded (the
snapshot's own ``policy.json``, or its newest re-extraction recorded before the check), the same
``DocumentRef`` sides (``<policy>@<snapshot id>``, fetch time, the policy's own date, final URL),
``diff_documents`` and then ``classify`` with the built-in lexicon. A file equal to that
document agrees at once. Otherwise (``compare``) three things must hold, else the first
difference is reported with its path (``changes[2].materiality``):

1. the structure equals the fresh diff's: every change's kind, section ids, headings,
   positions, texts, similarity, clause records (kind, texts, indexes, editorial, moves), the
   counts, structure notes, both sides and ``date_changed`` — all but the word runs and the
   classification;
2. the word runs of every clause rebuild its old and new text exactly (the word diff stops
   refining a long clause at a time limit, so under load a run may be less minimal than a fresh
   one, never wrong);
3. the classification — each change's topics, materiality and reasons, the flags and
   ``has_changes`` — is what ``classify`` gives for the stored diff.

A diff made by an older version of the diff or classifier may differ too: after such an upgrade
``--deep`` reports it, while the hashes still prove the files are the ones written.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from tracker.classify import classify
from tracker.diff import diff_documents
from tracker.evidence.changes import ChainedChange
from tracker.evidence.problem import Problem
from tracker.models import DiffResult, DocumentRef, PolicyDocument
from tracker.store import DIFF_NAME, Store
from tracker.workers import start_worker

REDERIVED_SAME, REDERIVED_DIFFERS, NOT_REDERIVED = "same", "differs", "not re-derived"
_CLASSIFIED = ("topics", "materiality", "reasons")  # a change's fields set by ``classify``
_CLASSIFIED_TOP = ("flags", "has_changes")  # the document's fields that follow from them
# what a reader looks at first: a difference in these is reported before any other
_FIRST = ("materiality", "topics", "reasons", "kind", "flags", "has_changes")


def _side(
    store: Store, policy_id: str, records: Sequence[dict[str, Any]], upto: int, snapshot_id: str
) -> tuple[PolicyDocument, DocumentRef]:
    """One snapshot's text and diff side as they stood before record ``upto``; ``ValueError`` if
    the snapshot is not recorded before it or its text cannot be read."""
    snapshot = next(
        (r for r in records[:upto] if r.get("type") == "snapshot" and r.get("snapshot_id") == snapshot_id), None
    )
    if snapshot is None:
        raise ValueError(f"snapshot {snapshot_id} is not recorded before the check")
    folder = store.snapshot_dir(policy_id, snapshot_id)
    extractions = [r for r in records[:upto] if r.get("type") == "extraction" and r.get("snapshot_id") == snapshot_id]
    if extractions:
        folder = folder / str(extractions[-1].get("dir"))
    try:
        document = PolicyDocument.from_dict(json.loads((folder / "policy.json").read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"snapshot {snapshot_id}: policy.json unreadable ({exc})") from None
    meta = snapshot.get("meta") or {}
    ref = DocumentRef(
        label=f"{policy_id}@{snapshot_id}",
        fetched_at=meta.get("fetched_at"),
        last_updated=document.last_updated,
        url=meta.get("final_url"),
    )
    return document, ref


def rederive(
    store: Store, policy_id: str, records: Sequence[dict[str, Any]], change: ChainedChange
) -> tuple[dict[str, Any], PolicyDocument, PolicyDocument]:
    """The ``diff.json`` document ``check`` would write for ``change``, and the two texts it was
    made from (``ValueError`` if it cannot be made)."""
    upto = change.check_index if change.check_index is not None else len(records)
    old_doc, old_ref = _side(store, policy_id, records, upto, change.old_id)
    new_doc, new_ref = _side(store, policy_id, records, upto, change.new_id)
    diff = diff_documents(old_doc, new_doc, old_ref=old_ref, new_ref=new_ref, policy_id=policy_id)
    return _as_json(classify(diff, old_doc, new_doc)), old_doc, new_doc


def _as_json(diff: DiffResult) -> dict[str, Any]:
    """The diff as its file holds it (through JSON, so that like is compared with like)."""
    return json.loads(json.dumps(diff.to_dict(), ensure_ascii=False))


def _structure(document: dict[str, Any]) -> dict[str, Any]:
    """A diff document without its word runs and its classification: what the diff of two texts
    fixes exactly (the word runs of a long clause may be less minimal when the word diff hits its
    time limit; the classification is checked on the stored runs instead)."""
    out = {k: v for k, v in document.items() if k not in _CLASSIFIED_TOP}
    out["changes"] = [
        {**{k: v for k, v in c.items() if k not in _CLASSIFIED}, "clauses": [
            {k: v for k, v in clause.items() if k != "words"} for clause in c.get("clauses") or []
        ]}
        for c in document.get("changes") or []
        if isinstance(c, dict)
    ]  # fmt: skip
    return out


def _word_problems(document: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """Clauses whose word runs do not rebuild their old and new texts."""
    found = []
    for i, change in enumerate(document.get("changes") or []):
        for j, clause in enumerate(change.get("clauses") or []):
            words = clause.get("words") or []
            if not words:
                continue
            rebuilt = (
                "".join(w.get("text", "") for w in words if w.get("op") != "insert"),
                "".join(w.get("text", "") for w in words if w.get("op") != "delete"),
            )
            for side, text in zip(("old_text", "new_text"), rebuilt, strict=True):
                if text != clause.get(side):
                    found.append((f"changes[{i}].clauses[{j}].words", clause.get(side), text))
    return found


def _reclassified(stored: dict[str, Any], old: PolicyDocument, new: PolicyDocument) -> dict[str, Any]:
    """The stored diff classified afresh (its own word runs, its classification set aside)."""
    diff = DiffResult.from_dict(stored)
    bare = tuple(replace(c, topics=(), materiality=None, reasons=()) for c in diff.changes)
    return _as_json(classify(replace(diff, changes=bare), old, new))


def compare(
    stored: dict[str, Any], derived: dict[str, Any], old: PolicyDocument, new: PolicyDocument
) -> list[tuple[str, Any, Any]]:
    """Where the stored ``diff.json`` is not what its snapshots give: ``(path, expected, found)``.

    Equal documents agree at once. Otherwise the structure (every change and clause record, texts
    and positions; not the word runs or the classification) must equal the fresh diff's, the word
    runs must rebuild their clauses' texts, and the classification must be what ``classify`` gives
    for the stored diff."""
    if stored == derived:
        return []
    found = differences(_structure(derived), _structure(stored)) or _word_problems(stored)
    if found:
        return found
    try:
        return differences(_reclassified(stored, old, new), stored)
    except (KeyError, TypeError, ValueError) as exc:
        return [("changes", "a diff document", f"unreadable ({exc})")]


def differences(expected: Any, found: Any, path: str = "") -> list[tuple[str, Any, Any]]:
    """Every leaf where two JSON values differ: ``(path, expected, found)``, in document order."""
    if isinstance(expected, dict) and isinstance(found, dict):
        out = []
        for key in list(expected) + [k for k in found if k not in expected]:
            out += differences(expected.get(key), found.get(key), f"{path}.{key}" if path else str(key))
        return out
    if isinstance(expected, list) and isinstance(found, list) and len(expected) == len(found):
        return [
            d for i, (a, b) in enumerate(zip(expected, found, strict=True)) for d in differences(a, b, f"{path}[{i}]")
        ]
    return [] if expected == found else [(path, expected, found)]


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


def _section(document: dict[str, Any], path: str) -> str:
    """``(section 'Sharing')`` for a path inside ``changes[N]``, else ''."""
    if not path.startswith("changes["):
        return ""
    try:
        change = document["changes"][int(path[len("changes[") : path.index("]")])]
    except (KeyError, IndexError, ValueError, TypeError):
        return ""
    heading = change.get("new_heading") or change.get("old_heading") if isinstance(change, dict) else None
    return f" (section {heading!r})" if heading else ""


def rederive_problem(
    store: Store, policy_id: str, records: Sequence[dict[str, Any]], change: ChainedChange, where: Callable[[int], str]
) -> tuple[str, Problem | None]:
    """Derive one covered change's diff again and compare it with its ``diff.json``: the verdict
    (``same``, ``differs``, ``not re-derived``) and the problem to report, if any."""
    path = store.report_dir(policy_id, change.old_id, change.new_id) / DIFF_NAME
    rel = path.relative_to(store.root).as_posix()
    record = where(change.check_index) if change.check_index is not None else "no check record"
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return NOT_REDERIVED, None  # missing or altered: the hash check reports it
    try:
        derived, old, new = rederive(store, policy_id, records, change)
    except ValueError as exc:
        return NOT_REDERIVED, Problem(policy_id, "not_rederivable", rel, "a diff from the snapshots", str(exc), record)
    found = compare(stored, derived, old, new) if isinstance(stored, dict) else [("", "a diff document", stored)]
    if not found:
        return REDERIVED_SAME, None
    found.sort(key=lambda d: next((n for n, key in enumerate(_FIRST) if d[0].endswith(key)), len(_FIRST)))
    where_, expected, actual = found[0]
    more = f"; {len(found) - 1} more differences" if len(found) > 1 else ""
    detail = f"{where_}{_section(derived, where_)}: re-derived from {change.old_id} and {change.new_id}{more}; {record}"
    return REDERIVED_DIFFERS, Problem(policy_id, "rederived_differs", rel, _short(expected), _short(actual), detail)


# what the ``--deep`` pool works on: (store, policy id, records, changes, ``where``); set just before
# the pool forks, so its workers inherit it and only the index of a change is sent to them
_DeepJob = tuple[Store, str, list[dict[str, Any]], list[ChainedChange], Callable[[int], str]]
_DEEP_JOB: _DeepJob | None = None


def _rederive_at(index: int) -> tuple[str, Problem | None]:
    assert _DEEP_JOB is not None, "set before the pool forked"
    store, policy_id, records, changes, where = _DEEP_JOB
    return rederive_problem(store, policy_id, records, changes[index], where)


def rederive_all(job: _DeepJob, todo: list[int], workers: int) -> dict[int, tuple[str, Problem | None]]:
    """``rederive_problem`` for the changes at ``todo`` (indexes into the job's changes): here, or
    spread over ``workers`` forked processes (``verify --deep`` on fewer policies than cores)."""
    global _DEEP_JOB
    _DEEP_JOB = job
    try:
        if workers <= 1 or len(todo) < 2:
            return {index: _rederive_at(index) for index in todo}
        with multiprocessing.get_context("fork").Pool(
            min(workers, len(todo)), initializer=start_worker, initargs=(os.getpid(),)
        ) as pool:
            chunk = max(1, len(todo) // (workers * 8))
            return dict(zip(todo, pool.map(_rederive_at, todo, chunksize=chunk), strict=True))
    finally:
        _DEEP_JOB = None
