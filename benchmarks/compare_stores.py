"""Are two stores made by the same workload the same, but for their times?

Usage::

    .venv/bin/python benchmarks/changed_run.py --n 2000 --reps 1 --code /tmp/main-export --code '' --keep /tmp/kept
    .venv/bin/python benchmarks/compare_stores.py /tmp/kept/rep1-code1 /tmp/kept/rep1-code2

Every file of both stores (each policy's log, state, snapshots, change files and notices, feeds,
``runs.jsonl``) is read with its times taken out: each policy's snapshot ids become ``S0``,
``S1`` ... in order (they are made from the fetch time), ISO 8601 times, dates and the SHA-256
hashes that chain them become placeholders, and so do HTTP dates (raw bodies are compared as they
are). The files themselves are then compared byte for byte, so a hash left out of a log record is
still checked through the file it names. Prints the number of files compared and each that
differs; exit 1 when any does. A feed's entries are compared as a set (they are in the order
of their check times, which is the order the changes finished in).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

_STAMP = re.compile(rb"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?")
_HASH = re.compile(rb"\b[0-9a-f]{64}\b")
_SNAP = re.compile(rb"(?<![0-9A-Za-z])\d{8}T\d{6}Z(?:-\d+)?(?![0-9A-Za-z])")  # also in OLD__NEW
_HTTP_DATE = re.compile(rb"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT")
_DAY = re.compile(rb"\b\d{4}-\d{2}-\d{2}\b")
_TEMP = re.compile(r"^\..+\.[0-9a-f]{8}\.tmp$")
_ENTRY = re.compile(rb"<entry>.*?</entry>\s*", re.S)


def snapshot_names(root: Path) -> dict[bytes, bytes]:
    """Each policy's snapshot ids, in order, → S0, S1 ... (the same in both stores for one workload)."""
    names: dict[bytes, bytes] = {}
    for snap in sorted(root.glob("*/snap")):
        for i, folder in enumerate(sorted(p.name for p in snap.iterdir() if p.is_dir())):
            names[folder.encode()] = f"S{i}".encode()
    return names


def normalised(data: bytes, names: dict[bytes, bytes]) -> bytes:
    data = _SNAP.sub(lambda m: names.get(m.group(0), b"S?"), data)
    data = _HTTP_DATE.sub(b"<http date>", _STAMP.sub(b"<time>", data))
    return _DAY.sub(b"<day>", _HASH.sub(b"<hash>", data))


def files(root: Path) -> dict[str, bytes]:
    """Every file of a store, by its path with snapshot ids replaced, its bytes normalised."""
    names = snapshot_names(root)
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not _TEMP.match(path.name) and path.name != ".lock":
            rel = normalised(str(path.relative_to(root)).encode(), names).decode()
            data = path.read_bytes()
            # a raw body is the server's bytes: compared as they are (no times to take out)
            out[rel] = data if path.name.startswith("raw.") else normalised(data, names)
            if path.name == "feed.atom":  # its entries go by check time: which change finished first
                entries = sorted(e.strip() for e in _ENTRY.findall(out[rel]))
                out[rel] = _ENTRY.sub(b"", out[rel]) + b"\n".join(entries)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", type=Path, help="a store, or a folder holding one in store/")
    parser.add_argument("b", type=Path)
    args = parser.parse_args()
    a, b = (p / "store" if (p / "store").is_dir() else p for p in (args.a, args.b))
    fa, fb = files(a), files(b)
    differ = sorted(k for k in fa.keys() & fb.keys() if fa[k] != fb[k])
    only = sorted(fa.keys() ^ fb.keys())
    for key in differ[:20]:
        print(f"differs: {key}")
    for key in only[:20]:
        print(f"only in {'a' if key in fa else 'b'}: {key}")
    print(f"{len(fa.keys() & fb.keys())} files compared, {len(differ)} differ, {len(only)} in one store only")
    return 1 if differ or only else 0


if __name__ == "__main__":
    sys.exit(main())
