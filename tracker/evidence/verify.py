"""Evidence: re-hash a store to prove nothing was altered, and export the policy in force on a date.

``verify`` walks each policy's ``log.jsonl`` (the hash chain written by ``tracker.store``) and
every file a record names, and reports each problem precisely: which file (path relative to the
store root), what was expected and what was found. Leftovers of an interrupted run (a torn last
log line, a snapshot folder renamed into place but never recorded, a ``.tmp-*`` folder) are
reported as notes, not problems: readers ignore them and the next run continues past them.

Exporting a bundle and checking one on its own live in ``tracker.evidence.bundle``.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from tracker.errors import StoreError
from tracker.evidence.changes import check_change_files
from tracker.evidence.heads import Attestation, check_heads
from tracker.evidence.problem import Problem
from tracker.evidence.snapfiles import SnapshotFilesCheck, check_snapshot_files, note_leftovers
from tracker.review import review_problems
from tracker.store import GENESIS, LOG_NAME, Store, record_hash, record_problem, report_relpath, snapshot_id_for
from tracker.workers import start_worker

VERIFY_SCHEMA = "policy-tracker/verify/1"


@dataclass
class VerifyReport:
    """What ``verify`` found: problems (the store fails) and notes (crash leftovers, harmless)."""

    root: str
    policies: list[str] = field(default_factory=list)
    records: int = 0
    files: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    heads: dict[str, str] = field(default_factory=dict)  # policy id -> hash of its last record
    signed: dict[str, Attestation] = field(default_factory=dict)  # how far each history is vouched for
    # per policy, each change: whether the chain covers its files and, with ``deep``, its re-derivation
    changes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        """The ``verify --json`` document (schema ``policy-tracker/verify/1``)."""
        return {
            "schema": VERIFY_SCHEMA,
            "root": self.root,
            "ok": self.ok,
            "policies": self.policies,
            "records": self.records,
            "files": self.files,
            "heads": self.heads,
            "signed": {pid: a.to_dict() for pid, a in self.signed.items()},
            "changes": self.changes,
            "problems": [asdict(p) for p in self.problems],
            "notes": self.notes,
        }


# --------------------------------------------------------------------------- reading the log


@dataclass(frozen=True)
class _Line:
    number: int  # 1-based line number in log.jsonl
    record: dict[str, Any]


def _read_log(store: Store, policy_id: str, report: VerifyReport) -> list[_Line] | None:
    """A policy's log records; a torn last line is a note, any other unparsable line a problem."""
    path = store.log_path(policy_id)
    rel = _rel(store, path)
    if not path.is_file():
        snap_root = store.policy_dir(policy_id) / "snap"
        folders = [p for p in snap_root.iterdir() if not p.name.startswith(".tmp-")] if snap_root.is_dir() else []
        if len(folders) > 1:
            report.problems.append(
                Problem(policy_id, "missing_log", rel, "a log", f"missing ({len(folders)} snapshots)")
            )
            return None
        # a first run killed before its first record: at most one folder renamed into place, no log yet
        return []
    return parse_log(path, rel, policy_id, report)


def parse_log(path: Path, rel: str, policy_id: str, report: VerifyReport) -> list[_Line]:
    data = path.read_bytes()
    raw_lines = data.split(b"\n")
    out: list[_Line] = []
    for number, raw in enumerate(raw_lines, start=1):
        if not raw.strip():
            continue
        last_unterminated = number == len(raw_lines)  # the text after the final newline
        try:
            record = json.loads(raw)
            if record_problem(record):
                raise ValueError(record_problem(record))
        except ValueError:
            if last_unterminated:
                report.notes.append(f"{rel} line {number}: torn last line (an append cut short), ignored")
                break
            report.problems.append(
                Problem(policy_id, "bad_line", f"{rel} line {number}", "a JSON record", "unparsable")
            )
            continue
        if last_unterminated:
            report.notes.append(f"{rel} line {number}: last line has no newline (an append cut short), ignored")
            break
        out.append(_Line(number, record))
    return out


def _rel(store: Store, path: Path) -> str:
    try:
        return path.relative_to(store.root).as_posix()
    except ValueError:
        return path.as_posix()


# --------------------------------------------------------------------------- verify


def check_chain(rel: str, policy_id: str, lines: list[_Line], report: VerifyReport) -> None:
    """Each record's own hash, its seq and its link to the record before it (``rel`` names the log)."""
    seqs = [ln.record.get("seq") for ln in lines]
    numbered = [s for s in seqs if isinstance(s, int)]
    reordered = sorted(numbered) == list(range(1, len(lines) + 1)) and numbered != sorted(numbered)
    by_seq = {ln.record["seq"]: ln.record for ln in lines if isinstance(ln.record.get("seq"), int)}
    previous: dict[str, Any] | None = None
    for position, ln in enumerate(lines, start=1):
        rec = ln.record
        where = f"{rel} line {ln.number}"
        seq = rec.get("seq")
        found_hash = record_hash(rec)
        if rec.get("hash") != found_hash:
            report.problems.append(
                Problem(
                    policy_id, "altered_record", where, rec.get("hash"), found_hash, f"seq {seq}: content re-hashed"
                )
            )
        if reordered or previous is None or not isinstance(previous.get("seq"), int):
            expected_seq = position
        else:
            expected_seq = previous["seq"] + 1
        seq_ok = seq == expected_seq
        if not seq_ok:
            if reordered:
                report.problems.append(
                    Problem(policy_id, "reordered", where, f"seq {position}", f"seq {seq}", "records out of order")
                )
            elif isinstance(seq, int) and seq > expected_seq:
                missing = f"seq {expected_seq}" if seq == expected_seq + 1 else f"seq {expected_seq}-{seq - 1}"
                report.problems.append(
                    Problem(
                        policy_id, "missing_record", where, f"seq {expected_seq}", f"seq {seq}", f"{missing} deleted"
                    )
                )
            else:
                report.problems.append(Problem(policy_id, "broken_chain", where, f"seq {expected_seq}", f"seq {seq}"))
        # the link is checked against the record this one claims to follow (by seq), so a
        # reordering is reported once as such rather than as a cascade of broken links
        before = by_seq.get(seq - 1) if isinstance(seq, int) else None
        expected_prev = before.get("hash") if before else (GENESIS if seq == 1 else (previous or {}).get("hash"))
        if rec.get("prev") != expected_prev and seq_ok:
            report.problems.append(
                Problem(
                    policy_id, "broken_chain", where, expected_prev, rec.get("prev"), f"seq {seq}: link to previous"
                )
            )
        previous = rec


def _policies_on_disk(store: Store) -> list[str]:
    from tracker.config import is_valid_policy_id

    if not store.root.is_dir():
        raise StoreError(f"store {store.root}: no such folder")
    return sorted(
        p.name
        for p in store.root.iterdir()
        if p.is_dir() and is_valid_policy_id(p.name) and ((p / LOG_NAME).exists() or (p / "snap").is_dir())
    )


def _check_identity(rel: str, policy_id: str, lines: list[_Line], report: VerifyReport) -> None:
    """Each record belongs to its folder's policy, and a snapshot's id is its fetch time (a record
    moved between policies, or a snapshot back-dated by renaming, is caught even when re-chained)."""
    for line in lines:
        rec = line.record
        raw_meta = rec.get("meta")
        meta: dict[str, Any] = raw_meta if isinstance(raw_meta, dict) else {}
        owner = rec.get("policy_id", meta.get("policy_id"))
        if owner is not None and owner != policy_id:
            report.problems.append(
                Problem(policy_id, "wrong_policy", f"{rel}:{line.number}", policy_id, str(owner), "record's policy_id")
            )
        if rec.get("type") == "snapshot" and meta.get("fetched_at"):
            try:
                expected = snapshot_id_for(str(meta["fetched_at"]))
            except StoreError:
                expected = "a fetch time"
            sid = str(rec.get("snapshot_id", ""))
            if sid.split("-")[0] != expected:
                report.problems.append(
                    Problem(policy_id, "wrong_snapshot_time", f"{rel}:{line.number}", expected, sid,
                            f"snapshot id vs fetched_at {meta['fetched_at']}")
                )  # fmt: skip


def _check_changes(
    store: Store, policy_id: str, lines: list[_Line], report: VerifyReport, *, deep: bool, workers: int = 1
) -> None:
    """The files of every change against the hashes its records hold (and, ``deep``, its diff
    re-derived, by ``workers`` processes side by side)."""
    from tracker.evidence.rederive import NOT_REDERIVED, REDERIVED_DIFFERS, rederive_all

    log = _rel(store, store.log_path(policy_id))
    records = [ln.record for ln in lines]

    def where(index: int) -> str:
        return f"{log} line {lines[index].number}"

    changes, found = check_change_files(store, policy_id, records, where)
    report.problems += found.problems
    report.notes += found.notes
    report.files += found.files
    todo = []
    for index, change in enumerate(changes):
        folder = report_relpath(policy_id, change.old_id, change.new_id) + "/"
        if deep and not any(p.file.startswith(folder) for p in found.problems):
            todo.append(index)
    rederived = rederive_all((store, policy_id, records, changes, where), todo, workers)
    for index, (change, entry) in enumerate(zip(changes, found.coverage, strict=True)):
        entry["rederived"] = NOT_REDERIVED
        if index not in rederived:
            continue
        verdict, problem = rederived[index]
        entry["rederived"] = verdict
        if problem and change.covered:
            report.problems.append(problem)
        elif problem and verdict == REDERIVED_DIFFERS:  # an old, uncovered file: unproven either way
            report.notes.append(f"{problem.file}: not covered by the chain and {problem.line()}")
    report.changes[policy_id] = found.coverage


def _verify_policy(
    store: Store, pid: str, deep: bool, change_workers: int = 1
) -> tuple[VerifyReport, list[str | None] | None]:
    """Everything ``verify`` checks in one policy's folder, as a report of its own, and the hashes of
    its log's records when the log read cleanly (``check_heads`` reads it again otherwise);
    ``change_workers``: processes re-deriving its diffs (``deep``)."""
    report = VerifyReport(root=str(store.root))
    report.policies.append(pid)
    lines = _read_log(store, pid, report)
    if lines is None:
        return report, None
    clean = not (report.problems or report.notes)  # every line a record, as ``Store.records`` reads them
    report.records += len(lines)
    log = _rel(store, store.log_path(pid))
    _check_identity(log, pid, lines, report)
    check_chain(log, pid, lines, report)
    for index, why in review_problems([ln.record for ln in lines]):
        report.problems.append(Problem(pid, "bad_review", f"{log} line {lines[index].number}", None, None, why))
    files = SnapshotFilesCheck()
    check_snapshot_files(store, pid, [(ln.number, ln.record) for ln in lines], files)
    note_leftovers(store, pid, files)
    report.problems += files.problems
    report.notes += files.notes
    report.files += files.files
    _check_changes(store, pid, lines, report, deep=deep, workers=change_workers)
    if lines:
        report.heads[pid] = str(lines[-1].record.get("hash"))
    return report, ([ln.record.get("hash") for ln in lines] if clean else None)


# a store whose logs hold less than this is verified in one process (a pool costs more than it saves)
PARALLEL_LOG_BYTES = 2_000_000
PARALLEL_LOG_BYTES_DEEP = 20_000  # ``--deep`` derives every diff again: worth a pool from a few changes


def verify_workers(store: Store, ids: list[str], *, deep: bool = False) -> int:
    """How many processes ``verify`` uses: one per core when the store is large (at most one per
    policy, unless ``deep``: then its changes are shared out when there are fewer policies than
    cores), the system can fork and this process runs no other thread (a fork copies only the
    caller's thread); else 1."""
    if not hasattr(os, "fork") or threading.active_count() > 1 or (len(ids) < 2 and not deep):
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    size = 0
    for pid in ids:
        with contextlib.suppress(OSError):
            size += os.stat(store.log_path(pid)).st_size
    if size < (PARALLEL_LOG_BYTES_DEEP if deep else PARALLEL_LOG_BYTES):
        return 1
    return cores if deep else min(cores, len(ids))


def _verify_policies(
    store: Store, ids: list[str], deep: bool, workers: int
) -> list[tuple[VerifyReport, list[str | None] | None]]:
    """``_verify_policy`` for each id, in order: in this process, or spread over ``workers`` forked
    ones (each policy's folder is checked on its own; the reports are merged in the same order).
    With ``deep`` and fewer policies than workers, the policies are taken in turn and the workers
    share out each one's changes instead."""
    if deep and len(ids) < workers:
        return [_verify_policy(store, pid, deep, workers) for pid in ids]
    if workers <= 1 or len(ids) < 2:
        return [_verify_policy(store, pid, deep) for pid in ids]
    with multiprocessing.get_context("fork").Pool(
        min(workers, len(ids)), initializer=start_worker, initargs=(os.getpid(),)
    ) as pool:
        return pool.starmap(_verify_policy, [(store, pid, deep) for pid in ids], chunksize=1)


def verify(
    store: Store,
    policy_id: str | None = None,
    *,
    trusted_keys: list[Ed25519PublicKey] | None = None,
    tsa_roots: list[x509.Certificate] | None = None,
    expect_signed: bool = False,
    deep: bool = False,
    workers: int | None = None,
) -> VerifyReport:
    """Re-hash the store (one policy, or all) and report every missing, altered or reordered record
    and every change file (report, diff, notices) that is not the one its record chains; with
    ``deep``, derive each change's ``diff.json`` again from its snapshots (``tracker.evidence.rederive``);
    then check the signed heads (``tracker.evidence.heads.check_heads``: signatures, time-stamps,
    re-chained, truncated or deleted histories; the keyword arguments are passed to it).

    ``workers``: processes checking policies side by side (default ``verify_workers``: one per core
    on a large store); the report is the same whatever their number.

    Raises ``StoreError`` only when there is nothing to verify (no such store or policy);
    everything found wrong inside is a ``Problem`` in the returned report.
    """
    report = VerifyReport(root=str(store.root))
    if policy_id is None:
        ids = _policies_on_disk(store)
        if not ids and not store.heads_dir().is_dir():
            raise StoreError(f"{store.root}: not a policy-tracker store (no policy logs, no signed heads)")
    else:
        if not store.policy_dir(policy_id).is_dir():
            raise StoreError(f"policy {policy_id!r}: not in store {store.root}")
        ids = [policy_id]
    if workers is None:
        workers = verify_workers(store, ids, deep=deep)
    hashes: dict[str, list[str | None]] = {}
    for pid, (part, read) in zip(ids, _verify_policies(store, ids, deep, workers), strict=True):
        report.policies += part.policies
        report.records += part.records
        report.files += part.files
        report.problems += part.problems
        report.notes += part.notes
        report.heads.update(part.heads)
        report.changes.update(part.changes)
        if read is not None:
            hashes[pid] = read
    report.signed, head_problems = check_heads(
        store,
        report.policies,
        trusted_keys=trusted_keys,
        tsa_roots=tsa_roots,
        expect_signed=expect_signed,
        hashes=hashes,
    )
    report.problems.extend(Problem(h.policy_id, h.kind, h.file, None, None, h.detail) for h in head_problems)
    return report
