"""Writing files so that a reader or an interrupted run never sees a part of one.

``atomic_write`` replaces one file (``atomic_write_files`` several in one folder, flushing the
folder once); ``write_folder`` writes a set of files under a temporary
name and renames the folder into place, so a folder is either whole or not there.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any


def canonical_json(data: Any) -> str:
    """Deterministic JSON (sorted keys, no spaces, UTF-8 kept) used for hashing."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def read_whole(path: Path | str) -> tuple[bytes, os.stat_result]:
    """A file's bytes and its ``stat`` as opened (one ``open``, ``fstat`` and the reads: none of
    the buffered file object's own calls); ``FileNotFoundError`` when it is not there."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        stat = os.fstat(fd)
        parts = [os.read(fd, max(stat.st_size, 0) + 1)]
        while parts[-1]:  # the file grew, or reports no size: read to its end
            parts.append(os.read(fd, 1 << 16))
        return b"".join(parts), stat
    finally:
        os.close(fd)


def append_bytes(path: Path | str, data: bytes, *, durable: bool) -> os.stat_result:
    """Append ``data`` to a file (created when missing) with ``O_APPEND``, fsynced when
    ``durable``; the file's ``stat`` after the write."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        if durable:
            os.fsync(fd)
        return os.fstat(fd)
    finally:
        os.close(fd)


def fsync_path(path: Path) -> None:
    """Flush one file's (or folder's) data to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Flush a folder's entries (a rename or a new file in it) to disk, where the system allows."""
    with contextlib.suppress(OSError):
        fsync_path(path)


def atomic_write(path: Path, data: bytes | str, *, durable: bool = True) -> None:
    """Write a file so readers see the old content or the new, never a part of it.

    ``durable=False`` skips the fsyncs: still atomic for readers, but a power cut may lose the
    write. Only for derived files that are rebuilt from the log (state cache, feeds).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    _replace(path, data, durable)
    if durable:
        fsync_dir(path.parent)


def atomic_write_files(directory: Path, files: Mapping[str, bytes | str]) -> None:
    """Write several files (name → content) into one folder, each as ``atomic_write`` writes it
    (its content flushed, then renamed into place), the folder made and its entries flushed once
    after the last rename instead of after each: when this returns, every file is on disk."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        _replace(directory / name, data, True)
    if files:
        fsync_dir(directory)


def _replace(path: Path, data: bytes | str, durable: bool) -> None:
    """``path`` replaced by ``data`` through a temporary file beside it (flushed when ``durable``)."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        with open(tmp, "wb") as fh:
            fh.write(payload)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:  # a full disk or a kill: leave no half-written temporary file behind
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_folder(final: Path, tmp_name: str, files: dict[str, bytes | str], *, durable: bool = True) -> None:
    """Write ``files`` (name → content) into a new folder ``final``: first under ``tmp_name`` beside
    it, then renamed into place. ``durable`` flushes every file and both folders to disk."""
    tmp = final.with_name(tmp_name)
    tmp.mkdir(parents=True)
    for name, content in files.items():
        payload = content.encode("utf-8") if isinstance(content, str) else content
        with open(tmp / name, "wb") as fh:
            fh.write(payload)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
    if durable:
        fsync_dir(tmp)
    os.rename(tmp, final)
    if durable:
        fsync_dir(final.parent)


def raw_filename_for(content_type: str) -> str:
    """The file name a raw body is stored under, by its content type."""
    ctype = content_type.split(";")[0].strip().lower()
    if ctype == "application/pdf":
        return "raw.pdf"
    if ctype.startswith("text/plain"):
        return "raw.txt"
    if ctype == "multipart/mixed":  # a document over several pages (tracker.extract.combine)
        return "raw.mime"
    return "raw.html"
