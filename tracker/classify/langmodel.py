"""py3langid's model, read from a decompressed copy kept in the user's cache folder.

The model ships LZMA-compressed (4.5 MB, an uncompressed ``.npz`` of 68 MB: the DFA of its byte
n-grams and their weights per language). py3langid decompresses it on every load (~2-2.5 s of
CPU here) and keeps all of it in memory (~75 MB). ``load_identifier`` decompresses it once per
model into ``<user cache>/policy-tracker/py3langid-<sha256 of the model file>.npz`` (written to a
temporary name and renamed, so a copy is whole or absent) and maps that file read-only: a run
starts detecting at once, and only the pages of the tables a run's texts reach are resident (file
pages the system can drop and read again, shared by every run on the machine).

The arrays are the model's own (same dtypes, same values; the ``.npz`` is ``np.savez``'s, members
stored uncompressed), read where they lie in the file, so every score is the one py3langid's own
loader gives (``tests/test_langmodel.py``). Anything unexpected (no cache folder, a file that is
not the layout this reads, a big-endian machine) falls back to py3langid's loader.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import lzma
import mmap
import os
import shutil
import struct
import sys
import time
import zipfile
from pathlib import Path
from typing import Any, Literal

log = logging.getLogger(__name__)
CACHE_NAME = "policy-tracker"
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # a zip member's local file header (30 bytes)
# the model's arrays as the DFA walk reads them: memoryview format and the dtype each must have
_VIEWS: dict[str, tuple[Literal["I", "H", "i"], str]] = {
    "nextmove": ("I", "<u4"),
    "nextmove_row": ("H", "<u2"),
    "out_feat": ("i", "<i4"),
}


def model_file() -> Path:
    """py3langid's compressed model file."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    return Path(MODEL_DIR) / MODEL_FILE


def cache_folder() -> Path:
    """Where the decompressed model is kept (``$XDG_CACHE_HOME/policy-tracker`` on Linux)."""
    import platformdirs

    return platformdirs.user_cache_path(CACHE_NAME)


def load_identifier(norm_probs: bool = True) -> Any:
    """py3langid's ``LanguageIdentifier`` on its model mapped from the cache (made on first use);
    py3langid's own loader when the cache cannot be made or read."""
    from py3langid.langid import LanguageIdentifier

    source = model_file()
    try:
        arrays = _mapped_copy(source)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        log.debug("language model not mapped (%s): loading it in memory", exc)
        return LanguageIdentifier.from_model_file(source, norm_probs=norm_probs)
    return LanguageIdentifier(
        arrays["ptc"],
        arrays["pc"],
        arrays["classes"],
        arrays["nextmove"],
        arrays["out_feat"],
        norm_probs=norm_probs,
        tk_row=arrays["nextmove_row"],
    )


def _mapped_copy(source: Path) -> dict[str, Any]:
    """The arrays of the cached copy. A copy that is no zip file (cut short or garbled on disk) is
    written again, once; any other surprise (a layout this does not read) is raised as it is, so
    a model this cannot map is never rewritten on every run."""
    copy = _cached_copy(source)
    try:
        return _mapped(copy)
    except zipfile.BadZipFile as exc:
        log.debug("language model copy %s unreadable (%s): writing it again", copy, exc)
        copy.unlink(missing_ok=True)
        return _mapped(_cached_copy(source))


def _cached_copy(source: Path) -> Path:
    """The decompressed model in the cache folder, written there first if it is not yet."""
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:32]
    target = cache_folder() / f"py3langid-{digest}.npz"
    if target.exists():
        _mark_used(target)
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_partials(target.parent)
    _remove_unused_copies(target.parent)
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with lzma.open(source) as src, partial.open("wb") as out:
            shutil.copyfileobj(src, out, length=1 << 20)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, target)  # whole or absent, whichever process gets there first
    finally:
        partial.unlink(missing_ok=True)
    return target


STALE_PARTIAL_SECONDS = 3600  # a copy being written takes seconds; one this old was cut short


def _remove_stale_partials(folder: Path) -> None:
    """Delete copies left half-written by a process killed while writing one (SIGKILL skips the
    ``finally``); a recent one may be another run's, still being written, and is left alone."""
    now = time.time()
    for partial in folder.glob(".py3langid-*.tmp"):
        with contextlib.suppress(OSError):
            if now - partial.stat().st_mtime > STALE_PARTIAL_SECONDS:
                partial.unlink()


UNUSED_COPY_SECONDS = 30 * 86400  # another model's copy no run has read for this long is removed
USED_MARK_SECONDS = 86400  # a copy's mtime is moved to "now" at most once a day: when it was last used


def _mark_used(copy: Path) -> None:
    """Record on the copy's mtime that a run read it (atime is unreliable under ``relatime``)."""
    with contextlib.suppress(OSError):
        if time.time() - copy.stat().st_mtime > USED_MARK_SECONDS:
            os.utime(copy)


def _remove_unused_copies(folder: Path) -> None:
    """Delete the copies of other model versions (68 MB each: py3langid upgraded since) that no run
    has used for 30 days; a recent one may belong to another installation on this machine."""
    now = time.time()
    for copy in folder.glob("py3langid-*.npz"):
        with contextlib.suppress(OSError):
            if now - copy.stat().st_mtime > UNUSED_COPY_SECONDS:
                copy.unlink()


def _mapped(path: Path) -> dict[str, Any]:
    """The model's arrays, read in place from the uncompressed ``.npz`` at ``path``."""
    import numpy as np

    if sys.byteorder != "little":
        raise ValueError("the mapped model is read little-endian")
    with path.open("rb") as f:
        buffer = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        members = zipfile.ZipFile(f).infolist()
    arrays: dict[str, Any] = {}
    for info in members:
        if info.compress_type != zipfile.ZIP_STORED or not info.filename.endswith(".npy"):
            raise ValueError(f"{path.name}: member {info.filename} is not a stored .npy")
        shape, dtype, start = _npy_header(buffer, info)
        count = int(np.prod(shape))
        name = info.filename[:-4]
        if name in _VIEWS:
            fmt, want = _VIEWS[name]
            if dtype != np.dtype(want) or memoryview(b"").cast(fmt).itemsize != dtype.itemsize:
                raise ValueError(f"{path.name}: {name} is {dtype}, not {want}")
            arrays[name] = memoryview(buffer)[start : start + count * dtype.itemsize].cast(fmt)
        elif name == "classes":
            arrays[name] = np.frombuffer(buffer, dtype=dtype, count=count, offset=start).reshape(shape).tolist()
        else:
            arrays[name] = np.frombuffer(buffer, dtype=dtype, count=count, offset=start).reshape(shape)
    missing = {"ptc", "pc", "classes", *_VIEWS}.difference(arrays)
    if missing:
        raise ValueError(f"{path.name}: no {', '.join(sorted(missing))}")
    return arrays


def _npy_header(buffer: mmap.mmap, info: zipfile.ZipInfo) -> tuple[tuple[int, ...], Any, int]:
    """(shape, dtype, offset of the data in the file) of the ``.npy`` member ``info``."""
    import numpy as np

    header = _LOCAL_HEADER.unpack(buffer[info.header_offset : info.header_offset + _LOCAL_HEADER.size])
    if header[0] != b"PK\x03\x04":
        raise ValueError(f"{info.filename}: no local header")
    npy = info.header_offset + _LOCAL_HEADER.size + header[-2] + header[-1]  # after the name and extra field
    stream = io.BytesIO(buffer[npy : npy + 65536])
    version = np.lib.format.read_magic(stream)
    read = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
    shape, fortran, dtype = read(stream)
    if fortran or dtype.hasobject or npy + stream.tell() + int(np.prod(shape)) * dtype.itemsize > len(buffer):
        raise ValueError(f"{info.filename}: not a C-ordered array inside the file")
    return shape, dtype, npy + stream.tell()
