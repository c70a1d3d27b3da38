"""Evidence: re-hash a store to prove nothing was altered, and export the policy in force on a date.

``verify`` walks each policy's ``log.jsonl`` (the hash chain written by ``tracker.store``) and
every file a record names, and reports each problem precisely: which file (path relative to the
store root), what was expected and what was found. Leftovers of an interrupted run (a torn last
log line, a snapshot folder renamed into place but never recorded, a ``.tmp-*`` folder) are
reported as notes, not problems: readers ignore them and the next run continues past them.

``export_bundle`` writes the evidence for "what did the policy say on DATE": the raw body as
fetched, the normalised text, the metadata, the log up to its head (so anyone can re-check the
chain), a ``proof.json`` naming the snapshot record, the check that last confirmed it and the
next change, and a ``SHA256SUMS`` file that ``sha256sum -c`` accepts.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tracker.errors import StoreError
from tracker.models import SnapshotMeta, sha256_hex
from tracker.store import GENESIS, LOG_NAME, SNAPSHOT_ID_RE, Store, canonical_json, record_hash

BUNDLE_SCHEMA = "policy-tracker/evidence/1"
VERIFY_SCHEMA = "policy-tracker/verify/1"


@dataclass(frozen=True)
class Problem:
    """One thing that does not match the chain: a file missing or altered, a record out of place."""

    policy_id: str
    # missing_log, bad_line, altered_record, broken_chain, missing_record, reordered, missing_file, altered_file
    kind: str
    file: str  # path relative to the store root
    expected: str | None
    found: str | None
    detail: str = ""

    def line(self) -> str:
        """One human-readable line: ``FILE: detail (expected X, found Y)``."""
        where = f"{self.file}: {self.kind}"
        if self.detail:
            where += f" ({self.detail})"
        if self.expected is not None or self.found is not None:
            where += f": expected {self.expected}, found {self.found}"
        return where


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
    return _parse_log(path, rel, policy_id, report)


def _parse_log(path: Path, rel: str, policy_id: str, report: VerifyReport) -> list[_Line]:
    data = path.read_bytes()
    raw_lines = data.split(b"\n")
    out: list[_Line] = []
    for number, raw in enumerate(raw_lines, start=1):
        if not raw.strip():
            continue
        last_unterminated = number == len(raw_lines)  # the text after the final newline
        try:
            record = json.loads(raw)
            if not isinstance(record, dict):
                raise ValueError("not an object")
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


def _check_chain(rel: str, policy_id: str, lines: list[_Line], report: VerifyReport) -> None:
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


_PLAIN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_EXTRACTION_DIR = re.compile(r"^x\d+$")


def _unsafe_reference(rec: dict[str, Any]) -> str | None:
    """Why a record's ids and file names cannot be used as paths inside its snapshot folder, if so."""
    snapshot_id = str(rec.get("snapshot_id", ""))
    if not SNAPSHOT_ID_RE.fullmatch(snapshot_id):
        return f"snapshot id {snapshot_id!r}"
    if rec["type"] == "extraction" and not _EXTRACTION_DIR.match(str(rec.get("dir", ""))):
        return f"extraction dir {rec.get('dir')!r}"
    files = rec.get("files")
    if not isinstance(files, dict) or not all(isinstance(n, str) and _PLAIN_NAME.match(n) for n in files):
        return f"file names {sorted(files) if isinstance(files, dict) else files!r}"
    if rec["type"] == "snapshot" and (rec.get("meta") or {}).get("raw_filename") not in files:
        return f"raw file {(rec.get('meta') or {}).get('raw_filename')!r} not among the hashed files"
    return None


def _check_files(store: Store, policy_id: str, lines: list[_Line], report: VerifyReport) -> set[str]:
    """Re-hash every file each snapshot and extraction record names; returns the snapshot ids seen."""
    referenced: set[str] = set()
    for ln in lines:
        rec = ln.record
        if rec.get("type") not in ("snapshot", "extraction"):
            continue
        unsafe = _unsafe_reference(rec)
        if unsafe:
            where = f"{_rel(store, store.log_path(policy_id))} line {ln.number}"
            report.problems.append(Problem(policy_id, "altered_record", where, "safe names", unsafe))
            continue
        snapshot_id = str(rec["snapshot_id"])
        base = store.snapshot_dir(policy_id, snapshot_id)
        if rec["type"] == "snapshot":
            referenced.add(snapshot_id)
        folder = base / str(rec.get("dir", "")) if rec["type"] == "extraction" else base
        files = rec.get("files") or {}
        if not folder.is_dir():
            report.problems.append(
                Problem(
                    policy_id,
                    "missing_file",
                    _rel(store, folder) + "/",
                    f"{len(files)} files",
                    "folder missing",
                    f"{rec['type']} record seq {rec.get('seq')}",
                )
            )
            continue
        for name, expected in sorted(files.items()):
            path = folder / name
            report.files += 1
            if not path.is_file():
                report.problems.append(Problem(policy_id, "missing_file", _rel(store, path), expected, "missing"))
                continue
            found = sha256_hex(path.read_bytes())
            if found != expected:
                report.problems.append(Problem(policy_id, "altered_file", _rel(store, path), expected, found))
    return referenced


def _note_leftovers(store: Store, policy_id: str, referenced: set[str], report: VerifyReport) -> None:
    snap_root = store.policy_dir(policy_id) / "snap"
    if not snap_root.is_dir():
        return
    for entry in sorted(snap_root.iterdir()):
        if entry.name.startswith(".tmp-"):
            report.notes.append(f"{_rel(store, entry)}: unfinished write (an interrupted run), ignored")
        elif entry.name not in referenced:
            report.notes.append(f"{_rel(store, entry)}: folder not in the log (an interrupted run), ignored")
        else:
            for sub in sorted(entry.iterdir()):
                if sub.is_dir() and sub.name.startswith(".tmp-"):
                    report.notes.append(f"{_rel(store, sub)}: unfinished write (an interrupted run), ignored")


def _policies_on_disk(store: Store) -> list[str]:
    from tracker.config import is_valid_policy_id

    if not store.root.is_dir():
        raise StoreError(f"store {store.root}: no such folder")
    return sorted(
        p.name
        for p in store.root.iterdir()
        if p.is_dir() and is_valid_policy_id(p.name) and ((p / LOG_NAME).exists() or (p / "snap").is_dir())
    )


def verify(store: Store, policy_id: str | None = None) -> VerifyReport:
    """Re-hash the store (one policy, or all) and report every missing, altered or reordered record.

    Raises ``StoreError`` only when there is nothing to verify (no such store or policy);
    everything found wrong inside is a ``Problem`` in the returned report.
    """
    report = VerifyReport(root=str(store.root))
    if policy_id is None:
        ids = _policies_on_disk(store)
    else:
        if not store.policy_dir(policy_id).is_dir():
            raise StoreError(f"policy {policy_id!r}: not in store {store.root}")
        ids = [policy_id]
    for pid in ids:
        report.policies.append(pid)
        lines = _read_log(store, pid, report)
        if lines is None:
            continue
        report.records += len(lines)
        _check_chain(_rel(store, store.log_path(pid)), pid, lines, report)
        referenced = _check_files(store, pid, lines, report)
        _note_leftovers(store, pid, referenced, report)
        if lines:
            report.heads[pid] = str(lines[-1].record.get("hash"))
    return report


# --------------------------------------------------------------------------- export


@dataclass(frozen=True)
class Bundle:
    """Where an export went and what it holds."""

    path: Path
    policy_id: str
    snapshot_id: str
    files: dict[str, str]  # name -> SHA-256


def _bundle_proof(
    store: Store, policy_id: str, snapshot_id: str, at: str, records: list[dict[str, Any]]
) -> dict[str, Any]:
    snap_record = next(r for r in records if r.get("type") == "snapshot" and r.get("snapshot_id") == snapshot_id)
    metas = store.snapshots(policy_id)
    position = [m.snapshot_id for m in metas].index(snapshot_id)
    next_meta = metas[position + 1] if position + 1 < len(metas) else None
    # checks after the asked-for moment do not count for it; a snapshot ref (latest, an id) has no cutoff
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", at):
        cutoff = at + "T23:59:59Z"
    elif re.fullmatch(r"\d{4}-\d{2}-\d{2}T[\d:]+Z?", at):
        cutoff = at if at.endswith("Z") else at + "Z"
    else:
        cutoff = "9999"
    confirming = [
        r
        for r in records
        if r.get("type") == "check" and r.get("snapshot_id") == snapshot_id and r.get("at", "") <= cutoff
    ]
    head = records[-1]
    extractions = [r for r in records if r.get("type") == "extraction" and r.get("snapshot_id") == snapshot_id]
    return {
        "schema": BUNDLE_SCHEMA,
        "policy_id": policy_id,
        "asked_for": at,
        "snapshot_id": snapshot_id,
        "source": snap_record["meta"].get("source", "live"),
        "fetched_at": snap_record["meta"].get("fetched_at"),
        "url": snap_record["meta"].get("url"),
        "snapshot_record": {"seq": snap_record["seq"], "hash": snap_record["hash"], "files": snap_record["files"]},
        "extraction_record": (  # the re-extraction policy.md/policy.json come from, if any
            {"seq": extractions[-1]["seq"], "hash": extractions[-1]["hash"], "files": extractions[-1]["files"]}
            if extractions
            else None
        ),
        "last_confirmed_by": (
            {
                "seq": confirming[-1]["seq"],
                "hash": confirming[-1]["hash"],
                "at": confirming[-1].get("at"),
                "status": confirming[-1].get("status"),
            }
            if confirming
            else None
        ),
        "next_snapshot": (
            {"snapshot_id": next_meta.snapshot_id, "fetched_at": next_meta.fetched_at} if next_meta else None
        ),
        "chain": {
            "genesis": GENESIS,
            "head_seq": head["seq"],
            "head_hash": head["hash"],
            "records": len(records),
            "log": LOG_NAME,
        },
        "how_to_check": (
            "sha256sum -c SHA256SUMS checks the files; each line of log.jsonl hashes (SHA-256 of its canonical "
            "JSON without 'hash': sorted keys, no spaces, UTF-8) to its 'hash', and its 'prev' is the previous "
            "line's 'hash' (the first is 64 zeros); snapshot_record.files are the SHA-256 of the files here."
        ),
    }


def _write_bundle(
    store: Store, policy_id: str, meta: SnapshotMeta, at: str, records: list[dict[str, Any]], folder: Path
) -> dict[str, str]:
    snap_dir = store.snapshot_dir(policy_id, meta.snapshot_id)
    for name in (meta.raw_filename, "meta.json"):
        shutil.copyfile(snap_dir / name, folder / name)
    doc_dir = store.markdown_path(policy_id, meta.snapshot_id).parent
    for name in ("policy.md", "policy.json"):
        shutil.copyfile(doc_dir / name, folder / name)
    (folder / LOG_NAME).write_text("".join(canonical_json(r) + "\n" for r in records), encoding="utf-8")
    proof = _bundle_proof(store, policy_id, meta.snapshot_id, at, records)
    (folder / "proof.json").write_text(json.dumps(proof, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    written = {path.name: sha256_hex(path.read_bytes()) for path in sorted(folder.iterdir())}
    sums = "".join(f"{digest}  {name}\n" for name, digest in written.items())
    (folder / "SHA256SUMS").write_text(sums, encoding="utf-8")
    return written


def export_bundle(store: Store, policy_id: str, at: str, out_dir: str | Path) -> Bundle:
    """Write the evidence bundle for the snapshot of ``policy_id`` in force at ``at`` into ``out_dir``.

    ``at`` is anything ``Store.resolve`` accepts (a date ``YYYY-MM-DD`` means the snapshot in force
    at the end of that day). The policy must verify cleanly first (``StoreError`` otherwise): a
    bundle is evidence only if the chain it quotes is intact. Writes ``<out_dir>/<policy>-<snapshot>/``.
    """
    result = verify(store, policy_id)
    if not result.ok:
        first = result.problems[0].line()
        raise StoreError(f"policy {policy_id!r}: store fails verification ({len(result.problems)} problems; {first})")
    meta = store.resolve(policy_id, at)
    records = store.records(policy_id)
    target = Path(out_dir) / f"{policy_id}-{meta.snapshot_id}"
    if target.exists():
        raise StoreError(f"policy {policy_id!r}: {target} already exists (remove it or export elsewhere)")
    # built under a temporary name and renamed into place: a bundle folder is always complete
    target.parent.mkdir(parents=True, exist_ok=True)
    work = target.with_name(f".tmp-{target.name}-{secrets.token_hex(4)}")
    work.mkdir()
    try:
        written = _write_bundle(store, policy_id, meta, at, records, work)
        os.rename(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return Bundle(path=target, policy_id=policy_id, snapshot_id=meta.snapshot_id, files=written)


def _hash_file(path: Path) -> str | None:
    return sha256_hex(path.read_bytes()) if path.is_file() else None


def verify_bundle(path: str | Path) -> VerifyReport:
    """Check an exported bundle on its own, without the store it came from.

    Checks ``SHA256SUMS``; re-hashes and re-links every line of the bundled ``log.jsonl``; checks
    that ``proof.json``'s snapshot (and extraction) record is in that log with that hash and that
    the bundled files have the hashes the record holds; and that the chain head is the log's last
    record. Problems name the file inside the bundle. ``StoreError`` when ``path`` is not a bundle.
    """
    root = Path(path)
    proof_path = root / "proof.json"
    try:
        proof = json.loads(proof_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise StoreError(f"{root}: not an evidence bundle (no readable proof.json)") from None
    if not isinstance(proof, dict) or proof.get("schema") != BUNDLE_SCHEMA:
        raise StoreError(f"{root}: not an evidence bundle (proof.json schema is not {BUNDLE_SCHEMA})")
    policy_id = str(proof.get("policy_id"))
    report = VerifyReport(root=str(root), policies=[policy_id])
    sums_path = root / "SHA256SUMS"
    listed: set[str] = set()
    for line in sums_path.read_text(encoding="utf-8").splitlines() if sums_path.is_file() else []:
        expected, _, name = line.partition("  ")
        listed.add(name)
        report.files += 1
        found = _hash_file(root / name) if _PLAIN_NAME.match(name) else None
        if found != expected:
            kind = "missing_file" if found is None else "altered_file"
            report.problems.append(Problem(policy_id, kind, name, expected, found or "missing", "SHA256SUMS"))
    if not sums_path.is_file():
        report.problems.append(Problem(policy_id, "missing_file", "SHA256SUMS", "a checksum list", "missing"))
    lines = _parse_log(root / LOG_NAME, LOG_NAME, policy_id, report) if (root / LOG_NAME).is_file() else []
    report.records = len(lines)
    _check_chain(LOG_NAME, policy_id, lines, report)
    by_seq = {ln.record.get("seq"): ln.record for ln in lines}
    quoted: list[tuple[str, dict[str, Any]]] = [("snapshot_record", proof.get("snapshot_record") or {})]
    if proof.get("extraction_record"):
        quoted.append(("extraction_record", proof["extraction_record"]))
    for label, quote in quoted:
        record = by_seq.get(quote.get("seq"))
        if record is None or record.get("hash") != quote.get("hash"):
            found = record.get("hash") if record else "no such record"
            report.problems.append(
                Problem(policy_id, "altered_record", f"proof.json {label}", quote.get("hash"), found)
            )
            continue
        for name, expected in record.get("files", {}).items():
            if label == "snapshot_record" and proof.get("extraction_record") and name in ("policy.md", "policy.json"):
                continue  # the bundled text is the re-extraction's
            found = _hash_file(root / name) if _PLAIN_NAME.match(name) else "an unsafe file name"
            if found != expected:
                report.problems.append(
                    Problem(
                        policy_id, "altered_file", name, expected, found or "missing", f"{label} seq {record['seq']}"
                    )
                )
    head = (proof.get("chain") or {}).get("head_hash")
    last = lines[-1].record.get("hash") if lines else None
    if head != last:
        report.problems.append(Problem(policy_id, "broken_chain", "proof.json chain.head_hash", head, last))
    if last:
        report.heads[policy_id] = str(last)
    return report
