"""The snapshot store: plain files, append-only, hash-chained, safe against interrupted runs.

Layout (``<root>`` is ``snapshots/`` by default)::

    <root>/<policy-id>/log.jsonl                 append-only history, one JSON record a line
    <root>/<policy-id>/snap/<snapshot-id>/raw.html   the response body as fetched (raw.pdf, raw.txt)
                                        /meta.json   SnapshotMeta
                                        /policy.md   canonical normalised Markdown
                                        /policy.json structured form (sections -> clauses)
                                        /x<N>/policy.md, policy.json   later re-extractions
    <root>/<policy-id>/state.json                conditional-request cache, failure streak (derived)
    <root>/<policy-id>/reports/<old>__<new>/     rendered report, diff JSON, notice drafts (derived)
    <root>/runs.jsonl                            one line per ``check`` run
    <root>/heads/<n>.json, .sig, .tsr, keys/     signed, time-stamped heads of every log (tracker.evidence.heads)
    <root>/.lock                                 held while a run writes
    <root>/.gitignore                            keeps transient files (.lock, .tmp-*, state.json) out of git

``log.jsonl`` is the source of truth. Each record carries ``seq``, ``type`` (``snapshot``,
``check`` or ``extraction``), ``prev`` (the previous record's ``hash``) and ``hash`` (SHA-256 of
the record's canonical JSON without ``hash``); snapshot and extraction records also carry the
SHA-256 of every file they add. A snapshot directory is first written under a temporary name
and renamed into place, and only then is its record appended, so an interrupted run leaves
either nothing or an unreferenced directory that readers ignore. Nothing once recorded is
rewritten; a torn last line of the log (a write cut short) is dropped before the next append.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from tracker.config import is_valid_policy_id
from tracker.errors import StoreError
from tracker.models import CheckRecord, FetchResult, PolicyDocument, Snapshot, SnapshotMeta, sha256_hex, utc_now

SNAPSHOT_ID_RE = re.compile(r"^\d{8}T\d{6}Z(-\d+)?$")
LOG_NAME = "log.jsonl"
GENESIS = "0" * 64


# transient files: the lock, half-written temporary folders, the state cache (rebuilt from the log)
GITIGNORE = "# written by policy-tracker: files that are not part of the record\n.lock\n.tmp-*\nstate.json\n"
HEADS_DIR = "heads"  # signed statements of every policy's last record
REPORT_NAME = "report.html"  # the rendered redline of one change
DIFF_NAME = "diff.json"  # the classified diff of one change


def change_key(old_id: str, new_id: str) -> str:
    """``<old>__<new>``: the folder name of the change old → new under ``<policy>/reports/``."""
    return f"{old_id}__{new_id}"


def report_relpath(policy_id: str, old_id: str, new_id: str) -> str:
    """``<policy>/reports/<old>__<new>``: a change's folder relative to the store root (and to the
    published site, which mirrors the store's layout)."""
    return f"{policy_id}/reports/{change_key(old_id, new_id)}"


def snapshot_id_for(timestamp: str) -> str:
    """``2026-11-25T10:15:00Z`` → ``20261125T101500Z`` (the snapshot id for that fetch time)."""
    digits = re.sub(r"[^0-9]", "", timestamp)
    if len(digits) < 14:
        raise StoreError(f"cannot make a snapshot id from timestamp {timestamp!r}")
    return f"{digits[:8]}T{digits[8:14]}Z"


def canonical_json(data: Any) -> str:
    """Deterministic JSON (sorted keys, no spaces, UTF-8 kept) used for hashing."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def record_hash(record: dict[str, Any]) -> str:
    """SHA-256 of a log record without its own ``hash`` field."""
    body = {k: v for k, v in record.items() if k != "hash"}
    return sha256_hex(canonical_json(body))


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write(path: Path, data: bytes | str, *, durable: bool = True) -> None:
    """Write a file so readers see the old content or the new, never a part of it.

    ``durable=False`` skips the fsyncs: still atomic for readers, but a power cut may lose the
    write. Only for derived files that are rebuilt from the log (state cache, feeds).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with open(tmp, "wb") as fh:
        fh.write(payload)
        if durable:
            fh.flush()
            os.fsync(fh.fileno())
    os.replace(tmp, path)
    if durable:
        _fsync_dir(path.parent)


def raw_filename_for(content_type: str) -> str:
    """The file name a raw body is stored under, by its content type."""
    ctype = content_type.split(";")[0].strip().lower()
    if ctype == "application/pdf":
        return "raw.pdf"
    if ctype.startswith("text/plain"):
        return "raw.txt"
    return "raw.html"


class Store:
    """A snapshot store rooted at a directory. Safe to create for a directory not yet there."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    # ------------------------------------------------------------------ paths

    def policy_dir(self, policy_id: str) -> Path:
        """The folder of one policy; refuses ids that are not safe directory names."""
        if not is_valid_policy_id(policy_id):
            raise StoreError(f"policy {policy_id!r}: not a valid policy id (lower-case letters, digits, '-', '_')")
        return self.root / policy_id

    def snapshot_dir(self, policy_id: str, snapshot_id: str) -> Path:
        """The folder of one snapshot; refuses ids that are not snapshot ids."""
        if not SNAPSHOT_ID_RE.match(snapshot_id):
            raise StoreError(f"policy {policy_id!r}: {snapshot_id!r} is not a snapshot id")
        return self.policy_dir(policy_id) / "snap" / snapshot_id

    def report_dir(self, policy_id: str, old_id: str, new_id: str) -> Path:
        """Where the report and notices for the change old → new are written."""
        for sid in (old_id, new_id):
            if not SNAPSHOT_ID_RE.match(sid):
                raise StoreError(f"policy {policy_id!r}: {sid!r} is not a snapshot id")
        return self.root / report_relpath(policy_id, old_id, new_id)

    def heads_dir(self) -> Path:
        """Where the signed, time-stamped heads of every policy's log are kept (``tracker.evidence.heads``)."""
        return self.root / HEADS_DIR

    def log_path(self, policy_id: str) -> Path:
        return self.policy_dir(policy_id) / LOG_NAME

    # ------------------------------------------------------------------ the log

    def records(self, policy_id: str) -> list[dict[str, Any]]:
        """Every complete record of a policy's log, in order (a torn last line is left out)."""
        path = self.log_path(policy_id)
        if not path.exists():
            return []
        out: list[dict[str, Any]] = []
        data = path.read_bytes()
        lines = data.split(b"\n")
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                if number == len(lines):  # unterminated last line: an append cut short
                    break
                raise StoreError(f"policy {policy_id!r}: {path} line {number} is not valid JSON") from None
        return out

    def _repair_torn_tail(self, path: Path) -> None:
        if not path.exists():
            return
        size = path.stat().st_size
        if size == 0:
            return
        with open(path, "rb+") as fh:
            fh.seek(-1, os.SEEK_END)
            if fh.read(1) == b"\n":
                return
            data = path.read_bytes()
            keep = data.rfind(b"\n") + 1
            fh.truncate(keep)
            fh.flush()
            os.fsync(fh.fileno())

    @staticmethod
    def _last_record(path: Path) -> dict[str, Any] | None:
        """The last complete record of a log, reading only its tail (logs grow long)."""
        if not path.exists():
            return None
        with open(path, "rb") as fh:
            end = fh.seek(0, os.SEEK_END)
            block = 8192
            while True:
                start = max(0, end - block)
                fh.seek(start)
                data = fh.read(end - start)
                lines = [line for line in data.split(b"\n") if line.strip()]
                # a full line is known only if the block reaches the file start or holds a line break before it
                if lines and (start == 0 or data.count(b"\n") >= 2):
                    return dict(json.loads(lines[-1]))
                if start == 0:
                    return None
                block *= 4

    def append_record(self, policy_id: str, record: dict[str, Any]) -> dict[str, Any]:
        """Append one record to the policy's log, chaining it to the previous one."""
        path = self.log_path(policy_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._repair_torn_tail(path)
        last = self._last_record(path)
        full = dict(record)
        full["seq"] = (last["seq"] + 1) if last else 1
        full["prev"] = last["hash"] if last else GENESIS
        full.setdefault("at", utc_now())
        full["hash"] = record_hash(full)
        line = (canonical_json(full) + "\n").encode("utf-8")
        with open(path, "ab") as fh:
            fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())
        return full

    # ------------------------------------------------------------------ snapshots

    def policy_ids(self) -> list[str]:
        """Ids of every policy that has a log in this store, sorted."""
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if (p / LOG_NAME).is_file() and is_valid_policy_id(p.name))

    def _extractions(self, policy_id: str) -> dict[str, dict[str, Any]]:
        latest: dict[str, dict[str, Any]] = {}
        for rec in self.records(policy_id):
            if rec.get("type") == "extraction":
                latest[rec["snapshot_id"]] = rec
        return latest

    def snapshots(self, policy_id: str) -> list[SnapshotMeta]:
        """Metadata of every recorded snapshot of a policy, oldest first (by fetch time).

        Where a snapshot was re-extracted, its ``normalized_sha256``, ``extractor_version`` and
        ``last_updated`` are those of the newest extraction.
        """
        records = self.records(policy_id)
        extractions = {r["snapshot_id"]: r for r in records if r.get("type") == "extraction"}
        metas = []
        for rec in records:
            if rec.get("type") != "snapshot":
                continue
            meta = SnapshotMeta.from_dict(rec["meta"])
            ext = extractions.get(meta.snapshot_id)
            if ext:
                meta = replace(
                    meta,
                    normalized_sha256=ext["normalized_sha256"],
                    extractor_version=ext["extractor_version"],
                    last_updated=ext.get("last_updated"),
                )
            metas.append(meta)
        metas.sort(key=lambda m: (m.fetched_at, m.snapshot_id))
        return metas

    def latest(self, policy_id: str) -> Snapshot | None:
        """The newest snapshot of a policy, or None if it has none."""
        metas = self.snapshots(policy_id)
        return self.load(policy_id, metas[-1].snapshot_id) if metas else None

    def _document_dir(self, policy_id: str, snapshot_id: str) -> Path:
        ext = self._extractions(policy_id).get(snapshot_id)
        base = self.snapshot_dir(policy_id, snapshot_id)
        return base / ext["dir"] if ext else base

    def load(self, policy_id: str, snapshot_id: str) -> Snapshot:
        """One snapshot: metadata and structured document (from its newest extraction)."""
        metas = {m.snapshot_id: m for m in self.snapshots(policy_id)}
        if snapshot_id not in metas:
            raise StoreError(f"policy {policy_id!r}: no snapshot {snapshot_id!r}")
        doc_dir = self._document_dir(policy_id, snapshot_id)
        try:
            data = json.loads((doc_dir / "policy.json").read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise StoreError(f"policy {policy_id!r}: snapshot {snapshot_id} is unreadable: {exc}") from None
        return Snapshot(meta=metas[snapshot_id], document=PolicyDocument.from_dict(data))

    def raw_bytes(self, policy_id: str, snapshot_id: str) -> bytes:
        """The raw response body of a snapshot, as fetched."""
        metas = {m.snapshot_id: m for m in self.snapshots(policy_id)}
        if snapshot_id not in metas:
            raise StoreError(f"policy {policy_id!r}: no snapshot {snapshot_id!r}")
        return (self.snapshot_dir(policy_id, snapshot_id) / metas[snapshot_id].raw_filename).read_bytes()

    def markdown_path(self, policy_id: str, snapshot_id: str) -> Path:
        """Path of the current normalised Markdown of a snapshot."""
        return self._document_dir(policy_id, snapshot_id) / "policy.md"

    def resolve(self, policy_id: str, ref: str) -> SnapshotMeta:
        """Find a snapshot by reference.

        ``ref`` may be a snapshot id (or a unique prefix of one), ``latest``, ``previous``,
        ``~N`` (N snapshots before the latest), or a date ``YYYY-MM-DD`` / timestamp meaning
        the snapshot in force then (the newest fetched on or before it).
        """
        metas = self.snapshots(policy_id)
        if not metas:
            raise StoreError(f"policy {policy_id!r}: no snapshots in {self.root}")
        if ref == "latest":
            return metas[-1]
        if ref == "previous":
            ref = "~1"
        if re.fullmatch(r"~\d+", ref):
            back = int(ref[1:])
            if back >= len(metas):
                raise StoreError(f"policy {policy_id!r}: only {len(metas)} snapshots, cannot go back {back}")
            return metas[-1 - back]
        exact = [m for m in metas if m.snapshot_id == ref]
        if exact:
            return exact[0]
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", ref):
            end = ref + "T23:59:59Z"
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?Z?", ref):
            end = ref.rstrip("Z") + ("Z" if ref.count(":") == 2 else ":59Z")
        else:
            prefixed = [m for m in metas if m.snapshot_id.startswith(ref)]
            if len(prefixed) == 1:
                return prefixed[0]
            if len(prefixed) > 1:
                raise StoreError(f"policy {policy_id!r}: {ref!r} matches {len(prefixed)} snapshots")
            raise StoreError(f"policy {policy_id!r}: no snapshot matches {ref!r}")
        in_force = [m for m in metas if m.fetched_at <= end]
        if not in_force:
            raise StoreError(f"policy {policy_id!r}: no snapshot on or before {ref} (first is {metas[0].fetched_at})")
        return in_force[-1]

    def _new_snapshot_id(self, policy_id: str, fetched_at: str) -> str:
        base = snapshot_id_for(fetched_at)
        taken = {m.snapshot_id for m in self.snapshots(policy_id)}
        snap_root = self.policy_dir(policy_id) / "snap"
        candidate, n = base, 1
        while candidate in taken or (snap_root / candidate).exists():
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    def save_snapshot(
        self,
        policy_id: str,
        fetched: FetchResult,
        document: PolicyDocument,
        extractor_version: str,
        source: str = "live",
    ) -> SnapshotMeta:
        """Store a new snapshot atomically and record it in the log; returns its metadata."""
        markdown = document.to_markdown()
        structured = json.dumps(document.to_dict(), ensure_ascii=False)  # compact: C encoder, 2x faster
        snapshot_id = self._new_snapshot_id(policy_id, fetched.fetched_at)
        raw_name = raw_filename_for(fetched.content_type)
        meta = SnapshotMeta(
            policy_id=policy_id,
            snapshot_id=snapshot_id,
            url=fetched.url,
            final_url=fetched.final_url,
            status=fetched.status,
            headers=dict(fetched.headers),
            fetched_at=fetched.fetched_at,
            raw_sha256=sha256_hex(fetched.content),
            normalized_sha256=sha256_hex(markdown),
            extractor_version=extractor_version,
            content_type=fetched.content_type,
            raw_filename=raw_name,
            last_updated=document.last_updated,
            redirects=tuple(fetched.redirects),
            source=source,
        )
        meta_json = json.dumps(meta.to_dict(), ensure_ascii=False, indent=1)
        files: dict[str, bytes | str] = {
            raw_name: fetched.content,
            "policy.md": markdown,
            "policy.json": structured,
            "meta.json": meta_json,
        }
        final_dir = self.snapshot_dir(policy_id, snapshot_id)
        tmp_dir = final_dir.with_name(f".tmp-{snapshot_id}-{secrets.token_hex(4)}")
        tmp_dir.mkdir(parents=True)
        for name, content in files.items():
            payload = content.encode("utf-8") if isinstance(content, str) else content
            with open(tmp_dir / name, "wb") as fh:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
        _fsync_dir(tmp_dir)
        os.rename(tmp_dir, final_dir)
        _fsync_dir(final_dir.parent)
        hashes = {name: sha256_hex(c) for name, c in files.items()}
        self.append_record(
            policy_id,
            {"type": "snapshot", "snapshot_id": snapshot_id, "meta": meta.to_dict(), "files": hashes},
        )
        return meta

    def add_extraction(
        self, policy_id: str, snapshot_id: str, document: PolicyDocument, extractor_version: str
    ) -> dict[str, Any]:
        """Record a re-extraction of a stored snapshot without touching its original files."""
        base = self.snapshot_dir(policy_id, snapshot_id)
        if snapshot_id not in {m.snapshot_id for m in self.snapshots(policy_id)}:
            raise StoreError(f"policy {policy_id!r}: no snapshot {snapshot_id!r}")
        n = 1
        while (base / f"x{n}").exists():
            n += 1
        markdown = document.to_markdown()
        structured = json.dumps(document.to_dict(), ensure_ascii=False)  # compact: C encoder, 2x faster
        tmp = base / f".tmp-x{n}-{secrets.token_hex(4)}"
        tmp.mkdir()
        for name, content in {"policy.md": markdown, "policy.json": structured}.items():
            with open(tmp / name, "wb") as fh:
                fh.write(content.encode("utf-8"))
                fh.flush()
                os.fsync(fh.fileno())
        os.rename(tmp, base / f"x{n}")
        _fsync_dir(base)
        return self.append_record(
            policy_id,
            {
                "type": "extraction",
                "snapshot_id": snapshot_id,
                "dir": f"x{n}",
                "extractor_version": extractor_version,
                "normalized_sha256": sha256_hex(markdown),
                "last_updated": document.last_updated,
                "files": {"policy.md": sha256_hex(markdown), "policy.json": sha256_hex(structured)},
            },
        )

    # ------------------------------------------------------------------ checks

    def record_check(self, record: CheckRecord) -> dict[str, Any]:
        """Append a check record (whatever its outcome) to the policy's log."""
        data = record.to_dict()
        data["type"] = "check"
        data["at"] = record.checked_at
        return self.append_record(record.policy_id, data)

    def checks(self, policy_id: str) -> list[CheckRecord]:
        """Every check record of a policy, oldest first."""
        return [CheckRecord.from_dict(r) for r in self.records(policy_id) if r.get("type") == "check"]

    # ------------------------------------------------------------------ derived state

    def state(self, policy_id: str) -> dict[str, Any]:
        """Derived per-policy state (ETag, Last-Modified, failure streak). Without ``state.json``
        (a fresh clone: git ignores it) the failure streak is rebuilt from the log."""
        path = self.policy_dir(policy_id) / "state.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return self._state_from_log(policy_id)
        return data if isinstance(data, dict) else {}

    def _state_from_log(self, policy_id: str) -> dict[str, Any]:
        streak = 0
        last_error = None
        for check in reversed(self.checks(policy_id)):
            if check.status not in ("error", "anomaly"):
                break
            streak += 1
            last_error = last_error or check.error
        return {"failures": streak, "last_error": last_error} if streak else {}

    def save_state(self, policy_id: str, state: dict[str, Any]) -> None:
        """Replace the derived per-policy state atomically."""
        # a cache (conditional-request validators, failure streak): losing it costs one full fetch
        atomic_write(
            self.policy_dir(policy_id) / "state.json", json.dumps(state, indent=1, sort_keys=True), durable=False
        )

    def append_run(self, run: dict[str, Any]) -> None:
        """Append one line to the store's run log."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / "runs.jsonl", "a", encoding="utf-8") as fh:
            fh.write(canonical_json(run) + "\n")

    def _write_gitignore(self) -> None:
        """A ``.gitignore`` for the store's transient files, unless the store already has one."""
        path = self.root / ".gitignore"
        if not path.exists():
            atomic_write(path, GITIGNORE)

    @contextlib.contextmanager
    def lock(self, timeout: float = 0.0) -> Iterator[None]:
        """Hold the store's lock; ``StoreError`` if another run holds it past ``timeout`` s."""
        self.root.mkdir(parents=True, exist_ok=True)
        self._write_gitignore()
        lock = FileLock(str(self.root / ".lock"))
        try:
            lock.acquire(timeout=timeout)
        except Timeout:
            raise StoreError(f"store {self.root} is locked by another run (.lock)") from None
        try:
            yield
        finally:
            lock.release()
