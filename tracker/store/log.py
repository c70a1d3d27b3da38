"""A policy's ``log.jsonl``: the append-only, hash-chained record that is the store's source of truth.

Each record carries ``seq``, ``prev`` (the previous record's ``hash``, ``GENESIS`` for the first)
and ``hash`` (SHA-256 of the record's canonical JSON without ``hash``). Nothing once written is
rewritten; a torn last line (an append cut short) is dropped before the next append.

An append is flushed to disk before it returns unless it is made with ``durable=False``: then
the caller (``Store.sync``) flushes it later, a group commit. Only check records that found
nothing changed are appended that way (``tracker.check.run``): a crash before the flush can lose
such records (they are the last lines of their log, so the chain before them stays whole), never
a snapshot, a change or a delivery. ``Tails`` remembers where each log ended after the last read
or append of this process, so the next append need not read the log's tail again.
"""

from __future__ import annotations

import json
import os
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

from tracker.errors import StoreError
from tracker.models import SnapshotMeta, sha256_hex, utc_now
from tracker.store.files import append_bytes, canonical_json, read_whole

LOG_NAME = "log.jsonl"
GENESIS = "0" * 64


def record_hash(record: dict[str, Any]) -> str:
    """SHA-256 of a log record without its own ``hash`` field."""
    body = {k: v for k, v in record.items() if k != "hash"}
    return sha256_hex(canonical_json(body))


def read_records(path: Path, policy_id: str) -> list[dict[str, Any]]:
    """Every complete record of the log at ``path``, in order (a torn last line is left out)."""
    if not path.exists():
        return []
    out: list[dict[str, Any]] = []
    lines = path.read_bytes().split(b"\n")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            if number == len(lines):  # unterminated last line: an append cut short
                break
            raise StoreError(f"policy {policy_id!r}: {path} line {number} is not valid JSON") from None
        out.append(_object(record, policy_id, f"{path} line {number}"))
    return out


# the fields every reader of a record takes as given, with the JSON types they must have
_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "type": (str,),
    "seq": (int,),
    "meta": (dict,),
    "details": (dict,),
    "files": (dict,),
    "snapshot_id": (str, type(None)),
}


def record_problem(record: Any) -> str | None:
    """Why ``record`` (one parsed log line) is not a log record a reader can use, or None: not a
    JSON object, or a field every reader relies on holding the wrong type (a damaged log)."""
    if not isinstance(record, dict):
        return "not a log record (a JSON object)"
    for name, types in _FIELD_TYPES.items():
        if name in record and (not isinstance(record[name], types) or isinstance(record[name], bool)):
            return f"its field {name!r} holds {type(record[name]).__name__} {record[name]!r:.40}"
    return None


def _object(record: Any, policy_id: str, where: str) -> dict[str, Any]:
    """``record`` if it is a usable log record; ``StoreError`` naming it otherwise."""
    problem = record_problem(record)
    if problem:
        raise StoreError(f"policy {policy_id!r}: {where}: {problem}")
    return cast(dict[str, Any], record)  # a JSON object just parsed: no copy needed


def repair_torn_tail(path: Path) -> None:
    """Cut an unterminated last line (an append cut short) off a line-per-record file."""
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


# the lines that may be snapshot or extraction records: any with either word as a whole JSON
# string (however the line is spaced); the rest (check and delivery records) are not parsed
_KEPT = (b'"snapshot"', b'"extraction"')


def scan_log(
    path: Path, policy_id: str
) -> tuple[os.stat_result | None, dict[str, Any] | None, list[dict[str, Any]], bool]:
    """One read of the log at ``path``: its ``stat`` (None when there is no log), its last
    complete record, its snapshot and extraction records in order, and whether its last line is
    torn. Only those lines are parsed (a check's log is mostly check records)."""
    try:
        data, stat = read_whole(path)
    except FileNotFoundError:
        return None, None, [], False
    lines = data.split(b"\n")
    torn = bool(lines[-1])  # no line break at the end: an append cut short
    complete = [line for line in (lines[:-1] if torn else lines) if line.strip()]
    try:
        kept = [json.loads(line) for line in complete if _KEPT[0] in line or _KEPT[1] in line]
        last = json.loads(complete[-1]) if complete else None
    except json.JSONDecodeError:
        raise StoreError(f"policy {policy_id!r}: {path} has a line that is not valid JSON") from None
    kept = [_object(r, policy_id, f"{path}: a line") for r in kept]
    last = None if last is None else _object(last, policy_id, f"{path}: the last line")
    return stat, last, [r for r in kept if r.get("type") in ("snapshot", "extraction")], torn


def read_last_record(path: Path) -> dict[str, Any] | None:
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
                try:
                    record = json.loads(lines[-1])
                except json.JSONDecodeError:
                    raise StoreError(f"{path}: the last line is not valid JSON") from None
                problem = record_problem(record)
                if problem:
                    raise StoreError(f"{path}: the last line: {problem}")
                return dict(record)
            if start == 0:
                return None
            block *= 4


KEPT_TAILS = 4096  # tails remembered at most (the most recently read or appended)


class Tails:
    """Where each log ended (its size, last ``seq`` and ``hash``) when this process last read or
    appended it. A log is append-only and every write changes its size and modification time,
    so an entry whose size and time still match the file is its tail; anything else (someone
    else appended, a torn tail was cut) means the tail is read again."""

    def __init__(self, size: int = KEPT_TAILS) -> None:
        self._known: OrderedDict[Path, tuple[tuple[int, int], int, str]] = OrderedDict()
        self._size = size

    def get(self, path: Path) -> tuple[int, str] | None:
        """``(seq, hash)`` of the log's last record, if still known (one ``stat``)."""
        known = self._known.get(path)
        if known is None:
            return None
        try:
            stat = os.stat(path)
            now = (stat.st_size, stat.st_mtime_ns)
        except OSError:
            now = (-1, -1)
        if now != known[0]:
            del self._known[path]
            return None
        return known[1], known[2]

    def put(self, path: Path, stat: os.stat_result, record: dict[str, Any] | None) -> None:
        """Remember that the log at ``path`` (as ``stat`` found it) ends with ``record``."""
        key = (stat.st_size, stat.st_mtime_ns)
        self._known[path] = (key, record["seq"], record["hash"]) if record else (key, 0, GENESIS)
        self._known.move_to_end(path)
        if len(self._known) > self._size:  # a run of 20,000 policies: the oldest tail is read again if needed
            self._known.popitem(last=False)


def read_tail(path: Path) -> tuple[os.stat_result | None, dict[str, Any] | None]:
    """The log's ``stat`` (None when there is no log) and its last complete record (as
    ``read_last_record``)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None, None
    return stat, read_last_record(path)


def append_chained(
    path: Path,
    record: dict[str, Any],
    *,
    durable: bool = True,
    tails: Tails | None = None,
    later: Callable[[Path, int], None] | None = None,
) -> dict[str, Any]:
    """Append ``record`` to the log at ``path``, chained to the last one (``seq``, ``prev``, ``at``
    when missing, ``hash``); returns the record as written. Flushed to disk unless ``durable`` is
    false: then ``later(path, st_dev)`` is told, for the caller to flush it (a group commit).
    ``tails`` spares reading the log's tail when this process knows it."""
    known = tails.get(path) if tails is not None else None
    if known is None:
        path.parent.mkdir(parents=True, exist_ok=True)
        repair_torn_tail(path)
        last = read_last_record(path)
        known = (last["seq"], last["hash"]) if last else (0, GENESIS)
    full = dict(record)
    full["seq"] = known[0] + 1
    full["prev"] = known[1]
    full.setdefault("at", utc_now())
    full["hash"] = record_hash(full)
    line = (canonical_json(full) + "\n").encode("utf-8")
    end = append_bytes(path, line, durable=durable)
    if tails is not None:
        tails.put(path, end, full)
    if not durable and later is not None:
        later(path, end.st_dev)
    return full


def snapshot_metas(records: list[dict[str, Any]], policy_id: str = "?") -> list[SnapshotMeta]:
    """The snapshots among ``records`` (a log's, in order), each with its newest extraction;
    ``StoreError`` naming the record when one lacks a field or holds a value of the wrong type."""
    try:
        extractions = {r["snapshot_id"]: r for r in records if r.get("type") == "extraction"}
    except (KeyError, TypeError) as exc:
        raise StoreError(f"policy {policy_id!r}: an extraction record is malformed ({_cause(exc)})") from None
    metas = []
    for rec in records:
        if rec.get("type") != "snapshot":
            continue
        try:
            meta = SnapshotMeta.from_dict(rec["meta"])
            ext = extractions.get(meta.snapshot_id)
            if ext:
                meta = replace(
                    meta,
                    normalized_sha256=ext["normalized_sha256"],
                    extractor_version=ext["extractor_version"],
                    last_updated=ext.get("last_updated"),
                )
            if not isinstance(meta.snapshot_id, str):  # its shape is checked where it names a folder
                raise TypeError(f"snapshot id {meta.snapshot_id!r}")
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            where = f"seq {rec.get('seq')}" if isinstance(rec.get("seq"), int) else "a snapshot record"
            raise StoreError(f"policy {policy_id!r}: log record {where} is malformed ({_cause(exc)})") from None
        metas.append(meta)
    try:
        metas.sort(key=lambda m: (m.fetched_at, m.snapshot_id))
    except TypeError as exc:
        raise StoreError(f"policy {policy_id!r}: a snapshot record is malformed ({_cause(exc)})") from None
    return metas


def _cause(exc: Exception) -> str:
    return f"missing field {exc}" if isinstance(exc, KeyError) else f"{type(exc).__name__}: {exc}"
