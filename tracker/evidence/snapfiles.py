"""``verify``'s check of a policy's snapshot folders: every file each snapshot and extraction
record names re-hashed, and the leftovers of an interrupted run (a ``.tmp-*`` folder, a folder no
record names) noted, not reported as problems."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from tracker.evidence.problem import PLAIN_NAME, Problem
from tracker.evidence.reading import Listing, file_sha256, scan_folder
from tracker.store import LOG_NAME, SNAPSHOT_ID_RE, Store

__all__ = ["SnapshotFilesCheck", "check_snapshot_files", "note_leftovers"]


@dataclass
class SnapshotFilesCheck:
    """What re-hashing the snapshot folders found: problems, notes, files checked, the snapshot ids
    the log records and the listing of each one's folder (None: no such folder)."""

    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    files: int = 0
    referenced: set[str] = field(default_factory=set)
    listings: dict[str, Listing | None] = field(default_factory=dict)


_EXTRACTION_DIR = re.compile(r"^x\d+$")


def _unsafe_reference(rec: dict[str, Any]) -> str | None:
    """Why a record's ids and file names cannot be used as paths inside its snapshot folder, if so."""
    snapshot_id = str(rec.get("snapshot_id", ""))
    if not SNAPSHOT_ID_RE.fullmatch(snapshot_id):
        return f"snapshot id {snapshot_id!r}"
    if rec["type"] == "extraction" and not _EXTRACTION_DIR.match(str(rec.get("dir", ""))):
        return f"extraction dir {rec.get('dir')!r}"
    files = rec.get("files")
    if not isinstance(files, dict) or not all(isinstance(n, str) and PLAIN_NAME.match(n) for n in files):
        return f"file names {sorted(files) if isinstance(files, dict) else files!r}"
    if rec["type"] == "snapshot" and (rec.get("meta") or {}).get("raw_filename") not in files:
        return f"raw file {(rec.get('meta') or {}).get('raw_filename')!r} not among the hashed files"
    return None


def check_snapshot_files(
    store: Store, policy_id: str, lines: Sequence[tuple[int, dict[str, Any]]], report: SnapshotFilesCheck
) -> None:
    """Re-hash every file each snapshot and extraction record names (``lines``: line number and
    record of the log); fills ``report`` with what it found, the snapshot ids seen and the listing
    of each snapshot's folder (one ``scandir`` per folder, no ``stat`` per file)."""
    referenced, listings = report.referenced, report.listings
    snap_root = os.path.join(str(store.policy_dir(policy_id)), "snap")
    log = f"{policy_id}/{LOG_NAME}"
    for number, rec in lines:
        if rec.get("type") not in ("snapshot", "extraction"):
            continue
        unsafe = _unsafe_reference(rec)
        if unsafe:
            report.problems.append(Problem(policy_id, "altered_record", f"{log} line {number}", "safe names", unsafe))
            continue
        snapshot_id = str(rec["snapshot_id"])  # a snapshot id (``_unsafe_reference``), so a plain name
        rel, folder = f"{policy_id}/snap/{snapshot_id}", os.path.join(snap_root, snapshot_id)
        if rec["type"] == "extraction":
            rel, folder = f"{rel}/{rec.get('dir', '')}", os.path.join(folder, str(rec.get("dir", "")))
        listing = scan_folder(folder)
        if rec["type"] == "snapshot":
            referenced.add(snapshot_id)
            listings[snapshot_id] = listing
        files = rec.get("files") or {}
        if listing is None:
            report.problems.append(
                Problem(
                    policy_id,
                    "missing_file",
                    rel + "/",
                    f"{len(files)} files",
                    "folder missing",
                    f"{rec['type']} record seq {rec.get('seq')}",
                )
            )
            continue
        for name, expected in sorted(files.items()):
            report.files += 1
            if not listing.get(name, _ABSENT)[0]:
                report.problems.append(Problem(policy_id, "missing_file", f"{rel}/{name}", expected, "missing"))
                continue
            found = file_sha256(os.path.join(folder, name))
            if found != expected:
                report.problems.append(Problem(policy_id, "altered_file", f"{rel}/{name}", expected, found))


_ABSENT = (False, False)


def note_leftovers(store: Store, policy_id: str, report: SnapshotFilesCheck) -> None:
    """Notes for what an interrupted run left in ``snap/`` (after ``check_snapshot_files``: the
    folders it read are not read again)."""
    referenced, listings = report.referenced, report.listings
    snap_root = os.path.join(str(store.policy_dir(policy_id)), "snap")
    top = scan_folder(snap_root)
    if top is None:
        return
    for name in sorted(top):
        rel = f"{policy_id}/snap/{name}"
        if name.startswith(".tmp-"):
            report.notes.append(f"{rel}: unfinished write (an interrupted run), ignored")
        elif name not in referenced:
            report.notes.append(f"{rel}: folder not in the log (an interrupted run), ignored")
        else:
            inside = listings[name] if name in listings else scan_folder(os.path.join(snap_root, name))
            for sub in sorted(inside or {}):
                if inside and inside[sub][1] and sub.startswith(".tmp-"):
                    report.notes.append(f"{rel}/{sub}: unfinished write (an interrupted run), ignored")
