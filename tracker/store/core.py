"""The ``Store``: one object over a store folder, owning every path inside it.

It reads and appends each policy's hash-chained log (``tracker.store.log``), writes snapshots and
re-extractions as whole folders (``tracker.store.files``), resolves snapshot references
(``tracker.store.refs``), keeps anomaly bodies (``tracker.store.anomalies``), the derived state
cache and the run log, and holds the store's lock.
"""

from __future__ import annotations

import contextlib
import json
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from tracker.config import is_valid_policy_id
from tracker.errors import StoreError
from tracker.models import CheckRecord, FetchResult, PolicyDocument, Snapshot, SnapshotMeta, sha256_hex
from tracker.store import anomalies
from tracker.store.document import parse_document
from tracker.store.files import atomic_write, canonical_json, raw_filename_for, read_whole, write_folder
from tracker.store.flusher import Flusher
from tracker.store.layout import HEADS_DIR, report_relpath, require_snapshot_id, snapshot_id_for
from tracker.store.log import (
    KEPT_TAILS,
    LOG_NAME,
    Tails,
    append_chained,
    read_records,
    read_tail,
    repair_torn_tail,
    scan_log,
    snapshot_metas,
)
from tracker.store.marker import claim_store
from tracker.store.refs import resolve_ref

# transient files: the lock, half-written temporary folders, the state cache (rebuilt from the log)
GITIGNORE = "# written by policy-tracker: files that are not part of the record\n.lock\n.tmp-*\nstate.json\n"


def _usable_state(data: dict[str, Any]) -> bool:
    """Whether a ``state.json`` holds its fields with the types ``check`` reads them as."""
    failures = data.get("failures", 0)
    texts = [data.get(name) for name in ("etag", "last_modified", "last_error", "rendered_by")]
    return type(failures) is int and failures >= 0 and all(v is None or isinstance(v, str) for v in texts)


class Store:
    """A snapshot store rooted at a directory. Safe to create for a directory not yet there."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self._writable = False
        self._tails = Tails()  # where each log ended when this process last read or appended it
        self._logs: dict[str, Path] = {}  # each policy's log path, as first asked for (also the key of its tail)
        self._flusher = Flusher()  # the group commit of the logs appended with durable=False (``sync`` waits)

    def ensure_writable(self) -> None:
        """Make sure the root is a store this tool may write (``tracker.store.marker.claim_store``):
        create it (with its marker) when new or empty, adopt an unmarked folder with only the
        store's layout, and refuse anything else with a one-line ``StoreError``."""
        if self._writable:
            return
        claim_store(self.root)
        self._writable = True

    # ------------------------------------------------------------------ paths

    def policy_dir(self, policy_id: str) -> Path:
        """The folder of one policy; refuses ids that are not safe directory names."""
        if not is_valid_policy_id(policy_id):
            raise StoreError(f"policy {policy_id!r}: not a valid policy id (lower-case letters, digits, '-', '_')")
        return self.root / policy_id

    def snapshot_dir(self, policy_id: str, snapshot_id: str) -> Path:
        """The folder of one snapshot; refuses ids that are not snapshot ids."""
        require_snapshot_id(policy_id, snapshot_id)
        return self.policy_dir(policy_id) / "snap" / snapshot_id

    def report_dir(self, policy_id: str, old_id: str, new_id: str) -> Path:
        """Where the report and notices for the change old → new are written."""
        for sid in (old_id, new_id):
            require_snapshot_id(policy_id, sid)
        return self.root / report_relpath(policy_id, old_id, new_id)

    def heads_dir(self) -> Path:
        """Where the signed, time-stamped heads of every policy's log are kept (``tracker.evidence.heads``)."""
        return self.root / HEADS_DIR

    def log_path(self, policy_id: str) -> Path:
        known = self._logs.get(policy_id)
        if known is None:
            if len(self._logs) >= KEPT_TAILS:  # bounded, like the tails (a run of 20,000 policies)
                self._logs.clear()
            known = self._logs[policy_id] = self.policy_dir(policy_id) / LOG_NAME
        return known

    # ------------------------------------------------------------------ the log

    def records(self, policy_id: str) -> list[dict[str, Any]]:
        """Every complete record of a policy's log, in order (a torn last line is left out)."""
        return read_records(self.log_path(policy_id), policy_id)

    def last_record(self, policy_id: str) -> dict[str, Any] | None:
        """The last complete record of a policy's log (None when it has none), from the log's tail."""
        path = self.log_path(policy_id)
        repair_torn_tail(path)
        stat, last = read_tail(path)
        if stat is not None:
            self._tails.put(path, stat, last)
        return last

    def append_record(self, policy_id: str, record: dict[str, Any], *, durable: bool = True) -> dict[str, Any]:
        """Append one record to the policy's log, chaining it to the previous one; flushed to disk
        before it returns, or with ``durable=False`` by the next ``sync`` (a group commit)."""
        path = self.log_path(policy_id)
        self.ensure_writable()
        return append_chained(path, record, durable=durable, tails=self._tails, later=self._flusher.submit)

    def sync(self, *, best_effort: bool = False) -> None:
        """Return once every log appended with ``durable=False`` is on disk (one syncfs per file
        system, or fsyncs started as the appends were made: ``tracker.store.flusher``).
        ``best_effort`` (a run cut short): an ``OSError`` is swallowed, not raised."""
        if best_effort:
            with contextlib.suppress(OSError):
                self._flusher.wait()
            return
        self._flusher.wait()

    # ------------------------------------------------------------------ snapshots

    def policy_ids(self) -> list[str]:
        """Ids of every policy that has a log in this store, sorted."""
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if (p / LOG_NAME).is_file() and is_valid_policy_id(p.name))

    def _extractions(self, policy_id: str, records: list[dict[str, Any]] | None = None) -> dict[str, dict[str, Any]]:
        latest: dict[str, dict[str, Any]] = {}
        for rec in self.records(policy_id) if records is None else records:
            if rec.get("type") == "extraction":
                latest[rec["snapshot_id"]] = rec
        return latest

    def snapshots(self, policy_id: str) -> list[SnapshotMeta]:
        """Metadata of every recorded snapshot of a policy, oldest first (by fetch time).

        Where a snapshot was re-extracted, its ``normalized_sha256``, ``extractor_version`` and
        ``last_updated`` are those of the newest extraction.
        """
        return snapshot_metas(self.records(policy_id), policy_id)

    def log_view(self, policy_id: str) -> tuple[dict[str, Any] | None, list[SnapshotMeta]]:
        """``last_record`` and ``snapshots`` from one read of the log, parsing only the lines they
        need (a torn last line is cut off first, as ``last_record`` does)."""
        path = self.log_path(policy_id)
        stat, last, kept, torn = scan_log(path, policy_id)
        if torn:
            repair_torn_tail(path)
            stat, last, kept, torn = scan_log(path, policy_id)
        if stat is not None and not torn:
            self._tails.put(path, stat, last)
        return last, snapshot_metas(kept, policy_id)

    def latest(self, policy_id: str) -> Snapshot | None:
        """The newest snapshot of a policy, or None if it has none."""
        metas = self.snapshots(policy_id)
        return self.load(policy_id, metas[-1].snapshot_id) if metas else None

    def _document_dir(self, policy_id: str, snapshot_id: str, records: list[dict[str, Any]] | None = None) -> Path:
        ext = self._extractions(policy_id, records).get(snapshot_id)
        base = self.snapshot_dir(policy_id, snapshot_id)
        return base / ext["dir"] if ext else base

    def load(self, policy_id: str, snapshot_id: str) -> Snapshot:
        """One snapshot: metadata and structured document (from its newest extraction)."""
        records = self.records(policy_id)  # read once: its snapshots and its re-extractions
        metas = {m.snapshot_id: m for m in snapshot_metas(records, policy_id)}
        if snapshot_id not in metas:
            raise StoreError(f"policy {policy_id!r}: no snapshot {snapshot_id!r}")
        data = self.document_bytes(policy_id, snapshot_id, records)
        return Snapshot(meta=metas[snapshot_id], document=parse_document(policy_id, snapshot_id, data))

    def document_bytes(self, policy_id: str, snapshot_id: str, records: list[dict[str, Any]] | None = None) -> bytes:
        """The ``policy.json`` bytes of a snapshot's newest extraction, for ``parse_document``
        to read elsewhere (``Store.load`` is the two together); ``StoreError`` when unreadable."""
        try:
            return (self._document_dir(policy_id, snapshot_id, records) / "policy.json").read_bytes()
        except OSError as exc:
            raise StoreError(f"policy {policy_id!r}: snapshot {snapshot_id} is unreadable: {exc}") from None

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
        """Find a snapshot by reference (``tracker.store.refs.resolve_ref``).

        ``ref`` may be a snapshot id (or a unique prefix of one), ``latest``, ``previous``,
        ``~N`` (N snapshots before the latest), or a date ``YYYY-MM-DD`` / timestamp meaning
        the snapshot in force then (the newest fetched on or before it).
        """
        return resolve_ref(policy_id, self.snapshots(policy_id), ref, self.root)

    def next_snapshot_id(self, policy_id: str, fetched_at: str) -> str:
        """The id ``save_snapshot`` gives the policy's next snapshot fetched at ``fetched_at``
        (while nothing else is stored for the policy)."""
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
        self.ensure_writable()
        # each text encoded once, for its file and its hash; each hash made once
        markdown = document.markdown_utf8()
        structured = document.structured_utf8()  # compact: C encoder
        snapshot_id = self.next_snapshot_id(policy_id, fetched.fetched_at)
        raw_name = raw_filename_for(fetched.content_type)
        hashes = {raw_name: sha256_hex(fetched.content), "policy.md": document.markdown_sha256}
        meta = SnapshotMeta(
            policy_id=policy_id,
            snapshot_id=snapshot_id,
            url=fetched.url,
            final_url=fetched.final_url,
            status=fetched.status,
            headers=dict(fetched.headers),
            fetched_at=fetched.fetched_at,
            raw_sha256=hashes[raw_name],
            normalized_sha256=hashes["policy.md"],
            extractor_version=extractor_version,
            content_type=fetched.content_type,
            raw_filename=raw_name,
            last_updated=document.last_updated,
            redirects=tuple(fetched.redirects),
            source=source,
            rendered_by=fetched.rendered_by,
        )
        meta_dict = meta.to_dict()  # made once: the file and the log record
        meta_json = json.dumps(meta_dict, ensure_ascii=False, indent=1).encode("utf-8")
        files: dict[str, bytes | str] = {
            raw_name: fetched.content,
            "policy.md": markdown,
            "policy.json": structured,
            "meta.json": meta_json,
        }
        final_dir = self.snapshot_dir(policy_id, snapshot_id)
        write_folder(final_dir, f".tmp-{snapshot_id}-{secrets.token_hex(4)}", files)
        hashes = {name: hashes[name] if name in hashes else sha256_hex(c) for name, c in files.items()}
        self.append_record(
            policy_id,
            {"type": "snapshot", "snapshot_id": snapshot_id, "meta": meta_dict, "files": hashes},
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
        files: dict[str, bytes | str] = {"policy.md": markdown, "policy.json": structured}
        write_folder(base / f"x{n}", f".tmp-x{n}-{secrets.token_hex(4)}", files)
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

    # ------------------------------------------------------------------ anomaly evidence

    def anomaly_dir(self, policy_id: str, anomaly_id: str) -> Path:
        """``<policy>/anomalies/<id>/``: a body that was not taken as a version, kept as evidence."""
        require_snapshot_id(policy_id, anomaly_id, "anomaly id")
        return self.policy_dir(policy_id) / "anomalies" / anomaly_id

    def save_anomaly(self, policy_id: str, fetched: FetchResult, cause: str) -> dict[str, str]:
        """Keep the body of an anomaly (raw file and ``meta.json``) outside the version chain;
        the same body as the last one kept is not stored twice. Returns ``id``, ``raw``, ``sha256``."""
        return anomalies.save_anomaly(self.policy_dir(policy_id) / "anomalies", fetched, cause)

    def load_anomaly(self, policy_id: str, anomaly_id: str) -> FetchResult:
        """A kept anomaly body as the fetch that brought it."""
        return anomalies.load_anomaly(policy_id, self.anomaly_dir(policy_id, anomaly_id))

    # ------------------------------------------------------------------ checks

    def record_check(self, record: CheckRecord, *, durable: bool = True) -> dict[str, Any]:
        """Append a check record (whatever its outcome) to the policy's log (``durable``: as
        ``append_record``)."""
        data = record.to_dict()
        data["type"] = "check"
        data["at"] = record.checked_at
        return self.append_record(record.policy_id, data, durable=durable)

    def checks(self, policy_id: str) -> list[CheckRecord]:
        """Every check record of a policy, oldest first."""
        return [CheckRecord.from_dict(r) for r in self.records(policy_id) if r.get("type") == "check"]

    # ------------------------------------------------------------------ derived state

    def state(self, policy_id: str) -> dict[str, Any]:
        """Derived per-policy state (ETag, Last-Modified, failure streak). Without ``state.json``
        (a fresh clone: git ignores it) the failure streak is rebuilt from the log."""
        path = self.policy_dir(policy_id) / "state.json"
        try:
            data = json.loads(read_whole(path)[0].decode("utf-8"))
        except (OSError, ValueError):  # ValueError: not JSON, not UTF-8
            return self._state_from_log(policy_id)
        if not isinstance(data, dict) or not _usable_state(data):  # a damaged cache: rebuilt, never trusted
            return self._state_from_log(policy_id)
        return data

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
        """Append one line to the store's run log (a torn last line, from a full disk, is dropped first)."""
        self.ensure_writable()
        path = self.root / "runs.jsonl"
        repair_torn_tail(path)
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(canonical_json(run) + "\n")

    def _write_gitignore(self) -> None:
        """A ``.gitignore`` for the store's transient files, unless the store already has one."""
        path = self.root / ".gitignore"
        if not path.exists():
            atomic_write(path, GITIGNORE)

    @contextlib.contextmanager
    def lock(self, timeout: float = 0.0) -> Iterator[None]:
        """Hold the store's lock; ``StoreError`` if another run holds it past ``timeout`` s, or if the
        folder is not a store this tool may write (``ensure_writable``)."""
        self.ensure_writable()
        self._write_gitignore()
        lock = FileLock(str(self.root / ".lock"))
        try:
            lock.acquire(timeout=timeout)
        except Timeout:
            raise StoreError(f"store {self.root}: locked by another run (.lock)") from None
        except OSError as exc:
            raise StoreError(f"store {self.root}: cannot write: {exc.strerror or exc}") from None
        try:
            yield
        finally:
            lock.release()
