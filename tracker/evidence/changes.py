"""What a reader is shown for a change — ``report.html``, ``diff.json``, the notice drafts — as the
chain holds it, and the check that the files in the change's folder are still those bytes.

The ``check`` record of a change carries ``details.files``: the SHA-256 of every file that check
wrote in the change's folder (``Store.report_dir``). The ``notice`` command, drafting notices
later into that folder, appends a ``notice`` record with the hashes of what it is about to write
(the record first: a run killed between the two leaves files that still match a hash the chain
holds, which ``verify`` reports as a note). The newest hash of a name is the one in force.
Records written before this existed carry no hashes: their changes are "not covered", never a
failure.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.errors import StoreError
from tracker.evidence.problem import PLAIN_NAME, Problem
from tracker.evidence.reading import file_sha256, scan_folder
from tracker.report.drafts import NOTICE_RECORD
from tracker.store import Store, change_key

FILES_KEY = "files"  # the details key of a check record (and the key of a notice record) holding the hashes
COVERED, NOT_COVERED = "covered", "not covered"


@dataclass
class ChainedChange:
    """One change (a pair of snapshots) and every hash the chain holds for the files of its folder."""

    old_id: str
    new_id: str
    check_index: int | None = None  # index of its ``changed`` check record among the records given
    check_seq: int | None = None
    check_covered: bool = False  # its check record names every file it wrote (so no other may be there)
    # file name -> [(index of the record that holds it, SHA-256)], oldest first
    hashes: dict[str, list[tuple[int, str]]] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return change_key(self.old_id, self.new_id)

    @property
    def covered(self) -> bool:
        return bool(self.hashes)

    def current(self) -> dict[str, str]:
        """The hash in force for each file name (the newest record's)."""
        return {name: held[-1][1] for name, held in self.hashes.items()}


def _add(change: ChainedChange, index: int, files: Any) -> None:
    if isinstance(files, dict):
        for name, digest in files.items():
            change.hashes.setdefault(str(name), []).append((index, str(digest)))


def chained_changes(records: Sequence[dict[str, Any]]) -> list[ChainedChange]:
    """Every change a log's ``changed`` check records (and ``notice`` records) name, in log order."""
    changes: dict[tuple[str, str], ChainedChange] = {}
    for index, rec in enumerate(records):
        kind = rec.get("type")
        if kind == "check" and rec.get("status") == "changed":
            old, new, files = rec.get("previous_snapshot_id"), rec.get("snapshot_id"), (rec.get("details") or {})
            files = files.get(FILES_KEY) if isinstance(files, dict) else None
        elif kind == NOTICE_RECORD:
            old, new, files = rec.get("old_snapshot_id"), rec.get("snapshot_id"), rec.get(FILES_KEY)
        else:
            continue
        if not (isinstance(old, str) and isinstance(new, str)):
            continue
        change = changes.setdefault((old, new), ChainedChange(old, new))
        if kind == "check" and change.check_index is None:
            change.check_index, change.check_seq = index, rec.get("seq")
            change.check_covered = isinstance(files, dict) and bool(files)
        _add(change, index, files)
    return list(changes.values())


def current_hashes(records: Sequence[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """For every covered change (``<old>__<new>``): the hash in force of each of its files."""
    return {c.key: c.current() for c in chained_changes(records) if c.covered}


@dataclass
class ChangeFilesCheck:
    """What re-hashing the change folders found: problems, notes, files checked, coverage per change."""

    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    files: int = 0
    coverage: list[dict[str, Any]] = field(default_factory=list)


def check_change_files(
    store: Store, policy_id: str, records: Sequence[dict[str, Any]], where: Callable[[int], str]
) -> tuple[list[ChainedChange], ChangeFilesCheck]:
    """Re-hash every file the chain holds for each change of one policy; ``where(index)`` names a
        record (``log.jsonl line N``). A file whose bytes match an earlier hash of the chain (an
        interrupted ``notice``) is a note; a file that no record names, in the folder of a check record
    that names its files, is a problem."""
    result = ChangeFilesCheck()
    changes = chained_changes(records)
    for change in changes:
        entry: dict[str, Any] = {"change": change.key, "check_seq": change.check_seq}
        result.coverage.append(entry)
        entry["files"] = COVERED if change.covered else NOT_COVERED
        if not change.covered:
            continue
        entry["names"] = sorted(change.hashes)
        record_index = change.check_index if change.check_index is not None else change.hashes[min(change.hashes)][0][0]
        try:
            folder = store.report_dir(policy_id, change.old_id, change.new_id)
        except StoreError as exc:
            result.problems.append(Problem(policy_id, "altered_record", where(record_index), "snapshot ids", str(exc)))
            continue
        unsafe = sorted(n for n in change.hashes if not PLAIN_NAME.match(n))
        if unsafe:
            result.problems.append(Problem(policy_id, "altered_record", where(record_index), "file names", str(unsafe)))
            continue
        _check_folder(store, policy_id, change, folder, where, result)
    return changes, result


def _check_folder(
    store: Store,
    policy_id: str,
    change: ChainedChange,
    folder: Path,
    where: Callable[[int], str],
    result: ChangeFilesCheck,
) -> None:
    rel = folder.relative_to(store.root).as_posix()
    directory = str(folder)
    listing = scan_folder(directory)  # one listing: which files are there, and which no record names
    for name, held in sorted(change.hashes.items()):
        index, expected = held[-1]
        result.files += 1
        detail = f"change {change.key}, {where(index)}"
        if not (listing or {}).get(name, (False, False))[0]:
            result.problems.append(Problem(policy_id, "missing_file", f"{rel}/{name}", expected, "missing", detail))
            continue
        found = file_sha256(os.path.join(directory, name))
        if found == expected:
            continue
        earlier = [i for i, digest in held[:-1] if digest == found]
        if earlier:
            result.notes.append(
                f"{rel}/{name}: the version of {where(earlier[-1])}, not yet the one of {where(index)} "
                "(an interrupted notice run), kept"
            )
        else:
            result.problems.append(Problem(policy_id, "altered_file", f"{rel}/{name}", expected, found, detail))
    if not (change.check_covered and listing is not None):
        return  # a check record from before the files were chained: what else its run wrote is unknown
    for extra in sorted(name for name in listing if name not in change.hashes):
        if extra.startswith(".") and extra.endswith(".tmp"):
            result.notes.append(f"{rel}/{extra}: unfinished write (an interrupted run), ignored")
        else:
            result.problems.append(
                Problem(policy_id, "unchained_file", f"{rel}/{extra}", "no file", "a file no record names",
                        f"change {change.key}: shown to readers but outside the chain")
            )  # fmt: skip
